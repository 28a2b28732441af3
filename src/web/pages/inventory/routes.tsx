import { lazyPage, type RouteDef } from '../../lib/routes.ts';

const FeasibilityPage = lazyPage(() => import('./feasibility-pages.tsx'), 'FeasibilityPage');
const SiteInventoryPage = lazyPage(() => import('./site-inventory-page.tsx'), 'SiteInventoryPage');
const PrefixPage = lazyPage(() => import('./prefix-page.tsx'), 'PrefixPage');
const EquipmentCard = lazyPage(() => import('./equipment-card.tsx'), 'EquipmentCard');
const CapacityPage = lazyPage(() => import('./inventory-pages.tsx'), 'CapacityPage');
const EquipmentPage = lazyPage(() => import('./equipment-pages.tsx'), 'EquipmentPage');
const InventoryImportPage = lazyPage(() => import('./equipment-pages.tsx'), 'InventoryImportPage');

/** The tech department: feasibility queue, sites and racks, equipment register, import, capacity. */
export const inventoryRoutes: RouteDef[] = [
  {
    path: '/feasibility',
    permission: 'inventory.read',
    render: ({ can }) => <FeasibilityPage can={can} />,
    nav: { group: 'tech', label: 'nav.feasibility', testId: 'nav-feasibility', order: 10 },
  },
  {
    path: '/inventory',
    permission: 'inventory.read',
    render: ({ can }) => <SiteInventoryPage canManage={can('inventory.manage')} />,
    nav: { group: 'tech', label: 'nav.inventory', testId: 'nav-inventory', order: 20 },
  },
  { path: '/prefixes/:id', permission: 'inventory.read', section: 'nav-inventory', render: ({ params, can }) => <PrefixPage id={params.id!} canAllocate={can('inventory.allocate')} /> },
  { path: '/equipment/:id', permission: 'inventory.read', section: 'nav-equipment', render: ({ params, can }) => <EquipmentCard id={params.id!} canManage={can('inventory.manage')} /> },
  {
    path: '/equipment',
    permission: 'inventory.read',
    render: ({ can }) => <EquipmentPage can={can} />,
    nav: { group: 'tech', label: 'nav.equipment', testId: 'nav-equipment', order: 30 },
  },
  {
    path: '/inventory-import',
    permission: 'inventory.manage',
    render: () => <InventoryImportPage />,
    nav: { group: 'tech', label: 'nav.inventoryImport', testId: 'nav-inventory-import', order: 40 },
  },
  {
    path: '/capacity',
    permission: 'inventory.read',
    render: () => <CapacityPage />,
    nav: { group: 'tech', label: 'nav.capacity', testId: 'nav-capacity', order: 50 },
  },
];
