import { lazyPage, type RouteDef } from '../../lib/routes.ts';

const CompetitorsPage = lazyPage(() => import('./competitors-page.tsx'), 'CompetitorsPage');
const ComparisonPage = lazyPage(() => import('./comparison-page.tsx'), 'ComparisonPage');
const DemandPage = lazyPage(() => import('./demand-page.tsx'), 'DemandPage');
const SpendPage = lazyPage(() => import('./spend-page.tsx'), 'SpendPage');

/** Marketing (C15): competitors, price comparison, demand, ad spend and attribution. */
export const marketingRoutes: RouteDef[] = [
  {
    path: '/marketing/competitors', permission: 'marketing.read',
    render: ({ can }) => <CompetitorsPage canWrite={can('marketing.write')} />,
    nav: { group: 'marketing', label: 'nav.mktCompetitors', testId: 'nav-mkt-competitors', order: 10 },
  },
  {
    path: '/marketing/comparison', permission: 'marketing.read',
    render: () => <ComparisonPage />,
    nav: { group: 'marketing', label: 'nav.mktComparison', testId: 'nav-mkt-comparison', order: 20 },
  },
  {
    path: '/marketing/demand', permission: 'marketing.read',
    render: () => <DemandPage />,
    nav: { group: 'marketing', label: 'nav.mktDemand', testId: 'nav-mkt-demand', order: 30 },
  },
  {
    path: '/marketing/spend', permission: 'marketing.read',
    render: ({ can }) => <SpendPage canWrite={can('marketing.write')} canPayroll={can('payroll.manage')} />,
    nav: { group: 'marketing', label: 'nav.mktSpend', testId: 'nav-mkt-spend', order: 60 },
  },
];
