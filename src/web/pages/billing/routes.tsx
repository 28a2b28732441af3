import { lazyPage, type RouteDef } from '../../lib/routes.ts';

const BillingPage = lazyPage(() => import('./billing-page.tsx'), 'BillingPage');
const BillingClientPage = lazyPage(() => import('./billing-client-page.tsx'), 'BillingClientPage');
const InvoicesPage = lazyPage(() => import('./invoices-page.tsx'), 'InvoicesPage');
const ServicesPage = lazyPage(() => import('./services-page.tsx'), 'ServicesPage');
const PaymentsPage = lazyPage(() => import('./payments-page.tsx'), 'PaymentsPage');
const SuspensionsPage = lazyPage(() => import('./accounting-pages.tsx'), 'SuspensionsPage');
const StatementPage = lazyPage(() => import('./statements-history.tsx'), 'StatementPage');
const AccountingSettingsPage = lazyPage(() => import('./accounting-pages.tsx'), 'AccountingSettingsPage');

/** Accounting: receivables, runs, statements and each client's billing card. */
export const billingRoutes: RouteDef[] = [
  {
    path: '/billing',
    permission: 'billing.read',
    render: ({ can }) => <BillingPage tab="receivables" can={can} />,
    nav: { group: 'accounting', label: 'nav.billing', testId: 'nav-billing', href: '#/billing/receivables', order: 10 },
  },
  { path: '/accounting/invoices', permission: 'billing.read', render: () => <InvoicesPage />, nav: { group: 'accounting', label: 'nav.invoices', testId: 'nav-invoices', order: 20 } },
  { path: '/accounting/services', permission: 'billing.read', render: ({ can }) => <ServicesPage can={can} />, nav: { group: 'accounting', label: 'nav.services', testId: 'nav-services', order: 30 } },
  { path: '/accounting/payments', permission: 'billing.read', render: ({ can }) => <PaymentsPage can={can} />, nav: { group: 'accounting', label: 'nav.payments', testId: 'nav-payments', order: 40 } },
  { path: '/accounting/suspensions', permission: 'billing.read', render: ({ can }) => <SuspensionsPage can={can} />, nav: { group: 'accounting', label: 'nav.suspensions', testId: 'nav-suspensions', order: 50 } },
  { path: '/accounting/settings', permission: 'billing.read', render: ({ can }) => <AccountingSettingsPage can={can} />, nav: { group: 'accounting', label: 'nav.accountingSettings', testId: 'nav-accounting-settings', order: 60 } },
  { path: '/billing/clients/:id', permission: 'billing.read', section: 'nav-billing', render: ({ params }) => <BillingClientPage id={params.id!} /> },
  { path: '/billing/statements/:id', permission: 'billing.read', section: 'nav-billing', render: ({ params }) => <StatementPage id={params.id!} /> },
  { path: '/billing/:tab', permission: 'billing.read', section: 'nav-billing', render: ({ params, can }) => <BillingPage tab={params.tab!} can={can} /> },
];
