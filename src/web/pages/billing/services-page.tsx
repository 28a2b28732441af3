import { useState } from 'react';
import { useI18n } from '../../i18n/index.ts';
import { Banner, Field } from '../../components/field.tsx';
import { FormActions, Modal } from '../../components/modal.tsx';
import { CompanyPicker, type Picked } from '../../components/async-picker.tsx';
import { ListTable, SearchBox, useList, type Column } from '../../components/list.tsx';
import { api, qs } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { formatDate } from '../../../domain/dates.ts';
import { serviceKinds } from '../../../domain/catalog/service-kinds.ts';
import { rub } from './billing-page.tsx';

interface ServiceRow { id: string; clientId: string; clientName: string; kind: string; title: string; contractRef: string | null; monthlyPrice: string; quantity: number; startDate: string; endDate: string | null; status: string }
interface Reason { code: string; nameRu: string; nameEn: string; active: boolean }
interface Churn { rows: { reasonCode: string; reason: string; reasonEn: string; closures: number; downsizes: number; lostMonthly: string }[]; totalLostMonthly: string }

const STATUSES = ['pending', 'active', 'suspended', 'closing', 'closed'] as const;
/** What accounting and the manager usually try before a client leaves; the texts are recorded with the closure. */
const RETENTION = ['discount', 'cheaper', 'move', 'deferral', 'support'] as const;
const today = () => new Date().toISOString().slice(0, 10);

/** Services (subscriptions): list, create, tariff change, downsize, close with a reason; churn by reason below. */
export function ServicesPage({ can }: { can: (p: string) => boolean }) {
  const { t, lang } = useI18n();
  const list = useList<ServiceRow>('/billing/services', { sort: 'client' });
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'tariff' | 'downsize' | 'close'; s: ServiceRow } | null>(null);
  const [changes, setChanges] = useState(0);
  const write = can('billing.write');
  const open = (s: ServiceRow) => s.status !== 'closed' && s.status !== 'closing';
  const columns: Column<ServiceRow>[] = [
    { key: 'client', label: t('acc.col.client'), sort: 'client', render: (r) => <a href={`#/billing/clients/${r.clientId}`}>{r.clientName}</a> },
    { key: 'title', label: t('acc.col.service'), sort: 'title', render: (r) => <>{r.title}<div className="muted small">{t(`kind.${r.kind}`)}{r.contractRef ? ` · ${t('acc.contract')} ${r.contractRef}` : ''}</div></> },
    { key: 'monthlyPrice', label: t('acc.col.monthly'), sort: 'monthlyPrice', num: true, render: (r) => <>{rub(r.monthlyPrice, lang)}{r.quantity > 1 ? ` × ${r.quantity}` : ''}</> },
    { key: 'startDate', label: t('acc.col.start'), sort: 'startDate', render: (r) => formatDate(r.startDate, lang) },
    { key: 'endDate', label: t('acc.col.end'), sort: 'endDate', render: (r) => (r.endDate ? formatDate(r.endDate, lang) : '—') },
    { key: 'status', label: t('acc.col.status'), sort: 'status', render: (r) => <span className={`badge badge-${r.status}`}>{t(`acc.svc.${r.status}`)}</span> },
    ...(write ? [{ key: 'actions', label: t('acc.col.actions'), render: (r: ServiceRow) => open(r) ? (
      <span className="row-actions">
        <button type="button" className="btn btn-sm" onClick={() => setDialog({ kind: 'tariff', s: r })} data-testid="svc-tariff" aria-label={`${t('acc.svc.tariff')}: ${r.title}`}>{t('acc.svc.tariff')}</button>
        <button type="button" className="btn btn-sm" onClick={() => setDialog({ kind: 'downsize', s: r })} data-testid="svc-downsize" aria-label={`${t('acc.svc.downsize')}: ${r.title}`}>{t('acc.svc.downsize')}</button>
        <button type="button" className="btn btn-sm btn-danger" onClick={() => setDialog({ kind: 'close', s: r })} data-testid="svc-close" aria-label={`${t('acc.svc.close')}: ${r.title}`}>{t('acc.svc.close')}</button>
      </span>
    ) : null }] : []),
  ];
  const done = () => { setDialog(null); list.reload(); setChanges((n) => n + 1); };
  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('acc.services.title')}</h1>
        {write ? <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })} data-testid="svc-new">{t('acc.svc.new')}</button> : null}
      </div>
      <div className="toolbar filters">
        <SearchBox list={list as never} id="svc-q" label={t('acc.services.search')} testId="svc-search" />
        <span className="filter">
          <label htmlFor="svc-status" className="sr-only">{t('acc.col.status')}</label>
          <select id="svc-status" value={String(list.filters.status ?? '')} onChange={(e) => list.setFilter('status', e.target.value || null)} data-testid="svc-status">
            <option value="">{t('acc.svc.anyStatus')}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`acc.svc.${s}`)}</option>)}
          </select>
        </span>
        <span className="filter">
          <label htmlFor="svc-kind" className="sr-only">{t('acc.col.kind')}</label>
          <select id="svc-kind" value={String(list.filters.kind ?? '')} onChange={(e) => list.setFilter('kind', e.target.value || null)}>
            <option value="">{t('acc.svc.anyKind')}</option>
            {serviceKinds.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
          </select>
        </span>
      </div>
      <ListTable list={list} columns={columns} rowKey={(r) => r.id} testId="services-table" empty={t('acc.services.none')} caption={t('acc.services.title')} />
      <ChurnReport changes={changes} />
      {dialog?.kind === 'create' ? <CreateService onClose={() => setDialog(null)} onDone={done} /> : null}
      {dialog && dialog.kind !== 'create' ? <ChangeService kind={dialog.kind} s={dialog.s} onClose={() => setDialog(null)} onDone={done} /> : null}
    </section>
  );
}

function CreateService({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [client, setClient] = useState<Picked | null>(null);
  const [f, setF] = useState({ kind: 'dedicated', title: '', monthlyPrice: '', setupFee: '', quantity: '1', startDate: today(), contractRef: '' });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = useSubmit(() => api('POST', '/billing/services', {
    clientId: client?.id ?? '', kind: f.kind, title: f.title, monthlyPrice: f.monthlyPrice, setupFee: f.setupFee || 0, quantity: Number(f.quantity) || 0,
    startDate: f.startDate, contractRef: f.contractRef || null,
  }), { success: t('acc.svc.created'), onDone });
  const e = submit.fieldErrors;
  return (
    <Modal title={t('acc.svc.new')} onClose={onClose} testId="svc-create-dialog">
      <form onSubmit={submit.onSubmit} className="form-grid" noValidate>
        {submit.banner ? <Banner kind="error">{submit.banner}</Banner> : null}
        <Field id="svc-client" label={t('acc.col.client')} error={e.clientId} required wide><CompanyPicker id="svc-client" label={t('acc.col.client')} role="client" value={client} onChange={setClient} testId="svc-client" /></Field>
        <Field id="svc-kind-new" label={t('acc.col.kind')} error={e.kind}><select id="svc-kind-new" value={f.kind} onChange={set('kind')}>{serviceKinds.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}</select></Field>
        <Field id="svc-title" label={t('acc.col.service')} error={e.title} required><input id="svc-title" value={f.title} onChange={set('title')} data-testid="svc-title" /></Field>
        <Field id="svc-price" label={t('acc.svc.monthlyPrice')} error={e.monthlyPrice} required hint={t('acc.money.hint')}><input id="svc-price" inputMode="decimal" value={f.monthlyPrice} onChange={set('monthlyPrice')} data-testid="svc-price" /></Field>
        <Field id="svc-setup" label={t('acc.svc.setupFee')} error={e.setupFee}><input id="svc-setup" inputMode="decimal" value={f.setupFee} onChange={set('setupFee')} /></Field>
        <Field id="svc-qty" label={t('acc.svc.quantity')} error={e.quantity}><input id="svc-qty" type="number" min={1} value={f.quantity} onChange={set('quantity')} /></Field>
        <Field id="svc-start" label={t('acc.col.start')} error={e.startDate} required><input id="svc-start" type="date" value={f.startDate} onChange={set('startDate')} data-testid="svc-start" /></Field>
        <Field id="svc-contract" label={t('acc.contract')} error={e.contractRef}><input id="svc-contract" value={f.contractRef} onChange={set('contractRef')} /></Field>
        <FormActions onCancel={onClose} busy={submit.busy} testId="svc-create-submit" label={t('acc.svc.create')} />
      </form>
    </Modal>
  );
}

function ChangeService({ kind, s, onClose, onDone }: { kind: 'tariff' | 'downsize' | 'close'; s: ServiceRow; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const reasons = useData(() => api<{ items: Reason[] }>('GET', '/billing/closure-reasons'), []);
  const [f, setF] = useState({ date: today(), monthlyPrice: (Number(BigInt(s.monthlyPrice)) / 100).toFixed(2).replace('.', ','), quantity: String(s.quantity), reason: '', reasonCode: '', note: '' });
  const [tried, setTried] = useState<string[]>([]);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const path = kind === 'tariff' ? 'tariff-changes' : kind === 'downsize' ? 'downsize' : 'closure';
  const body = kind === 'close'
    ? { lastDay: f.date, reasonCode: f.reasonCode, retentionTried: tried, note: f.note || null }
    : { date: f.date, monthlyPrice: f.monthlyPrice, quantity: Number(f.quantity) || 0, reason: f.reason || null, ...(kind === 'downsize' ? { reasonCode: f.reasonCode, retentionTried: tried } : {}) };
  const submit = useSubmit(() => api('POST', `/billing/services/${s.id}/${path}`, body), { success: t(`acc.svc.done.${kind}`), onDone });
  const e = submit.fieldErrors;
  const title = `${t(`acc.svc.${kind}`)}: ${s.title}`;
  return (
    <Modal title={title} onClose={onClose} testId={`svc-${kind}-dialog`}>
      <form onSubmit={submit.onSubmit} className="form-grid" noValidate>
        <p className="field-wide muted">{s.clientName} · {rub(s.monthlyPrice, lang)}{s.quantity > 1 ? ` × ${s.quantity}` : ''}</p>
        {kind === 'close' ? <Banner kind="warning">{t('acc.svc.closeWarning')}</Banner> : null}
        {submit.banner ? <Banner kind="error" testId="svc-change-error">{submit.banner}</Banner> : null}
        <Field id="chg-date" label={kind === 'close' ? t('acc.svc.lastDay') : t('acc.svc.fromDate')} error={e.date ?? e.lastDay} required>
          <input id="chg-date" type="date" value={f.date} onChange={set('date')} data-testid="chg-date" />
        </Field>
        {kind !== 'close' ? (
          <>
            <Field id="chg-price" label={t('acc.svc.monthlyPrice')} error={e.monthlyPrice} required hint={t('acc.money.hint')}><input id="chg-price" inputMode="decimal" value={f.monthlyPrice} onChange={set('monthlyPrice')} data-testid="chg-price" /></Field>
            <Field id="chg-qty" label={t('acc.svc.quantity')} error={e.quantity} required><input id="chg-qty" type="number" min={1} value={f.quantity} onChange={set('quantity')} data-testid="chg-qty" /></Field>
            <Field id="chg-reason-text" label={t('acc.svc.comment')} error={e.reason}><input id="chg-reason-text" value={f.reason} onChange={set('reason')} /></Field>
          </>
        ) : null}
        {kind !== 'tariff' ? (
          <>
            <Field id="chg-reason" label={t('acc.svc.reason')} error={e.reasonCode} required>
              <select id="chg-reason" value={f.reasonCode} onChange={set('reasonCode')} data-testid="chg-reason">
                <option value="">{t('acc.svc.chooseReason')}</option>
                {(reasons.data?.items ?? []).filter((r) => r.active).map((r) => <option key={r.code} value={r.code}>{lang === 'en' ? r.nameEn : r.nameRu}</option>)}
              </select>
            </Field>
            <fieldset className="field field-wide">
              <legend>{t('acc.svc.retention')}</legend>
              {RETENTION.map((r) => {
                const label = t(`acc.retention.${r}`);
                return (
                  <label key={r} className="check">
                    <input type="checkbox" checked={tried.includes(label)} data-testid={`retention-${r}`}
                      onChange={(ev) => setTried(ev.target.checked ? [...tried, label] : tried.filter((x) => x !== label))} /> {label}
                  </label>
                );
              })}
            </fieldset>
          </>
        ) : null}
        {kind === 'close' ? <Field id="chg-note" label={t('acc.svc.comment')} error={e.note} wide><textarea id="chg-note" value={f.note} onChange={set('note')} data-testid="chg-note" /></Field> : null}
        <FormActions onCancel={onClose} busy={submit.busy} testId="chg-submit" label={t(`acc.svc.confirm.${kind}`)} />
      </form>
    </Modal>
  );
}

function ChurnReport({ changes }: { changes: number }) {
  const { t, lang } = useI18n();
  const year = new Date().getFullYear();
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(`${year}-12-31`);
  const churn = useData(() => api<Churn>('GET', `/billing/churn${qs({ from, to })}`), [from, to, changes]);
  return (
    <section className="card section-card" aria-labelledby="churn-title">
      <h2 id="churn-title">{t('acc.churn.title')}</h2>
      <div className="toolbar filters">
        <label htmlFor="churn-from">{t('acc.churn.from')}</label><input id="churn-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="churn-to">{t('acc.churn.to')}</label><input id="churn-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      {churn.error ? <Banner kind="error">{churn.error}</Banner> : !churn.data ? null : churn.data.rows.length === 0 ? <p className="muted">{t('acc.churn.none')}</p> : (
        <table className="table" data-testid="churn-table">
          <thead><tr><th scope="col">{t('acc.svc.reason')}</th><th scope="col" className="num">{t('acc.churn.closures')}</th><th scope="col" className="num">{t('acc.churn.downsizes')}</th><th scope="col" className="num">{t('acc.churn.lost')}</th></tr></thead>
          <tbody>{churn.data.rows.map((r) => <tr key={r.reasonCode}><td>{lang === 'en' ? r.reasonEn : r.reason}</td><td className="num">{r.closures}</td><td className="num">{r.downsizes}</td><td className="num">{rub(r.lostMonthly, lang)}</td></tr>)}</tbody>
          <tfoot><tr><th scope="row" colSpan={3}>{t('acc.churn.total')}</th><td className="num"><strong>{rub(churn.data.totalLostMonthly, lang)}</strong></td></tr></tfoot>
        </table>
      )}
    </section>
  );
}
