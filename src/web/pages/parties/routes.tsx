import { lazyPage, type RouteDef } from '../../lib/routes.ts';

const CompaniesPage = lazyPage(() => import('./companies-page.tsx'), 'CompaniesPage');
const CompanyNewPage = lazyPage(() => import('./company-form.tsx'), 'CompanyNewPage');
const CompanyEditPage = lazyPage(() => import('./company-form.tsx'), 'CompanyEditPage');
const CompanyPage = lazyPage(() => import('./company-page.tsx'), 'CompanyPage');
const UsersPage = lazyPage(() => import('./users-page.tsx'), 'UsersPage');
const TokensPage = lazyPage(() => import('./tokens-page.tsx'), 'TokensPage');

/** Companies, their contacts, consents and history; users (admin). */
export const partiesRoutes: RouteDef[] = [
  {
    path: '/companies',
    render: ({ can }) => <CompaniesPage canWrite={can('company.write')} />,
    nav: { group: 'sales', label: 'nav.companies', testId: 'nav-companies', order: 30 },
  },
  { path: '/companies/new', section: 'nav-companies', render: () => <CompanyNewPage /> },
  { path: '/companies/:id/edit', section: 'nav-companies', render: ({ params }) => <CompanyEditPage id={params.id!} /> },
  { path: '/companies/:id/:tab', section: 'nav-companies', render: ({ params, can }) => <CompanyPage id={params.id!} tab={params.tab!} can={can} /> },
  { path: '/companies/:id', section: 'nav-companies', render: ({ params, can }) => <CompanyPage id={params.id!} tab="overview" can={can} /> },
  {
    path: '/users',
    permission: 'user.manage',
    render: () => <UsersPage />,
    nav: { group: 'admin', label: 'nav.users', testId: 'nav-users', order: 10 },
  },
  {
    path: '/tokens',
    render: ({ can, me }) => <TokensPage admin={can('user.manage')} userId={me.user.id} />,
    nav: { group: 'admin', label: 'nav.tokens', testId: 'nav-tokens', order: 20 },
  },
];
