import { lazyPage, type RouteDef } from '../../lib/routes.ts';

const PipelinePage = lazyPage(() => import('./pipeline-page.tsx'), 'PipelinePage');
const DealPage = lazyPage(() => import('./deal-page.tsx'), 'DealPage');
const TodayPage = lazyPage(() => import('./day-pages.tsx'), 'TodayPage');
const SummaryPage = lazyPage(() => import('./day-pages.tsx'), 'SummaryPage');
const ReportsPage = lazyPage(() => import('./day-pages.tsx'), 'ReportsPage');
const CrmSettingsPage = lazyPage(() => import('./settings-page.tsx'), 'CrmSettingsPage');
const PartnersPage = lazyPage(() => import('./partners-page.tsx'), 'PartnersPage');

/** The manager's day, the pipeline, deals, partners, reports and CRM settings. */
export const crmRoutes: RouteDef[] = [
  {
    path: '/today',
    permission: 'crm.read',
    render: ({ can }) => <TodayPage team={can('crm.team')} />,
    nav: { group: 'sales', label: 'nav.today', testId: 'nav-today', order: 10 },
  },
  {
    path: '/pipeline',
    permission: 'crm.read',
    render: ({ can, me }) => <PipelinePage canWrite={can('crm.write')} myId={me.user.id} canTeam={can('crm.team')} />,
    nav: { group: 'sales', label: 'nav.pipeline', testId: 'nav-pipeline', order: 20 },
  },
  { path: '/deals/:id', permission: 'crm.read', section: 'nav-pipeline', render: ({ params, can }) => <DealPage id={params.id!} canWrite={can('crm.write')} canTeam={can('crm.team')} /> },
  {
    path: '/partners',
    permission: 'crm.read',
    render: ({ can }) => <PartnersPage canManage={can('partner.manage')} />,
    nav: { group: 'sales', label: 'nav.partners', testId: 'nav-partners', order: 60 },
  },
  {
    path: '/summary',
    permission: 'crm.read',
    render: ({ can }) => <SummaryPage team={can('crm.team')} />,
    nav: { group: 'sales', label: 'nav.summary', testId: 'nav-summary', order: 70 },
  },
  {
    path: '/reports',
    permission: 'crm.read',
    render: () => <ReportsPage />,
    nav: { group: 'sales', label: 'nav.reports', testId: 'nav-reports', order: 80 },
  },
  {
    path: '/crm-settings',
    permission: 'crm.configure',
    render: ({ can }) => <CrmSettingsPage canConfigure={can('crm.configure')} />,
    nav: { group: 'sales', label: 'nav.crmSettings', testId: 'nav-crm-settings', order: 90 },
  },
];
