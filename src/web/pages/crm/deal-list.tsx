import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/index.ts';
import { fmtDate, rubles, stageName, type DealItem, type Stage } from './types.ts';

type SortKey = 'title' | 'companyName' | 'stage' | 'expectedMonthlyRevenue' | 'nextStepDue' | 'ownerName';

/**
 * The pipeline as a table beside the board: filter by text, stage and owner, sort by any column, and see
 * the count and expected monthly revenue of each stage for what the filter leaves.
 */
export function DealList({ deals, stages }: { deals: DealItem[]; stages: Stage[] }) {
  const { t, lang } = useI18n();
  const [q, setQ] = useState('');
  const [stage, setStage] = useState('');
  const [owner, setOwner] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'expectedMonthlyRevenue', desc: true });
  const owners = useMemo(() => [...new Set(deals.map((d) => d.ownerName ?? ''))].filter(Boolean).sort(), [deals]);
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const order = (d: DealItem) => stages.findIndex((s) => s.code === d.stage);
    const value = (d: DealItem): string | number | bigint => sort.key === 'expectedMonthlyRevenue' ? BigInt(d.expectedMonthlyRevenue || '0')
      : sort.key === 'stage' ? order(d) : (d[sort.key] ?? '');
    return deals
      .filter((d) => (!stage || d.stage === stage) && (!owner || d.ownerName === owner)
        && (!needle || `${d.title} ${d.companyName ?? ''} ${d.nextStep ?? ''}`.toLowerCase().includes(needle)))
      .sort((a, b) => { const x = value(a); const y = value(b); const c = x < y ? -1 : x > y ? 1 : 0; return sort.desc ? -c : c; });
  }, [deals, stages, q, stage, owner, sort]);
  const sums = stages.map((s) => {
    const items = rows.filter((d) => d.stage === s.code);
    return { s, count: items.length, sum: items.reduce((acc, d) => acc + BigInt(d.expectedMonthlyRevenue || '0'), 0n) };
  }).filter((x) => x.count > 0);
  const head = (key: SortKey, label: string, num = false) => (
    <th className={num ? 'num' : undefined} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : false })} data-testid={`sort-${key}`}>
        {label}{sort.key === key ? (sort.desc ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
  return (
    <div data-testid="deal-list">
      <div className="filters">
        <label>{t('sales.list.search')}<input value={q} onChange={(e) => setQ(e.target.value)} data-testid="deal-filter-q" /></label>
        <label>{t('sales.list.stage')}
          <select value={stage} onChange={(e) => setStage(e.target.value)} data-testid="deal-filter-stage">
            <option value="">{t('sales.list.all')}</option>
            {stages.map((s) => <option key={s.code} value={s.code}>{lang === 'ru' ? s.nameRu : s.nameEn}</option>)}
          </select>
        </label>
        {owners.length > 1 ? (
          <label>{t('crm.owner')}
            <select value={owner} onChange={(e) => setOwner(e.target.value)} data-testid="deal-filter-owner">
              <option value="">{t('sales.list.all')}</option>
              {owners.map((o) => <option key={o} value={o}>{o}</option>)}
            </select>
          </label>
        ) : null}
      </div>
      <div className="stage-sums" data-testid="stage-sums">
        {sums.map((x) => <span key={x.s.code} className="pill">{stageName(stages, x.s.code, lang)}: {x.count} · {rubles(x.sum.toString(), lang)}</span>)}
      </div>
      {rows.length === 0 ? <div className="card empty">{t('sales.list.empty')}</div> : (
        <div className="card table-card">
          <table className="table" data-testid="deal-table">
            <thead>
              <tr>
                {head('title', t('sales.deal.title'))}
                {head('companyName', t('crm.company'))}
                {head('stage', t('sales.list.stage'))}
                {head('expectedMonthlyRevenue', t('crm.revenue'), true)}
                {head('nextStepDue', t('crm.nextStep'))}
                {head('ownerName', t('crm.owner'))}
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} data-testid="deal-row">
                  <td><a href={`#/deals/${d.id}`}>{d.title}</a></td>
                  <td><a href={`#/companies/${d.companyId}`}>{d.companyName}</a></td>
                  <td>{stageName(stages, d.stage, lang)}</td>
                  <td className="num">{rubles(d.expectedMonthlyRevenue, lang)}</td>
                  <td>{d.nextStep ? `${d.nextStep} · ${fmtDate(d.nextStepDue, lang)}` : '—'}</td>
                  <td>{d.ownerName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
