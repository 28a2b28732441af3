import { z } from 'zod';
import { taxModes } from './tax.ts';

/** Kinds of places: data center, point of presence (network node), office. */
export const siteKinds = ['data_center', 'pop', 'office'] as const;
export type SiteKind = (typeof siteKinds)[number];

export interface Site {
  id: string;
  code: string;
  name: string;
  kind: SiteKind;
  address: string | null;
  active: boolean;
  createdAt: Date;
}

export const SiteCreateSchema = z.object({
  code: z.string({ error: 'v.required' }).trim().regex(/^[A-Z0-9][A-Z0-9_-]{1,19}$/, { error: 'v.site.code' }),
  name: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(200, { error: 'v.tooLong' }),
  kind: z.enum(siteKinds, { error: 'v.enum' }),
  address: z.string().trim().max(500, { error: 'v.tooLong' }).nullish().transform((v) => v || null),
  active: z.boolean().default(true),
}).strict();

export const OwnEntitySchema = z.object({
  companyId: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }),
  taxMode: z.enum(taxModes, { error: 'v.enum' }),
  isDefault: z.boolean().default(false),
}).strict();
