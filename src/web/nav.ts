/** The navigation as data: groups of links, each shown when the user has its permission. */
export interface NavItem {
  /** First path segment that makes the item active (also matches sub-pages such as `/deals/:id`). */
  paths: string[];
  href: string;
  label: string;
  testId: string;
  permission?: string;
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

export const NAV: NavGroup[] = [
  {
    label: 'navGroup.sales',
    items: [
      { paths: ['today'], href: '#/today', label: 'nav.today', testId: 'nav-today', permission: 'crm.read' },
      { paths: ['pipeline', 'deals'], href: '#/pipeline', label: 'nav.pipeline', testId: 'nav-pipeline', permission: 'crm.read' },
      { paths: ['companies'], href: '#/companies', label: 'nav.companies', testId: 'nav-companies' },
      { paths: ['proposals'], href: '#/proposals', label: 'nav.proposals', testId: 'nav-proposals', permission: 'proposal.read' },
      { paths: ['approvals'], href: '#/approvals', label: 'nav.approvals', testId: 'nav-approvals', permission: 'proposal.approve' },
      { paths: ['partners'], href: '#/partners', label: 'nav.partners', testId: 'nav-partners', permission: 'crm.read' },
      { paths: ['summary'], href: '#/summary', label: 'nav.summary', testId: 'nav-summary', permission: 'crm.read' },
      { paths: ['reports'], href: '#/reports', label: 'nav.reports', testId: 'nav-reports', permission: 'crm.read' },
      { paths: ['crm-settings'], href: '#/crm-settings', label: 'nav.crmSettings', testId: 'nav-crm-settings', permission: 'crm.configure' },
    ],
  },
  {
    label: 'navGroup.offer',
    items: [
      { paths: ['catalog'], href: '#/catalog', label: 'nav.catalog', testId: 'nav-catalog', permission: 'proposal.read' },
      { paths: ['price-lists'], href: '#/price-lists', label: 'nav.priceLists', testId: 'nav-price-lists', permission: 'pricelist.import' },
    ],
  },
  {
    label: 'navGroup.tech',
    items: [
      { paths: ['feasibility'], href: '#/feasibility', label: 'nav.feasibility', testId: 'nav-feasibility', permission: 'inventory.read' },
      { paths: ['inventory'], href: '#/inventory', label: 'nav.inventory', testId: 'nav-inventory', permission: 'inventory.read' },
      { paths: ['equipment'], href: '#/equipment', label: 'nav.equipment', testId: 'nav-equipment', permission: 'inventory.read' },
      { paths: ['inventory-import'], href: '#/inventory-import', label: 'nav.inventoryImport', testId: 'nav-inventory-import', permission: 'inventory.manage' },
      { paths: ['capacity'], href: '#/capacity', label: 'nav.capacity', testId: 'nav-capacity', permission: 'inventory.read' },
    ],
  },
  {
    label: 'navGroup.accounting',
    items: [
      { paths: ['billing'], href: '#/billing/receivables', label: 'nav.billing', testId: 'nav-billing', permission: 'billing.read' },
    ],
  },
  {
    label: 'navGroup.admin',
    items: [
      { paths: ['users'], href: '#/users', label: 'nav.users', testId: 'nav-users', permission: 'user.manage' },
    ],
  },
];

/** The nav item a path belongs to (by its first segment), for highlighting. */
export function activeItem(path: string): NavItem | undefined {
  const first = path.split('/').filter(Boolean)[0] ?? 'companies';
  for (const g of NAV) for (const i of g.items) if (i.paths.includes(first)) return i;
  return undefined;
}
