import { dateInZone, formatDate, type IsoDate } from '../../domain/dates.ts';
import { AppError } from '../../domain/errors.ts';
import { earliestPromisableDate, promisedDateProblems, type PromisedLine } from '../../domain/quoting/promised-date.ts';
import type { Ctx } from '../context.ts';

/** The company's non-working dates from `from` on (CRM keeps them; the business calendar is one). */
export async function holidaysFrom(ctx: Ctx, from: IsoDate): Promise<Set<IsoDate>> {
  const rows = await ctx.db.selectFrom('crm_holiday').select('day').where('day', '>=', from).execute();
  return new Set(rows.map((r) => r.day));
}

/** Answer day (business time zone) and lead time of each line's feasibility answer. */
async function promisedLines(ctx: Ctx, backings: readonly { position: number; answerId: string | null }[]): Promise<PromisedLine[]> {
  const ids = backings.map((b) => b.answerId).filter((x): x is string => Boolean(x));
  const answers = ids.length ? await ctx.db.selectFrom('feas_answer').select(['id', 'answered_at', 'lead_days']).where('id', 'in', ids).execute() : [];
  const byId = new Map(answers.map((a) => [a.id, a]));
  return backings.map((b) => {
    const a = b.answerId ? byId.get(b.answerId) : undefined;
    return { position: b.position, answeredOn: a ? dateInZone(a.answered_at, ctx.timeZone) : null, leadDays: a ? (a.lead_days ?? 0) : null };
  });
}

const minAnswerDay = (lines: readonly PromisedLine[], today: IsoDate): IsoDate =>
  lines.reduce((m, l) => (l.answeredOn && l.answeredOn < m ? l.answeredOn : m), today);

/**
 * Never-break rule 3 at sending time: the service date is not in the past and not earlier than any line's
 * answer allows (working days from the answer). Trigger `proposal_version_guard_promised_date` repeats it.
 */
export async function assertPromisedDates(ctx: Ctx, serviceDate: IsoDate, backings: readonly { position: number; answerId: string | null }[]): Promise<void> {
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const lines = await promisedLines(ctx, backings);
  const problems = promisedDateProblems(serviceDate, today, lines, await holidaysFrom(ctx, minAnswerDay(lines, today)));
  if (!problems.length) return;
  const p = problems[0]!;
  const params = Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, typeof v === 'string' ? formatDate(v) : v]));
  throw new AppError('rule', p.key, params, [{ path: 'serviceDate', key: p.key, params }], { problems });
}

/**
 * The earliest start date the tech department's answer allows — for anyone promising a date on it
 * (proposals here, orders' agreed start dates). Not before today either.
 */
export async function earliestDateForAnswers(ctx: Ctx, answerIds: readonly string[]): Promise<IsoDate> {
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const lines = await promisedLines(ctx, answerIds.map((answerId, i) => ({ position: i + 1, answerId })));
  return earliestPromisableDate(today, lines, await holidaysFrom(ctx, minAnswerDay(lines, today)));
}
