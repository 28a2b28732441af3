import { lazyPage, type RouteDef } from '../../lib/routes.ts';

const CompetitorsPage = lazyPage(() => import('./competitors-page.tsx'), 'CompetitorsPage');
const ComparisonPage = lazyPage(() => import('./comparison-page.tsx'), 'ComparisonPage');
const DemandPage = lazyPage(() => import('./demand-page.tsx'), 'DemandPage');
const SpendPage = lazyPage(() => import('./spend-page.tsx'), 'SpendPage');
const AdsPage = lazyPage(() => import('./ads-page.tsx'), 'AdsPage');
const PricelistPage = lazyPage(() => import('./pricelist-page.tsx'), 'PricelistPage');

/** Marketing (C15): competitors, price comparison, demand, the public price list, ads, ad spend and attribution. */
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
  { path: '/ads', permission: 'marketing.read', render: ({ can }) => <AdsPage canWrite={can('marketing.write')} />, nav: { group: 'marketing', label: 'nav.ads', testId: 'nav-ads', order: 50 } },
  { path: '/pricelist', permission: 'marketing.read', render: () => <PricelistPage />, nav: { group: 'marketing', label: 'nav.pricelist', testId: 'nav-pricelist', order: 40 } },
];
