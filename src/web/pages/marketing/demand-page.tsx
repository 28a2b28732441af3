import { useState } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { BarChart } from '../../components/charts.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { fmtPeriod } from '../../lib/format.ts';
import { useData } from '../../lib/hooks.ts';
import { rub } from '../../lib/quoting.ts';
import { monthsBack } from './marketing-lib.tsx';

interface Row { month: string; serviceKind: string; siteId: string; leads: number; requests: number; won: number; lost: number; refused: number; open: number; budget: string; reasons: { reason: string; count: number }[] }
interface Demand { rows: Row[]; sites: Record<string, string>; reasonNames: Record<string, { ru: string; en: string }>; sources: { source: string; count: number }[] }

/** The demand screen: leads and feasibility requests by month, kind and site, with refusals, losses and their reasons. */
export function DemandPage() {
  const { t, lang } = useI18n();
  const [range, setRange] = useState(() => monthsBack(5));
  const { data, error } = useData(() => api<Demand>('GET', `/marketing/demand?from=${range.from}&to=${range.to}`), [range.from, range.to]);
  const kindLabel = (k: string) => (k ? t(`kind.${k}`) : t('mkt.kind.none'));
  const byKind = new Map<string, number>();
  for (const r of data?.rows ?? []) byKind.set(r.serviceKind, (byKind.get(r.serviceKind) ?? 0) + r.leads + r.requests);
  return (
    <section className="page">
      <div className="page-head"><div><h1>{t('mkt.demand.title')}</h1><p className="page-sub">{t('mkt.demand.sub')}</p></div></div>
      <div className="toolbar">
        <label>{t('mkt.from')} <input type="month" value={range.from} onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })} data-testid="mkt-from" /></label>
        <label>{t('mkt.to')} <input type="month" value={range.to} onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })} data-testid="mkt-to" /></label>
        <a className="btn btn-sm" href={`/api/v1/marketing/demand?from=${range.from}&to=${range.to}&format=xlsx`} data-testid="mkt-demand-xlsx">{t('mkt.xlsx')}</a>
      </div>
      {error ? <Banner kind="error">{error}</Banner> : !data ? <Spinner label={t('common.loading')} /> : data.rows.length === 0 ? <div className="card empty">{t('mkt.none')}</div> : (
        <>
          <div className="card" style={{ padding: 12, overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('mkt.demand.chart')}>
            <h2>{t('mkt.demand.chart')}</h2>
            <BarChart testId="mkt-demand-chart" title={t('mkt.demand.chart')} rows={[...byKind].map(([k, v]) => ({ label: kindLabel(k), value: v }))} />
            {data.sources.length ? <p className="muted small">{t('mkt.sources')}: {data.sources.map((s) => `${s.source} — ${s.count}`).join(', ')}</p> : null}
          </div>
          <div className="card table-card" tabIndex={0} role="region" aria-label={t('mkt.demand.title')} style={{ marginTop: 16 }}>
            <table className="table" data-testid="mkt-demand-table">
              <thead><tr><th>{t('mkt.month')}</th><th>{t('mkt.kind')}</th><th>{t('mkt.site')}</th><th className="num">{t('mkt.leads')}</th><th className="num">{t('mkt.requests')}</th><th className="num">{t('mkt.won')}</th><th className="num">{t('mkt.lost')}</th><th className="num">{t('mkt.refused')}</th><th className="num">{t('mkt.budget')}</th><th>{t('mkt.reasons')}</th></tr></thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={`${r.month}-${r.serviceKind}-${r.siteId}`} data-testid="mkt-demand-row">
                    <td>{fmtPeriod(r.month, lang)}</td><td>{kindLabel(r.serviceKind)}</td><td>{data.sites[r.siteId] ?? '—'}</td>
                    <td className="num">{r.leads}</td><td className="num">{r.requests}</td><td className="num">{r.won}</td><td className="num">{r.lost}</td><td className="num">{r.refused}</td>
                    <td className="num">{rub(r.budget, lang)}</td>
                    <td className="small">{r.reasons.map((w) => `${data.reasonNames[w.reason]?.[lang] ?? w.reason} × ${w.count}`).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
