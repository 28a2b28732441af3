import { useState, type FormEvent } from 'react';
import { Banner } from '../components/field.tsx';
import { LangSwitch } from '../components/lang-switch.tsx';
import { useI18n } from '../i18n/index.ts';
import { api, ApiError, type User } from '../lib/api.ts';
import { errorText } from '../lib/errors.ts';

export function LoginPage({ onLoggedIn }: { onLoggedIn: (user: User) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!email.trim() || !password) {
      setError(t('login.fillBoth'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ user: User }>('POST', '/auth/login', { email: email.trim(), password }, { quiet401: true });
      onLoggedIn(res.user);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 && !err.problem.detail ? t('login.badCredentials') : errorText(err, t));
      setBusy(false);
    }
  }

  return (
    <div className="login-screen">
      <div className="login-lang"><LangSwitch /></div>
      <form className="login-card" onSubmit={submit} noValidate data-testid="login-form">
        <div className="login-brand">
          <span className="logo" aria-hidden="true"><i /><i /><i /></span>
          <span className="brand-name">Rackdesk</span>
        </div>
        <p className="login-subtitle">{t('login.subtitle')}</p>
        {error ? <Banner kind="error" testId="login-error">{error}</Banner> : null}
        <div className="field">
          <label htmlFor="login-email">{t('login.email')}</label>
          <input id="login-email" data-testid="login-email" type="email" autoComplete="username" autoFocus
            value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input id="login-password" data-testid="login-password" type="password" autoComplete="current-password"
            value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="login-submit">
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
