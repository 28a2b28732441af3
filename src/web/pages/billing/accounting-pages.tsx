import { useState } from 'react';
import { useI18n } from '../../i18n/index.ts';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { FormActions, Modal } from '../../components/modal.tsx';
import { api, qs, upload } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { formatDate } from '../../../domain/dates.ts';
import { fmtInstant } from '../../lib/format.ts';
import { rub } from './billing-page.tsx';

interface Proposal { id: string; clientId: string; clientName: string; debt: string; oldestDue: string; proposedAt: string }
interface Settings { paymentTermsDays: number; reminderDays: number[]; suspendAfterDays: number }
interface BikStatus { entries: number; closed: number; lastImport: { fileName: string | null; edDate: string | null; importedBy: string | null; importedAt: string } | null }

/** Suspension proposals for clients long overdue: management confirms (services suspended) or rejects, with a note. */
export function SuspensionsPage({ can }: { can: (p: string) => boolean }) {
  const { t, lang } = useI18n();
  const data = useData(() => api<{ items: Proposal[] }>('GET', '/billing/suspensions'), []);
  const [deciding, setDeciding] = useState<{ p: Proposal; confirm: boolean } | null>(null);
  return (
    <section className="page">
      <div className="page-head"><h1>{t('acc.susp.title')}</h1></div>
      <p className="muted">{t('acc.susp.hint')}</p>
      {data.error ? <Banner kind="error">{data.error}</Banner> : !data.data ? <Spinner label={t('common.loading')} /> : data.data.items.length === 0 ? <div className="empty" data-testid="susp-empty">{t('acc.susp.none')}</div> : (
        <div className="card table-card"><div className="table-scroll" tabIndex={0}>
          <table className="table" data-testid="susp-table">
            <caption className="sr-only">{t('acc.susp.title')}</caption>
            <thead><tr><th scope="col">{t('acc.col.client')}</th><th scope="col" className="num">{t('acc.susp.debt')}</th><th scope="col">{t('acc.susp.oldestDue')}</th><th scope="col">{t('acc.susp.proposedAt')}</th><th scope="col">{t('acc.col.actions')}</th></tr></thead>
            <tbody>
              {data.data.items.map((p) => (
                <tr key={p.id} data-testid="susp-row">
                  <td><a href={`#/billing/clients/${p.clientId}`}>{p.clientName}</a></td>
                  <td className="num">{rub(p.debt, lang)}</td><td>{formatDate(p.oldestDue, lang)}</td><td>{fmtInstant(p.proposedAt, lang)}</td>
                  <td>{can('billing.suspend') ? (
                    <span className="row-actions">
                      <button type="button" className="btn btn-sm btn-danger" onClick={() => setDeciding({ p, confirm: true })} data-testid="susp-confirm">{t('acc.susp.confirm')}</button>
                      <button type="button" className="btn btn-sm" onClick={() => setDeciding({ p, confirm: false })} data-testid="susp-reject">{t('acc.susp.reject')}</button>
                    </span>
                  ) : <span className="muted small">{t('acc.susp.managementOnly')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div></div>
      )}
      {deciding ? <Decision {...deciding} onClose={() => setDeciding(null)} onDone={() => { setDeciding(null); data.reload(); }} /> : null}
    </section>
  );
}

function Decision({ p, confirm, onClose, onDone }: { p: Proposal; confirm: boolean; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [note, setNote] = useState('');
  const submit = useSubmit(() => api('POST', `/billing/suspensions/${p.id}/decision`, { confirm, note: note || null }), { success: t(confirm ? 'acc.susp.confirmed' : 'acc.susp.rejected'), onDone });
  return (
    <Modal title={t(confirm ? 'acc.susp.confirmTitle' : 'acc.susp.rejectTitle', { name: p.clientName })} onClose={onClose} testId="susp-dialog">
      <form onSubmit={submit.onSubmit} className="form-grid" noValidate>
        <Banner kind={confirm ? 'warning' : 'info'}>{t(confirm ? 'acc.susp.confirmWhat' : 'acc.susp.rejectWhat', { name: p.clientName, debt: rub(p.debt, lang) })}</Banner>
        {submit.banner ? <Banner kind="error">{submit.banner}</Banner> : null}
        <Field id="susp-note" label={t('acc.svc.comment')} error={submit.fieldErrors.note} wide><input id="susp-note" value={note} onChange={(e) => setNote(e.target.value)} data-testid="susp-note" /></Field>
        <FormActions onCancel={onClose} busy={submit.busy} testId="susp-submit" label={t(confirm ? 'acc.susp.confirm' : 'acc.susp.reject')} />
      </form>
    </Modal>
  );
}

/** Accounting settings: receivables policy, the document register download, and the BIK directory. */
export function AccountingSettingsPage({ can }: { can: (p: string) => boolean }) {
  const { t } = useI18n();
  return (
    <section className="page">
      <div className="page-head"><h1>{t('acc.settings.title')}</h1></div>
      <PolicyForm canWrite={can('billing.write')} />
      <RegisterDownload />
      <BikDirectory canImport={can('bik.import')} />
    </section>
  );
}

function PolicyForm({ canWrite }: { canWrite: boolean }) {
  const { t } = useI18n();
  const data = useData(() => api<Settings>('GET', '/billing/settings'), []);
  const [f, setF] = useState<{ terms: string; reminders: string; suspend: string } | null>(null);
  const v = f ?? (data.data ? { terms: String(data.data.paymentTermsDays), reminders: data.data.reminderDays.join(', '), suspend: String(data.data.suspendAfterDays) } : null);
  const submit = useSubmit(() => api('PUT', '/billing/settings', {
    paymentTermsDays: Number(v!.terms), suspendAfterDays: Number(v!.suspend),
    reminderDays: v!.reminders.split(/[\s,;]+/).filter(Boolean).map(Number),
  }), { success: t('acc.settings.saved'), onDone: () => { setF(null); data.reload(); } });
  if (data.error) return <Banner kind="error">{data.error}</Banner>;
  if (!v) return <Spinner label={t('common.loading')} />;
  const set = (k: 'terms' | 'reminders' | 'suspend') => (e: { target: { value: string } }) => setF({ ...v, [k]: e.target.value });
  return (
    <form className="card section-card form-grid" onSubmit={submit.onSubmit} aria-labelledby="policy-title" noValidate>
      <h2 id="policy-title" className="field-wide">{t('acc.settings.policy')}</h2>
      {submit.banner ? <Banner kind="error">{submit.banner}</Banner> : null}
      <Field id="set-terms" label={t('acc.settings.terms')} error={submit.fieldErrors.paymentTermsDays}><input id="set-terms" type="number" min={0} max={90} value={v.terms} onChange={set('terms')} disabled={!canWrite} data-testid="set-terms" /></Field>
      <Field id="set-reminders" label={t('acc.settings.reminders')} error={submit.fieldErrors.reminderDays} hint={t('acc.settings.remindersHint')}><input id="set-reminders" value={v.reminders} onChange={set('reminders')} disabled={!canWrite} /></Field>
      <Field id="set-suspend" label={t('acc.settings.suspend')} error={submit.fieldErrors.suspendAfterDays}><input id="set-suspend" type="number" min={1} max={365} value={v.suspend} onChange={set('suspend')} disabled={!canWrite} /></Field>
      {canWrite ? <FormActions onCancel={() => setF(null)} busy={submit.busy} testId="set-save" /> : null}
    </form>
  );
}

function RegisterDownload() {
  const { t } = useI18n();
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
  const [from, setFrom] = useState(first);
  const [to, setTo] = useState(now.toISOString().slice(0, 10));
  return (
    <section className="card section-card" aria-labelledby="register-title">
      <h2 id="register-title">{t('acc.register.title')}</h2>
      <p className="muted">{t('acc.register.hint')}</p>
      <div className="toolbar filters">
        <label htmlFor="reg-from">{t('acc.churn.from')}</label><input id="reg-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="reg-to">{t('acc.churn.to')}</label><input id="reg-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <a className="btn" href={`/api/v1/billing/register.xlsx${qs({ from, to })}`} download data-testid="register-download">{t('acc.register.download')}</a>
      </div>
    </section>
  );
}

function BikDirectory({ canImport }: { canImport: boolean }) {
  const { t, lang } = useI18n();
  const status = useData(() => api<BikStatus>('GET', '/bik-directory'), []);
  const [result, setResult] = useState<string | null>(null);
  const submit = useSubmit(async (file: File) => {
    const r = await upload<{ entries: number; closed: number; removed: number; edDate: string | null }>(`/bik-directory/import${qs({ fileName: file.name })}`, file, lang);
    setResult(t('acc.bik.loaded', { entries: r.entries, closed: r.closed, date: r.edDate ? formatDate(r.edDate, lang) : '—' }));
  }, { onDone: () => status.reload() });
  const last = status.data?.lastImport;
  return (
    <section className="card section-card" aria-labelledby="bik-title">
      <h2 id="bik-title">{t('acc.bik.title')}</h2>
      <p className="muted">{t('acc.bik.hint')}</p>
      {status.data ? (
        <p data-testid="bik-status">{last ? t('acc.bik.status', { entries: status.data.entries, closed: status.data.closed, date: last.edDate ? formatDate(last.edDate, lang) : '—', when: fmtInstant(last.importedAt, lang), who: last.importedBy ?? '—' }) : t('acc.bik.empty')}</p>
      ) : null}
      {canImport ? (
        <div>
          <label htmlFor="bik-file">{t('acc.bik.file')}</label>{' '}
          <input id="bik-file" type="file" accept=".xml" disabled={submit.busy} data-testid="bik-file" onChange={(e) => { const f = e.target.files?.[0]; if (f) { setResult(null); void submit.run(f); } }} />
        </div>
      ) : null}
      {submit.busy ? <Spinner label={t('acc.bik.loading')} /> : null}
      {result ? <Banner kind="info" testId="bik-result">{result}</Banner> : null}
      {submit.banner ? <Banner kind="error" testId="bik-error">{submit.banner}</Banner> : null}
    </section>
  );
}
