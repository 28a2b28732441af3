import { sql } from 'kysely';
import { dateInZone } from '../../domain/dates.ts';
import { nextPeriod, periodOf, type Period } from '../../domain/billing/billing.ts';
import type { Kopecks } from '../../domain/money.ts';
import { inTransaction, requirePermission, type Ctx } from '../context.ts';
import { candidateLines, periodFacts, runBilling, sellerRatesJson, type BillingRunResult } from './billing-run.ts';

/** What a run of one period would issue: invoices, lines, the amount, and whether it is a catch-up of a past month. */
export interface PlannedPeriod {
  period: Period; catchUp: boolean; clients: number; invoices: number; lines: number; net: Kopecks; vat: Kopecks; total: Kopecks;
  /** A few of the services it bills, for a person to recognise them: client, service, days. */
  examples: { clientName: string; description: string; total: Kopecks }[];
}

/** How far back a catch-up reaches from the day a service was entered (older history is billed elsewhere, e.g. an imported base). */
export const CATCH_UP_MONTHS = 12;

/**
 * Months before `current` in which some billable service has days and no line yet: a service created
 * today with a start three months back is billed for each of those months by the next run.
 */
export async function unbilledPastPeriods(ctx: Ctx, current: Period): Promise<Period[]> {
  const rows = (await sql<{ period: string }>`
    SELECT DISTINCT to_char(m, 'YYYY-MM') AS period
    FROM billing_service s
    CROSS JOIN LATERAL generate_series(greatest(date_trunc('month', s.start_date), date_trunc('month', s.created_at) - interval '${sql.raw(String(CATCH_UP_MONTHS))} months'), date_trunc('month', least(coalesce(s.end_date, ${current + '-01'}::date - 1), ${current + '-01'}::date - 1)), interval '1 month') AS m
    WHERE s.status IN ('active','closing','closed') AND s.start_date < ${current + '-01'}::date
      AND NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.billing_key = s.id || ':' || to_char(m, 'YYYY-MM'))
    ORDER BY 1`.execute(ctx.db)).rows;
  return rows.map((r) => r.period);
}

/** What the daily run does today: every unbilled past month, this month, and next month for services whose billing day has come. */
export async function dailyPlan(ctx: Ctx): Promise<{ period: Period; billingDayUpTo?: number; catchUp: boolean }[]> {
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const current = periodOf(today);
  const past = await unbilledPastPeriods(ctx, current);
  return [...past.map((period) => ({ period, catchUp: true })), { period: current, catchUp: false },
    { period: nextPeriod(current), billingDayUpTo: Number(today.slice(8, 10)), catchUp: false }];
}

/** Computes, without issuing anything, what a run of these periods would issue. */
export async function previewBilling(ctx: Ctx, input: { period?: string } = {}): Promise<{ asOf: string; periods: PlannedPeriod[] }> {
  requirePermission(ctx, 'billing.run');
  const plan = input.period ? [{ period: input.period, catchUp: input.period < periodOf(dateInZone(ctx.now(), ctx.timeZone)), billingDayUpTo: undefined }] : await dailyPlan(ctx);
  const periods: PlannedPeriod[] = [];
  for (const step of plan) {
    const p = periodFacts(step.period);
    const ratesJson = await sellerRatesJson(ctx, p.ps);
    const clients = (await sql<{ id: string }>`SELECT DISTINCT client_id AS id FROM billing_service WHERE status IN ('active','closing','closed') AND start_date <= ${p.pe}::date`.execute(ctx.db)).rows.map((r) => r.id);
    const r = await inTransaction(ctx, async (tx) => {
      await candidateLines(tx, p, clients, step.billingDayUpTo ?? 31, ratesJson);
      const sum = (await sql<{ clients: number; invoices: number; lines: number; net: bigint; vat: bigint }>`
        SELECT count(DISTINCT client_id)::int AS clients, count(DISTINCT (client_id, seller_id))::int AS invoices, count(*)::int AS lines,
               coalesce(sum(net), 0)::int8 AS net, coalesce(sum(vat), 0)::int8 AS vat FROM bl_cand`.execute(tx.db)).rows[0]!;
      const examples = (await sql<{ name: string; description: string; total: bigint }>`
        SELECT c.name, b.description, (b.net + b.vat)::int8 AS total FROM bl_cand b JOIN company c ON c.id = b.client_id ORDER BY c.name, b.description LIMIT 5`.execute(tx.db)).rows;
      return { ...sum, examples: examples.map((e) => ({ clientName: e.name, description: e.description, total: e.total })) };
    });
    periods.push({ period: step.period, catchUp: step.catchUp, ...r, total: r.net + r.vat });
  }
  return { asOf: dateInZone(ctx.now(), ctx.timeZone), periods };
}

/** Runs the daily plan (the scheduled job, or a person after looking at the preview): catch-up months first. */
export async function runDailyPlan(ctx: Ctx): Promise<BillingRunResult[]> {
  requirePermission(ctx, 'billing.run');
  const out: BillingRunResult[] = [];
  for (const step of await dailyPlan(ctx)) out.push(await runBilling(ctx, { period: step.period }, step.billingDayUpTo ? { billingDayUpTo: step.billingDayUpTo } : {}));
  return out;
}
