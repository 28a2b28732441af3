import { formatRubles, roundDiv, parseDecimal, type Kopecks } from '../money.ts';
import { addMonths, formatDate, type IsoDate } from '../dates.ts';

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

const moneyParams = new Set(['tariff', 'average', 'first', 'revenue', 'fees', 'full', 'cap']);
const dateParams = new Set(['from', 'to', 'date']);

/** A note's parameters as people read them: rubles, dd.mm.yyyy, «11.2026». */
export function readableParams(params: Record<string, string | number>, locale: 'ru' | 'en'): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (moneyParams.has(k) && /^-?\d+$/.test(String(v))) out[k] = formatRubles(BigInt(v), locale);
    else if (dateParams.has(k) && /^\d{4}-\d{2}-\d{2}$/.test(String(v))) out[k] = formatDate(String(v), locale);
    else if (k === 'month' && /^\d{4}-\d{2}$/.test(String(v))) out[k] = `${String(v).slice(5)}.${String(v).slice(0, 4)}`;
    else if (k === 'rate') out[k] = locale === 'ru' ? String(v).replace('.', ',') : v;
    else out[k] = v;
  }
  return out;
}
