import { lazyPage, type RouteDef } from '../../lib/routes.ts';

const CatalogPage = lazyPage(() => import('./catalog-page.tsx'), 'CatalogPage');
const PriceListsPage = lazyPage(() => import('./price-lists-page.tsx'), 'PriceListsPage');
const ProposalsPage = lazyPage(() => import('./proposals-page.tsx'), 'ProposalsPage');
const ProposalPage = lazyPage(() => import('./proposal-page.tsx'), 'ProposalPage');
const ApprovalsPage = lazyPage(() => import('./approvals-page.tsx'), 'ApprovalsPage');

/** Catalog, supplier price lists, proposals and their approvals. */
export const quotingRoutes: RouteDef[] = [
  {
    path: '/proposals',
    permission: 'proposal.read',
    render: ({ can }) => <ProposalsPage canWrite={can('proposal.write')} />,
    nav: { group: 'sales', label: 'nav.proposals', testId: 'nav-proposals', order: 40 },
  },
  { path: '/proposals/:id', permission: 'proposal.read', section: 'nav-proposals', render: ({ params, can }) => <ProposalPage id={params.id!} can={can} /> },
  {
    path: '/approvals',
    permission: 'proposal.approve',
    render: () => <ApprovalsPage />,
    nav: { group: 'sales', label: 'nav.approvals', testId: 'nav-approvals', order: 50 },
  },
  {
    path: '/catalog',
    permission: 'proposal.read',
    render: ({ can }) => <CatalogPage can={can} />,
    nav: { group: 'offer', label: 'nav.catalog', testId: 'nav-catalog', order: 10 },
  },
  {
    path: '/price-lists',
    permission: 'pricelist.import',
    render: () => <PriceListsPage />,
    nav: { group: 'offer', label: 'nav.priceLists', testId: 'nav-price-lists', order: 20 },
  },
];
