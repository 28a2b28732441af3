import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { Modal, FormActions } from '../../components/modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, type Page, type User } from '../../lib/api.ts';
import { errorText, fieldErrorsOf } from '../../lib/errors.ts';
import { dash, fmtInstant } from '../../lib/format.ts';

const roles = ['manager', 'assistant', 'tech', 'accounting', 'facilities', 'management', 'admin'] as const;

export function UsersPage() {
  const { t, lang } = useI18n();
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<User | 'new' | null>(null);

  const load = useCallback(() => {
    api<Page<User>>('GET', '/users?limit=500').then((p) => setUsers(p.items)).catch((e) => setError(errorText(e, t)));
  }, [t]);
  useEffect(load, [load]);

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('users.title')}</h1>
          <p className="page-sub">{t('users.subtitle')}</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="user-new">+ {t('users.new')}</button>
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!users ? (!error ? <Spinner label={t('common.loading')} /> : null) : (
        <div className="card table-card">
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th>{t('user.fullName')}</th>
                <th>{t('user.email')}</th>
                <th>{t('user.role')}</th>
                <th>{t('user.locale')}</th>
                <th>{t('user.status')}</th>
                <th className="nowrap">{t('user.createdAt')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-testid="user-row" data-id={u.id} className={u.active === false ? 'inactive' : ''}>
                  <td className="strong">{u.fullName}</td>
                  <td>{u.email}</td>
                  <td><span className={`badge badge-role-${u.role}`}>{t(`role.${u.role}`, { defaultValue: u.role })}</span></td>
                  <td>{u.locale ? u.locale.toUpperCase() : dash}</td>
                  <td>
                    <span className={`status ${u.active === false ? 'status-withdrawn' : 'status-granted'}`}>
                      {u.active === false ? t('user.inactive') : t('user.active')}
                    </span>
                  </td>
                  <td className="nowrap muted">{fmtInstant(u.createdAt, lang)}</td>
                  <td className="actions"><button type="button" className="btn btn-sm" onClick={() => setEditing(u)} data-testid="user-edit">{t('common.edit')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing ? (
        <UserForm user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); load(); }} />
      ) : null}
    </section>
  );
}

function UserForm({ user, onClose, onSaved }: { user: User | null; onClose: () => void; onSaved: () => void }) {
  const { t, tm, lang } = useI18n();
  const toast = useToast();
  const [email, setEmail] = useState(user?.email ?? '');
  const [fullName, setFullName] = useState(user?.fullName ?? '');
  const [role, setRole] = useState<string>(user?.role ?? 'manager');
  const [locale, setLocale] = useState<'ru' | 'en'>(user?.locale ?? lang);
  const [active, setActive] = useState(user?.active !== false);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [generated, setGenerated] = useState<string | null>(null);

  if (generated) {
    return (
      <Modal title={t('users.generatedTitle')} onClose={onSaved} testId="user-form">
        <p>{t('users.generatedText')}</p>
        <div className="secret" data-testid="generated-password">{generated}</div>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={onSaved} autoFocus>{t('users.done')}</button>
        </div>
      </Modal>
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!user && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) errs.email = tm('v.email');
    if (!fullName.trim()) errs.fullName = tm('v.required');
    if (password && password.length < 10) errs.password = tm('v.password');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setSaving(true);
    setBanner(null);
    try {
      if (user) {
        const body: Record<string, unknown> = {};
        if (fullName.trim() !== user.fullName) body.fullName = fullName.trim();
        if (role !== user.role) body.role = role;
        if (active !== (user.active !== false)) body.active = active;
        if (locale !== user.locale) body.locale = locale;
        if (password) body.password = password;
        if (Object.keys(body).length) await api('PATCH', `/users/${encodeURIComponent(user.id)}`, body);
        toast.success(t('users.saved'));
      } else {
        const created = await api<User & { generatedPassword?: string }>('POST', '/users', {
          email: email.trim(), fullName: fullName.trim(), role, locale, ...(password ? { password } : {}),
        });
        toast.success(t('users.created', { email: created.email }));
        if (created.generatedPassword) {
          setGenerated(created.generatedPassword);
          return;
        }
      }
      onSaved();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setBanner(errorText(err, t));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal title={user ? t('users.editTitle') : t('users.newTitle')} onClose={onClose} testId="user-form">
      <form onSubmit={submit} noValidate>
        {banner ? <Banner kind="error">{banner}</Banner> : null}
        <div className="form-grid">
          <Field id="user-email" label={t('user.email')} error={errors.email} required={!user}>
            <input id="user-email" data-testid="user-email" type="email" value={email} disabled={!!user} onChange={(e) => setEmail(e.target.value)} autoFocus={!user} />
          </Field>
          <Field id="user-fullName" label={t('user.fullName')} error={errors.fullName} required>
            <input id="user-fullName" data-testid="user-fullName" value={fullName} onChange={(e) => setFullName(e.target.value)} />
          </Field>
          <Field id="user-role" label={t('user.role')} error={errors.role}>
            <select id="user-role" data-testid="user-role" value={role} onChange={(e) => setRole(e.target.value)}>
              {roles.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
            </select>
          </Field>
          <Field id="user-locale" label={t('user.locale')} error={errors.locale}>
            <select id="user-locale" value={locale} onChange={(e) => setLocale(e.target.value as 'ru' | 'en')}>
              <option value="ru">{t('language.ru')}</option>
              <option value="en">{t('language.en')}</option>
            </select>
          </Field>
          <Field id="user-password" label={user ? t('user.newPassword') : t('user.password')} error={errors.password}
            hint={user ? t('users.passwordKeep') : t('users.passwordHint')} >
            <input id="user-password" data-testid="user-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </Field>
          {user ? (
            <Field id="user-active" label={t('user.status')} error={errors.active}>
              <label className="check">
                <input id="user-active" type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} data-testid="user-active" />
                {t('user.activeLabel')}
              </label>
            </Field>
          ) : null}
        </div>
        <FormActions onCancel={onClose} testId="user-save" label={user ? t('common.save') : t('users.create')} busy={saving} />
      </form>
    </Modal>
  );
}
