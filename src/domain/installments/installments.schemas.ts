import { z } from 'zod';
import { dateField, moneyField } from '../billing/billing.schemas.ts';
import { faces } from '../inventory/inventory.ts';

const id = z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(64, { error: 'v.tooLong' });
const optText = (max: number) => z.string().trim().max(max, { error: 'v.tooLong' }).nullish().transform((v) => v || null);
const positiveMoney = moneyField.refine((v) => v > 0n, { error: 'v.inst.amountPositive' });

/** One purchased unit: the equipment in the register (by id) and its price; `sku` links it to the cost model. */
export const AgreementItemSchema = z.object({
  equipmentId: id,
  price: positiveMoney,
  sku: z.string().trim().max(60, { error: 'v.tooLong' }).nullish().transform((v) => v || null),
}).strict();

export const AgreementCreateSchema = z.object({
  supplierId: id,
  number: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(60, { error: 'v.tooLong' }),
  signedOn: dateField,
  currency: z.literal('RUB', { error: 'v.inst.currency' }).default('RUB'),
  downPayment: moneyField.default(0n),
  fees: moneyField.default(0n),
  items: z.array(AgreementItemSchema, { error: 'v.required' }).min(1, { error: 'v.inst.items' }).max(500, { error: 'v.tooLong' }),
  schedule: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('equal'), months: z.number({ error: 'v.required' }).int({ error: 'v.invalid' }).min(1, { error: 'v.invalid' }).max(120, { error: 'v.invalid' }), firstDueOn: dateField }).strict(),
    z.object({ kind: z.literal('custom'), entries: z.array(z.object({ dueOn: dateField, amount: positiveMoney }).strict()).min(1, { error: 'v.inst.items' }).max(240, { error: 'v.tooLong' }) }).strict(),
  ], { error: 'v.inst.scheduleKind' }),
  note: optText(500),
}).strict();
export type AgreementInput = z.output<typeof AgreementCreateSchema>;

/** A payment by hand; `payOff: true` pays the whole remaining debt (early pay-off) and needs no amount. */
export const InstallmentPaymentSchema = z.object({
  amount: positiveMoney.optional(),
  paidOn: dateField,
  payOff: z.boolean().default(false),
  docNumber: optText(40),
  note: optText(500),
}).strict().superRefine((p, c) => {
  if (!p.payOff && p.amount === undefined) c.addIssue({ code: 'custom', path: ['amount'], message: 'v.required' });
});

export const ResolveOutgoingSchema = z.object({ agreementId: id, note: optText(500) }).strict();
export const IgnoreOutgoingSchema = z.object({ note: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(500, { error: 'v.tooLong' }) }).strict();

export const equipmentStatuses = ['in_service', 'spare', 'repair', 'retired'] as const;

/**
 * Edit of an equipment unit by facilities: owner, location (a rack position or stock), status, project.
 * Omitted fields keep their value; `location: { stock: true }` takes the unit out of its rack.
 */
export const EquipmentUpdateSchema = z.object({
  owner: z.enum(['us', 'client', 'supplier'], { error: 'v.enum' }).optional(),
  ownerCompanyId: id.nullish(),
  status: z.enum(equipmentStatuses, { error: 'v.enum' }).optional(),
  project: optText(200).optional(),
  location: z.union([
    z.object({ stock: z.literal(true), siteId: id.nullish() }).strict(),
    z.object({ rackId: id, uFrom: z.number().int().min(1, { error: 'v.invalid' }).max(60, { error: 'v.invalid' }), uHeight: z.number().int().min(1, { error: 'v.invalid' }).max(60, { error: 'v.invalid' }).optional(), face: z.enum(faces, { error: 'v.enum' }).default('both') }).strict(),
  ], { error: 'v.invalid' }).optional(),
  reason: optText(500),
}).strict();
