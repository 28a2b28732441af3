import { SalesSettingsCard } from '../sales/sales-settings-card.tsx';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { Modal, FormActions } from '../../components/modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { errorText, fieldErrorsOf } from '../../lib/errors.ts';
import { fmtDate } from './types.ts';
import './crm.css';

interface StageRow { code: string; nameRu: string; nameEn: string; position: number; outcome: 'open' | 'won' | 'lost'; probability: number; active: boolean }
interface ReasonRow { code: string; nameRu: string; nameEn: string; active: boolean }

/** CRM settings for management: the pipeline stages and the refusal reasons (switched off, never removed). */
export function CrmSettingsPage({ canConfigure }: { canConfigure: boolean }) {
  const { t, lang } = useI18n();
  const [stages, setStages] = useState<StageRow[] | null>(null);
  const [reasons, setReasons] = useState<ReasonRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stage, setStage] = useState<StageRow | 'new' | null>(null);
  const [reason, setReason] = useState<ReasonRow | 'new' | null>(null);
  const load = useCallback(() => {
    Promise.all([api<{ items: StageRow[] }>('GET', '/crm/stages'), api<{ items: ReasonRow[] }>('GET', '/crm/refusal-reasons')])
      .then(([s, r]) => { setStages(s.items); setReasons(r.items); setError(null); })
      .catch((e) => setError(errorText(e, t)));
  }, [t]);
  useEffect(load, [load]);
  if (!canConfigure) return <div className="empty">{t('error.forbiddenPage')}</div>;
  const name = (x: { nameRu: string; nameEn: string }) => (lang === 'ru' ? x.nameRu : x.nameEn);
  const yesNo = (b: boolean) => (b ? t('crm.set.active') : t('crm.set.inactive'));
  return (
    <div>
      <div className="section-head"><h1>{t('crm.set.title')}</h1></div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!stages || !reasons ? <Spinner label={t('common.loading')} /> : (
        <>
          <div className="section-head">
            <h2>{t('crm.set.stages')}</h2>
            <button type="button" className="btn btn-sm btn-primary" onClick={() => setStage('new')} data-testid="stage-add">{t('crm.set.addStage')}</button>
          </div>
          <p className="small muted">{t('crm.set.stagesHint')}</p>
          <div className="card table-card">
            <table className="table" data-testid="stages-table">
              <thead><tr><th>{t('crm.set.position')}</th><th>{t('crm.set.code')}</th><th>{t('crm.set.nameRu')}</th><th>{t('crm.set.nameEn')}</th><th>{t('crm.probability')}</th><th>{t('crm.set.outcome')}</th><th>{t('crm.set.state')}</th><th /></tr></thead>
              <tbody>
                {stages.map((s) => (
                  <tr key={s.code} className={s.active ? '' : 'muted'}>
                    <td>{s.position}</td>
                    <td><code>{s.code}</code></td>
                    <td>{s.nameRu}</td>
                    <td>{s.nameEn}</td>
                    <td>{s.probability}%</td>
                    <td>{t(`crm.set.outcome.${s.outcome}`)}</td>
                    <td>{yesNo(s.active)}</td>
                    <td className="actions"><button type="button" className="btn btn-sm" onClick={() => setStage(s)} data-testid={`stage-edit-${s.code}`}>{t('crm.set.edit')}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="section-head">
            <h2>{t('crm.set.reasons')}</h2>
            <button type="button" className="btn btn-sm btn-primary" onClick={() => setReason('new')} data-testid="reason-add">{t('crm.set.addReason')}</button>
          </div>
          <div className="card table-card">
            <table className="table" data-testid="reasons-table">
              <thead><tr><th>{t('crm.set.code')}</th><th>{t('crm.set.nameRu')}</th><th>{t('crm.set.nameEn')}</th><th>{t('crm.set.state')}</th><th /></tr></thead>
              <tbody>
                {reasons.map((r) => (
                  <tr key={r.code} className={r.active ? '' : 'muted'} title={name(r)}>
                    <td><code>{r.code}</code></td>
                    <td>{r.nameRu}</td>
                    <td>{r.nameEn}</td>
                    <td>{yesNo(r.active)}</td>
                    <td className="actions"><button type="button" className="btn btn-sm" onClick={() => setReason(r)} data-testid={`reason-edit-${r.code}`}>{t('crm.set.edit')}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Holidays />
          <SalesSettingsCard />
        </>
      )}
      {stage ? <StageForm stage={stage === 'new' ? null : stage} nextPosition={Math.max(0, ...(stages ?? []).filter((s) => s.outcome === 'open').map((s) => s.position)) + 10}
        onClose={() => setStage(null)} onSaved={() => { setStage(null); load(); }} /> : null}
      {reason ? <ReasonForm reason={reason === 'new' ? null : reason} onClose={() => setReason(null)} onSaved={() => { setReason(null); load(); }} /> : null}
    </div>
  );
}

function StageForm({ stage, nextPosition, onClose, onSaved }: { stage: StageRow | null; nextPosition: number; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [v, setV] = useState({
    code: stage?.code ?? '', nameRu: stage?.nameRu ?? '', nameEn: stage?.nameEn ?? '',
    position: String(stage?.position ?? nextPosition), probability: String(stage?.probability ?? 10), active: stage?.active ?? true,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const set = (k: 'code' | 'nameRu' | 'nameEn' | 'position' | 'probability') => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const fixed = stage !== null && stage.outcome !== 'open';
  async function submit(e: FormEvent) {
    e.preventDefault();
    const int = (x: string) => (/^-?\d+$/.test(x.trim()) ? Number(x.trim()) : x.trim());
    try {
      await api('PUT', '/crm/stages', { code: v.code.trim(), nameRu: v.nameRu, nameEn: v.nameEn, position: int(v.position), probability: int(v.probability), active: v.active });
      toast.success(t('crm.set.saved'));
      onSaved();
    } catch (err) { setBanner(errorText(err, t)); setErrors(fieldErrorsOf(err)); }
  }
  return (
    <Modal title={stage ? `${t('crm.set.editStage')}: ${stage.code}` : t('crm.set.addStage')} onClose={onClose} wide>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="stage-form">
        {banner ? <Banner kind="error">{banner}</Banner> : null}
        <div className="form-grid">
          <Field id="st-code" label={t('crm.set.code')} error={errors.code} hint={t('crm.set.codeHint')} required>
            <input id="st-code" value={v.code} onChange={set('code')} readOnly={stage !== null} />
          </Field>
          <Field id="st-position" label={t('crm.set.position')} error={errors.position} required><input id="st-position" value={v.position} onChange={set('position')} inputMode="numeric" /></Field>
          <Field id="st-name-ru" label={t('crm.set.nameRu')} error={errors.nameRu} required><input id="st-name-ru" value={v.nameRu} onChange={set('nameRu')} /></Field>
          <Field id="st-name-en" label={t('crm.set.nameEn')} error={errors.nameEn} required><input id="st-name-en" value={v.nameEn} onChange={set('nameEn')} /></Field>
          <Field id="st-probability" label={`${t('crm.probability')}, %`} error={errors.probability} required><input id="st-probability" value={v.probability} onChange={set('probability')} inputMode="numeric" /></Field>
          <Field id="st-active" label={t('crm.set.state')} hint={fixed ? t('crm.set.fixedHint') : undefined}>
            <label className="row-gap"><input id="st-active" type="checkbox" checked={v.active} disabled={fixed} onChange={(e) => setV({ ...v, active: e.target.checked })} /> {t('crm.set.active')}</label>
          </Field>
        </div>
        <FormActions onCancel={onClose} testId="stage-save" />
      </form>
    </Modal>
  );
}

function ReasonForm({ reason, onClose, onSaved }: { reason: ReasonRow | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [v, setV] = useState({ code: reason?.code ?? '', nameRu: reason?.nameRu ?? '', nameEn: reason?.nameEn ?? '', active: reason?.active ?? true });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const set = (k: 'code' | 'nameRu' | 'nameEn') => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('PUT', '/crm/refusal-reasons', { ...v, code: v.code.trim() });
      toast.success(t('crm.set.saved'));
      onSaved();
    } catch (err) { setBanner(errorText(err, t)); setErrors(fieldErrorsOf(err)); }
  }
  return (
    <Modal title={reason ? `${t('crm.set.editReason')}: ${reason.code}` : t('crm.set.addReason')} onClose={onClose} wide>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="reason-form">
        {banner ? <Banner kind="error">{banner}</Banner> : null}
        <div className="form-grid">
          <Field id="rr-code" label={t('crm.set.code')} error={errors.code} hint={t('crm.set.codeHint')} required>
            <input id="rr-code" value={v.code} onChange={set('code')} readOnly={reason !== null} />
          </Field>
          <Field id="rr-active" label={t('crm.set.state')}>
            <label className="row-gap"><input id="rr-active" type="checkbox" checked={v.active} onChange={(e) => setV({ ...v, active: e.target.checked })} /> {t('crm.set.active')}</label>
          </Field>
          <Field id="rr-name-ru" label={t('crm.set.nameRu')} error={errors.nameRu} required><input id="rr-name-ru" value={v.nameRu} onChange={set('nameRu')} /></Field>
          <Field id="rr-name-en" label={t('crm.set.nameEn')} error={errors.nameEn} required><input id="rr-name-en" value={v.nameEn} onChange={set('nameEn')} /></Field>
        </div>
        <FormActions onCancel={onClose} testId="reason-save" />
      </form>
    </Modal>
  );
}

/** Non-working dates: the end-of-day job does not run on them. */
function Holidays() {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [items, setItems] = useState<{ date: string; name: string }[] | null>(null);
  const [v, setV] = useState({ date: '', name: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const load = useCallback(() => {
    api<{ items: { date: string; name: string }[] }>('GET', '/crm/holidays').then((r) => setItems(r.items)).catch((e) => setBanner(errorText(e, t)));
  }, [t]);
  useEffect(load, [load]);
  async function add(e: FormEvent) {
    e.preventDefault();
    try {
      await api('PUT', '/crm/holidays', { date: v.date, name: v.name });
      toast.success(t('crm.set.saved'));
      setV({ date: '', name: '' }); setErrors({}); setBanner(null);
      load();
    } catch (err) { setBanner(errorText(err, t)); setErrors(fieldErrorsOf(err)); }
  }
  async function remove(date: string) {
    try { await api('DELETE', `/crm/holidays/${date}`); load(); } catch (err) { setBanner(errorText(err, t)); }
  }
  return (
    <>
      <div className="section-head"><h2>{t('crm.set.holidays')}</h2></div>
      <p className="small muted">{t('crm.set.holidaysHint')}</p>
      {banner ? <Banner kind="error">{banner}</Banner> : null}
      <form className="card" onSubmit={(e) => void add(e)} noValidate data-testid="holiday-form">
        <div className="form-grid">
          <Field id="hd-date" label={t('crm.date')} error={errors.date} required><input id="hd-date" type="date" value={v.date} onChange={(e) => setV({ ...v, date: e.target.value })} /></Field>
          <Field id="hd-name" label={t('crm.set.holidayName')} error={errors.name}><input id="hd-name" value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} /></Field>
        </div>
        <div className="form-actions"><button type="submit" className="btn btn-primary" data-testid="holiday-add">{t('crm.set.addHoliday')}</button></div>
      </form>
      {!items ? <Spinner label={t('common.loading')} /> : (
        <div className="card table-card">
          <table className="table" data-testid="holidays-table">
            <thead><tr><th>{t('crm.date')}</th><th>{t('crm.set.holidayName')}</th><th /></tr></thead>
            <tbody>
              {items.length ? items.map((h) => (
                <tr key={h.date}>
                  <td>{fmtDate(h.date, lang)}</td>
                  <td>{h.name || '—'}</td>
                  <td className="actions"><button type="button" className="btn btn-sm" onClick={() => void remove(h.date)} data-testid={`holiday-remove-${h.date}`}>{t('crm.set.removeHoliday')}</button></td>
                </tr>
              )) : <tr><td colSpan={3} className="muted">{t('crm.none')}</td></tr>}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
