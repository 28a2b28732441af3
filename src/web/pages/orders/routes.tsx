import { lazyPage, type RouteDef } from '../../lib/routes.ts';

const OrdersPage = lazyPage(() => import('./orders-panel.tsx'), 'OrdersPage');
const OrderPage = lazyPage(() => import('./order-page.tsx'), 'OrderPage');
const ProvisioningQueuePage = lazyPage(() => import('./provisioning-pages.tsx'), 'ProvisioningQueuePage');
const DelaysPage = lazyPage(() => import('./provisioning-pages.tsx'), 'DelaysPage');
const ContractTemplatesPage = lazyPage(() => import('./provisioning-pages.tsx'), 'ContractTemplatesPage');
const SurveysPage = lazyPage(() => import('../sales/surveys-page.tsx'), 'SurveysPage');

/** Orders and their contracts (sales), the provisioning queue and its delays (tech, management). */
export const ordersRoutes: RouteDef[] = [
  { path: '/orders', permission: 'proposal.read', render: () => <OrdersPage />, nav: { group: 'sales', label: 'nav.orders', testId: 'nav-orders', order: 40 } },
  { path: '/orders/:id', permission: 'proposal.read', section: 'nav-orders', render: ({ params, can }) => <OrderPage id={params.id!} can={can} /> },
  { path: '/surveys', permission: 'crm.read', render: () => <SurveysPage />, nav: { group: 'sales', label: 'nav.surveys', testId: 'nav-surveys', order: 45 } },
  { path: '/provisioning', permission: 'proposal.read', render: () => <ProvisioningQueuePage />, nav: { group: 'tech', label: 'nav.provisioning', testId: 'nav-provisioning', order: 5 } },
  { path: '/provisioning/delays', permission: 'proposal.read', render: () => <DelaysPage />, nav: { group: 'tech', label: 'nav.delays', testId: 'nav-delays', order: 6 } },
  { path: '/contract-templates', permission: 'proposal.read', render: ({ can }) => <ContractTemplatesPage can={can} />, nav: { group: 'offer', label: 'nav.contractTemplates', testId: 'nav-contract-templates', order: 60 } },
];
