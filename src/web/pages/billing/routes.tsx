import { lazyPage, type RouteDef } from '../../lib/routes.ts';

const BillingPage = lazyPage(() => import('./billing-page.tsx'), 'BillingPage');
const BillingClientPage = lazyPage(() => import('./billing-client-page.tsx'), 'BillingClientPage');

/** Accounting: receivables, runs, statements and each client's billing card. */
export const billingRoutes: RouteDef[] = [
  {
    path: '/billing',
    permission: 'billing.read',
    render: ({ can }) => <BillingPage tab="receivables" can={can} />,
    nav: { group: 'accounting', label: 'nav.billing', testId: 'nav-billing', href: '#/billing/receivables', order: 10 },
  },
  { path: '/billing/clients/:id', permission: 'billing.read', section: 'nav-billing', render: ({ params }) => <BillingClientPage id={params.id!} /> },
  { path: '/billing/:tab', permission: 'billing.read', section: 'nav-billing', render: ({ params, can }) => <BillingPage tab={params.tab!} can={can} /> },
];
