import { z } from 'zod';
import { isoDateSchema } from '../date-schema.ts';
import { roles } from './permissions.ts';

export const UserCreateSchema = z.object({
  email: z.email({ error: 'v.email' }).transform((e) => e.toLowerCase()),
  fullName: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(200, { error: 'v.tooLong' }),
  role: z.enum(roles, { error: 'v.enum' }),
  password: z.string().min(10, { error: 'v.password' }).max(200).optional(),
  locale: z.enum(['ru', 'en']).default('ru'),
}).strict();
export type UserCreateInput = z.output<typeof UserCreateSchema>;

export const UserPatchSchema = z.object({
  fullName: z.string().trim().min(1, { error: 'v.required' }).max(200, { error: 'v.tooLong' }).optional(),
  role: z.enum(roles, { error: 'v.enum' }).optional(),
  active: z.boolean().optional(),
  password: z.string().min(10, { error: 'v.password' }).max(200).optional(),
  /** Needed when users change their own password: a session left open is not enough to take the account. */
  currentPassword: z.string().max(200).optional(),
  locale: z.enum(['ru', 'en']).optional(),
}).strict();

/** An API token for an integration: what it is for, and optionally the last day it works (business time zone). */
export const ApiTokenCreateSchema = z.object({
  label: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(200, { error: 'v.tooLong' }),
  expiresOn: isoDateSchema.nullish().transform((v) => v ?? null),
}).strict();

export const LoginSchema = z.object({
  email: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(320).transform((e) => e.toLowerCase()),
  password: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }).max(200),
}).strict();
