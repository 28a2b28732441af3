import { useEffect, useState } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs, type Company, type Page } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { formatDate } from '../../../domain/dates.ts';
import { companyFullName } from '../../../domain/parties/company.ts';
import { rub } from './billing-page.tsx';
import { fmtPeriod } from '../../lib/format.ts';
import { DocLinks } from './doc-links.tsx';

interface Service { id: string; title: string; kind: string; status: string; monthlyPrice: string; quantity: number; startDate: string; endDate: string | null }
interface Invoice {
  id: string; number: number; year: number; kind: string; period: string | null; issueDate: string; total: string; vatTotal: string; paid: string; correctedTotal: string;
  documents: string[]; corrects: { id: string; number: number; year: number; issueDate: string; documentDate: string } | null;
}
interface Ledger { balance: string; onAccount: string; entries: { date: string; kind: 'invoice' | 'payment' | 'correction'; id: string; ref: string; debit: string; credit: string; balance: string }[] }

/** A client's billing card: services, invoices with documents, ledger and balance. */
export function BillingClientPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [data, setData] = useState<{ c: Company; s: Service[]; i: Invoice[]; l: Ledger } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([
      api<Company>('GET', `/companies/${encodeURIComponent(id)}`),
      api<Page<Service>>('GET', `/billing/services${qs({ clientId: id })}`),
      api<Page<Invoice>>('GET', `/billing/invoices${qs({ clientId: id })}`),
      api<Ledger>('GET', `/billing/clients/${encodeURIComponent(id)}/ledger`),
    ]).then(([c, s, i, l]) => setData({ c, s: s.items, i: i.items, l }), (e) => setError(errorText(e, t)));
  }, [id, t]);
  if (error) return <Banner kind="error">{error}</Banner>;
  if (!data) return <Spinner label={t('common.loading')} />;
  const bal = BigInt(data.l.balance);
  const status = (inv: Invoice) => (BigInt(inv.paid) >= BigInt(inv.correctedTotal) ? 'paid' : BigInt(inv.paid) > 0n ? 'partly' : 'open');
  const invoices = data.i.filter((x) => x.kind !== 'correction');
  const corrections = data.i.filter((x) => x.kind === 'correction');
  return (
    <section className="page">
      <div className="page-head">
        <div>
          <div className="crumbs"><a href="#/billing/receivables">{t('billing.title')}</a> / <a href={`#/companies/${id}`}>{companyFullName(data.c)}</a></div>
          <h1>{t('billing.client.title')}</h1>
          <div className="head-meta" data-testid="client-balance">
            {t('billing.client.balance', { amount: rub(bal < 0n ? -bal : bal, lang) })} {bal !== 0n ? <span className="muted">({bal > 0n ? t('billing.client.owes') : t('billing.client.credit')})</span> : null}
          </div>
        </div>
      </div>
      <h2>{t('billing.client.services')}</h2>
      <div className="card table-card">
        {data.s.length === 0 ? <div className="empty">{t('billing.client.none')}</div> : (
          <table className="table" data-testid="client-services">
            <thead><tr><th>{t('billing.col.service')}</th><th>{t('billing.col.status')}</th><th>{t('billing.col.monthly')}</th><th>{t('billing.col.date')}</th></tr></thead>
            <tbody>{data.s.map((s) => (
              <tr key={s.id}><td>{s.title}{s.quantity > 1 ? ` × ${s.quantity}` : ''}</td><td>{t(`billing.serviceStatus.${s.status}`)}</td>
                <td className="num">{rub(BigInt(s.monthlyPrice) * BigInt(s.quantity), lang)}</td><td>{formatDate(s.startDate, lang)}{s.endDate ? ` – ${formatDate(s.endDate, lang)}` : ''}</td></tr>
            ))}</tbody>
          </table>
        )}
      </div>
      <h2>{t('billing.client.invoices')}</h2>
      <div className="card table-card">
        {invoices.length === 0 ? <div className="empty">{t('billing.client.none')}</div> : (
          <table className="table" data-testid="client-invoices">
            <thead><tr><th>{t('billing.col.number')}</th><th>{t('billing.col.date')}</th><th>{t('billing.col.period')}</th><th>{t('billing.col.total')}</th><th>{t('billing.col.paid')}</th><th>{t('billing.col.status')}</th><th>{t('billing.col.documents')}</th></tr></thead>
            <tbody>{invoices.map((inv) => (
              <tr key={inv.id} data-testid={`invoice-${inv.number}`}>
                <td>{inv.number}</td><td>{formatDate(inv.issueDate, lang)}</td><td>{inv.period ? fmtPeriod(inv.period, lang) : ''}</td><td className="num">{rub(inv.correctedTotal, lang)}{inv.correctedTotal !== inv.total ? <div className="muted small"><s>{rub(inv.total, lang)}</s></div> : null}</td><td className="num">{rub(inv.paid, lang)}</td>
                <td data-testid="invoice-status">{t(`billing.status.${status(inv)}`)}</td>
                <td className="small"><DocLinks id={inv.id} number={inv.number} year={inv.year} documents={inv.documents} /></td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </div>
      <h2>{t('docs.corr.title')}</h2>
      <div className="card table-card">
        {corrections.length === 0 ? <div className="empty" data-testid="client-corrections-none">{t('docs.corr.none')}</div> : (
          <table className="table" data-testid="client-corrections">
            <thead><tr><th>{t('docs.corr.col.number')}</th><th>{t('docs.corr.col.original')}</th><th>{t('billing.col.period')}</th><th>{t('docs.corr.col.change')}</th><th>{t('docs.corr.col.effect')}</th><th>{t('docs.corr.col.files')}</th></tr></thead>
            <tbody>{corrections.map((c) => {
              const up = BigInt(c.total) >= 0n;
              return (
                <tr key={c.id} data-testid={`correction-${c.number}`}>
                  <td>{t('docs.corr.number', { number: c.number, date: formatDate(c.issueDate, lang) })}</td>
                  <td>{c.corrects ? t('docs.corr.original', { number: c.corrects.number, date: formatDate(c.corrects.documentDate, lang) }) : '—'}</td>
                  <td>{c.period ? fmtPeriod(c.period, lang) : ''}</td>
                  <td className="num">{up ? '+' : '−'}{rub(up ? c.total : String(-BigInt(c.total)), lang)}</td>
                  <td>{up ? t('docs.corr.up') : t('docs.corr.down')}</td>
                  <td className="small"><DocLinks id={c.id} number={c.number} year={c.year} documents={c.documents} /></td>
                </tr>
              );
            })}</tbody>
          </table>
        )}
      </div>
      <h2>{t('billing.client.ledger')}</h2>
      <div className="card table-card">
        <table className="table" data-testid="client-ledger">
          <thead><tr><th>{t('billing.col.date')}</th><th /><th>{t('billing.col.debit')}</th><th>{t('billing.col.credit')}</th><th>{t('billing.col.balance')}</th></tr></thead>
          <tbody>{data.l.entries.map((e) => (
            <tr key={`${e.kind}-${e.id}`}><td>{formatDate(e.date, lang)}</td><td>{t(`billing.ledger.${e.kind}`, { ref: e.ref })}</td>
              <td className="num">{e.debit !== '0' ? rub(e.debit, lang) : ''}</td><td className="num">{e.credit !== '0' ? rub(e.credit, lang) : ''}</td><td className="num">{rub(e.balance, lang)}</td></tr>
          ))}</tbody>
        </table>
      </div>
    </section>
  );
}
