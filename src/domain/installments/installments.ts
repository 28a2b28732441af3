import { addMonths, type IsoDate } from '../dates.ts';
import { roundDiv, type Kopecks } from '../money.ts';

/** One due payment of an installment schedule; seq 0 is the down payment (due on signing). */
export interface ScheduleEntry {
  seq: number;
  dueOn: IsoDate;
  amount: Kopecks;
}

/** What an agreement asks for in all: the goods' price plus fees/interest (the down payment is part of the price). */
export const payableOf = (a: { total: Kopecks; fees: Kopecks }): Kopecks => a.total + a.fees;

const daysIn = (d: IsoDate): number => new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 0)).getUTCDate();
const lastDayOf = (d: IsoDate): boolean => Number(d.slice(8)) === daysIn(d);

/**
 * The due date of the i-th monthly payment (i = 0 is the first). A first date on the last day of its
 * month stays on month ends (31.01 → 28.02 → 31.03); other days are clamped to short months but come
 * back (30.01 → 28.02 → 30.03), because each date is counted from the first, never from the previous one.
 */
export function monthlyDueDate(first: IsoDate, i: number): IsoDate {
  if (!lastDayOf(first)) return addMonths(first, i);
  const m = addMonths(`${first.slice(0, 8)}01`, i);
  return `${m.slice(0, 8)}${String(daysIn(m)).padStart(2, '0')}`;
}

/**
 * Equal monthly schedule: the financed sum (payable − down payment) in `months` payments that differ by at
 * most one kopeck (the first ones carry the remainder), so the payments add up to the kopeck.
 */
export function equalSchedule(a: { total: Kopecks; fees: Kopecks; downPayment: Kopecks; signedOn: IsoDate; firstDueOn: IsoDate; months: number }): ScheduleEntry[] {
  if (a.months < 1) throw new RangeError('months must be at least 1');
  const financed = payableOf(a) - a.downPayment;
  if (financed < 0n) throw new RangeError('down payment exceeds what is payable');
  const n = BigInt(a.months);
  const base = financed / n;
  const rest = financed % n;
  const out: ScheduleEntry[] = a.downPayment > 0n ? [{ seq: 0, dueOn: a.signedOn, amount: a.downPayment }] : [];
  for (let i = 0; i < a.months; i++) out.push({ seq: i + 1, dueOn: monthlyDueDate(a.firstDueOn, i), amount: base + (BigInt(i) < rest ? 1n : 0n) });
  return out.filter((e) => e.amount > 0n);
}

/** Problems of a custom schedule (keys of the message catalog with the entry index), empty when it is fine. */
export function customScheduleProblems(entries: readonly { dueOn: IsoDate; amount: Kopecks }[], financed: Kopecks, signedOn: IsoDate): { index: number; key: string }[] {
  const out: { index: number; key: string }[] = [];
  let prev = signedOn;
  entries.forEach((e, i) => {
    if (e.amount <= 0n) out.push({ index: i, key: 'v.inst.amountPositive' });
    if (e.dueOn < prev || (i > 0 && e.dueOn === prev)) out.push({ index: i, key: 'v.inst.datesAscending' });
    prev = e.dueOn;
  });
  const sum = entries.reduce((s, e) => s + e.amount, 0n);
  if (sum !== financed) out.push({ index: -1, key: 'v.inst.scheduleSum' });
  return out;
}

export type EntryStatus = 'paid' | 'partial' | 'due' | 'overdue';

export interface EntryState extends ScheduleEntry {
  paid: Kopecks;
  status: EntryStatus;
}

/** Payments are applied to the schedule in order (oldest due first); an unpaid entry past its date is overdue. */
export function scheduleState(schedule: readonly ScheduleEntry[], paidTotal: Kopecks, today: IsoDate): EntryState[] {
  let left = paidTotal;
  return [...schedule].sort((a, b) => a.seq - b.seq).map((e) => {
    const paid = left >= e.amount ? e.amount : left > 0n ? left : 0n;
    left -= paid;
    const status: EntryStatus = paid === e.amount ? 'paid' : e.dueOn < today ? 'overdue' : paid > 0n ? 'partial' : 'due';
    return { ...e, paid, status };
  });
}

/** Remaining debt, overdue sum and the next due entry of an agreement. */
export function debtSummary(schedule: readonly ScheduleEntry[], paidTotal: Kopecks, today: IsoDate) {
  const st = scheduleState(schedule, paidTotal, today);
  const payable = schedule.reduce((s, e) => s + e.amount, 0n);
  const overdue = st.filter((e) => e.status === 'overdue').reduce((s, e) => s + e.amount - e.paid, 0n);
  const next = st.find((e) => e.status !== 'paid') ?? null;
  const lastDue = st.length ? st[st.length - 1]!.dueOn : null;
  return { payable, paid: paidTotal, remaining: payable - paidTotal, overdue, overdueSince: st.find((e) => e.status === 'overdue')?.dueOn ?? null, next, lastDue };
}

/**
 * Monthly installment of one item while it is being paid for: its share (by price) of the regular monthly
 * payment (financed sum ÷ months). The cost model takes it as the item's hardware cost.
 */
export function itemMonthly(itemPrice: Kopecks, itemsTotal: Kopecks, financed: Kopecks, months: number): Kopecks {
  if (itemsTotal <= 0n || months < 1) return 0n;
  return roundDiv(financed * itemPrice, itemsTotal * BigInt(months));
}

/** Sums of the schedule per calendar month (YYYY-MM) that are still to be paid: the cash-out calendar. */
export function cashOutByMonth(schedule: readonly ScheduleEntry[], paidTotal: Kopecks, today: IsoDate): Map<string, Kopecks> {
  const out = new Map<string, Kopecks>();
  for (const e of scheduleState(schedule, paidTotal, today)) {
    const rest = e.amount - e.paid;
    if (rest <= 0n) continue;
    const m = e.dueOn.slice(0, 7);
    out.set(m, (out.get(m) ?? 0n) + rest);
  }
  return out;
}

/** The agreement number as a whole word in a payment purpose («по договору № РЛ-17/2026 от …»). */
export function purposeNamesAgreement(purpose: string, number: string): boolean {
  const esc = number.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (!esc) return false;
  return new RegExp(`(^|[^\\p{L}\\p{N}/-])${esc}($|[^\\p{L}\\p{N}/-])`, 'iu').test(purpose);
}
