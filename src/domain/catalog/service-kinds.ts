/** What the provider sells (C1); every context that names a kind of service uses this list. */
export const serviceKinds = ['dedicated', 'colocation', 'vps', 'internet'] as const;
export type ServiceKind = (typeof serviceKinds)[number];
