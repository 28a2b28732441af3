import { useState, type FormEvent } from 'react';
import { Banner, Field } from '../../components/field.tsx';
import { ListTable, SearchBox, useList, type Column } from '../../components/list.tsx';
import { Modal, FormActions } from '../../components/modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, type User } from '../../lib/api.ts';
import { errorText, fieldErrorsOf } from '../../lib/errors.ts';
import { dash, fmtInstant } from '../../lib/format.ts';

const roles = ['manager', 'assistant', 'tech', 'accounting', 'facilities', 'management', 'admin'] as const;

export function UsersPage() {
  const { t, lang } = useI18n();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const list = useList<User>('/users', { sort: 'fullName' });
  const role = String(list.filters.role ?? '');
  const active = String(list.filters.active ?? '');
  const columns: Column<User>[] = [
    { key: 'fullName', label: t('user.fullName'), sort: 'fullName', render: (u) => <span className="strong">{u.fullName}</span> },
    { key: 'email', label: t('user.email'), sort: 'email', render: (u) => u.email },
    { key: 'role', label: t('user.role'), sort: 'role', render: (u) => <span className={`badge badge-role-${u.role}`}>{t(`role.${u.role}`, { defaultValue: u.role })}</span> },
    { key: 'locale', label: t('user.locale'), render: (u) => (u.locale ? u.locale.toUpperCase() : dash) },
    {
      key: 'status', label: t('user.status'), render: (u) => (
        <span className={`status ${u.active === false ? 'status-withdrawn' : 'status-granted'}`}>{u.active === false ? t('user.inactive') : t('user.active')}</span>
      ),
    },
    { key: 'createdAt', label: t('user.createdAt'), sort: 'createdAt', render: (u) => <span className="nowrap muted">{fmtInstant(u.createdAt, lang)}</span> },
    { key: 'actions', label: '', render: (u) => <button type="button" className="btn btn-sm" onClick={() => setEditing(u)} data-testid="user-edit">{t('common.edit')}</button> },
  ];

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('users.title')}</h1>
          <p className="page-sub">{t('users.subtitle')}</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="user-new">+ {t('users.new')}</button>
      </div>
      <div className="toolbar filters">
        <SearchBox list={list} id="users-q" label={t('users.search')} testId="users-search" />
        <span className="filter">
          <label htmlFor="users-role" className="sr-only">{t('user.role')}</label>
          <select id="users-role" value={role} onChange={(e) => list.setFilter('role', e.target.value || null)} data-testid="users-role">
            <option value="">{t('users.allRoles')}</option>
            {roles.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
          </select>
        </span>
        <span className="filter">
          <label htmlFor="users-active" className="sr-only">{t('user.status')}</label>
          <select id="users-active" value={active} onChange={(e) => list.setFilter('active', e.target.value || null)} data-testid="users-active">
            <option value="">{t('users.anyStatus')}</option>
            <option value="true">{t('user.active')}</option>
            <option value="false">{t('user.inactive')}</option>
          </select>
        </span>
      </div>
      <ListTable list={list} columns={columns} rowKey={(u) => u.id} testId="users-table" rowTestId="user-row" empty={t('list.none')} caption={t('users.title')}
        rowAttrs={(u) => ({ 'data-id': u.id, className: u.active === false ? 'inactive' : '' })} />
      {editing ? (
        <UserForm user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); list.reload(); }} />
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
