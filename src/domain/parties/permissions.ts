/** Roles of Rackdesk users (PRODUCT.md "Who uses it"). */
export const roles = ['manager', 'assistant', 'tech', 'accounting', 'facilities', 'management', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Every permission a use case can demand. */
export const permissions = [
  'company.read', 'company.write', 'contact.write', 'consent.write',
  'audit.read', 'user.read', 'user.manage', 'import.run', 'data.export', 'reference.manage',
  'billing.read', 'billing.write', 'billing.run', 'payment.write', 'billing.suspend',
] as const;
export type Permission = (typeof permissions)[number];

const everyoneReads: Permission[] = ['company.read', 'audit.read', 'user.read'];

/** The permission matrix — the one place that says who may do what. */
export const permissionMatrix: Record<Role, readonly Permission[]> = {
  manager: [...everyoneReads, 'billing.read', 'company.write', 'contact.write', 'consent.write', 'import.run'],
  assistant: [...everyoneReads, 'company.write', 'contact.write', 'consent.write', 'import.run', 'billing.read', 'billing.write', 'billing.run', 'payment.write'],
  tech: [...everyoneReads, 'reference.manage', 'billing.read'],
  accounting: [...everyoneReads, 'company.write', 'contact.write', 'import.run', 'billing.read', 'billing.write', 'billing.run', 'payment.write'],
  facilities: [...everyoneReads],
  management: [...everyoneReads, 'company.write', 'contact.write', 'consent.write', 'import.run', 'data.export', 'reference.manage', 'billing.read', 'billing.write', 'billing.suspend'],
  admin: [...permissions],
};

export const can = (role: Role, permission: Permission): boolean => permissionMatrix[role].includes(permission);
