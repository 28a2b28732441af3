import { z } from 'zod';
import { isIsoDate } from '../dates.ts';

export const consentChannels = ['call', 'email', 'sms', 'messenger'] as const;
export type ConsentChannel = (typeof consentChannels)[number];
export const consentPurposes = ['pd_processing', 'advertising'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

export const ConsentRecordSchema = z.object({
  channel: z.enum(consentChannels, { error: 'v.enum' }),
  purpose: z.enum(consentPurposes, { error: 'v.enum' }),
  status: z.enum(['granted', 'withdrawn'], { error: 'v.enum' }),
  source: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(300, { error: 'v.tooLong' }),
  textVersion: z.string().trim().max(100, { error: 'v.tooLong' }).nullish().transform((v) => v || null),
  /** When the contact gave or withdrew consent; defaults to now, never in the future. */
  at: z.iso.datetime({ offset: true, error: 'v.date' }).optional(),
}).strict().superRefine((v, ctx) => {
  if (v.status === 'granted' && !v.textVersion) ctx.addIssue({ code: 'custom', path: ['textVersion'], message: 'v.required' });
  if (v.at && isIsoDate(v.at)) ctx.addIssue({ code: 'custom', path: ['at'], message: 'v.date' });
});
export type ConsentRecordInput = z.output<typeof ConsentRecordSchema>;

export interface ConsentEvent {
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  status: 'granted' | 'withdrawn';
  at: Date;
}

export type ConsentDecision =
  | { allowed: true; grantedAt: Date }
  | { allowed: false; reason: 'none' | 'withdrawn'; purpose: ConsentPurpose; at?: Date };

/** The state in force at `now` for one channel and purpose: the latest event not in the future. */
function stateOf(events: readonly ConsentEvent[], channel: ConsentChannel, purpose: ConsentPurpose, now: Date): ConsentEvent | undefined {
  let latest: ConsentEvent | undefined;
  for (const e of events) {
    if (e.channel !== channel || e.purpose !== purpose || e.at > now) continue;
    if (!latest || e.at >= latest.at) latest = e;
  }
  return latest;
}

/**
 * May we contact this person by `channel` for `purpose` now? Advertising needs both the
 * advertising consent and the personal-data consent on that channel; a withdrawal wins at once.
 */
export function mayContact(events: readonly ConsentEvent[], channel: ConsentChannel, purpose: ConsentPurpose, now: Date): ConsentDecision {
  const needed: ConsentPurpose[] = purpose === 'advertising' ? ['pd_processing', 'advertising'] : [purpose];
  let grantedAt = new Date(0);
  for (const p of needed) {
    const s = stateOf(events, channel, p, now);
    if (!s) return { allowed: false, reason: 'none', purpose: p };
    if (s.status === 'withdrawn') return { allowed: false, reason: 'withdrawn', purpose: p, at: s.at };
    if (s.at > grantedAt) grantedAt = s.at;
  }
  return { allowed: true, grantedAt };
}
