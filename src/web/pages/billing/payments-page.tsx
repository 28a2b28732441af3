import { useState } from 'react';
import { useI18n } from '../../i18n/index.ts';
import { Banner, Field } from '../../components/field.tsx';
import { FormActions, Modal } from '../../components/modal.tsx';
import { CompanyPicker, type Picked } from '../../components/async-picker.tsx';
import { ListTable, SearchBox, useList, type Column } from '../../components/list.tsx';
import { api, qs } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { formatDate } from '../../../domain/dates.ts';
import { rub } from './billing-page.tsx';

interface PaymentRow { id: string; source: string; status: string; clientId: string | null; clientName: string | null; amount: string; allocated: string; paidOn: string; docNumber: string | null; payerName: string | null; payerInn: string | null; purpose: string | null; note: string | null }
interface OpenInvoice { id: string; number: number; year: number; issueDate: string; outstanding: string }

const today = () => new Date().toISOString().slice(0, 10);

/** Payments: every receipt (statement or by hand), the queue to resolve (client and invoice), manual entry. */
export function PaymentsPage({ can }: { can: (p: string) => boolean }) {
  const { t, lang } = useI18n();
  const list = useList<PaymentRow>('/billing/payments', { sort: '-paidOn', filters: { status: 'queued' } });
  const [dialog, setDialog] = useState<{ kind: 'new' } | { kind: 'resolve' | 'ignore'; p: PaymentRow } | null>(null);
  const write = can('payment.write');
  const columns: Column<PaymentRow>[] = [
    { key: 'paidOn', label: t('acc.col.date'), sort: 'paidOn', render: (r) => formatDate(r.paidOn, lang) },
    { key: 'doc', label: t('acc.col.doc'), render: (r) => r.docNumber ?? '—' },
    { key: 'amount', label: t('acc.col.amount'), sort: 'amount', num: true, render: (r) => rub(r.amount, lang) },
    { key: 'payer', label: t('acc.col.payer'), sort: 'payer', render: (r) => <>{r.clientId ? <a href={`#/billing/clients/${r.clientId}`}>{r.clientName}</a> : r.payerName}{r.payerInn ? <div className="muted small">{t('acc.inn', { inn: r.payerInn })}</div> : null}</> },
    { key: 'purpose', label: t('acc.col.purpose'), render: (r) => <span className="small">{r.purpose ?? r.note ?? ''}</span> },
    { key: 'status', label: t('acc.col.status'), sort: 'status', render: (r) => <span className={`badge badge-${r.status}`}>{t(`acc.pay.${r.status}`)}</span> },
    ...(write ? [{ key: 'actions', label: t('acc.col.actions'), render: (r: PaymentRow) => r.status === 'queued' ? (
      <span className="row-actions">
        <button type="button" className="btn btn-sm btn-primary" onClick={() => setDialog({ kind: 'resolve', p: r })} data-testid="pay-resolve">{t('acc.pay.resolve')}</button>
        <button type="button" className="btn btn-sm" onClick={() => setDialog({ kind: 'ignore', p: r })} data-testid="pay-ignore">{t('acc.pay.ignore')}</button>
      </span>
    ) : null }] : []),
  ];
  const done = () => { setDialog(null); list.reload(); };
  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('acc.payments.title')}</h1>
        {write ? <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'new' })} data-testid="pay-new">{t('acc.pay.new')}</button> : null}
      </div>
      <div className="toolbar filters">
        <SearchBox list={list as never} id="pay-q" label={t('acc.payments.search')} testId="pay-search" />
        <span className="filter">
          <label htmlFor="pay-status" className="sr-only">{t('acc.col.status')}</label>
          <select id="pay-status" value={String(list.filters.status ?? '')} onChange={(e) => list.setFilter('status', e.target.value || null)} data-testid="pay-status">
            <option value="">{t('acc.pay.all')}</option>
            {['queued', 'matched', 'resolved', 'ignored'].map((s) => <option key={s} value={s}>{t(`acc.pay.${s}`)}</option>)}
          </select>
        </span>
      </div>
      <ListTable list={list} columns={columns} rowKey={(r) => r.id} testId="payments-table" empty={t('acc.payments.none')} caption={t('acc.payments.title')} />
      {dialog?.kind === 'new' ? <PaymentForm onClose={() => setDialog(null)} onDone={done} /> : null}
      {dialog?.kind === 'resolve' ? <PaymentForm queued={dialog.p} onClose={() => setDialog(null)} onDone={done} /> : null}
      {dialog?.kind === 'ignore' ? <IgnoreDialog p={dialog.p} onClose={() => setDialog(null)} onDone={done} /> : null}
    </section>
  );
}

/** The client's invoices still owed on, for choosing which one a payment pays. */
function InvoiceChoice({ clientId, value, onChange, error }: { clientId: string | null; value: string; onChange: (id: string) => void; error?: string }) {
  const { t, lang } = useI18n();
  const open = useData(() => (clientId ? api<{ items: OpenInvoice[] }>('GET', `/billing/invoices${qs({ clientId, state: 'unpaid', sort: 'dueDate', limit: 100 })}`) : Promise.resolve({ items: [] })), [clientId]);
  return (
    <Field id="pay-invoice" label={t('acc.pay.invoice')} error={error} hint={t('acc.pay.invoiceHint')} wide>
      <select id="pay-invoice" value={value} onChange={(e) => onChange(e.target.value)} disabled={!clientId} data-testid="pay-invoice">
        <option value="">{t('acc.pay.oldestFirst')}</option>
        {(open.data?.items ?? []).map((i) => <option key={i.id} value={i.id}>{t('acc.pay.invoiceOption', { number: i.number, year: i.year, date: formatDate(i.issueDate, lang), rest: rub(i.outstanding, lang) })}</option>)}
      </select>
    </Field>
  );
}

function PaymentForm({ queued, onClose, onDone }: { queued?: PaymentRow; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [client, setClient] = useState<Picked | null>(queued?.clientId ? { id: queued.clientId, label: queued.clientName ?? '' } : null);
  const [invoiceId, setInvoiceId] = useState('');
  const [f, setF] = useState({ amount: '', paidOn: today(), docNumber: '', note: '' });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = useSubmit(() => (queued
    ? api<{ onBalance: string }>('POST', `/billing/payments/${queued.id}/resolve`, { clientId: client?.id ?? '', invoiceId: invoiceId || null, note: f.note || null })
    : api<{ onBalance: string }>('POST', '/billing/payments', { clientId: client?.id ?? '', amount: f.amount, paidOn: f.paidOn, docNumber: f.docNumber || null, invoiceId: invoiceId || null, note: f.note || null })),
  { success: queued ? t('acc.pay.resolved') : t('acc.pay.recorded'), onDone });
  const e = submit.fieldErrors;
  return (
    <Modal title={queued ? t('acc.pay.resolveTitle') : t('acc.pay.new')} onClose={onClose} testId="pay-dialog">
      <form onSubmit={submit.onSubmit} className="form-grid" noValidate>
        {queued ? <p className="field-wide">{t('acc.pay.queuedLine', { date: formatDate(queued.paidOn, lang), amount: rub(queued.amount, lang), payer: queued.payerName ?? '—' })}<br /><span className="muted small">{queued.purpose}</span></p> : null}
        {submit.banner ? <Banner kind="error" testId="pay-error">{submit.banner}</Banner> : null}
        <Field id="pay-client" label={t('acc.col.client')} error={e.clientId} required wide>
          <CompanyPicker id="pay-client" label={t('acc.col.client')} role="client" value={client} onChange={(c) => { setClient(c); setInvoiceId(''); }} testId="pay-client" />
        </Field>
        {!queued ? (
          <>
            <Field id="pay-amount" label={t('acc.col.amount')} error={e.amount} required hint={t('acc.money.hint')}><input id="pay-amount" inputMode="decimal" value={f.amount} onChange={set('amount')} data-testid="pay-amount" /></Field>
            <Field id="pay-date" label={t('acc.col.date')} error={e.paidOn} required><input id="pay-date" type="date" value={f.paidOn} onChange={set('paidOn')} /></Field>
            <Field id="pay-doc" label={t('acc.col.doc')} error={e.docNumber}><input id="pay-doc" value={f.docNumber} onChange={set('docNumber')} data-testid="pay-doc" /></Field>
          </>
        ) : null}
        <InvoiceChoice clientId={client?.id ?? null} value={invoiceId} onChange={setInvoiceId} error={e.invoiceId} />
        <Field id="pay-note" label={t('acc.svc.comment')} error={e.note} wide><input id="pay-note" value={f.note} onChange={set('note')} /></Field>
        <FormActions onCancel={onClose} busy={submit.busy} testId="pay-submit" label={queued ? t('acc.pay.resolve') : t('acc.pay.record')} />
      </form>
    </Modal>
  );
}

function IgnoreDialog({ p, onClose, onDone }: { p: PaymentRow; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [note, setNote] = useState('');
  const submit = useSubmit(() => api('POST', `/billing/payments/${p.id}/ignore`, { note }), { success: t('acc.pay.ignored'), onDone });
  return (
    <Modal title={t('acc.pay.ignoreTitle')} onClose={onClose} testId="ignore-dialog">
      <form onSubmit={submit.onSubmit} className="form-grid" noValidate>
        <Banner kind="warning">{t('acc.pay.ignoreWarning', { amount: rub(p.amount, lang), payer: p.payerName ?? '—' })}</Banner>
        {submit.banner ? <Banner kind="error">{submit.banner}</Banner> : null}
        <Field id="ignore-note" label={t('acc.pay.ignoreWhy')} error={submit.fieldErrors.note} required wide><input id="ignore-note" value={note} onChange={(e) => setNote(e.target.value)} data-testid="ignore-note" /></Field>
        <FormActions onCancel={onClose} busy={submit.busy} testId="ignore-submit" label={t('acc.pay.ignore')} />
      </form>
    </Modal>
  );
}
