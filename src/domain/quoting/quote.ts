import { z } from 'zod';
import { ComponentSchema, KopecksSchema, ServiceKindSchema } from '../catalog/catalog.schemas.ts';
import { percentOf, type Kopecks } from '../money.ts';
import { vatOf } from '../tax.ts';

/** Lifecycle of a proposal version (C3). */
export const proposalStatuses = ['draft', 'pending_approval', 'approved', 'sent', 'accepted', 'declined', 'expired'] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];
/** Statuses in which a version's content may still change. */
export const editableStatuses: readonly ProposalStatus[] = ['draft', 'pending_approval', 'approved'];
/** Statuses in which a proposal is still open (counts in the below-floor report). */
export const openStatuses: readonly ProposalStatus[] = ['draft', 'pending_approval', 'approved', 'sent'];

/** Allowed transitions; the database enforces the same table. */
export const transitions: Record<ProposalStatus, readonly ProposalStatus[]> = {
  draft: ['pending_approval', 'sent'],
  pending_approval: ['approved', 'draft'],
  approved: ['sent', 'draft', 'pending_approval'],
  sent: ['accepted', 'declined', 'expired'],
  accepted: [], declined: [], expired: [],
};

export const canTransition = (from: ProposalStatus, to: ProposalStatus): boolean => transitions[from].includes(to);

const date = z.string({ error: 'v.required' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'v.date' });
const discount = z.string().trim().regex(/^\d{1,3}([.,]\d{1,2})?$/, { error: 'v.percent' }).transform((s) => s.replace(',', '.'))
  .refine((s) => Number(s) <= 100, { error: 'v.percent' });

const quantity = z.number({ error: 'v.required' }).int({ error: 'v.invalid' }).min(1, { error: 'v.invalid' }).max(10_000, { error: 'v.invalid' });

/** Fields of a line change: only what is given changes (no defaults here, so a patch never resets a field). */
export const LinePatchSchema = z.object({
  offerId: z.string().max(64).nullish().transform((v) => v || null),
  siteId: z.string().max(64).optional(),
  serviceKind: ServiceKindSchema.optional(),
  description: z.string().trim().max(500, { error: 'v.tooLong' }).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  components: z.array(ComponentSchema).max(100).optional(),
  quantity: quantity.optional(),
  unitPrice: KopecksSchema.optional(),
  discountPct: discount.optional(),
  setupFee: KopecksSchema.optional(),
}).strict();

/** A proposal line: from an offer (components, site and parameters copied) or a custom configuration. */
export const LineInputSchema = LinePatchSchema.extend({ quantity: quantity.default(1), discountPct: discount.default('0') }).strict();
export type LineInput = z.infer<typeof LinePatchSchema>;

export const ProposalCreateSchema = z.object({
  companyId: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }).max(64),
  sellerCompanyId: z.string().max(64).nullish().transform((v) => v || null),
  dealId: z.string().max(64).nullish().transform((v) => v || null),
  title: z.string().trim().max(300, { error: 'v.tooLong' }).nullish().transform((v) => v || null),
  serviceDate: date,
  validUntil: date,
  lines: z.array(LineInputSchema).max(200).default([]),
}).strict();

export const ProposalHeaderPatchSchema = z.object({
  title: z.string().trim().max(300, { error: 'v.tooLong' }).nullish(),
  serviceDate: date.optional(),
  validUntil: date.optional(),
}).strict();

export const ApprovalSchema = z.object({
  reason: z.string({ error: 'v.required' }).trim().min(3, { error: 'v.quote.reason' }).max(2000, { error: 'v.tooLong' }),
}).strict();

/** Money of one line: unit price after discount, monthly sum, setup sum, margin, and whether it is below floor. */
export interface LineMoney {
  unitNet: Kopecks;
  monthly: Kopecks;
  setup: Kopecks;
  margin: Kopecks;
  belowFloor: boolean;
}

export function lineMoney(l: { unitPrice: Kopecks; discountPct: string; quantity: number; setupFee: Kopecks; unitCost: Kopecks; unitFloor: Kopecks }): LineMoney {
  const unitNet = l.unitPrice - percentOf(l.unitPrice, l.discountPct);
  const q = BigInt(l.quantity);
  return { unitNet, monthly: unitNet * q, setup: l.setupFee * q, margin: (unitNet - l.unitCost) * q, belowFloor: unitNet < l.unitFloor };
}

export interface Totals {
  monthly: Kopecks;
  setup: Kopecks;
  net: Kopecks;
  /** Percent as a decimal string, or null for «без НДС». */
  vatRate: string | null;
  vat: Kopecks;
  gross: Kopecks;
}

/** Totals of a version: VAT is charged once on the net sum (first month + setup), at the rate of the service date. */
export function totalsOf(lines: readonly LineMoney[], vatRate: string | null): Totals {
  let monthly = 0n;
  let setup = 0n;
  for (const l of lines) { monthly += l.monthly; setup += l.setup; }
  const net = monthly + setup;
  const vat = vatOf(net, vatRate);
  return { monthly, setup, net, vatRate, vat, gross: net + vat };
}
