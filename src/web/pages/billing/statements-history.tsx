import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useData } from '../../lib/hooks.ts';
import { fmtInstant } from '../../lib/format.ts';
import { formatDate } from '../../../domain/dates.ts';
import { formatRubles } from '../../../domain/money.ts';

interface ImportRow {
  id: string; fileName: string | null; encoding: string; importedAt: string; actorName: string | null; dateFrom: string | null; dateTo: string | null;
  documents: number; incoming: number; duplicates: number; matched: number; queued: number; skipped: number; bankOperations: number;
  amountIn: string; matchedAmount: string; stillQueued: number;
}
interface PaymentRow {
  id: string; docNumber: string | null; paidOn: string; amount: string; payerName: string | null; payerInn: string | null; purpose: string | null;
  status: 'matched' | 'queued' | 'resolved' | 'ignored'; clientId: string | null; clientName: string | null;
  applied: { invoiceId: string; number: number; year: number; amount: string }[];
}

const span = (from: string | null, to: string | null, lang: 'ru' | 'en') => (from && to ? `${formatDate(from, lang)} – ${formatDate(to, lang)}` : '—');

/** Every imported bank statement with what its import did; each opens to its payments. */
export function StatementHistory() {
  const { t, lang } = useI18n();
  const list = useData(() => api<{ items: ImportRow[] }>('GET', '/billing/statements'), []);
  const rub = (s: string) => formatRubles(BigInt(s), lang);
  if (list.error) return <Banner kind="error">{list.error}</Banner>;
  if (!list.data) return <Spinner label={t('common.loading')} />;
  const rows = list.data.items;
  return (
    <div>
      <h2>{t('docs.history.title')}</h2>
      {rows.length === 0 ? <div className="empty" data-testid="history-empty">{t('docs.history.none')}</div> : (
        <div className="card table-card">
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('docs.history.title')}>
            <table className="table" data-testid="statement-history">
              <thead><tr>
                <th>{t('docs.history.col.imported')}</th><th>{t('docs.history.col.file')}</th><th>{t('docs.history.col.period')}</th>
                <th className="num">{t('docs.history.col.documents')}</th><th className="num">{t('docs.history.col.incoming')}</th>
                <th className="num">{t('docs.history.col.matched')}</th><th className="num">{t('docs.history.col.queued')}</th>
                <th className="num">{t('docs.history.col.bank')}</th><th className="num">{t('docs.history.col.skipped')}</th><th className="num">{t('docs.history.col.duplicates')}</th><th />
              </tr></thead>
              <tbody>{rows.map((r) => (
                <tr key={r.id} data-testid={`statement-${r.id}`}>
                  <td>{fmtInstant(r.importedAt, lang)}<div className="muted small">{r.actorName}</div></td>
                  <td>{r.fileName ?? '—'}<div className="muted small">{r.encoding}</div></td>
                  <td>{span(r.dateFrom, r.dateTo, lang)}</td>
                  <td className="num">{r.documents}</td>
                  <td className="num">{r.incoming}<div className="muted small">{rub(r.amountIn)}</div></td>
                  <td className="num" data-testid="history-matched">{r.matched}<div className="muted small">{rub(r.matchedAmount)}</div></td>
                  <td className="num" data-testid="history-queued">{r.queued}{r.stillQueued > 0 ? <div className="muted small">{t('docs.history.stillQueued', { n: r.stillQueued })}</div> : null}</td>
                  <td className="num">{r.bankOperations}</td><td className="num">{r.skipped}</td><td className="num">{r.duplicates}</td>
                  <td><a className="btn btn-sm" href={`#/billing/statements/${r.id}`} data-testid="history-open"
                    aria-label={t('docs.history.openAria', { file: r.fileName ?? '—', date: fmtInstant(r.importedAt, lang) })}>{t('docs.history.open')}</a></td>
                </tr>
              ))}</tbody>
            </table>
          </div>
        </div>
      )}
      <p className="muted small">{t('docs.history.skippedHint')}</p>
    </div>
  );
}

/** One imported statement: each receipt, the client it went to, the invoices it paid, or why it waits. */
export function StatementPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const data = useData(() => api<{ import: ImportRow; payments: PaymentRow[] }>('GET', `/billing/statements/${encodeURIComponent(id)}`), [id]);
  const rub = (s: string) => formatRubles(BigInt(s), lang);
  if (data.error) return <Banner kind="error">{data.error}</Banner>;
  if (!data.data) return <Spinner label={t('common.loading')} />;
  const { import: s, payments } = data.data;
  return (
    <section className="page">
      <div className="page-head">
        <div>
          <div className="crumbs"><a href="#/billing/history">{t('docs.statement.back')}</a></div>
          <h1>{t('docs.statement.title', { file: s.fileName ?? '—' })}</h1>
          <div className="head-meta" data-testid="statement-summary">
            {span(s.dateFrom, s.dateTo, lang)} · {t('docs.statement.summary', { date: fmtInstant(s.importedAt, lang), actor: s.actorName ?? '—', amount: rub(s.amountIn), matched: rub(s.matchedAmount) })}
          </div>
        </div>
      </div>
      <div className="card table-card">
        {payments.length === 0 ? <div className="empty">{t('docs.statement.none')}</div> : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('docs.statement.title', { file: s.fileName ?? '—' })}>
            <table className="table" data-testid="statement-payments">
              <thead><tr>
                <th>{t('docs.statement.col.doc')}</th><th>{t('docs.statement.col.date')}</th><th>{t('docs.statement.col.payer')}</th><th className="num">{t('docs.statement.col.amount')}</th>
                <th>{t('docs.statement.col.client')}</th><th>{t('docs.statement.col.status')}</th><th>{t('docs.statement.col.applied')}</th>
              </tr></thead>
              <tbody>{payments.map((p) => {
                const applied = p.applied.reduce((a, x) => a + BigInt(x.amount), 0n);
                return (
                  <tr key={p.id} data-testid={`statement-payment-${p.docNumber ?? p.id}`}>
                    <td>{p.docNumber ?? '—'}</td><td>{formatDate(p.paidOn, lang)}</td>
                    <td>{p.payerName ?? '—'}<div className="muted small">{p.payerInn}</div><div className="small">{p.purpose}</div></td>
                    <td className="num">{rub(p.amount)}</td>
                    <td>{p.clientId ? <a href={`#/billing/clients/${p.clientId}`}>{p.clientName}</a> : '—'}</td>
                    <td><span className={`badge badge-${p.status === 'queued' ? 'overdue' : p.status === 'ignored' ? 'unpaid' : 'paid'}`} data-testid="payment-status">{t(`docs.statement.status.${p.status}`)}</span></td>
                    <td className="small">
                      {p.applied.map((a) => <div key={a.invoiceId}>{t('docs.statement.applied', { number: a.number, year: a.year, amount: rub(a.amount) })}</div>)}
                      {p.clientId && p.status !== 'queued' && applied < BigInt(p.amount) ? <div className="muted">{rub(String(BigInt(p.amount) - applied))} {t('docs.statement.onBalance')}</div> : null}
                    </td>
                  </tr>
                );
              })}</tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
