import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ContactCreateSchema } from '../../../domain/parties/contact.schemas.ts';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { Modal, FormActions } from '../../components/modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, type Contact, type Page } from '../../lib/api.ts';
import { errorText, fieldErrorsOf } from '../../lib/errors.ts';
import { dash, orNull, splitList } from '../../lib/format.ts';

export function ContactsTab({ companyId, canWrite }: { companyId: string; canWrite: boolean }) {
  const { t } = useI18n();
  const [items, setItems] = useState<Contact[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);

  const load = useCallback(() => {
    api<Page<Contact>>('GET', `/companies/${encodeURIComponent(companyId)}/contacts`)
      .then((p) => setItems(p.items))
      .catch((e) => setError(errorText(e, t)));
  }, [companyId, t]);
  useEffect(load, [load]);

  return (
    <div>
      <div className="section-head">
        <h2>{t('contacts.title')}</h2>
        {canWrite ? <button type="button" className="btn btn-primary btn-sm" onClick={() => setEditing('new')} data-testid="contact-add">+ {t('contacts.add')}</button> : null}
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!items ? (!error ? <Spinner label={t('common.loading')} /> : null) : items.length === 0 ? (
        <div className="card empty" data-testid="contacts-empty">{t('contacts.none')}</div>
      ) : (
        <div className="card table-card">
          <table className="table" data-testid="contacts-table">
            <thead>
              <tr>
                <th>{t('contact.fullName')}</th>
                <th>{t('contact.position')}</th>
                <th>{t('contact.phones')}</th>
                <th>{t('contact.emails')}</th>
                <th>{t('contact.notes')}</th>
                {canWrite ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} data-testid="contact-row">
                  <td className="strong">{c.fullName}</td>
                  <td>{c.position ?? <span className="muted">{dash}</span>}</td>
                  <td>{c.phones.length ? c.phones.map((p) => <div key={p} className="nowrap"><a href={`tel:${p.replace(/[^\d+]/g, '')}`}>{p}</a></div>) : <span className="muted">{dash}</span>}</td>
                  <td>{c.emails.length ? c.emails.map((m) => <div key={m}><a href={`mailto:${m}`}>{m}</a></div>) : <span className="muted">{dash}</span>}</td>
                  <td className="clip">{c.notes ?? ''}</td>
                  {canWrite ? (
                    <td className="actions"><button type="button" className="btn btn-sm" onClick={() => setEditing(c)}>{t('common.edit')}</button></td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing ? (
        <ContactForm companyId={companyId} contact={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)} onSaved={() => { setEditing(null); load(); }} />
      ) : null}
    </div>
  );
}

function ContactForm({ companyId, contact, onClose, onSaved }: { companyId: string; contact: Contact | null; onClose: () => void; onSaved: () => void }) {
  const { t, tm } = useI18n();
  const toast = useToast();
  const [v, setV] = useState({
    fullName: contact?.fullName ?? '',
    position: contact?.position ?? '',
    phones: contact?.phones.join('\n') ?? '',
    emails: contact?.emails.join('\n') ?? '',
    notes: contact?.notes ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const set = (f: keyof typeof v, value: string) => {
    setV((x) => ({ ...x, [f]: value }));
    if (errors[f]) setErrors(({ [f]: _, ...rest }) => rest);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    const body = { fullName: v.fullName.trim(), position: orNull(v.position), phones: splitList(v.phones), emails: splitList(v.emails), notes: orNull(v.notes) };
    const parsed = ContactCreateSchema.safeParse(body);
    if (!parsed.success) {
      const errs: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const f = String(issue.path[0] ?? '');
        const bad = typeof issue.path[1] === 'number' ? (body[f as 'phones' | 'emails'] as string[])[issue.path[1]] : undefined;
        if (f && !errs[f]) errs[f] = tm(issue.message.startsWith('v.') ? issue.message : 'v.invalid') + (bad ? `: ${bad}` : '');
      }
      setErrors(errs);
      return;
    }
    setSaving(true);
    try {
      const base = `/companies/${encodeURIComponent(companyId)}/contacts`;
      if (contact) await api('PATCH', `${base}/${encodeURIComponent(contact.id)}`, body);
      else await api('POST', base, body);
      toast.success(contact ? t('contacts.saved') : t('contacts.created'));
      onSaved();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setBanner(errorText(err, t));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal title={contact ? t('contacts.editTitle') : t('contacts.newTitle')} onClose={onClose} testId="contact-form">
      <form onSubmit={submit} noValidate>
        {banner ? <Banner kind="error">{banner}</Banner> : null}
        <div className="form-grid">
          <Field id="contact-fullName" label={t('contact.fullName')} error={errors.fullName} required>
            <input id="contact-fullName" data-testid="contact-fullName" value={v.fullName} autoFocus onChange={(e) => set('fullName', e.target.value)} />
          </Field>
          <Field id="contact-position" label={t('contact.position')} error={errors.position}>
            <input id="contact-position" data-testid="contact-position" value={v.position} onChange={(e) => set('position', e.target.value)} />
          </Field>
          <Field id="contact-phones" label={t('contact.phones')} error={errors.phones} hint={t('contacts.listHint')}>
            <textarea id="contact-phones" data-testid="contact-phones" rows={3} value={v.phones} onChange={(e) => set('phones', e.target.value)} />
          </Field>
          <Field id="contact-emails" label={t('contact.emails')} error={errors.emails} hint={t('contacts.listHint')}>
            <textarea id="contact-emails" data-testid="contact-emails" rows={3} value={v.emails} onChange={(e) => set('emails', e.target.value)} />
          </Field>
          <Field id="contact-notes" label={t('contact.notes')} error={errors.notes} wide>
            <textarea id="contact-notes" data-testid="contact-notes" rows={2} value={v.notes} onChange={(e) => set('notes', e.target.value)} />
          </Field>
        </div>
        <FormActions onCancel={onClose} testId="contact-save" busy={saving} />
      </form>
    </Modal>
  );
}
