import { useEffect, useState } from 'react';
import { Banner, Field } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';

interface SalesSettings { linkValidDays: number; surveyAfterDays: number; lowScoreThreshold: number }

/** CRM settings: how long client links live, when the satisfaction survey goes, what counts as a low score. */
export function SalesSettingsCard() {
  const { t } = useI18n();
  const loaded = useData(() => api<SalesSettings>('GET', '/sales/settings'), []);
  const [v, setV] = useState({ linkValidDays: '', surveyAfterDays: '', lowScoreThreshold: '' });
  useEffect(() => {
    if (loaded.data) setV({ linkValidDays: String(loaded.data.linkValidDays), surveyAfterDays: String(loaded.data.surveyAfterDays), lowScoreThreshold: String(loaded.data.lowScoreThreshold) });
  }, [loaded.data]);
  const submit = useSubmit(() => api('PUT', '/sales/settings', { linkValidDays: Number(v.linkValidDays), surveyAfterDays: Number(v.surveyAfterDays), lowScoreThreshold: Number(v.lowScoreThreshold) }),
    { success: t('sales.set.saved'), onDone: loaded.reload });
  const num = (k: keyof typeof v, min: number, max: number) => (
    <Field id={`ss-${k}`} label={t(`sales.set.${k}`)} error={submit.fieldErrors[k]}>
      <input id={`ss-${k}`} type="number" min={min} max={max} value={v[k]} onChange={(e) => setV({ ...v, [k]: e.target.value })} />
    </Field>
  );
  return (
    <>
      <div className="section-head"><h2>{t('sales.set.title')}</h2></div>
      <div className="card form-card" data-testid="sales-settings">
        {loaded.error ? <Banner kind="error">{loaded.error}</Banner> : null}
        {submit.banner ? <Banner kind="error">{submit.banner}</Banner> : null}
        <form onSubmit={submit.onSubmit} className="form-grid">
          {num('linkValidDays', 1, 90)}
          {num('surveyAfterDays', 1, 365)}
          {num('lowScoreThreshold', 1, 5)}
          <div className="field-wide small muted">{t('sales.set.hint')}</div>
          <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={submit.busy || !loaded.data} data-testid="sales-settings-save">{submit.busy ? t('common.saving') : t('common.save')}</button></div>
        </form>
      </div>
    </>
  );
}
