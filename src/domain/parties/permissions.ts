/** Roles of Rackdesk users (PRODUCT.md "Who uses it"). */
export const roles = ['manager', 'assistant', 'tech', 'accounting', 'facilities', 'management', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Every permission a use case can demand. */
export const permissions = [
  'company.read', 'company.write', 'contact.write', 'consent.write',
  'audit.read', 'user.read', 'user.manage', 'import.run', 'data.export', 'reference.manage',
  'inventory.read', 'inventory.manage', 'inventory.allocate', 'feasibility.request', 'feasibility.answer',
] as const;
export type Permission = (typeof permissions)[number];

const everyoneReads: Permission[] = ['company.read', 'audit.read', 'user.read', 'inventory.read'];

/** The permission matrix — the one place that says who may do what. */
export const permissionMatrix: Record<Role, readonly Permission[]> = {
  manager: [...everyoneReads, 'company.write', 'contact.write', 'consent.write', 'import.run', 'feasibility.request'],
  assistant: [...everyoneReads, 'company.write', 'contact.write', 'consent.write', 'import.run', 'feasibility.request'],
  tech: [...everyoneReads, 'reference.manage', 'inventory.manage', 'inventory.allocate', 'feasibility.answer'],
  accounting: [...everyoneReads, 'company.write', 'contact.write'],
  facilities: [...everyoneReads, 'inventory.manage'],
  management: [...everyoneReads, 'company.write', 'contact.write', 'consent.write', 'import.run', 'data.export', 'reference.manage', 'feasibility.request'],
  admin: [...permissions],
};

export const can = (role: Role, permission: Permission): boolean => permissionMatrix[role].includes(permission);
