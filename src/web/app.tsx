import { useCallback, useEffect, useState } from 'react';
import { Spinner } from './components/field.tsx';
import { LangSwitch } from './components/lang-switch.tsx';
import { useToast } from './components/toast.tsx';
import { currentLanguage, setLanguage, storedLanguage, useI18n } from './i18n/index.ts';
import { api, ApiError, configureApi, type Me, type User } from './lib/api.ts';
import { errorText } from './lib/errors.ts';
import { matchRoute, navigate, useHashPath } from './lib/router.ts';
import { activeItem, NAV } from './nav.ts';
import { CompaniesPage } from './pages/companies-page.tsx';
import { CompanyEditPage, CompanyNewPage } from './pages/company-form.tsx';
import { CompanyPage } from './pages/company-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { UsersPage } from './pages/users-page.tsx';
import { CatalogPage } from './pages/catalog-page.tsx';
import { PriceListsPage } from './pages/price-lists-page.tsx';
import { ProposalsPage } from './pages/proposals-page.tsx';
import { ProposalPage } from './pages/proposal-page.tsx';
import { ApprovalsPage } from './pages/approvals-page.tsx';
import { PipelinePage } from './pages/crm/pipeline-page.tsx';
import { DealPage } from './pages/crm/deal-page.tsx';
import { ReportsPage, SummaryPage, TodayPage } from './pages/crm/day-pages.tsx';
import { CrmSettingsPage } from './pages/crm/settings-page.tsx';
import { PartnersPage } from './pages/crm/partners-page.tsx';
import { EquipmentPage, InventoryImportPage } from './pages/equipment-pages.tsx';
import { CapacityPage, FeasibilityPage, InventoryPage } from './pages/inventory-pages.tsx';
import { BillingPage } from './pages/billing-page.tsx';
import { BillingClientPage } from './pages/billing-client-page.tsx';

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
  const active = activeItem(path);

  async function logout() {
    try {
      await api('POST', '/auth/logout', undefined, { quiet401: true });
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) { toast.error(errorText(e, t)); return; }
    }
    navigate('/companies');
    onLoggedOut();
  }

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/companies" aria-label="Rackdesk">
          <span className="logo" aria-hidden="true"><i /><i /><i /></span>
          <span className="brand-name">Rackdesk</span>
        </a>
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
        <nav className="sidebar" aria-label={t('nav.label')}>
          {NAV.map((g) => {
            const items = g.items.filter((i) => !i.permission || can(i.permission));
            if (items.length === 0) return null;
            return (
              <div className="nav-group" key={g.label}>
                <div className="nav-group-label">{t(g.label)}</div>
                {items.map((i) => (
                  <a key={i.testId} href={i.href} className={i === active ? 'active' : ''} data-testid={i.testId}>{t(i.label)}</a>
                ))}
              </div>
            );
          })}
        </nav>
        <main className="content">
          <Routes path={path} can={can} me={me} />
        </main>
      </div>
    </div>
  );
}

function Routes({ path, can, me }: { path: string; can: (p: string) => boolean; me: Me }) {
  const { t } = useI18n();
  let m: Record<string, string> | null;
  if (path === '/' || matchRoute('/companies', path)) return <CompaniesPage canWrite={can('company.write')} />;
  if (matchRoute('/companies/new', path)) return <CompanyNewPage />;
  if ((m = matchRoute('/companies/:id/edit', path))) return <CompanyEditPage id={m.id!} />;
  if ((m = matchRoute('/companies/:id/:tab', path))) return <CompanyPage id={m.id!} tab={m.tab!} can={can} />;
  if ((m = matchRoute('/companies/:id', path))) return <CompanyPage id={m.id!} tab="contacts" can={can} />;
  if (matchRoute('/catalog', path)) return <CatalogPage can={can} />;
  if (matchRoute('/price-lists', path)) return <PriceListsPage />;
  if (matchRoute('/proposals', path)) return <ProposalsPage canWrite={can('proposal.write')} />;
  if ((m = matchRoute('/proposals/:id', path))) return <ProposalPage id={m.id!} can={can} />;
  if (matchRoute('/approvals', path)) return <ApprovalsPage />;
  if (matchRoute('/pipeline', path)) return <PipelinePage canWrite={can('crm.write')} myId={me.user.id} />;
  if ((m = matchRoute('/deals/:id', path))) return <DealPage id={m.id!} canWrite={can('crm.write')} />;
  if (matchRoute('/today', path)) return <TodayPage team={can('crm.team')} />;
  if (matchRoute('/summary', path)) return <SummaryPage team={can('crm.team')} />;
  if (matchRoute('/reports', path)) return <ReportsPage />;
  if (matchRoute('/crm-settings', path)) return <CrmSettingsPage canConfigure={can('crm.configure')} />;
  if (matchRoute('/partners', path)) return <PartnersPage canManage={can('partner.manage')} />;
  if (matchRoute('/inventory', path)) return <InventoryPage />;
  if (matchRoute('/feasibility', path)) return <FeasibilityPage can={can} />;
  if (matchRoute('/capacity', path)) return <CapacityPage />;
  if (matchRoute('/equipment', path)) return <EquipmentPage can={can} />;
  if (matchRoute('/inventory-import', path)) {
    return can('inventory.manage') ? <InventoryImportPage /> : <div className="empty">{t('error.forbiddenPage')}</div>;
  }
  if ((m = matchRoute('/billing/clients/:id', path))) return <BillingClientPage id={m.id!} />;
  if ((m = matchRoute('/billing/:tab', path))) return <BillingPage tab={m.tab!} can={can} />;
  if (matchRoute('/billing', path)) return <BillingPage tab="receivables" can={can} />;
  if (matchRoute('/users', path)) {
    return can('user.manage') ? <UsersPage /> : <div className="empty">{t('error.forbiddenPage')}</div>;
  }
  return (
    <div className="empty">
      <p>{t('error.pageNotFound')}</p>
      <a href="#/companies">{t('nav.toCompanies')}</a>
    </div>
  );
}

const initials = (name: string): string =>
  name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('') || '?';
