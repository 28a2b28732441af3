import { z } from 'zod';
import { isIsoDate } from './dates.ts';

/**
 * The one schema of a calendar date `YYYY-MM-DD`: a real day (no 2026-02-31) in the years a business
 * record can name, so what passes is always a value the database stores.
 */
export const isoDateSchema = z.string({ error: 'v.date' })
  .refine((s) => isIsoDate(s) && s >= '1900-01-01' && s <= '2999-12-31', { error: 'v.date' });
