import { z } from 'zod';
import { numberInput } from '../input-schemas.ts';

const id = z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(64, { error: 'v.tooLong' });
const comment = z.string().trim().max(2000, { error: 'v.tooLong' }).nullish().transform((v) => v || null);
const int = (min: number, max: number) => numberInput(z.number({ error: 'v.invalid' }).int({ error: 'v.int' }).min(min, { error: 'v.invalid' }).max(max, { error: 'v.invalid' }));

/** Sending a proposal by e-mail: to which contact (and which of their addresses). */
export const SendByEmailSchema = z.object({
  contactId: id,
  email: z.string().trim().max(300).nullish().transform((v) => v || null),
}).strict();

/** The client's answer on the public page. */
export const PublicDecisionSchema = z.object({
  decision: z.enum(['accepted', 'declined'], { error: 'v.enum' }),
  comment,
}).strict();

/** An answer received on paper, recorded by the manager. */
export const PaperDecisionSchema = z.object({
  contactId: id.nullish().transform((v) => v ?? null),
  comment,
}).strict();

export const SurveyAnswerSchema = z.object({
  score: numberInput(z.number({ error: 'v.sales.score' }).int({ error: 'v.sales.score' }).min(1, { error: 'v.sales.score' }).max(5, { error: 'v.sales.score' }), 'v.sales.score'),
  comment,
}).strict();

export const SalesSettingsSchema = z.object({
  linkValidDays: int(1, 90).optional(),
  surveyAfterDays: int(1, 365).optional(),
  lowScoreThreshold: int(1, 5).optional(),
}).strict();

export interface SalesSettings { linkValidDays: number; surveyAfterDays: number; lowScoreThreshold: number }
export const defaultSalesSettings: SalesSettings = { linkValidDays: 14, surveyAfterDays: 30, lowScoreThreshold: 3 };

/** A low score asks the manager to call the client. */
export const isLowScore = (score: number, threshold: number): boolean => score <= threshold;
