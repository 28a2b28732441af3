/** Roles of Rackdesk users. */
export const roles = ['manager', 'assistant', 'tech', 'accounting', 'facilities', 'management', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Every permission a use case can demand. */
export const permissions = [
  // parties, users, reference data
  'company.read', 'company.write', 'contact.write', 'consent.write',
  'audit.read', 'user.read', 'user.manage', 'import.run', 'data.export', 'reference.manage',
  // catalog, costs, proposals
  'catalog.write', 'pricelist.import', 'pricing.formula', 'proposal.read', 'proposal.write', 'proposal.approve',
  // CRM
  'crm.read', 'crm.write', 'crm.team', 'crm.configure', 'partner.manage',
  // inventory and feasibility
  'inventory.read', 'inventory.manage', 'inventory.allocate', 'inventory.release', 'feasibility.request', 'feasibility.answer',
  // billing
  'billing.read', 'billing.write', 'billing.run', 'payment.write', 'billing.suspend',
  // compensation: one's own statement, everyone's statements, plans and approvals
  'payroll.own', 'payroll.read', 'payroll.manage',
  // the Bank of Russia БИК directory
  'bik.import',
  // orders, contracts, provisioning
  'order.write', 'order.cancel', 'contract.template', 'provisioning.work', 'payment.defer',
  // equipment bought on installments
  'installment.read', 'installment.write',
  // marketing: competitors, demand, public price list, ads, ad spend
  'marketing.read', 'marketing.write',
] as const;
export type Permission = (typeof permissions)[number];

const everyoneReads: Permission[] = ['company.read', 'audit.read', 'user.read', 'proposal.read', 'crm.read', 'inventory.read', 'billing.read'];
const partiesWrite: Permission[] = ['company.write', 'contact.write', 'consent.write', 'import.run'];

/** The permission matrix — the one place that says who may do what. */
export const permissionMatrix: Record<Role, readonly Permission[]> = {
  manager: [...everyoneReads, ...partiesWrite, 'proposal.write', 'crm.write', 'feasibility.request', 'payroll.own', 'order.write', 'marketing.read'],
  assistant: [...everyoneReads, ...partiesWrite, 'proposal.write', 'crm.write', 'feasibility.request', 'billing.write', 'billing.run', 'payment.write', 'order.write'],
  tech: [...everyoneReads, 'inventory.manage', 'inventory.allocate', 'inventory.release', 'feasibility.answer', 'provisioning.work', 'installment.read'],
  accounting: [...everyoneReads, 'company.write', 'contact.write', 'import.run', 'pricelist.import', 'billing.write', 'billing.run', 'payment.write', 'payroll.own', 'payroll.read', 'bik.import', 'installment.read', 'installment.write'],
  facilities: [...everyoneReads, 'inventory.manage', 'installment.read', 'installment.write'],
  management: [
    ...everyoneReads, ...partiesWrite, 'data.export', 'reference.manage',
    'catalog.write', 'pricelist.import', 'pricing.formula', 'proposal.write', 'proposal.approve',
    'crm.write', 'crm.team', 'crm.configure', 'partner.manage', 'feasibility.request',
    'billing.write', 'billing.suspend', 'payroll.own', 'payroll.read', 'payroll.manage', 'bik.import', 'order.write', 'order.cancel', 'contract.template', 'payment.defer', 'installment.read', 'installment.write',
    'marketing.read', 'marketing.write',
  ],
  admin: [...permissions],
};

export const can = (role: Role, permission: Permission): boolean => permissionMatrix[role].includes(permission);

/**
 * Ownership of deals and tasks: `crm.write` lets a user change what is theirs (deals they own, tasks
 * assigned to them); changing someone else's, or giving a deal to another owner, takes `crm.team`.
 */
export const mayChangeOwned = (role: Role, actorId: string | null, ownerId: string | null, newOwnerId?: string | null): boolean =>
  can(role, 'crm.team') || (actorId !== null && actorId === ownerId && (newOwnerId === undefined || newOwnerId === null || newOwnerId === ownerId));
