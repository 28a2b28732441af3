import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { Modal, FormActions } from '../../components/modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, type Channel, type ConsentState, type Contact, type Page, type Purpose } from '../../lib/api.ts';
import { errorText, fieldErrorsOf } from '../../lib/errors.ts';
import { fmtInstant } from '../../lib/format.ts';

const channels: Channel[] = ['call', 'email', 'sms', 'messenger'];
const purposes: Purpose[] = ['pd_processing', 'advertising'];

interface Draft { contact: Contact; channel: Channel; purpose: Purpose; status: 'granted' | 'withdrawn' }

export function ConsentsTab({ companyId, canWrite }: { companyId: string; canWrite: boolean }) {
  const { t, lang } = useI18n();
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [states, setStates] = useState<ConsentState[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);

  const load = useCallback(() => {
    const base = `/companies/${encodeURIComponent(companyId)}`;
    Promise.all([api<Page<Contact>>('GET', `${base}/contacts`), api<Page<ConsentState>>('GET', `${base}/consents`)])
      .then(([c, s]) => { setContacts(c.items); setStates(s.items); })
      .catch((e) => setError(errorText(e, t)));
  }, [companyId, t]);
  useEffect(load, [load]);

  if (error) return <Banner kind="error">{error}</Banner>;
  if (!contacts) return <Spinner label={t('common.loading')} />;

  return (
    <div>
      <div className="section-head">
        <h2>{t('consents.title')}</h2>
        <span className="muted small">{t('consents.legend')}</span>
      </div>
      {contacts.length === 0 ? <div className="card empty">{t('consents.noContacts')}</div> : null}
      <div className="consent-list">
        {contacts.map((ct) => (
          <div key={ct.id} className="card consent-card" data-testid="consent-card" data-contact={ct.id}>
            <div className="consent-card-head">
              <div>
                <div className="strong">{ct.fullName}</div>
                {ct.position ? <div className="muted small">{ct.position}</div> : null}
              </div>
              {canWrite ? (
                <button type="button" className="btn btn-sm" data-testid="consent-record"
                  onClick={() => setDraft({ contact: ct, channel: 'email', purpose: 'pd_processing', status: 'granted' })}>
                  {t('consents.record')}
                </button>
              ) : null}
            </div>
            <table className="table consent-grid" data-testid="consent-grid">
              <thead>
                <tr>
                  <th>{t('consents.channel')}</th>
                  {purposes.map((p) => <th key={p}>{t(`purpose.${p}`)}</th>)}
                </tr>
              </thead>
              <tbody>
                {channels.map((ch) => (
                  <tr key={ch}>
                    <td className="strong">{t(`channel.${ch}`)}</td>
                    {purposes.map((p) => {
                      const s = states.find((x) => x.contactId === ct.id && x.channel === ch && x.purpose === p);
                      const status = s?.status ?? 'none';
                      const title = s ? [s.source, s.textVersion ? `${t('consents.textVersion')}: ${s.textVersion}` : null, s.recordedByName ?? s.recordedBy].filter(Boolean).join(' · ') : undefined;
                      return (
                        <td key={p} title={title} data-testid={`consent-${ch}-${p}`} data-status={status}>
                          <button type="button" className="consent-cell" disabled={!canWrite}
                            onClick={() => setDraft({ contact: ct, channel: ch, purpose: p, status: status === 'granted' ? 'withdrawn' : 'granted' })}>
                            <span className={`status status-${status}`}>{t(`consentStatus.${status}`)}</span>
                            {s ? <span className="muted small">{fmtInstant(s.at, lang)}</span> : null}
                          </button>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </div>
      {draft ? <ConsentForm companyId={companyId} draft={draft} onClose={() => setDraft(null)} onSaved={() => { setDraft(null); load(); }} /> : null}
    </div>
  );
}

function ConsentForm({ companyId, draft, onClose, onSaved }: { companyId: string; draft: Draft; onClose: () => void; onSaved: () => void }) {
  const { t, tm } = useI18n();
  const toast = useToast();
  const [channel, setChannel] = useState<Channel>(draft.channel);
  const [purpose, setPurpose] = useState<Purpose>(draft.purpose);
  const [status, setStatus] = useState(draft.status);
  const [source, setSource] = useState('');
  const [textVersion, setTextVersion] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!source.trim()) errs.source = tm('v.required');
    if (status === 'granted' && !textVersion.trim()) errs.textVersion = tm('v.required');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setSaving(true);
    setBanner(null);
    try {
      await api('POST', `/companies/${encodeURIComponent(companyId)}/contacts/${encodeURIComponent(draft.contact.id)}/consents`, {
        channel, purpose, status, source: source.trim(), textVersion: textVersion.trim() || null,
      });
      toast.success(t('consents.saved'));
      onSaved();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setBanner(errorText(err, t));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal title={t('consents.formTitle', { name: draft.contact.fullName })} onClose={onClose} testId="consent-form">
      <form onSubmit={submit} noValidate>
        {banner ? <Banner kind="error">{banner}</Banner> : null}
        <div className="form-grid">
          <Field id="consent-channel" label={t('consents.channel')} error={errors.channel}>
            <select id="consent-channel" value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
              {channels.map((c) => <option key={c} value={c}>{t(`channel.${c}`)}</option>)}
            </select>
          </Field>
          <Field id="consent-purpose" label={t('consents.purpose')} error={errors.purpose}>
            <select id="consent-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value as Purpose)}>
              {purposes.map((p) => <option key={p} value={p}>{t(`purpose.${p}`)}</option>)}
            </select>
          </Field>
          <div className="field field-wide">
            <span className="label">{t('consents.status')}</span>
            <div className="segmented" role="radiogroup">
              {(['granted', 'withdrawn'] as const).map((s) => (
                <label key={s} className={status === s ? 'active' : ''}>
                  <input type="radio" name="consent-status" checked={status === s} onChange={() => setStatus(s)} />
                  {t(`consentAction.${s}`)}
                </label>
              ))}
            </div>
          </div>
          <Field id="consent-source" label={t('consents.source')} error={errors.source} hint={t('consents.sourceHint')} required wide>
            <input id="consent-source" data-testid="consent-source" value={source} onChange={(e) => setSource(e.target.value)} />
          </Field>
          <Field id="consent-textVersion" label={t('consents.textVersion')} error={errors.textVersion} hint={t('consents.textVersionHint')} required={status === 'granted'}>
            <input id="consent-textVersion" data-testid="consent-textVersion" value={textVersion} onChange={(e) => setTextVersion(e.target.value)} />
          </Field>
        </div>
        <FormActions onCancel={onClose} testId="consent-save" busy={saving} />
      </form>
    </Modal>
  );
}
