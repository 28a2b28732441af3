import { useState, type FormEvent } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { useConfirm } from '../../components/confirm.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { todayIso } from '../crm/types.ts';
import { formatDate } from '../../../domain/dates.ts';
import { formatRubles } from '../../../domain/money.ts';

interface Agreement {
  id: string; number: string; supplierName: string; signedOn: string; total: string; fees: string; payable: string; paid: string; remaining: string; overdue: string; status: string; paidOffOn: string | null;
  items: { equipmentId: string; model: string; serial: string | null; price: string; owner: string; paidOffOn: string | null; rackName: string | null; uFrom: number | null }[];
  schedule: { seq: number; dueOn: string; amount: string; paid: string; status: string }[];
  payments: { id: string; amount: string; paidOn: string; source: string; docNumber: string | null }[];
}

/** One agreement: items with their owner, the schedule (paid / overdue), payments, and the payment form. */
export function AgreementPage({ id, canPay }: { id: string; canPay: boolean }) {
  const { t, lang } = useI18n();
  const rub = (s: string) => formatRubles(BigInt(s), lang);
  const a = useData(() => api<Agreement>('GET', `/installments/agreements/${id}`), [id]);
  const [form, setForm] = useState({ amount: '', paidOn: todayIso(), docNumber: '', payOff: false });
  const { confirm, dialog } = useConfirm();
  // A payment is final (payments are append-only); the one that clears the debt also makes the units ours.
  const pay = useSubmit(() => api('POST', `/installments/agreements/${id}/payments`, { ...(form.payOff ? {} : { amount: form.amount }), paidOn: form.paidOn, payOff: form.payOff, docNumber: form.docNumber || null }),
    { success: t('inst.pay.done'), onDone: () => { setForm({ ...form, amount: '', docNumber: '', payOff: false }); a.reload(); } });
  const askThenPay = (e: FormEvent) => {
    e.preventDefault();
    void confirm({
      title: t(form.payOff ? 'inst.pay.confirmPayOff' : 'inst.pay.confirmTitle'),
      text: form.payOff ? t('inst.pay.confirmPayOffText', { amount: a.data ? rub(a.data.remaining) : '' }) : t('inst.pay.confirmText', { amount: form.amount }),
      confirmLabel: t('inst.pay'),
    }).then((ok) => { if (ok) void pay.run(); });
  };
  if (a.error) return <section className="page"><Banner kind="error">{a.error}</Banner></section>;
  if (!a.data) return <section className="page"><Spinner label={t('common.loading')} /></section>;
  const g = a.data;
  return (
    <section className="page" data-testid="agreement-page">
      {dialog}
      <div className="page-head"><h1>{g.number} · {g.supplierName}</h1><span className="badge" data-testid="agreement-status">{t(`inst.status.${g.status}`)}{g.paidOffOn ? ` ${formatDate(g.paidOffOn, lang)}` : ''}</span></div>
      <p data-testid="agreement-summary">{formatDate(g.signedOn, lang)} · {t('inst.summary', { total: rub(g.total), fees: rub(g.fees), payable: rub(g.payable), paid: rub(g.paid), remaining: rub(g.remaining) })}</p>
      {g.overdue !== '0' ? <Banner kind="warning" testId="agreement-overdue">{t('inst.col.overdue')}: {rub(g.overdue)}</Banner> : null}
      <div className="card table-card" style={{ marginBottom: 16 }}>
        <h2 style={{ padding: '12px 16px 0' }}>{t('inst.items')}</h2>
        <table className="table" data-testid="agreement-items">
          <thead><tr><th>{t('inst.col.unit')}</th><th className="num">{t('inst.col.amount')}</th><th>{t('inst.col.location')}</th><th>{t('inst.col.owner')}</th></tr></thead>
          <tbody>{g.items.map((i) => <tr key={i.equipmentId}><td>{i.model} <span className="muted small">{i.serial}</span></td><td className="num">{rub(i.price)}</td>
            <td>{i.rackName ? `${i.rackName} U${i.uFrom}` : t('inst.stock')}</td><td>{t(`inst.owner.${i.owner === 'us' ? 'us' : 'supplier'}`)}{i.paidOffOn ? ` (${formatDate(i.paidOffOn, lang)})` : ''}</td></tr>)}</tbody>
        </table>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: '3fr 2fr', gap: 16 }}>
        <div className="card table-card">
          <h2 style={{ padding: '12px 16px 0' }}>{t('inst.schedule')}</h2>
          <table className="table" data-testid="agreement-schedule">
            <thead><tr><th>#</th><th>{t('inst.col.due')}</th><th className="num">{t('inst.col.amount')}</th><th className="num">{t('inst.col.paid')}</th><th>{t('inst.col.status')}</th></tr></thead>
            <tbody>{g.schedule.map((e) => <tr key={e.seq} className={e.status === 'overdue' ? 'row-danger' : ''}><td>{e.seq === 0 ? t('inst.downPayment') : e.seq}</td><td>{formatDate(e.dueOn, lang)}</td>
              <td className="num">{rub(e.amount)}</td><td className="num">{rub(e.paid)}</td><td className={e.status === 'overdue' ? 'text-danger' : ''}>{t(`inst.entry.${e.status}`)}</td></tr>)}</tbody>
          </table>
        </div>
        <div>
          {canPay && g.status === 'active' ? (
            <form className="card" style={{ padding: 16, marginBottom: 16 }} onSubmit={askThenPay} data-testid="pay-form">
              <h2>{t('inst.pay')}</h2>
              {pay.banner ? <Banner kind="error">{pay.banner}</Banner> : null}
              <Field id="pay-amount" label={t('inst.pay.amount')} error={pay.fieldErrors.amount}>
                <input id="pay-amount" inputMode="decimal" data-testid="pay-amount" value={form.amount} disabled={form.payOff} onChange={(e) => setForm({ ...form, amount: e.target.value })} />
              </Field>
              <Field id="pay-date" label={t('inst.pay.date')} error={pay.fieldErrors.paidOn}>
                <input id="pay-date" type="date" data-testid="pay-date" value={form.paidOn} onChange={(e) => setForm({ ...form, paidOn: e.target.value })} />
              </Field>
              <Field id="pay-doc" label={t('inst.pay.doc')}><input id="pay-doc" value={form.docNumber} onChange={(e) => setForm({ ...form, docNumber: e.target.value })} /></Field>
              <label><input type="checkbox" checked={form.payOff} onChange={(e) => setForm({ ...form, payOff: e.target.checked })} data-testid="pay-off" /> {t('inst.pay.payOff')}</label>
              <div><button className="btn btn-primary" type="submit" disabled={pay.busy} data-testid="pay-submit">{t('inst.pay')}</button></div>
            </form>
          ) : null}
          <div className="card table-card">
            <h2 style={{ padding: '12px 16px 0' }}>{t('inst.payments')}</h2>
            <table className="table" data-testid="agreement-payments">
              <thead><tr><th>{t('inst.col.signed')}</th><th className="num">{t('inst.col.amount')}</th><th>{t('inst.col.source')}</th></tr></thead>
              <tbody>{g.payments.map((p) => <tr key={p.id}><td>{formatDate(p.paidOn, lang)}{p.docNumber ? ` · № ${p.docNumber}` : ''}</td><td className="num">{rub(p.amount)}</td><td>{t(`inst.source.${p.source}`)}</td></tr>)}</tbody>
            </table>
          </div>
        </div>
      </div>
    </section>
  );
}
