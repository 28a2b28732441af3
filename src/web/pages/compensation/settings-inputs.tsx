import { useEffect, useState } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { FormActions, Modal } from '../../components/modal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtPeriod } from '../../lib/format.ts';
import { api, type Company, type Page, type User } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { formatDate } from '../../../domain/dates.ts';
import { rub } from './payroll-lib.ts';

interface Inputs {
  bonuses: { userId: string; name: string; amount: string; comment: string }[];
  reports: { userId: string; name: string }[];
  deductions: { id: string; name: string; kind: string; amount: string; companyName: string | null; note: string }[];
  penalties: { id: string; name: string; companyName: string; tariff: string; reason: string }[];
}

/** A company chosen by typing part of its name or tax number. */
function CompanyPicker({ id, value, onChange }: { id: string; value: string; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Company[]>([]);
  useEffect(() => {
    if (q.trim().length < 2) return;
    const h = setTimeout(() => {
      api<Page<Company>>('GET', `/companies?q=${encodeURIComponent(q.trim())}&limit=20`).then((p) => { setFound(p.items); if (p.items[0]) onChange(p.items[0].id); }, () => setFound([]));
    }, 250);
    return () => clearTimeout(h);
    // onChange is the parent's setter; searching again when it changes would loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);
  return (
    <>
      <input id={id} data-testid={id} placeholder={t('pay.pickCompany')} value={q} onChange={(e) => setQ(e.target.value)} />
      <select aria-label={t('pay.company')} value={value} onChange={(e) => onChange(e.target.value)} data-testid={`${id}-select`}>
        <option value="" />{found.map((c) => <option key={c.id} value={c.id}>{c.name}{c.inn ? ` (${c.inn})` : ''}</option>)}
      </select>
    </>
  );
}

/** Management's inputs for a month: evaluation bonus, accepted reports, deductions and penalties. */
export function MonthInputs({ month: initial, managers }: { month: string; managers: User[] }) {
  const { t, lang } = useI18n();
  const [month, setMonth] = useState(initial);
  const inputs = useData(() => api<Inputs>('GET', `/payroll/inputs/${month}`), [month]);
  const [userId, setUserId] = useState('');
  const [kind, setKind] = useState<'bonus' | 'report' | 'deduction' | 'penalty'>('bonus');
  const [amount, setAmount] = useState('');
  const [text, setText] = useState('');
  const [companyId, setCompanyId] = useState('');
  const [dedKind, setDedKind] = useState<'ad_spend' | 'partner_bonus'>('ad_spend');
  const save = useSubmit(async () => {
    if (kind === 'bonus') await api('PUT', '/payroll/management-bonuses', { userId, month, amount, comment: text });
    if (kind === 'report') await api('POST', '/payroll/reports', { userId, month });
    if (kind === 'deduction') await api('POST', '/payroll/deductions', { userId, month, kind: dedKind, amount, companyId: companyId || null, note: text });
    if (kind === 'penalty') await api('POST', '/payroll/penalties', { userId, month, companyId, reason: text, tariff: amount || null });
    setAmount(''); setText('');
  }, { success: t('pay.savedOk'), onDone: inputs.reload });
  const d = inputs.data;
  return (
    <div className="card" style={{ padding: 16, marginTop: 16 }} data-testid="pay-inputs">
      <div className="toolbar">
        <h2>{t('pay.inputs')} — {fmtPeriod(month, lang)}</h2>
        <input type="month" aria-label={t('pay.month')} data-testid="pi-month" value={month} onChange={(e) => { if (e.target.value) setMonth(e.target.value); }} />
      </div>
      {inputs.error ? <Banner kind="error">{inputs.error}</Banner> : null}
      {d ? (
        <ul className="plain-list small">
          {d.bonuses.map((b) => <li key={`b${b.userId}`}>{t('pay.mgmtBonus')}: {b.name} — {rub(b.amount, lang)} ({b.comment})</li>)}
          {d.reports.map((r) => <li key={`r${r.userId}`}>{t('pay.report')}: {r.name}</li>)}
          {d.deductions.map((x) => <li key={x.id}>{t('pay.deduction')} ({t(`pay.deduction.${x.kind}`)}): {x.name} — {rub(x.amount, lang)}{x.companyName ? `, ${x.companyName}` : ''} ({x.note})</li>)}
          {d.penalties.map((p) => <li key={p.id}>{t('pay.penalty')}: {p.name} — {p.companyName}, {rub(p.tariff, lang)} ({p.reason})</li>)}
        </ul>
      ) : <Spinner label={t('common.loading')} />}
      <form onSubmit={save.onSubmit} noValidate className="inline-form">
        {save.banner ? <Banner kind="error">{save.banner}</Banner> : null}
        <div className="form-grid">
          <Field id="pi-user" label={t('pay.manager')} error={save.fieldErrors.userId}>
            <select id="pi-user" data-testid="pi-user" value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="" />{managers.map((m) => <option key={m.id} value={m.id}>{m.fullName}</option>)}
            </select>
          </Field>
          <Field id="pi-kind" label={t('pay.col.kind')}>
            <select id="pi-kind" data-testid="pi-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="bonus">{t('pay.mgmtBonus')}</option><option value="report">{t('pay.acceptReport')}</option>
              <option value="deduction">{t('pay.deduction')}</option><option value="penalty">{t('pay.penalty')}</option>
            </select>
          </Field>
          {kind === 'deduction' ? (
            <Field id="pi-dk" label={t('pay.deduction')}>
              <select id="pi-dk" value={dedKind} onChange={(e) => setDedKind(e.target.value as typeof dedKind)}>
                <option value="ad_spend">{t('pay.deduction.ad_spend')}</option><option value="partner_bonus">{t('pay.deduction.partner_bonus')}</option>
              </select>
            </Field>
          ) : null}
          {kind !== 'report' ? (
            <Field id="pi-amount" label={kind === 'penalty' ? t('pay.tariffOptional') : t('pay.amount')} error={save.fieldErrors.amount ?? save.fieldErrors.tariff}>
              <input id="pi-amount" data-testid="pi-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
            </Field>
          ) : null}
          {kind === 'deduction' || kind === 'penalty' ? (
            <Field id="pi-company" label={t('pay.company')} error={save.fieldErrors.companyId}><CompanyPicker id="pi-company" value={companyId} onChange={setCompanyId} /></Field>
          ) : null}
          {kind !== 'report' ? (
            <Field id="pi-text" label={kind === 'penalty' ? t('pay.reason') : t('pay.comment')} error={save.fieldErrors.comment ?? save.fieldErrors.note ?? save.fieldErrors.reason} wide>
              <input id="pi-text" data-testid="pi-text" value={text} onChange={(e) => setText(e.target.value)} />
            </Field>
          ) : null}
        </div>
        <button type="submit" className="btn btn-primary" disabled={save.busy || !userId} data-testid="pi-save">{t('common.save')}</button>
      </form>
    </div>
  );
}

interface PayClient {
  companyId: string; companyName: string; broughtBy: string; acquiredBy: string | null; acquiredByName: string | null; handledBy: string | null; handledByName: string | null;
  handlerNowName: string | null; partnerId: string | null; campaign: string | null; origin: 'crm' | 'management'; start: string; endedOn: string | null; tariffNow: string;
}

/** Who brought and who handles each client; management corrects it or hands a client over. */
export function ClientsCard({ managers }: { managers: User[] }) {
  const { t, lang } = useI18n();
  const clients = useData(() => api<{ items: PayClient[] }>('GET', '/payroll/clients'), []);
  const [editing, setEditing] = useState<PayClient | null>(null);
  return (
    <div className="card table-card" style={{ marginTop: 16 }}>
      <div className="toolbar" style={{ padding: '12px 16px 0' }}><h2>{t('pay.clients')}</h2></div>
      {clients.error ? <Banner kind="error">{clients.error}</Banner> : null}
      {!clients.data ? <Spinner label={t('common.loading')} /> : (
        <table className="table" data-testid="pay-clients">
          <thead><tr><th>{t('pay.company')}</th><th>{t('pay.broughtBy')}</th><th>{t('pay.handledBy')}</th><th>{t('pay.handlerNow')}</th><th>{t('pay.start')}</th><th className="num">{t('pay.tariffNow')}</th><th /></tr></thead>
          <tbody>{clients.data.items.map((c) => (
            <tr key={c.companyId}>
              <td><a href={`#/companies/${c.companyId}`}>{c.companyName}</a></td>
              <td>{t(`pay.brought.${c.broughtBy}`)}{c.acquiredByName ? `: ${c.acquiredByName}` : ''} <span className="muted small">({t(`pay.origin.${c.origin}`)})</span></td>
              <td>{c.handledByName ?? t('pay.none')}</td>
              <td>{c.handlerNowName ?? t('pay.none')}</td>
              <td>{formatDate(c.start, lang)}{c.endedOn ? ` – ${formatDate(c.endedOn, lang)}` : ''}</td>
              <td className="num">{rub(c.tariffNow, lang)}</td>
              <td className="actions"><button type="button" className="link-button" onClick={() => setEditing(c)}>{t('pay.editAttribution')}</button></td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {editing ? <AttributionForm client={editing} managers={managers} onClose={() => setEditing(null)} onDone={() => { setEditing(null); clients.reload(); }} /> : null}
    </div>
  );
}

function AttributionForm({ client, managers, onClose, onDone }: { client: PayClient; managers: User[]; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({ broughtBy: client.broughtBy, acquiredBy: client.acquiredBy ?? '', handledBy: client.handledBy ?? '', note: '', toUserId: '', fromDate: '', reason: '' });
  const save = useSubmit(async () => {
    await api('PUT', `/payroll/clients/${client.companyId}`, {
      broughtBy: f.broughtBy, acquiredBy: f.acquiredBy || null, handledBy: f.handledBy || null, partnerId: client.partnerId, campaign: client.campaign, note: f.note,
    });
    if (f.toUserId) await api('POST', `/payroll/clients/${client.companyId}/handovers`, { toUserId: f.toUserId, fromDate: f.fromDate, reason: f.reason });
  }, { success: t('pay.savedOk'), onDone });
  const pick = (k: 'acquiredBy' | 'handledBy' | 'toUserId') => (
    <select id={`pc-${k}`} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })}>
      <option value="" />{managers.map((m) => <option key={m.id} value={m.id}>{m.fullName}</option>)}
    </select>
  );
  return (
    <Modal title={client.companyName} onClose={onClose} testId="pay-attribution-form">
      <form onSubmit={save.onSubmit} noValidate>
        {save.banner ? <Banner kind="error">{save.banner}</Banner> : null}
        <div className="form-grid">
          <Field id="pc-brought" label={t('pay.broughtBy')}>
            <select id="pc-brought" value={f.broughtBy} onChange={(e) => setF({ ...f, broughtBy: e.target.value })}>
              {['manager', 'partner', 'campaign', 'other_staff', 'other'].map((b) => <option key={b} value={b}>{t(`pay.brought.${b}`)}</option>)}
            </select>
          </Field>
          <Field id="pc-acquiredBy" label={t('pay.manager')} error={save.fieldErrors.acquiredBy}>{pick('acquiredBy')}</Field>
          <Field id="pc-handledBy" label={t('pay.handledBy')} error={save.fieldErrors.handledBy}>{pick('handledBy')}</Field>
          <Field id="pc-note" label={t('pay.note')} error={save.fieldErrors.note} required><input id="pc-note" value={f.note} onChange={(e) => setF({ ...f, note: e.target.value })} /></Field>
        </div>
        <h3>{t('pay.handover')}</h3>
        <div className="form-grid">
          <Field id="pc-toUserId" label={t('pay.toManager')} error={save.fieldErrors.toUserId}>{pick('toUserId')}</Field>
          <Field id="pc-from" label={t('pay.fromDate')} error={save.fieldErrors.fromDate}><input id="pc-from" type="date" value={f.fromDate} onChange={(e) => setF({ ...f, fromDate: e.target.value })} /></Field>
          <Field id="pc-reason" label={t('pay.reason')} error={save.fieldErrors.reason} wide><input id="pc-reason" value={f.reason} onChange={(e) => setF({ ...f, reason: e.target.value })} /></Field>
        </div>
        <FormActions onCancel={onClose} busy={save.busy} />
      </form>
    </Modal>
  );
}
