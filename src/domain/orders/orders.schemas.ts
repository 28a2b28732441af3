import { z } from 'zod';
import { isIsoDate } from '../dates.ts';
import { delayResponsibles, priorities, signingChannels } from './orders.ts';

const date = z.string({ error: 'v.required' }).refine(isIsoDate, { error: 'v.date' });
const text = (min: number, max: number) => z.string({ error: 'v.required' }).trim().min(min, { error: min > 1 ? 'v.tooShort' : 'v.required' }).max(max, { error: 'v.tooLong' });

export const OrderCreateSchema = z.object({
  proposalId: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }).max(64),
  priority: z.enum(priorities, { error: 'v.enum' }).default('normal'),
}).strict();

export const PrioritySchema = z.object({ priority: z.enum(priorities, { error: 'v.enum' }) }).strict();

export const SigningStepSchema = z.object({
  channel: z.enum(signingChannels, { error: 'v.enum' }).optional(),
  tracking: z.string().trim().max(200, { error: 'v.tooLong' }).nullish().transform((v) => v || null),
  /** When the step happened (defaults to now); paper arrives days after it was signed. */
  at: z.string().datetime({ offset: true, error: 'v.invalid' }).optional(),
}).strict();

export const DeferralSchema = z.object({ reason: text(3, 500), dueDate: date }).strict();
export const DelaySchema = z.object({ responsible: z.enum(delayResponsibles, { error: 'v.enum' }), reason: text(3, 500) }).strict();
export const AgreeStartSchema = z.object({ startDate: date }).strict();
export const DisputeSchema = z.object({ subject: text(1, 200), description: z.string().trim().max(4000, { error: 'v.tooLong' }).default('') }).strict();
export const CancelOrderSchema = z.object({ reason: text(3, 1000) }).strict();
export const ResolveDisputeSchema = z.object({ resolution: text(3, 4000) }).strict();
