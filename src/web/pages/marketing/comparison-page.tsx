import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useData } from '../../lib/hooks.ts';
import { rub } from '../../lib/quoting.ts';
import { rubNumber } from './marketing-lib.tsx';

interface Row {
  offerId: string; code: string; name: string; serviceKind: string; siteName: string; ours: string; min: string | null; median: string | null;
  count: number; stale: number; diffPct: number | null;
}

/** The price comparison screen: each published offer against the min and median of comparable competitor offers, as a chart and a table. */
export function ComparisonPage() {
  const { t, lang } = useI18n();
  const { data, error } = useData(() => api<{ rows: Row[]; settings: { staleDays: number; tolerancePct: number } }>('GET', '/marketing/price-comparison'), []);
  if (error) return <section className="page"><Banner kind="error">{error}</Banner></section>;
  if (!data) return <section className="page"><Spinner label={t('common.loading')} /></section>;
  const matched = data.rows.filter((r) => r.median !== null);
  return (
    <section className="page">
      <div className="page-head"><div><h1>{t('mkt.cmp.title')}</h1><p className="page-sub">{t('mkt.cmp.sub')}</p></div></div>
      <p className="muted small" data-testid="mkt-cmp-rule">{t('mkt.cmp.rule', { tol: data.settings.tolerancePct, days: data.settings.staleDays })}</p>
      {matched.length ? (
        <div className="card" style={{ padding: 12, overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('mkt.cmp.chart')}>
          <h2>{t('mkt.cmp.chart')}</h2>
          <PriceChart rows={matched} labels={{ ours: t('mkt.cmp.ours'), min: t('mkt.cmp.min'), median: t('mkt.cmp.median') }} money={(k) => rub(k, lang)} title={t('mkt.cmp.chart')} />
        </div>
      ) : null}
      {data.rows.length === 0 ? <div className="card empty">{t('mkt.none')}</div> : (
        <div className="card table-card" tabIndex={0} role="region" aria-label={t('mkt.cmp.title')} style={{ marginTop: 16 }}>
          <table className="table" data-testid="mkt-cmp-table">
            <thead><tr><th>{t('mkt.cmp.offer')}</th><th>{t('mkt.kind')}</th><th>{t('mkt.site')}</th><th className="num">{t('mkt.cmp.ours')}</th><th className="num">{t('mkt.cmp.min')}</th><th className="num">{t('mkt.cmp.median')}</th><th className="num">{t('mkt.cmp.diff')}</th><th className="num">{t('mkt.cmp.count')}</th><th className="num">{t('mkt.cmp.staleCount')}</th></tr></thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.offerId} data-testid="mkt-cmp-row">
                  <td><span className="mono">{r.code}</span> {r.name}</td>
                  <td>{t(`kind.${r.serviceKind}`)}</td>
                  <td>{r.siteName}</td>
                  <td className="num strong">{rub(r.ours, lang)}</td>
                  <td className="num" data-testid="mkt-cmp-min">{r.min === null ? t('mkt.cmp.noMatch') : rub(r.min, lang)}</td>
                  <td className="num" data-testid="mkt-cmp-median">{r.median === null ? '—' : rub(r.median, lang)}</td>
                  <td className="num">{r.diffPct === null ? '—' : `${r.diffPct > 0 ? '+' : ''}${r.diffPct} %`}</td>
                  <td className="num">{r.count}</td>
                  <td className="num">{r.stale ? <span className="status status-none">{r.stale}</span> : 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Three bars per offer (ours, min, median) on one scale; the text alternative lists every figure. */
function PriceChart({ rows, labels, money, title }: { rows: Row[]; labels: { ours: string; min: string; median: string }; money: (k: string) => string; title: string }) {
  const labelW = 220; const barW = 380; const bar = 9; const rowH = 3 * bar + 14;
  const max = Math.max(1, ...rows.flatMap((r) => [rubNumber(r.ours), rubNumber(r.min), rubNumber(r.median)]));
  const h = rows.length * rowH + 26;
  const series = [{ key: 'ours', color: '#1d5bd6', label: labels.ours }, { key: 'min', color: '#34a26b', label: labels.min }, { key: 'median', color: '#e07a2f', label: labels.median }] as const;
  const alt = `${title}. ${rows.map((r) => `${r.code}: ${labels.ours} ${money(r.ours)}, ${labels.min} ${money(r.min!)}, ${labels.median} ${money(r.median!)}`).join('; ')}`;
  return (
    <svg className="chart" width={labelW + barW + 130} height={h} role="img" aria-label={alt} data-testid="mkt-cmp-chart">
      <title>{alt}</title>
      {series.map((s, i) => (
        <g key={s.key} transform={`translate(${labelW + i * 130}, 4)`}><rect width={10} height={10} fill={s.color} /><text x={14} y={9} fontSize={11}>{s.label}</text></g>
      ))}
      {rows.map((r, i) => {
        const y = 24 + i * rowH;
        return (
          <g key={r.offerId} transform={`translate(0, ${y})`}>
            <text x={labelW - 8} y={bar * 1.5 + 4} fontSize={12} textAnchor="end">{r.code}</text>
            {series.map((s, j) => {
              const v = s.key === 'ours' ? r.ours : s.key === 'min' ? r.min! : r.median!;
              const w = Math.max(2, (rubNumber(v) / max) * barW);
              return (
                <g key={s.key}>
                  <rect x={labelW} y={j * bar} width={w} height={bar - 1} fill={s.color} />
                  <text x={labelW + w + 4} y={j * bar + bar - 1} fontSize={9} fill="#5b6575">{money(v)}</text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
