import { useState } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { useConfirm } from '../../components/confirm.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { formatDate } from '../../../domain/dates.ts';
import { formatRubles } from '../../../domain/money.ts';

interface Queued { id: string; amount: string; paidOn: string; docNumber: string | null; payeeName: string | null; payeeInn: string | null; purpose: string }
interface AgreementRow { id: string; number: string; supplierName: string; remaining: string; status: string }

/**
 * Outgoing statement documents no agreement matched with certainty: the person chooses the agreement and
 * applies the payment (it reduces that agreement's debt; the final one makes the units ours), or marks the
 * document as not an installment payment.
 */
export function OutgoingQueuePage({ canWrite }: { canWrite: boolean }) {
  const { t, lang } = useI18n();
  const rub = (s: string) => formatRubles(BigInt(s), lang);
  const { confirm, dialog } = useConfirm();
  const queue = useData(() => api<{ items: Queued[] }>('GET', '/installments/outgoing-queue').then((r) => r.items), []);
  const agreements = useData(() => api<{ items: AgreementRow[] }>('GET', `/installments/agreements${qs({ status: 'active' })}`).then((r) => r.items), []);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const act = useSubmit(async (path: string, body: unknown) => { await api('POST', path, body); queue.reload(); agreements.reload(); }, { success: t('inst.queue.done') });

  async function apply(q: Queued) {
    const a = (agreements.data ?? []).find((x) => x.id === chosen[q.id]);
    if (!a) return;
    if (!await confirm({ title: t('inst.queue.applyTitle', { number: a.number }), text: t('inst.queue.applyText', { amount: rub(q.amount), number: a.number, remaining: rub(a.remaining) }), confirmLabel: t('inst.queue.apply') })) return;
    await act.run(`/installments/outgoing/${q.id}/resolve`, { agreementId: a.id });
  }
  async function ignore(q: Queued) {
    if (!await confirm({ title: t('inst.queue.ignoreTitle'), text: t('inst.queue.ignoreText'), confirmLabel: t('inst.queue.ignore'), danger: true })) return;
    await act.run(`/installments/outgoing/${q.id}/ignore`, { note: t('inst.queue.ignoreNote') });
  }

  if (queue.error) return <section className="page"><Banner kind="error">{queue.error}</Banner></section>;
  if (!queue.data) return <section className="page"><Spinner label={t('common.loading')} /></section>;
  return (
    <section className="page" data-testid="outgoing-queue">
      <div className="page-head"><div><h1>{t('inst.queue.title')}</h1><p className="page-sub">{t('inst.queue.subtitle')}</p></div><a className="btn" href="#/installments">{t('inst.title')}</a></div>
      {act.banner ? <Banner kind="error" testId="queue-error">{act.banner}</Banner> : null}
      <div className="card table-card">
        {queue.data.length === 0 ? <div className="empty">{t('inst.queue.empty')}</div> : (
          <div className="table-scroll" role="region" aria-label={t('inst.queue.title')} tabIndex={0}>
            <table className="table" data-testid="queue-table">
              <thead><tr><th>{t('inst.col.due')}</th><th>{t('inst.queue.payee')}</th><th>{t('inst.queue.purpose')}</th><th className="num">{t('inst.col.amount')}</th><th>{t('inst.queue.agreement')}</th><th /></tr></thead>
              <tbody>
                {queue.data.map((q) => (
                  <tr key={q.id} data-testid="queue-row">
                    <td className="nowrap">{formatDate(q.paidOn, lang)}{q.docNumber ? ` · № ${q.docNumber}` : ''}</td>
                    <td>{q.payeeName ?? '—'}<div className="small muted">{q.payeeInn ?? ''}</div></td>
                    <td className="small">{q.purpose}</td>
                    <td className="num nowrap">{rub(q.amount)}</td>
                    <td>
                      <label className="sr-only" htmlFor={`q-ag-${q.id}`}>{t('inst.queue.agreement')}</label>
                      <select id={`q-ag-${q.id}`} value={chosen[q.id] ?? ''} onChange={(e) => setChosen({ ...chosen, [q.id]: e.target.value })} disabled={!canWrite} data-testid="queue-agreement">
                        <option value="">{t('inst.queue.choose')}</option>
                        {(agreements.data ?? []).map((a) => <option key={a.id} value={a.id}>{`${a.number} · ${a.supplierName} · ${rub(a.remaining)}`}</option>)}
                      </select>
                    </td>
                    <td className="actions">
                      {canWrite ? <button type="button" className="btn btn-sm btn-primary" disabled={!chosen[q.id] || act.busy} onClick={() => void apply(q)} data-testid="queue-apply">{t('inst.queue.apply')}</button> : null}
                      {canWrite ? <button type="button" className="btn btn-sm" disabled={act.busy} onClick={() => void ignore(q)} data-testid="queue-ignore">{t('inst.queue.ignore')}</button> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {dialog}
    </section>
  );
}
