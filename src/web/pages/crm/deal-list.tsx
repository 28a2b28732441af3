import { ListTable, SearchBox, useList, type Column } from '../../components/list.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtDate, rubles, stageName, type DealItem, type Stage } from './types.ts';

interface StageSum { stage: string; count: number; revenue: string }

/**
 * The pipeline as a table beside the board: search, stage and outcome filters, any column sorted — all on
 * the server, paged — and the count and expected monthly revenue of each stage for everything the filter
 * leaves (not only the page shown).
 */
export function DealList({ stages, ownerId }: { stages: Stage[]; ownerId: string | null }) {
  const { t, lang } = useI18n();
  const list = useList<DealItem>('/deals', { sort: '-revenue', filters: { outcome: 'open' }, fixed: { ownerId } });
  const sums = ((list.data as { stages?: StageSum[] } | null)?.stages ?? [])
    .map((x) => ({ ...x, position: stages.findIndex((s) => s.code === x.stage) })).sort((a, b) => a.position - b.position);
  const columns: Column<DealItem>[] = [
    { key: 'title', label: t('sales.deal.title'), sort: 'title', render: (d) => <a href={`#/deals/${d.id}`}>{d.title}</a> },
    { key: 'company', label: t('crm.company'), sort: 'company', render: (d) => <a href={`#/companies/${d.companyId}`}>{d.companyName}</a> },
    { key: 'stage', label: t('sales.list.stage'), sort: 'stage', render: (d) => stageName(stages, d.stage, lang) },
    { key: 'revenue', label: t('crm.revenue'), sort: 'revenue', num: true, render: (d) => rubles(d.expectedMonthlyRevenue, lang) },
    { key: 'nextStepDue', label: t('crm.nextStep'), sort: 'nextStepDue', render: (d) => (d.nextStep ? `${d.nextStep} · ${fmtDate(d.nextStepDue, lang)}` : '—') },
    { key: 'owner', label: t('crm.owner'), sort: 'owner', render: (d) => d.ownerName },
  ];
  return (
    <div data-testid="deal-list">
      <div className="toolbar filters">
        <SearchBox list={list as never} id="deal-filter-q" label={t('sales.list.search')} testId="deal-filter-q" />
        <span className="filter">
          <label htmlFor="deal-filter-stage" className="sr-only">{t('sales.list.stage')}</label>
          <select id="deal-filter-stage" value={String(list.filters.stage ?? '')} onChange={(e) => list.setFilter('stage', e.target.value || null)} data-testid="deal-filter-stage">
            <option value="">{t('sales.list.allStages')}</option>
            {stages.map((s) => <option key={s.code} value={s.code}>{lang === 'ru' ? s.nameRu : s.nameEn}</option>)}
          </select>
        </span>
        <span className="filter">
          <label htmlFor="deal-filter-outcome" className="sr-only">{t('sales.list.outcome')}</label>
          <select id="deal-filter-outcome" value={String(list.filters.outcome ?? 'open')} onChange={(e) => list.setFilter('outcome', e.target.value)} data-testid="deal-filter-outcome">
            {(['open', 'won', 'lost', 'all'] as const).map((o) => <option key={o} value={o}>{t(`sales.list.outcome.${o}`)}</option>)}
          </select>
        </span>
      </div>
      <div className="stage-sums" data-testid="stage-sums">
        {sums.map((x) => <span key={x.stage} className="pill">{stageName(stages, x.stage, lang)}: {x.count} · {rubles(x.revenue, lang)}</span>)}
      </div>
      <ListTable list={list} columns={columns} rowKey={(d) => d.id} rowTestId="deal-row" testId="deal-table" empty={t('sales.list.empty')} caption={t('crm.pipeline')} />
    </div>
  );
}
