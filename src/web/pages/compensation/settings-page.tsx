import { useState } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { fetchAll } from '../../components/list.tsx';
import { FormActions, Modal } from '../../components/modal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, type User } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { formatDate } from '../../../domain/dates.ts';
import { ClientsCard, MonthInputs } from './settings-inputs.tsx';
import { rub, thisMonth } from './payroll-lib.ts';

interface PlanVersion {
  id: string; validFrom: string; validTo: string | null; baseSalary: string; managementBonusCap: string; acquisitionRate: string; handlingRate: string;
  retentionRate: string; firstPartNum: number; firstPartDen: number; deferralMonths: number; revenueBasis: 'invoiced' | 'paid'; payDeferredIfClosedEarly: boolean;
}
interface Plan { id: string; name: string; versions: PlanVersion[]; managers: { userId: string; name: string; validFrom: string; validTo: string | null }[] }

/** Management keeps the pay plans, assigns them, enters the month's bonuses, deductions and penalties, and checks attribution. */
export function PayrollSettingsPage() {
  const { t } = useI18n();
  const plans = useData(() => api<{ items: Plan[] }>('GET', '/payroll/plans'), []);
  const users = useData(() => fetchAll<User>('/users', { role: 'manager,management', sort: 'fullName' }), []);
  const [editing, setEditing] = useState<{ plan: Plan | null } | null>(null);
  const managers = users.data ?? [];
  return (
    <section className="page">
      <div className="page-head"><h1>{t('pay.settings')}</h1></div>
      {plans.error ? <Banner kind="error">{plans.error}</Banner> : null}
      <div className="card" style={{ padding: 16 }}>
        <div className="toolbar">
          <h2>{t('pay.plans')}</h2>
          <button type="button" className="btn btn-sm" data-testid="pay-new-plan" onClick={() => setEditing({ plan: null })}>+ {t('pay.newPlan')}</button>
        </div>
        {!plans.data ? <Spinner label={t('common.loading')} /> : plans.data.items.map((p) => (
          <PlanCard key={p.id} plan={p} onNewVersion={() => setEditing({ plan: p })} />
        ))}
        {plans.data ? <AssignForm plans={plans.data.items} managers={managers} onDone={plans.reload} /> : null}
      </div>
      <MonthInputs month={thisMonth()} managers={managers} />
      <ClientsCard managers={managers} />
      {editing ? <PlanForm plan={editing.plan} onClose={() => setEditing(null)} onDone={() => { setEditing(null); plans.reload(); }} /> : null}
    </section>
  );
}

function PlanCard({ plan, onNewVersion }: { plan: Plan; onNewVersion: () => void }) {
  const { t, lang } = useI18n();
  const v = plan.versions[0];
  return (
    <div className="plan-card" data-testid="pay-plan">
      <div className="toolbar">
        <strong>{plan.name}</strong>
        {v ? <span className="muted small">{t('pay.validFrom')} {formatDate(v.validFrom, lang)}</span> : null}
        <button type="button" className="link-button" onClick={onNewVersion}>{t('pay.newVersion')}</button>
      </div>
      {v ? (
        <p className="small">
          {t('pay.baseSalary')}: {rub(v.baseSalary, lang)} · {t('pay.cap')}: {rub(v.managementBonusCap, lang)} · {t('pay.acquisitionRate')}: {v.acquisitionRate.replace(/\.?0+$/, '')} ·{' '}
          {t('pay.handlingRate')}: {v.handlingRate.replace(/\.?0+$/, '')} · {t('pay.retentionRate')}: {v.retentionRate.replace(/\.?0+$/, '')} · {t('pay.firstPart')}: {v.firstPartNum}/{v.firstPartDen} ·{' '}
          {t('pay.deferral')}: {v.deferralMonths} · {t('pay.basis')}: {t(`pay.basis.${v.revenueBasis}`)}
        </p>
      ) : null}
      <p className="small muted">{plan.managers.map((m) => `${m.name} (${formatDate(m.validFrom, lang)}${m.validTo ? ` – ${formatDate(m.validTo, lang)}` : ''})`).join(', ') || t('pay.none')}</p>
    </div>
  );
}

function PlanForm({ plan, onClose, onDone }: { plan: Plan | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const v = plan?.versions[0];
  const [f, setF] = useState({
    name: '', validFrom: `${thisMonth()}-01`, baseSalary: v ? String(BigInt(v.baseSalary) / 100n) : '50 000', managementBonusCap: v ? String(BigInt(v.managementBonusCap) / 100n) : '10 000',
    acquisitionRate: v?.acquisitionRate.replace(/\.?0+$/, '') ?? '50', handlingRate: v?.handlingRate.replace(/\.?0+$/, '') ?? '20', retentionRate: v?.retentionRate.replace(/\.?0+$/, '') ?? '5',
    firstPartDen: v?.firstPartDen ?? 3, deferralMonths: v?.deferralMonths ?? 3, revenueBasis: v?.revenueBasis ?? 'invoiced', payDeferredIfClosedEarly: v?.payDeferredIfClosedEarly ?? false,
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const save = useSubmit(async () => {
    const version = { validFrom: f.validFrom, baseSalary: f.baseSalary, managementBonusCap: f.managementBonusCap, acquisitionRate: f.acquisitionRate, handlingRate: f.handlingRate,
      retentionRate: f.retentionRate, firstPartNum: 1, firstPartDen: Number(f.firstPartDen), deferralMonths: Number(f.deferralMonths), revenueBasis: f.revenueBasis, payDeferredIfClosedEarly: f.payDeferredIfClosedEarly };
    if (plan) await api('POST', `/payroll/plans/${plan.id}/versions`, version);
    else await api('POST', '/payroll/plans', { name: f.name, version });
  }, { success: t('pay.savedOk'), onDone });
  const err = (k: string) => save.fieldErrors[k] ?? save.fieldErrors.version;
  return (
    <Modal title={plan ? `${plan.name}: ${t('pay.newVersion')}` : t('pay.newPlan')} onClose={onClose} testId="pay-plan-form">
      <form onSubmit={save.onSubmit} noValidate>
        {save.banner ? <Banner kind="error">{save.banner}</Banner> : null}
        {!plan ? <Field id="pp-name" label={t('pay.planName')} error={save.fieldErrors.name} required><input id="pp-name" data-testid="pp-name" value={f.name} onChange={set('name')} /></Field> : null}
        <div className="form-grid">
          <Field id="pp-from" label={t('pay.validFrom')} error={err('validFrom')}><input id="pp-from" type="date" value={f.validFrom} onChange={set('validFrom')} /></Field>
          <Field id="pp-base" label={t('pay.baseSalary')} error={err('baseSalary')}><input id="pp-base" data-testid="pp-base" inputMode="decimal" value={f.baseSalary} onChange={set('baseSalary')} /></Field>
          <Field id="pp-cap" label={t('pay.cap')} error={err('managementBonusCap')}><input id="pp-cap" inputMode="decimal" value={f.managementBonusCap} onChange={set('managementBonusCap')} /></Field>
          <Field id="pp-acq" label={t('pay.acquisitionRate')} error={err('acquisitionRate')}><input id="pp-acq" data-testid="pp-acq" inputMode="decimal" value={f.acquisitionRate} onChange={set('acquisitionRate')} /></Field>
          <Field id="pp-hdl" label={t('pay.handlingRate')} error={err('handlingRate')}><input id="pp-hdl" inputMode="decimal" value={f.handlingRate} onChange={set('handlingRate')} /></Field>
          <Field id="pp-ret" label={t('pay.retentionRate')} error={err('retentionRate')}><input id="pp-ret" data-testid="pp-ret" inputMode="decimal" value={f.retentionRate} onChange={set('retentionRate')} /></Field>
          <Field id="pp-den" label={`${t('pay.firstPart')} (1/N)`}><input id="pp-den" type="number" min={1} max={12} value={f.firstPartDen} onChange={set('firstPartDen')} /></Field>
          <Field id="pp-def" label={t('pay.deferral')}><input id="pp-def" type="number" min={0} max={24} value={f.deferralMonths} onChange={set('deferralMonths')} /></Field>
          <Field id="pp-basis" label={t('pay.basis')}>
            <select id="pp-basis" value={f.revenueBasis} onChange={set('revenueBasis')}>
              <option value="invoiced">{t('pay.basis.invoiced')}</option><option value="paid">{t('pay.basis.paid')}</option>
            </select>
          </Field>
          <Field id="pp-early" label={t('pay.payEarly')}>
            <input id="pp-early" type="checkbox" checked={f.payDeferredIfClosedEarly} onChange={(e) => setF({ ...f, payDeferredIfClosedEarly: e.target.checked })} />
          </Field>
        </div>
        <FormActions onCancel={onClose} busy={save.busy} testId="pp-save" />
      </form>
    </Modal>
  );
}

function AssignForm({ plans, managers, onDone }: { plans: Plan[]; managers: User[]; onDone: () => void }) {
  const { t } = useI18n();
  const [userId, setUserId] = useState('');
  const [planId, setPlanId] = useState('');
  const [validFrom, setValidFrom] = useState(`${thisMonth()}-01`);
  const save = useSubmit(() => api('POST', '/payroll/assignments', { userId, planId, validFrom }), { success: t('pay.assignedOk'), onDone });
  return (
    <form className="inline-form" onSubmit={save.onSubmit} noValidate data-testid="pay-assign">
      <h3>{t('pay.assign')}</h3>
      {save.banner ? <Banner kind="error">{save.banner}</Banner> : null}
      <div className="form-grid">
        <Field id="pa-user" label={t('pay.manager')} error={save.fieldErrors.userId}>
          <select id="pa-user" data-testid="pa-user" value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="" />{managers.map((m) => <option key={m.id} value={m.id}>{m.fullName}</option>)}
          </select>
        </Field>
        <Field id="pa-plan" label={t('pay.plans')} error={save.fieldErrors.planId}>
          <select id="pa-plan" data-testid="pa-plan" value={planId} onChange={(e) => setPlanId(e.target.value)}>
            <option value="" />{plans.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </Field>
        <Field id="pa-from" label={t('pay.validFrom')} error={save.fieldErrors.validFrom}><input id="pa-from" type="date" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} /></Field>
      </div>
      <button type="submit" className="btn btn-primary" disabled={save.busy || !userId || !planId} data-testid="pa-save">{t('pay.assign')}</button>
    </form>
  );
}
