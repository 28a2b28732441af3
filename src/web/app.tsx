import { Suspense, useCallback, useEffect, useState } from 'react';
import { Spinner } from './components/field.tsx';
import { LangSwitch } from './components/lang-switch.tsx';
import { GlobalSearch } from './components/global-search.tsx';
import { useToast } from './components/toast.tsx';
import { currentLanguage, setLanguage, storedLanguage, useI18n } from './i18n/index.ts';
import { api, ApiError, configureApi, type Me, type User } from './lib/api.ts';
import { errorText } from './lib/errors.ts';
import { navigate, useHashPath } from './lib/router.ts';
import { LoginPage } from './pages/login-page.tsx';
import { activeNav, findRoute, HOME, navFor } from './route-table.ts';

type Session = { state: 'loading' } | { state: 'anonymous' } | { state: 'offline'; message: string } | { state: 'in'; me: Me };

export function App() {
  const { t } = useI18n();
  const [session, setSession] = useState<Session>({ state: 'loading' });

  const loadMe = useCallback(async () => {
    try {
      const me = await api<Me>('GET', '/auth/me', undefined, { quiet401: true });
      setSession({ state: 'in', me: { user: me.user, permissions: me.permissions ?? [] } });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setSession({ state: 'anonymous' });
      else setSession({ state: 'offline', message: errorText(e, t) });
    }
  }, [t]);

  useEffect(() => {
    configureApi({ language: currentLanguage, onUnauthenticated: () => setSession({ state: 'anonymous' }) });
    void loadMe();
    // loadMe changes with the language; the session is loaded once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onLoggedIn = (user: User) => {
    // A user's own language wins unless this browser already chose one.
    if (!storedLanguage() && (user.locale === 'en' || user.locale === 'ru')) setLanguage(user.locale, false);
    void loadMe();
  };

  if (session.state === 'loading') return <div className="splash"><Spinner label={t('common.loading')} /></div>;
  if (session.state === 'anonymous') return <LoginPage onLoggedIn={onLoggedIn} />;
  if (session.state === 'offline') {
    return (
      <div className="splash">
        <div className="offline-card">
          <p>{session.message}</p>
          <button type="button" className="btn btn-primary" onClick={() => { setSession({ state: 'loading' }); void loadMe(); }}>
            {t('common.retry')}
          </button>
        </div>
      </div>
    );
  }
  return <Shell me={session.me} onLoggedOut={() => setSession({ state: 'anonymous' })} />;
}

function Shell({ me, onLoggedOut }: { me: Me; onLoggedOut: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const path = useHashPath();
  const can = (p: string) => me.permissions.includes(p);
  const active = activeNav(path);
  // On a narrow screen the sidebar is a drawer behind the menu button; opening a page closes it.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => { setMenuOpen(false); }, [path]);

  async function logout() {
    try {
      await api('POST', '/auth/logout', undefined, { quiet401: true });
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) { toast.error(errorText(e, t)); return; }
    }
    toast.clear();
    navigate(HOME);
    onLoggedOut();
  }

  return (
    <div className={`app${menuOpen ? ' menu-open' : ''}`}>
      <a className="skip-link" href="#main-content" onClick={(e) => { e.preventDefault(); document.getElementById('main-content')?.focus(); }}>{t('a11y.skip')}</a>
      <header className="topbar">
        <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="sidebar" onClick={() => setMenuOpen((o) => !o)} data-testid="menu-toggle">
          <span aria-hidden="true">☰</span><span className="sr-only">{menuOpen ? t('a11y.closeMenu') : t('a11y.menu')}</span>
        </button>
        <a className="brand" href="#/companies" aria-label="Rackdesk">
          <span className="logo" aria-hidden="true"><i /><i /><i /></span>
          <span className="brand-name">Rackdesk</span>
        </a>
        <GlobalSearch />
        <div className="topbar-right">
          <div className="whoami" data-testid="user-name">
            <span className="avatar" aria-hidden="true">{initials(me.user.fullName)}</span>
            <span className="whoami-text">
              <span className="whoami-name">{me.user.fullName}</span>
              <span className="whoami-role">{t(`role.${me.user.role}`, { defaultValue: me.user.role })}</span>
            </span>
          </div>
          <LangSwitch />
          <button type="button" className="btn btn-ghost-light" onClick={() => void logout()} data-testid="logout">{t('header.logout')}</button>
        </div>
      </header>
      <div className="layout">
        <nav className="sidebar" id="sidebar" aria-label={t('nav.label')}>
          {navFor(can).map((g) => (
            <div className="nav-group" key={g.group}>
              <div className="nav-group-label">{t(`navGroup.${g.group}`)}</div>
              {g.items.map((i) => (
                <a key={i.testId} href={i.href} className={i.testId === active ? 'active' : ''} aria-current={i.testId === active ? 'page' : undefined} data-testid={i.testId}>{t(i.label)}</a>
              ))}
            </div>
          ))}
        </nav>
        {menuOpen ? <div className="sidebar-backdrop" aria-hidden="true" onClick={() => setMenuOpen(false)} /> : null}
        <main className="content" id="main-content" tabIndex={-1}>
          <Routes path={path} can={can} me={me} />
        </main>
      </div>
    </div>
  );
}

function Routes({ path, can, me }: { path: string; can: (p: string) => boolean; me: Me }) {
  const { t } = useI18n();
  const m = findRoute(path);
  if (!m) {
    return (
      <div className="empty">
        <p>{t('error.pageNotFound')}</p>
        <a href={`#${HOME}`}>{t('nav.toCompanies')}</a>
      </div>
    );
  }
  if (m.route.permission && !can(m.route.permission)) return <div className="empty">{t('error.forbiddenPage')}</div>;
  return <Suspense fallback={<Spinner label={t('common.loading')} />}>{m.route.render({ params: m.params, can, me })}</Suspense>;
}

const initials = (name: string): string =>
  name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('') || '?';
