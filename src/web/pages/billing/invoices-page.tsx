import { useI18n } from '../../i18n/index.ts';
import { ListTable, SearchBox, useList, type Column } from '../../components/list.tsx';
import { MonthPicker, periodLabel } from '../../components/month-picker.tsx';
import { formatDate } from '../../../domain/dates.ts';
import { rub } from './billing-page.tsx';
import { DocLinks } from './doc-links.tsx';

interface InvoiceRow {
  id: string; clientId: string; clientName: string; clientInn: string | null; number: number; year: number; kind: string; period: string | null;
  issueDate: string; dueDate: string; total: string; paid: string; outstanding: string; state: 'paid' | 'partial' | 'unpaid' | 'overdue'; documents: string[];
}

/** Accounting's list of invoices: search by number, client or INN; period, state; sorted and paged by the server; the documents of each. */
export function InvoicesPage() {
  const { t, lang } = useI18n();
  const list = useList<InvoiceRow>('/billing/invoices', { sort: '-issueDate' });
  const columns: Column<InvoiceRow>[] = [
    { key: 'number', label: t('acc.col.number'), sort: 'number', render: (r) => <span data-testid="invoice-number">№ {r.number}/{r.year}</span> },
    { key: 'issueDate', label: t('acc.col.issueDate'), sort: 'issueDate', render: (r) => formatDate(r.issueDate, lang) },
    { key: 'client', label: t('acc.col.client'), sort: 'client', render: (r) => <><a href={`#/billing/clients/${r.clientId}`}>{r.clientName}</a>{r.clientInn ? <div className="muted small">{t('acc.inn', { inn: r.clientInn })}</div> : null}</> },
    { key: 'period', label: t('acc.col.period'), sort: 'period', render: (r) => (r.period ? periodLabel(r.period, t) : t(`acc.kind.${r.kind}`)) },
    { key: 'total', label: t('acc.col.total'), sort: 'total', num: true, render: (r) => rub(r.total, lang) },
    { key: 'outstanding', label: t('acc.col.outstanding'), sort: 'outstanding', num: true, render: (r) => rub(r.outstanding, lang) },
    { key: 'dueDate', label: t('acc.col.dueDate'), sort: 'dueDate', render: (r) => formatDate(r.dueDate, lang) },
    { key: 'state', label: t('acc.col.state'), render: (r) => <span className={`badge badge-${r.state}`}>{t(`acc.state.${r.state}`)}</span> },
    { key: 'docs', label: t('acc.col.documents'), render: (r) => <DocLinks id={r.id} number={r.number} year={r.year} documents={r.documents} /> },
  ];
  return (
    <section className="page">
      <div className="page-head"><h1>{t('acc.invoices.title')}</h1></div>
      <div className="toolbar filters">
        <SearchBox list={list as never} id="invoice-q" label={t('acc.invoices.search')} testId="invoice-search" />
        <MonthPicker id="invoice-period" label={t('acc.col.period')} allowEmpty value={String(list.filters.period ?? '')} onChange={(p) => list.setFilter('period', p || null)} testId="invoice-period" />
        <span className="filter">
          <label htmlFor="invoice-state" className="sr-only">{t('acc.col.state')}</label>
          <select id="invoice-state" value={String(list.filters.state ?? '')} onChange={(e) => list.setFilter('state', e.target.value || null)} data-testid="invoice-state">
            <option value="">{t('acc.state.any')}</option>
            {(['unpaid', 'partial', 'overdue', 'paid'] as const).map((s) => <option key={s} value={s}>{t(`acc.state.${s}`)}</option>)}
          </select>
        </span>
      </div>
      {list.filters.period
        ? <p><a className="btn btn-sm" href={`/api/v1/billing/upd-xml.zip?period=${String(list.filters.period)}`} download data-testid="edo-zip">{t('docs.zip.download', { period: periodLabel(String(list.filters.period), t) })}</a></p>
        : <p className="muted small">{t('docs.zip.hint')}</p>}
      <ListTable list={list} columns={columns} rowKey={(r) => r.id} testId="invoices-table" empty={t('acc.invoices.none')} caption={t('acc.invoices.title')} />
    </section>
  );
}
