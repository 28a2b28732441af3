import type { ErrorCode } from '../errors.ts';
import type { ProposalStatus } from './quote.ts';

/**
 * THE decider of the company's first rule set: may this proposal version go out (`sent`) or bind us
 * (`accepted`)? Every path — the proposal card's banner, sending, accepting, the status a version settles
 * in after an edit — asks these functions; the app gathers the facts, nothing else decides.
 * The database repeats the rules in `proposal_version_guard` (floor, transitions) and
 * `proposal_version_guard_feasibility` (rule 4); see docs/rules.md.
 */

/** Why a version cannot go out: a message key with its parameters (which lines, which SKUs, which date). */
export interface Blocker {
  key: string;
  params: Record<string, string | number>;
  /** `conflict` when the figures moved under the user (reprice and look again), else `rule`. */
  code: Extract<ErrorCode, 'rule' | 'conflict'>;
}

/** What the decider needs to know about a version; gathered by app/quoting (one query per fact). */
export interface SendFacts {
  to: 'sent' | 'accepted';
  /** Today in the business time zone. */
  today: string;
  validUntil: string;
  lines: readonly { position: number; belowFloor: boolean }[];
  /** An approval whose hash equals the version's content now exists. */
  approved: boolean;
  /** Positions without a valid feasibility answer (rule 4); only gathered for `sent`. */
  unbacked?: readonly number[];
  /** Today's supplier prices against the lines: SKUs nobody prices, positions whose cost or floor moved. */
  repricing?: { missingSkus: readonly string[]; stale: readonly number[] };
}

/** One rule: a blocker, or null when the rule lets the version through. Extra rules plug in as more of these. */
export type SendRule = (f: SendFacts) => Blocker | null;

const rule = (key: string, params: Blocker['params'] = {}): Blocker => ({ key, params, code: 'rule' });
const positions = (xs: readonly number[]) => xs.join(', ');

export const missingPrices: SendRule = (f) =>
  f.repricing?.missingSkus.length ? rule('e.pricing.noPrice', { skus: f.repricing.missingSkus.join(', ') }) : null;
export const stalePrices: SendRule = (f) =>
  f.repricing?.stale.length ? { key: 'e.quote.stalePrices', params: { line: positions(f.repricing.stale) }, code: 'conflict' } : null;
export const hasLines: SendRule = (f) => (f.to === 'sent' && f.lines.length === 0 ? rule('e.quote.noLines') : null);
/** Rule 1: no line below its floor unless management approved exactly this content. */
export const floorApproved: SendRule = (f) => {
  const below = f.lines.filter((l) => l.belowFloor).map((l) => l.position);
  return below.length && !f.approved ? rule('e.quote.belowFloor', { lines: positions(below) }) : null;
};
export const stillValid: SendRule = (f) => (f.validUntil < f.today ? rule('e.quote.validityPassed', { date: f.validUntil }) : null);
/** Rule 4: every line rests on a positive, unexpired feasibility answer that covers it. */
export const feasibilityConfirmed: SendRule = (f) =>
  f.to === 'sent' && f.unbacked?.length ? rule('e.quote.noFeasibility', { lines: positions(f.unbacked) }) : null;

/** The rules every version passes, in the order their messages are shown. */
export const sendRules: readonly SendRule[] = [missingPrices, stalePrices, hasLines, floorApproved, stillValid, feasibilityConfirmed];

/**
 * Every blocker of a version, in rule order; empty when it may go out. `extra` is the slot for rules that
 * need facts of their own (e.g. a promised date against the tech department's lead time): pass them here
 * with the facts they close over, and they run after the built-in ones.
 */
export function versionBlockers(f: SendFacts, extra: readonly SendRule[] = []): Blocker[] {
  const out: Blocker[] = [];
  for (const r of [...sendRules, ...extra]) {
    const b = r(f);
    if (b) out.push(b);
  }
  return out;
}

/**
 * The status a version settles in after its content changed: an edit voids an approval, so an approved or
 * pending version goes back to pending (still below floor, no valid approval) or draft (nothing below floor).
 */
export function statusAfterEdit(status: ProposalStatus, anyBelowFloor: boolean, approved: boolean): ProposalStatus {
  if (status !== 'approved' && status !== 'pending_approval') return status;
  if (!anyBelowFloor) return 'draft';
  return approved ? 'approved' : 'pending_approval';
}
