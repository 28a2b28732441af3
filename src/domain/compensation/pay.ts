import { formatRubles, roundDiv, parseDecimal, type Kopecks } from '../money.ts';
import { addMonths, formatDate, formatPeriod, type IsoDate } from '../dates.ts';

/**
 * The manager's pay plan as data. Rates are percent decimal strings ("50", "3"); the first part of an
 * acquisition or handling bonus is a fraction (1/3 by the company's text) paid in the client's first month,
 * the rest `deferralMonths` later on the averaged tariff minus what was paid.
 */
export interface PlanTerms {
  baseSalary: Kopecks;
  managementBonusCap: Kopecks;
  acquisitionRate: string;
  handlingRate: string;
  retentionRate: string;
  firstPartNum: number;
  firstPartDen: number;
  deferralMonths: number;
  /** Which revenue the retention bonus counts: what was invoiced for the month, or what was paid in it. */
  revenueBasis: 'invoiced' | 'paid';
  /** Whether the deferred part is paid for a client who left before the deferral ended. */
  payDeferredIfClosedEarly: boolean;
}

/** rate % of an amount, times an optional fraction, rounded once (half away from zero). */
export function shareOf(amount: Kopecks, ratePercent: string, num = 1n, den = 1n): Kopecks {
  const r = parseDecimal(ratePercent);
  return roundDiv(amount * r.num * num, r.den * 100n * den);
}

export interface BonusParts {
  /** Paid in the client's first month. */
  first: Kopecks;
  /** Paid after the deferral: the bonus on the averaged tariff minus the first part, never below zero. */
  second: Kopecks;
  /** The whole bonus on the averaged tariff (each part is rounded once; first + second = total unless clamped). */
  total: Kopecks;
}

/** Splits an acquisition or handling bonus into its two parts. */
export function splitBonus(rate: string, startTariff: Kopecks, averagedTariff: Kopecks, terms: Pick<PlanTerms, 'firstPartNum' | 'firstPartDen'>): BonusParts {
  const first = shareOf(startTariff, rate, BigInt(terms.firstPartNum), BigInt(terms.firstPartDen));
  const total = shareOf(averagedTariff, rate);
  const second = total > first ? total - first : 0n;
  return { first, second, total };
}

/** A stretch of a client's monthly tariff: `amount` per month from `from` (inclusive) to `to` (exclusive, null = open). */
export interface TariffSegment {
  from: IsoDate;
  to: IsoDate | null;
  amount: Kopecks;
}

const dayNo = (d: IsoDate): number => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

/**
 * The client's monthly tariff averaged over [from, to) by days: tariffs overlapping in time add up (several
 * services), days without any service count as zero. Rounded once.
 */
export function averagedTariff(segments: TariffSegment[], from: IsoDate, to: IsoDate): Kopecks {
  const total = dayNo(to) - dayNo(from);
  if (total <= 0) return 0n;
  let sum = 0n;
  for (const s of segments) {
    const a = Math.max(dayNo(s.from), dayNo(from));
    const b = Math.min(s.to ? dayNo(s.to) : Infinity, dayNo(to));
    if (b > a) sum += s.amount * BigInt(b - a);
  }
  return roundDiv(sum, BigInt(total));
}

/** The monthly tariff in force on a day (sum of overlapping segments). */
export function tariffOn(segments: TariffSegment[], day: IsoDate): Kopecks {
  let sum = 0n;
  for (const s of segments) if (s.from <= day && (s.to === null || day < s.to)) sum += s.amount;
  return sum;
}

/** 'YYYY-MM' of a date. */
export const monthOf = (d: IsoDate): string => d.slice(0, 7);
/** First day of a 'YYYY-MM'. */
export const monthStart = (m: string): IsoDate => `${m}-01`;
/** The month `n` months after 'YYYY-MM'. */
export const addMonth = (m: string, n: number): string => addMonths(monthStart(m), n).slice(0, 7);

/** The retention bonus for one client and month: rate of the revenue less the agent fees, never negative. */
export function retentionBonus(rate: string, revenue: Kopecks, agentFees: Kopecks): Kopecks {
  const base = revenue - agentFees;
  return base > 0n ? shareOf(base, rate) : 0n;
}

/**
 * Penalties are taken only from the bonuses due the same month: the result is what each penalty really takes,
 * in order, so the month's bonuses never go below zero because of them.
 */
export function capPenalties(bonuses: Kopecks, penalties: Kopecks[]): Kopecks[] {
  let left = bonuses > 0n ? bonuses : 0n;
  return penalties.map((p) => {
    const take = p < left ? p : left;
    left -= take;
    return take;
  });
}

/**
 * Deductions (ad spend the manager chose to use, partner bonuses) are paid out of the acquisition bonuses of
 * the month; what they cannot cover moves to the next month.
 */
export function coverDeductions(acquisition: Kopecks, deductions: Kopecks): { covered: Kopecks; carried: Kopecks } {
  const room = acquisition > 0n ? acquisition : 0n;
  const covered = deductions < room ? deductions : room;
  return { covered, carried: deductions - covered };
}

const moneyParams = new Set(['tariff', 'average', 'first', 'revenue', 'fees', 'full', 'cap', 'paid', 'now']);
const dateParams = new Set(['from', 'to', 'date']);

/** A note's parameters as people read them: rubles, dd.mm.yyyy, «11.2026». */
export function readableParams(params: Record<string, string | number>, locale: 'ru' | 'en'): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (moneyParams.has(k) && /^-?\d+$/.test(String(v))) out[k] = formatRubles(BigInt(v), locale);
    else if (dateParams.has(k) && /^\d{4}-\d{2}-\d{2}$/.test(String(v))) out[k] = formatDate(String(v), locale);
    else if (k === 'month' && /^\d{4}-\d{2}$/.test(String(v))) out[k] = formatPeriod(String(v), locale);
    else if (k === 'rate') out[k] = locale === 'ru' ? String(v).replace('.', ',') : v;
    else out[k] = v;
  }
  return out;
}

/**
 * Corrections: an approved statement is never changed. When a source of a paid entitlement changes later (a
 * tariff changed retroactively, an invoice corrected, a payment returned), the next open statement carries a
 * line for the difference under the key `<entitlement>@<month of the statement>`; what a key has been paid is
 * the sum of its own line and its corrections.
 */
export const entitlementOf = (key: string): string => key.split('@')[0]!;
export const correctionKey = (key: string, month: string): string => `${entitlementOf(key)}@${month}`;

/** What each entitlement has been paid so far, corrections included. */
export function paidByEntitlement(rows: readonly { key: string; amount: Kopecks }[]): Map<string, Kopecks> {
  const out = new Map<string, Kopecks>();
  for (const r of rows) out.set(entitlementOf(r.key), (out.get(entitlementOf(r.key)) ?? 0n) + r.amount);
  return out;
}

/** The kinds whose figure is recomputed from sources after payment; entries (base, deductions, penalties) are not. */
export const correctableKinds: readonly string[] = ['acquisition', 'handling', 'retention'];

export interface ChangeLine { key: string; kind: string; companyId: string | null; companyName: string | null; amount: Kopecks }
export interface StatementChanges {
  previousMonth: string;
  previousTotal: Kopecks;
  byKind: { kind: string; before: Kopecks; now: Kopecks }[];
  /** Clients with lines now and none in the previous statement, and the other way round. */
  newClients: { companyId: string; companyName: string | null; amount: Kopecks }[];
  goneClients: { companyId: string; companyName: string | null; amount: Kopecks }[];
  corrections: ChangeLine[];
}

/** What changed from the previous statement to this one: totals by kind, clients that came and went, corrections. */
export function statementChanges(previousMonth: string, previous: readonly ChangeLine[], current: readonly ChangeLine[], kinds: readonly string[]): StatementChanges {
  const sum = (ls: readonly ChangeLine[], kind: string) => ls.filter((l) => l.kind === kind).reduce((a, l) => a + l.amount, 0n);
  const byClient = (ls: readonly ChangeLine[]) => {
    const m = new Map<string, { companyId: string; companyName: string | null; amount: Kopecks }>();
    for (const l of ls) {
      if (!l.companyId) continue;
      const e = m.get(l.companyId) ?? { companyId: l.companyId, companyName: l.companyName, amount: 0n };
      e.amount += l.amount;
      m.set(l.companyId, e);
    }
    return m;
  };
  const before = byClient(previous);
  const now = byClient(current);
  return {
    previousMonth,
    previousTotal: previous.reduce((a, l) => a + l.amount, 0n),
    byKind: kinds.map((kind) => ({ kind, before: sum(previous, kind), now: sum(current, kind) })).filter((r) => r.before !== 0n || r.now !== 0n),
    newClients: [...now.values()].filter((c) => !before.has(c.companyId)),
    goneClients: [...before.values()].filter((c) => !now.has(c.companyId)),
    corrections: current.filter((l) => l.key.includes('@')),
  };
}
