import { z } from 'zod';
import { isIsoDate } from '../dates.ts';
import { parseRubles } from '../money.ts';

const reqText = (max: number) => z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' });
const optText = (max: number) => z.string().trim().max(max, { error: 'v.tooLong' }).nullish().transform((v) => (v ? v : null));
const id = z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(64, { error: 'v.tooLong' });
const isoDate = z.string({ error: 'v.date' }).refine(isIsoDate, { error: 'v.date' });
export const monthSchema = z.string({ error: 'v.pay.month' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'v.pay.month' });
/**
 * Rubles as people type them ("50 000", "1234,56"), kept as kopecks. Kopecks already parsed (a bigint: the HTTP
 * route validated the body before the use case reads it) pass as they are.
 */
const rublesText = z.string({ error: 'v.money' }).refine((s) => { const v = parseRubles(s); return v !== null && v >= 0n; }, { error: 'v.money' })
  .transform((s) => parseRubles(s)!);
const rubles = z.union([z.bigint().nonnegative(), rublesText], { error: 'v.money' });
const positiveRubles = rubles.refine((v) => v > 0n, { error: 'v.pay.positive' });
const percent = z.string({ error: 'v.percent' }).trim().regex(/^\d{1,3}([.,]\d{1,3})?$/, { error: 'v.percent' })
  .transform((s) => s.replace(',', '.')).refine((s) => Number(s) <= 100, { error: 'v.percent' });

export const PlanVersionSchema = z.object({
  validFrom: isoDate,
  validTo: isoDate.nullish().transform((v) => v ?? null),
  baseSalary: rubles,
  managementBonusCap: rubles,
  acquisitionRate: percent,
  handlingRate: percent,
  retentionRate: percent,
  firstPartNum: z.number({ error: 'v.int' }).int({ error: 'v.int' }).min(1, { error: 'v.int' }).default(1),
  firstPartDen: z.number({ error: 'v.int' }).int({ error: 'v.int' }).min(1, { error: 'v.int' }).max(12, { error: 'v.int' }).default(3),
  deferralMonths: z.number({ error: 'v.int' }).int({ error: 'v.int' }).min(0, { error: 'v.int' }).max(24, { error: 'v.int' }).default(3),
  revenueBasis: z.enum(['invoiced', 'paid'], { error: 'v.enum' }).default('invoiced'),
  payDeferredIfClosedEarly: z.boolean({ error: 'v.pay.boolean' }).default(false),
}).strict().superRefine((v, ctx) => {
  if (v.firstPartNum > v.firstPartDen) ctx.addIssue({ code: 'custom', path: ['firstPartNum'], message: 'v.pay.firstPart' });
  if (v.validTo && v.validTo <= v.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'v.pay.dateOrder' });
});
export type PlanVersionInput = z.output<typeof PlanVersionSchema>;

export const PlanCreateSchema = z.object({ name: reqText(120), version: PlanVersionSchema }).strict();

export const PlanAssignSchema = z.object({ userId: id, planId: id, validFrom: isoDate }).strict();

export const broughtByValues = ['manager', 'partner', 'campaign', 'other_staff', 'other'] as const;

export const AttributionSchema = z.object({
  broughtBy: z.enum(broughtByValues, { error: 'v.enum' }),
  acquiredBy: id.nullish().transform((v) => v ?? null),
  handledBy: id.nullish().transform((v) => v ?? null),
  partnerId: id.nullish().transform((v) => v ?? null),
  campaign: optText(200),
  note: reqText(500),
}).strict().superRefine((v, ctx) => {
  if (v.broughtBy === 'manager' && !v.acquiredBy) ctx.addIssue({ code: 'custom', path: ['acquiredBy'], message: 'v.required' });
});

export const HandoverSchema = z.object({ toUserId: id, fromDate: isoDate, reason: reqText(500) }).strict();

export const ManagementBonusSchema = z.object({ userId: id, month: monthSchema, amount: rubles, comment: reqText(1000) }).strict();

export const ReportAcceptSchema = z.object({ userId: id, month: monthSchema }).strict();

export const DeductionSchema = z.object({
  userId: id, month: monthSchema, kind: z.enum(['ad_spend', 'partner_bonus'], { error: 'v.enum' }), amount: positiveRubles,
  companyId: id.nullish().transform((v) => v ?? null), note: reqText(500),
}).strict();

export const PenaltySchema = z.object({
  userId: id, month: monthSchema, companyId: id, reason: reqText(1000),
  /** The client's monthly tariff; when omitted, its services' tariff (or the expected revenue of its latest deal). */
  tariff: rubles.nullish().transform((v) => v ?? null),
}).strict();
