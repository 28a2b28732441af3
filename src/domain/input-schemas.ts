import { z } from 'zod';
import { isoDateSchema } from './date-schema.ts';

/**
 * Scalars of request input read strictly. `z.coerce.*` converted anything: `true` became 1 day of cooldown,
 * `null` and `''` became 0, the string "false" became `true`. These schemas take a value in its own JSON type,
 * or as text where text is all that can arrive (query strings, CSV cells), and refuse everything else with the
 * field's path.
 */

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number as a JSON number or a numeric string (`"12"`, `" 1.5 "`), checked by `inner` (its bounds and
 * messages). Booleans, null, blanks, arrays and objects are refused with `error`.
 */
export function numberInput<T extends z.ZodNumber>(inner: T, error = 'v.invalid') {
  return z.union([z.number({ error }), z.string({ error }).trim().regex(NUMERIC, { error }).transform(Number)], { error }).pipe(inner);
}

/** A yes/no as a JSON boolean or the words `true` / `false` (query strings); nothing else is a boolean. */
export const booleanInput = (error = 'v.invalid') =>
  z.union([z.boolean({ error }), z.enum(['true', 'false'], { error }).transform((v) => v === 'true')], { error });

/**
 * An instant as an ISO date-time with offset, a calendar date (`YYYY-MM-DD`, its midnight UTC) or a `Date`
 * given by code; numbers and booleans are not instants.
 */
export const instantInput = (error = 'v.invalid') =>
  z.union([z.date({ error }), z.iso.datetime({ offset: true, error }), isoDateSchema], { error })
    .transform((v) => (v instanceof Date ? v : new Date(v)))
    .refine((d) => !Number.isNaN(d.getTime()), { error });
