import type { IsoDate } from '../dates.ts';

/**
 * Promised dates (never-break rule 3): a service start date we put in front of a client can never be
 * earlier than the tech department's lead time allows, counted in working days from the day they
 * answered — weekends and the company's non-working dates skipped — nor in the past.
 * The database repeats the same calendar in `earliest_service_date()` (migration 0012).
 */

const shift = (d: IsoDate, days: number): IsoDate => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
};

/** A working day: Monday to Friday and not one of the listed non-working dates. */
export function isBusinessDay(d: IsoDate, holidays: ReadonlySet<IsoDate>): boolean {
  const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6 && !holidays.has(d);
}

/** `from` plus `n` working days (the day itself does not count; n = 0 gives `from`). */
export function addBusinessDays(from: IsoDate, n: number, holidays: ReadonlySet<IsoDate>): IsoDate {
  let d = from;
  for (let left = n; left > 0;) {
    d = shift(d, 1);
    if (isBusinessDay(d, holidays)) left--;
  }
  return d;
}

/**
 * The earliest service start a feasibility answer allows: the answer day plus its lead time in working
 * days. Orders reuse it for their agreed start date.
 */
export function earliestServiceDate(answeredOn: IsoDate, leadDays: number, holidays: ReadonlySet<IsoDate>): IsoDate {
  return addBusinessDays(answeredOn, leadDays, holidays);
}

export interface PromisedLine { position: number; answeredOn: IsoDate | null; leadDays: number | null }

export type PromisedDateProblem =
  | { key: 'e.quote.serviceDatePast'; params: { date: IsoDate; today: IsoDate } }
  | { key: 'e.quote.serviceDateTooEarly'; params: { line: number; date: IsoDate; earliest: IsoDate } };

/**
 * Why `serviceDate` cannot be promised today (empty when it can): in the past, or earlier than some
 * line's answer allows. Lines without an answer are the feasibility gate's business, not this one's.
 */
export function promisedDateProblems(serviceDate: IsoDate, today: IsoDate, lines: readonly PromisedLine[], holidays: ReadonlySet<IsoDate>): PromisedDateProblem[] {
  const out: PromisedDateProblem[] = [];
  if (serviceDate < today) out.push({ key: 'e.quote.serviceDatePast', params: { date: serviceDate, today } });
  for (const l of lines) {
    if (l.answeredOn === null || l.leadDays === null) continue;
    const earliest = earliestServiceDate(l.answeredOn, l.leadDays, holidays);
    if (serviceDate < earliest) out.push({ key: 'e.quote.serviceDateTooEarly', params: { line: l.position, date: serviceDate, earliest } });
  }
  return out;
}

/** The first date every line allows and that is not in the past: what the UI suggests. */
export function earliestPromisableDate(today: IsoDate, lines: readonly PromisedLine[], holidays: ReadonlySet<IsoDate>): IsoDate {
  let d = today;
  for (const l of lines) {
    if (l.answeredOn === null || l.leadDays === null) continue;
    const e = earliestServiceDate(l.answeredOn, l.leadDays, holidays);
    if (e > d) d = e;
  }
  return d;
}
