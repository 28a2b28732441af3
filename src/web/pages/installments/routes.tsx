import { lazyPage, type RouteDef } from '../../lib/routes.ts';

const InstallmentsPage = lazyPage(() => import('./installments-page.tsx'), 'InstallmentsPage');
const AgreementPage = lazyPage(() => import('./agreement-page.tsx'), 'AgreementPage');
const AgreementNewPage = lazyPage(() => import('./agreement-new-page.tsx'), 'AgreementNewPage');
const OutgoingQueuePage = lazyPage(() => import('./outgoing-queue-page.tsx'), 'OutgoingQueuePage');

/** Management, accounting and facilities: purchases on installments, their schedules and the reports. */
export const installmentsRoutes: RouteDef[] = [
  {
    path: '/installments',
    permission: 'installment.read',
    render: () => <InstallmentsPage />,
    nav: { group: 'accounting', label: 'nav.installments', testId: 'nav-installments', order: 30 },
  },
  { path: '/installments/new', permission: 'installment.write', section: 'nav-installments', render: () => <AgreementNewPage /> },
  { path: '/installments/outgoing', permission: 'installment.read', section: 'nav-installments', render: ({ can }) => <OutgoingQueuePage canWrite={can('installment.write')} /> },
  { path: '/installments/:id', permission: 'installment.read', section: 'nav-installments', render: ({ params, can }) => <AgreementPage id={params.id!} canPay={can('installment.write')} /> },
];
