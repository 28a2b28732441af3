import { z } from 'zod';
import { numberInput } from '../input-schemas.ts';
import { serviceKinds } from '../catalog/service-kinds.ts';
import { checkAskedParams } from '../catalog/service-params.ts';
import { outcomes, priorities } from './feasibility.ts';
import { HoldSchema, IpHoldSchema } from '../inventory/inventory.schemas.ts';
import { isoDateSchema } from '../date-schema.ts';

const id = z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(64, { error: 'v.tooLong' });
const date = isoDateSchema;
const paramsShape = z.record(z.string().max(50), z.union([z.number(), z.string().max(200), z.boolean()]), { error: 'v.invalid' });
const params = paramsShape.default({});

export const FeasibilityRequestSchema = z.object({
  companyId: id,
  siteId: id.nullish().transform((v) => v ?? null),
  address: z.string().trim().max(500, { error: 'v.tooLong' }).nullish().transform((v) => v || null),
  serviceKind: z.enum(serviceKinds, { error: 'v.enum' }),
  params,
  quantity: numberInput(z.number({ error: 'v.invalid' }).int({ error: 'v.inv.int' }).min(1, { error: 'v.inv.positive' }).max(100_000, { error: 'v.inv.tooBig' })).default(1),
  desiredOn: date.nullish().transform((v) => v ?? null),
  priority: z.enum(priorities, { error: 'v.enum' }).default('normal'),
  probability: numberInput(z.number({ error: 'v.invalid' }).min(0, { error: 'v.inv.probability' }).max(1, { error: 'v.inv.probability' })).nullish().transform((v) => v ?? null),
  comment: z.string().trim().max(2000, { error: 'v.tooLong' }).nullish().transform((v) => v || null),
  /** The deal this request is for (same client). */
  dealId: id.nullish().transform((v) => v ?? null),
}).strict().superRefine((r, c) => {
  if (!r.siteId && !r.address) c.addIssue({ code: 'custom', path: ['siteId'], message: 'v.feas.place' });
  const p = checkAskedParams(r.serviceKind, r.params);
  if (!p.success) for (const i of p.error.issues) c.addIssue({ code: 'custom', path: ['params', ...i.path.map(String), ...(i.code === 'unrecognized_keys' ? i.keys : [])], message: i.code === 'unrecognized_keys' ? 'v.feas.unknownParam' : i.message });
});

export const FeasibilityAnswerSchema = z.object({
  outcome: z.enum(outcomes, { error: 'v.enum' }),
  limits: z.string().trim().max(4000, { error: 'v.tooLong' }).nullish().transform((v) => v || null),
  leadDays: numberInput(z.number({ error: 'v.invalid' }).int({ error: 'v.inv.int' }).min(0, { error: 'v.inv.nonNegative' }).max(3650, { error: 'v.inv.tooBig' })).nullish().transform((v) => v ?? null),
  validUntil: date,
  /** Confirmed limits; the request's parameters when omitted. */
  params: paramsShape.optional(),
  quantity: numberInput(z.number().int().min(0).max(100_000)).optional(),
  holds: z.array(HoldSchema.shape.target, { error: 'v.invalid' }).max(200, { error: 'v.inv.tooBig' }).default([]),
  /** The next free addresses of a prefix, held as the answer is recorded (the tech need not pick them). */
  ipHolds: z.array(IpHoldSchema, { error: 'v.invalid' }).max(20, { error: 'v.inv.tooBig' }).default([]),
}).strict().superRefine((a, c) => {
  if (a.outcome === 'conditional' && !a.limits) c.addIssue({ code: 'custom', path: ['limits'], message: 'v.feas.limits' });
  if (a.outcome !== 'not_feasible' && a.leadDays === null) c.addIssue({ code: 'custom', path: ['leadDays'], message: 'v.required' });
  if (a.outcome === 'not_feasible' && a.ipHolds.length) c.addIssue({ code: 'custom', path: ['ipHolds'], message: 'v.feas.noHoldsWhenNegative' });
  if (a.outcome === 'not_feasible' && a.holds.length) c.addIssue({ code: 'custom', path: ['holds'], message: 'v.feas.noHoldsWhenNegative' });
});
