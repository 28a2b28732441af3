import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { fmtDate, fmtInstant, fmtPeriod } from '../../lib/format.ts';
import { useData } from '../../lib/hooks.ts';
import { rub } from '../../lib/quoting.ts';
import { navigate } from '../../lib/router.ts';
import './company-overview.css';

// The dialogs live with their contexts; they load only when opened.
const LeadForm = lazy(() => import('../crm/pipeline-page.tsx').then((m) => ({ default: m.LeadForm })));
const NewProposal = lazy(() => import('../quoting/proposals-page.tsx').then((m) => ({ default: m.NewProposal })));

type T = ReturnType<typeof useI18n>['t'];
type Lang = ReturnType<typeof useI18n>['lang'];
interface Block<R = Record<string, unknown>> { total: number; items: R[] }
type Row = Record<string, string | number | boolean | null | Record<string, unknown>>;
const s = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/**
 * One block of the company card: the title key, the link to its full list, and how a row reads. A context
 * whose block the server sends (`addCompanySection`) adds its renderer here with `addCompanyBlock`.
 */
export interface CompanyBlock {
  key: string;
  title: string;
  listHref?: (companyId: string) => string;
  columns: { label: string; cell: (r: Row, t: T, lang: Lang) => ReactNode; num?: boolean }[];
}

const blocks: CompanyBlock[] = [
  {
    key: 'deals', title: 'sales.company.deals',
    columns: [
      { label: 'sales.deal.title', cell: (r) => <a href={`#/deals/${s(r.id)}`}>{s(r.title)}</a> },
      { label: 'sales.list.stage', cell: (r, t) => t(`sales.outcome.${s(r.outcome)}`) },
      { label: 'crm.owner', cell: (r) => s(r.ownerName) },
      { label: 'crm.nextStep', cell: (r, _t, lang) => (r.nextStep ? `${s(r.nextStep)} · ${fmtDate(s(r.nextStepDue), lang)}` : '—') },
      { label: 'crm.revenue', num: true, cell: (r, _t, lang) => rub(s(r.expectedMonthlyRevenue), lang) },
    ],
  },
  {
    key: 'proposals', title: 'sales.company.proposals', listHref: () => '#/proposals',
    columns: [
      { label: 'proposals.number', cell: (r) => <a href={`#/proposals/${s(r.id)}`}>{s(r.number)}</a> },
      { label: 'proposals.status', cell: (r, t) => t(`status.${s(r.status)}`) },
      { label: 'proposals.validUntil', cell: (r, _t, lang) => fmtDate(s(r.validUntil), lang) },
      { label: 'proposals.total', num: true, cell: (r, _t, lang) => rub(s(r.grossTotal), lang) },
    ],
  },
  {
    key: 'feasibility', title: 'sales.company.feasibility', listHref: () => '#/feasibility',
    columns: [
      { label: 'sales.company.created', cell: (r, _t, lang) => fmtInstant(s(r.createdAt), lang) },
      { label: 'feas.kind', cell: (r, t) => `${t(`kind.${s(r.serviceKind)}`)} × ${s(r.quantity)}` },
      { label: 'feas.status', cell: (r, t) => t(`fstatus.${s(r.status)}`) },
      {
        label: 'feas.answer', cell: (r, t, lang) => {
          const a = r.answer as { outcome: string; validUntil: string } | null;
          return a ? `${t(`outcome.${a.outcome}`)} · ${t('sales.company.until', { date: fmtDate(a.validUntil, lang) })}` : '—';
        },
      },
    ],
  },
  {
    key: 'services', title: 'sales.company.services',
    columns: [
      { label: 'sales.company.service', cell: (r) => s(r.title) },
      { label: 'sales.company.since', cell: (r, _t, lang) => fmtDate(s(r.startDate), lang) },
      { label: 'feas.status', cell: (r, t) => t(`sales.service.${s(r.status)}`) },
      { label: 'sales.company.monthly', num: true, cell: (r, _t, lang) => rub((BigInt(s(r.monthlyPrice) || '0') * BigInt(s(r.quantity) || '1')).toString(), lang) },
    ],
  },
  {
    key: 'invoices', title: 'sales.company.invoices', listHref: (id) => `#/billing/clients/${id}`,
    columns: [
      { label: 'sales.company.invoice', cell: (r, t, lang) => t('sales.doc.invoice', { number: s(r.number), date: fmtDate(s(r.issueDate), lang) }) },
      { label: 'sales.company.period', cell: (r, _t, lang) => (r.period ? fmtPeriod(s(r.period), lang) : '—') },
      { label: 'sales.company.due', cell: (r, t, lang) => <span className={r.overdue ? 'danger' : undefined}>{fmtDate(s(r.dueDate), lang)}{r.overdue ? ` · ${t('sales.company.overdue')}` : ''}</span> },
      { label: 'proposals.total', num: true, cell: (r, _t, lang) => rub(s(r.total), lang) },
      { label: 'sales.company.outstanding', num: true, cell: (r, _t, lang) => rub(s(r.outstanding), lang) },
    ],
  },
  {
    key: 'documents', title: 'sales.company.documents',
    columns: [
      {
        label: 'sales.company.document', cell: (r, t, lang) => (
          <a href={`/api/v1${s(r.href)}`} target="_blank" rel="noreferrer">{t(`sales.doc.${s(r.kind)}`, { number: s(r.number), date: fmtDate(s(r.date), lang) })}</a>
        ),
      },
      { label: 'sales.company.date', cell: (r, _t, lang) => fmtDate(s(r.date), lang) },
    ],
  },
];

/** Adds a block to the company card (its server side is `addCompanySection` with the same key). */
export function addCompanyBlock(b: CompanyBlock): void {
  blocks.push(b);
}

interface Balance { balance: string; onAccount: string; debt: string; overdueDebt: string; overdueInvoices: number; oldestDue: string | null }

/** The company card 360°: actions to start work, the money position, and every block the user may read. */
export function CompanyOverview({ company, can }: { company: { id: string; name: string }; can: (p: string) => boolean }) {
  const { t, lang } = useI18n();
  const { data, error } = useData(() => api<Record<string, unknown>>('GET', `/companies/${encodeURIComponent(company.id)}/overview`), [company.id]);
  const [dialog, setDialog] = useState<'deal' | 'proposal' | null>(null);
  const balance = data?.balance as Balance | undefined;
  return (
    <div data-testid="company-overview">
      <div className="row-gap overview-actions">
        {can('crm.write') ? <button type="button" className="btn btn-primary" onClick={() => setDialog('deal')} data-testid="company-new-deal">+ {t('sales.company.newDeal')}</button> : null}
        {can('proposal.write') ? <button type="button" className="btn" onClick={() => setDialog('proposal')} data-testid="company-new-proposal">+ {t('sales.company.newProposal')}</button> : null}
        {can('feasibility.request') ? <a className="btn" href={`#/feasibility?companyId=${encodeURIComponent(company.id)}`} data-testid="company-new-feasibility">+ {t('sales.company.newFeasibility')}</a> : null}
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!data ? (error ? null : <Spinner label={t('common.loading')} />) : (
        <>
          {balance ? (
            <div className="card money-strip" data-testid="company-balance">
              <div><div className="detail-label">{t('sales.company.balance')}</div><div className="strong">{rub(balance.balance, lang)}</div></div>
              <div><div className="detail-label">{t('sales.company.debt')}</div><div className="strong">{rub(balance.debt, lang)}</div></div>
              <div>
                <div className="detail-label">{t('sales.company.overdueDebt')}</div>
                <div className={`strong${balance.overdueInvoices ? ' danger' : ''}`}>{rub(balance.overdueDebt, lang)}{balance.oldestDue ? ` · ${t('sales.company.since')} ${fmtDate(balance.oldestDue, lang)}` : ''}</div>
              </div>
              <div><div className="detail-label">{t('sales.company.onAccount')}</div><div className="strong">{rub(balance.onAccount, lang)}</div></div>
              {can('billing.read') ? <a href={`#/billing/clients/${company.id}`} data-testid="company-billing-link">{t('sales.company.billingCard')} →</a> : null}
            </div>
          ) : null}
          {blocks.filter((b) => data[b.key]).map((b) => <OverviewBlock key={b.key} block={b} data={data[b.key] as Block<Row>} companyId={company.id} />)}
        </>
      )}
      <Suspense fallback={null}>
        {dialog === 'deal' ? <LeadForm company={company} onClose={() => setDialog(null)} onSaved={(id) => { setDialog(null); navigate(`/deals/${id}`); }} /> : null}
        {dialog === 'proposal' ? <NewProposal company={company} onClose={() => setDialog(null)} /> : null}
      </Suspense>
    </div>
  );
}

function OverviewBlock({ block, data, companyId }: { block: CompanyBlock; data: Block<Row>; companyId: string }) {
  const { t, lang } = useI18n();
  return (
    <section className="card overview-block" data-testid={`overview-${block.key}`} aria-labelledby={`ov-${block.key}`}>
      <div className="section-head">
        <h3 id={`ov-${block.key}`}>{t(block.title)} <span className="muted">({data.total})</span></h3>
        {block.listHref ? <a href={block.listHref(companyId)}>{t('sales.company.all')} →</a> : null}
      </div>
      {data.items.length === 0 ? <div className="muted">{t('sales.company.none')}</div> : (
        // Wide on a phone: the scrolling region is reachable by keyboard and named by the block's heading.
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`ov-${block.key}`}>
          <table className="table">
            <thead><tr>{block.columns.map((c) => <th key={c.label} className={c.num ? 'num' : undefined}>{t(c.label)}</th>)}</tr></thead>
            <tbody>
              {data.items.map((r, i) => (
                <tr key={s(r.id) || i}>{block.columns.map((c) => <td key={c.label} className={c.num ? 'num' : undefined}>{c.cell(r, t, lang)}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
