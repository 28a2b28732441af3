import { z } from 'zod';
import { parseRubles } from '../money.ts';
import { serviceKinds } from '../catalog/service-kinds.ts';
import { isPeriod } from './billing.ts';
import { isoDateSchema } from '../date-schema.ts';

/**
 * Money input: kopecks as an integer, or rubles as text ("1 234,56"). Output: bigint kopecks. A bigint (an
 * already parsed value: the HTTP route validated the body before the use case reads it) passes as it is.
 */
export const moneyField = z.union([z.number().int({ error: 'v.money' }), z.string(), z.bigint()], { error: 'v.money' })
  .transform((v, c) => {
    const k = typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(v) : parseRubles(v);
    if (k === null || k < 0n) { c.addIssue({ code: 'custom', message: 'v.money' }); return z.NEVER; }
    return k;
  });
export const dateField = isoDateSchema;
export const periodField = z.string({ error: 'v.required' }).refine(isPeriod, { error: 'v.period' });
const optText = (max: number) => z.string().trim().max(max, { error: 'v.tooLong' }).nullish().transform((v) => v || null);

export const ServiceCreateSchema = z.object({
  clientId: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }),
  sellerId: z.string().min(1).nullish().transform((v) => v || null),
  contractRef: optText(100),
  kind: z.enum(serviceKinds, { error: 'v.enum' }),
  title: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(300, { error: 'v.tooLong' }),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  siteId: z.string().min(1).nullish().transform((v) => v || null),
  monthlyPrice: moneyField,
  setupFee: moneyField.default(0n),
  quantity: z.number({ error: 'v.invalid' }).int({ error: 'v.invalid' }).min(1, { error: 'v.invalid' }).default(1),
  startDate: dateField,
  billingDay: z.number().int().min(1, { error: 'v.billingDay' }).max(28, { error: 'v.billingDay' }).default(1),
  activate: z.boolean().default(true),
}).strict();
export type ServiceInput = z.output<typeof ServiceCreateSchema>;

export const TariffChangeSchema = z.object({
  date: dateField,
  monthlyPrice: moneyField,
  quantity: z.number().int().min(1, { error: 'v.invalid' }),
  reason: optText(500),
}).strict();

export const DownsizeSchema = TariffChangeSchema.extend({
  reasonCode: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }),
  retentionTried: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
}).strict();

export const ClosureSchema = z.object({
  lastDay: dateField,
  reasonCode: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }),
  retentionTried: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  note: optText(2000),
}).strict();

export const BillingRunSchema = z.object({ period: periodField }).strict();

export const ManualPaymentSchema = z.object({
  clientId: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }),
  amount: moneyField.refine((v) => v > 0n, { error: 'v.money' }),
  paidOn: dateField,
  docNumber: optText(40),
  invoiceId: z.string().min(1).nullish().transform((v) => v || null),
  note: optText(500),
}).strict();

export const ResolvePaymentSchema = z.object({
  clientId: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }),
  invoiceId: z.string().min(1).nullish().transform((v) => v || null),
  note: optText(500),
}).strict();

export const IgnorePaymentSchema = z.object({ note: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(500) }).strict();

export const SuspensionDecisionSchema = z.object({ confirm: z.boolean(), note: optText(500) }).strict();

export const BillingSettingsSchema = z.object({
  paymentTermsDays: z.number().int().min(0).max(90),
  reminderDays: z.array(z.number().int().min(0).max(365)).max(10),
  suspendAfterDays: z.number().int().min(1).max(365),
}).strict();

export const ManualInvoiceSchema = z.object({
  clientId: z.string({ error: 'v.required' }).min(1),
  sellerId: z.string().min(1).nullish().transform((v) => v || null),
  serviceDate: dateField,
  lines: z.array(z.object({ description: z.string().trim().min(1).max(500), amount: moneyField })).min(1).max(100),
}).strict();

export const ClosureReasonSchema = z.object({
  code: z.string({ error: 'v.required' }).regex(/^[a-z][a-z0-9_]{1,39}$/, { error: 'v.invalid' }),
  nameRu: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(200),
  nameEn: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(200),
  active: z.boolean().default(true),
}).strict();
