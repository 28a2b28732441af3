import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { AppError } from '../../domain/errors.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { conversionPercent } from '../../domain/crm/day.ts';
import { dayStart } from '../../domain/crm/day.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { writeXlsx } from '../documents/tabular.ts';
import { ensureCrmDefaults } from '../../db/queries/crm.ts';
import { csvCell } from '../../domain/csv.ts';

export interface Period { from?: string; to?: string; ownerId?: string }

function bounds(p: Period, timeZone: string): { start: Date; end: Date } {
  for (const k of ['from', 'to'] as const) {
    if (p[k] && !isIsoDate(p[k]!)) throw new AppError('validation', 'e.validation', {}, [{ path: k, key: 'v.date' }]);
  }
  const start = p.from ? dayStart(p.from, timeZone) : new Date('1970-01-01T00:00:00Z');
  let end = new Date('9999-01-01T00:00:00Z');
  if (p.to) {
    const [y, m, d] = p.to.split('-').map(Number) as [number, number, number];
    end = dayStart(new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10), timeZone);
  }
  return { start, end };
}

export interface FunnelRow { stage: string; name: string; outcome: string; reached: number; current: number; currentRevenue: bigint; conversionFromPrevious: string; avgDaysInStage: number | null }
export interface SourceRow { source: string; deals: number; won: number; lost: number; open: number; conversion: string; wonRevenue: bigint }

/**
 * The funnel over deals created in the period: how many reached each stage (or a later one), how many
 * sit there now, conversion from the previous stage; mean days in each stage over stays that ended in the
 * period or are still going on; plus the same by source.
 */
export async function funnelReport(db: Kysely<DB>, p: Period, timeZone: string): Promise<{ stages: FunnelRow[]; sources: SourceRow[] }> {
  const { start, end } = bounds(p, timeZone);
  await ensureCrmDefaults(db);
  const owner = p.ownerId ? sql`AND d.owner_id = ${p.ownerId}` : sql``;
  const stagesQ = db.selectFrom('crm_stage').selectAll().orderBy('position').execute();
  const reachedQ = sql<{ maxpos: number; n: string }>`
    SELECT d.furthest_position AS maxpos, count(*) AS n FROM deal d
    WHERE d.created_at >= ${start} AND d.created_at < ${end} ${owner} GROUP BY d.furthest_position`.execute(db);
  const currentQ = sql<{ stage: string; n: string; revenue: string }>`
    SELECT d.stage, count(*) AS n, coalesce(sum(d.expected_monthly_revenue), 0)::text AS revenue FROM deal d
    WHERE d.created_at >= ${start} AND d.created_at < ${end} ${owner} GROUP BY d.stage`.execute(db);
  // Time in stage: stays that ended in the period (exits recorded with their entry time) plus stays still going on.
  const timeQ = sql<{ stage: string; avg_days: string | null }>`
    SELECT x.stage, (avg(x.seconds) / 86400)::text AS avg_days FROM (
      SELECT s.from_stage AS stage, extract(epoch FROM s.at - s.from_entered_at) AS seconds
      FROM deal_stage_change s ${p.ownerId ? sql`JOIN deal d ON d.id = s.deal_id AND d.owner_id = ${p.ownerId}` : sql``}
      WHERE s.from_entered_at IS NOT NULL AND s.at >= ${start} AND s.at < ${end}
      UNION ALL
      SELECT d.stage, extract(epoch FROM now() - d.stage_changed_at) FROM deal d
      WHERE d.outcome = 'open' AND d.created_at >= ${start} AND d.created_at < ${end} ${owner}) x
    GROUP BY x.stage`.execute(db);
  const sourceQ = sql<{ source: string; deals: string; won: string; lost: string; open: string; won_revenue: string }>`
    SELECT d.source, count(*) AS deals, count(*) FILTER (WHERE d.outcome = 'won') AS won, count(*) FILTER (WHERE d.outcome = 'lost') AS lost,
      count(*) FILTER (WHERE d.outcome = 'open') AS open,
      coalesce(sum(d.expected_monthly_revenue) FILTER (WHERE d.outcome = 'won'), 0)::text AS won_revenue
    FROM deal d WHERE d.created_at >= ${start} AND d.created_at < ${end} ${owner} GROUP BY d.source ORDER BY count(*) DESC`.execute(db);
  const [stages, reached, current, times, sources] = await Promise.all([stagesQ, reachedQ, currentQ, timeQ, sourceQ]);
  const cur = new Map(current.rows.map((r) => [r.stage, r]));
  const avg = new Map(times.rows.map((r) => [r.stage, r.avg_days]));
  const rows: FunnelRow[] = [];
  let prev: number | null = null;
  for (const s of stages) {
    const reachedN = s.outcome === 'lost' ? Number(cur.get(s.code)?.n ?? 0)
      : reached.rows.filter((r) => Number(r.maxpos) >= s.position).reduce((a, r) => a + Number(r.n), 0);
    const a = avg.get(s.code);
    rows.push({
      stage: s.code, name: s.name_ru, outcome: s.outcome, reached: reachedN, current: Number(cur.get(s.code)?.n ?? 0),
      currentRevenue: BigInt(cur.get(s.code)?.revenue ?? '0'),
      conversionFromPrevious: s.outcome === 'lost' ? '' : prev === null ? '100' : conversionPercent(reachedN, prev),
      avgDaysInStage: s.outcome === 'open' && a ? Math.round(Number(a) * 10) / 10 : null,
    });
    if (s.outcome !== 'lost') prev = reachedN;
  }
  return {
    stages: rows,
    sources: sources.rows.map((r) => ({
      source: r.source, deals: Number(r.deals), won: Number(r.won), lost: Number(r.lost), open: Number(r.open),
      conversion: conversionPercent(Number(r.won), Number(r.won) + Number(r.lost)), wonRevenue: BigInt(r.won_revenue),
    })),
  };
}

export interface RefusalRow { reason: string; name: string; count: number; revenueLost: bigint }

/** Refusal reasons of deals lost in the period: counts and the expected monthly revenue lost. */
export async function refusalReport(db: Kysely<DB>, p: Period, timeZone: string): Promise<RefusalRow[]> {
  const { start, end } = bounds(p, timeZone);
  const rows = await db.selectFrom('deal as d').innerJoin('refusal_reason as r', 'r.code', 'd.lost_reason')
    .select(['r.code', 'r.name_ru', (eb) => eb.fn.countAll<string>().as('n'), sql<string>`coalesce(sum(d.expected_monthly_revenue), 0)::text`.as('revenue')])
    .where('d.outcome', '=', 'lost').where('d.closed_at', '>=', start).where('d.closed_at', '<', end)
    .$if(Boolean(p.ownerId), (q) => q.where('d.owner_id', '=', p.ownerId!))
    .groupBy(['r.code', 'r.name_ru']).orderBy(sql`count(*)`, 'desc').execute();
  return rows.map((r) => ({ reason: r.code, name: r.name_ru, count: Number(r.n), revenueLost: BigInt(r.revenue) }));
}

export interface ManagerActivityRow { managerId: string; managerName: string; calls: number; emails: number; visits: number; meetings: number; conferences: number; dealsCreated: number; won: number; lost: number; tasksDone: number }

/** What each manager did in the period. */
export async function managerActivityReport(db: Kysely<DB>, p: Period, timeZone: string): Promise<ManagerActivityRow[]> {
  const { start, end } = bounds(p, timeZone);
  const r = await sql<{ id: string; full_name: string; calls: string; emails: string; visits: string; meetings: string; conferences: string; created: string; won: string; lost: string; tasks: string }>`
    SELECT u.id, u.full_name,
      coalesce(a.calls, 0) AS calls, coalesce(a.emails, 0) AS emails, coalesce(a.visits, 0) AS visits, coalesce(a.meetings, 0) AS meetings, coalesce(a.conferences, 0) AS conferences,
      (SELECT count(*) FROM deal d WHERE d.owner_id = u.id AND d.created_at >= ${start} AND d.created_at < ${end}) AS created,
      (SELECT count(*) FROM deal d WHERE d.owner_id = u.id AND d.outcome = 'won' AND d.closed_at >= ${start} AND d.closed_at < ${end}) AS won,
      (SELECT count(*) FROM deal d WHERE d.owner_id = u.id AND d.outcome = 'lost' AND d.closed_at >= ${start} AND d.closed_at < ${end}) AS lost,
      (SELECT count(*) FROM task t WHERE t.assignee_id = u.id AND t.done_at >= ${start} AND t.done_at < ${end}) AS tasks
    FROM app_user u LEFT JOIN (
      SELECT owner_id, count(*) FILTER (WHERE kind = 'call') AS calls, count(*) FILTER (WHERE kind = 'email') AS emails,
        count(*) FILTER (WHERE kind = 'visit') AS visits, count(*) FILTER (WHERE kind = 'meeting') AS meetings, count(*) FILTER (WHERE kind = 'conference') AS conferences
      FROM activity WHERE at >= ${start} AND at < ${end} GROUP BY owner_id) a ON a.owner_id = u.id
    WHERE u.active AND u.role IN ('manager', 'assistant', 'management') ${p.ownerId ? sql`AND u.id = ${p.ownerId}` : sql``}
    ORDER BY u.full_name`.execute(db);
  return r.rows.map((x) => ({
    managerId: x.id, managerName: x.full_name, calls: Number(x.calls), emails: Number(x.emails), visits: Number(x.visits), meetings: Number(x.meetings),
    conferences: Number(x.conferences), dealsCreated: Number(x.created), won: Number(x.won), lost: Number(x.lost), tasksDone: Number(x.tasks),
  }));
}

export type ReportName = 'funnel' | 'sources' | 'refusals' | 'activity';

/** A report as rows of plain cells (rubles as decimal strings), for CSV/XLSX. */
export async function reportTable(ctx: Ctx, name: ReportName, p: Period): Promise<{ columns: string[]; rows: (string | number)[][] }> {
  requirePermission(ctx, 'crm.read');
  const rub = (k: bigint) => `${k / 100n}.${(k % 100n).toString().padStart(2, '0')}`;
  if (name === 'funnel' || name === 'sources') {
    const f = await funnelReport(ctx.db, p, ctx.timeZone);
    if (name === 'funnel') {
      return { columns: ['stage', 'name', 'reached', 'current', 'current_revenue_rub', 'conversion_pct', 'avg_days_in_stage'],
        rows: f.stages.map((s) => [s.stage, s.name, s.reached, s.current, rub(s.currentRevenue), s.conversionFromPrevious, s.avgDaysInStage ?? '']) };
    }
    return { columns: ['source', 'deals', 'won', 'lost', 'open', 'win_rate_pct', 'won_revenue_rub'],
      rows: f.sources.map((s) => [s.source, s.deals, s.won, s.lost, s.open, s.conversion, rub(s.wonRevenue)]) };
  }
  if (name === 'refusals') {
    const r = await refusalReport(ctx.db, p, ctx.timeZone);
    return { columns: ['reason', 'name', 'count', 'revenue_lost_rub'], rows: r.map((x) => [x.reason, x.name, x.count, rub(x.revenueLost)]) };
  }
  const a = await managerActivityReport(ctx.db, p, ctx.timeZone);
  return { columns: ['manager', 'calls', 'emails', 'visits', 'meetings', 'conferences', 'deals_created', 'won', 'lost', 'tasks_done'],
    rows: a.map((x) => [x.managerName, x.calls, x.emails, x.visits, x.meetings, x.conferences, x.dealsCreated, x.won, x.lost, x.tasksDone]) };
}

/** CSV with `;` (what Russian Excel opens directly), UTF-8 with BOM. */
export function toCsv(t: { columns: string[]; rows: (string | number)[][] }): string {
  return `\ufeff${[t.columns, ...t.rows].map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

export function toXlsx(name: string, t: { columns: string[]; rows: (string | number)[][] }): Promise<Buffer> {
  return writeXlsx([{ name, columns: t.columns.map((c) => ({ header: c, key: c })), rows: t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i] ?? null]))) }]);
}
