import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { dateInZone } from '../../domain/dates.ts';
import { addDays, daysInPeriod, periodEnd, periodStart, type Period } from '../../domain/billing/billing.ts';
import { BillingRunSchema } from '../../domain/billing/billing.schemas.ts';
import { vatRateFor, type TaxMode } from '../../domain/tax.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx } from '../context.ts';
import { partyJsonSql, paymentTermsDays, reserveInvoiceNumbers } from './invoices.ts';
import { proratedSql, vatSql } from './billing-sql.ts';

const MONTHS_RU = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
/** Serializes billing transactions across every Rackdesk instance sharing the database. */
const BILLING_LOCK = 6_120_001;

export interface PeriodFacts { period: Period; ps: string; pe: string; dim: number; monthName: string }
export const periodFacts = (period: Period): PeriodFacts => ({ period, ps: periodStart(period), pe: periodEnd(period), dim: daysInPeriod(period),
  monthName: `${MONTHS_RU[Number(period.slice(5, 7)) - 1]} ${period.slice(0, 4)}` });

/**
 * Fills the temporary table `bl_cand` with what a run would bill for `chunk` of clients in a period.
 * A partial month is billed at the price of its days per unit, one line per tariff segment, so quantity ×
 * price = amount on every line (column 5 of a счёт-фактура is column 3 × column 4): price =
 * accrued(to) − accrued(from − 1) with accrued(d) = round(unit monthly × d / days), half away from zero.
 */
export async function candidateLines(tx: Ctx, p: PeriodFacts, chunk: string[], maxDay: number, ratesJson: string): Promise<void> {
  const { period, ps, pe, dim, monthName } = p;
  await sql`DROP TABLE IF EXISTS bl_cand`.execute(tx.db);
  await sql`
    CREATE TEMP TABLE bl_cand ON COMMIT DROP AS
    WITH seg AS (
      SELECT s.id AS service_id, s.client_id, s.seller_id, s.title, t.id AS tariff_id, t.valid_from,
             t.monthly_price AS unit_monthly, t.quantity,
             greatest(${ps}::date, s.start_date, t.valid_from) AS d_from,
             least(${pe}::date, coalesce(s.end_date, ${pe}::date), coalesce(t.valid_to - 1, ${pe}::date)) AS d_to
      FROM billing_service s
      JOIN service_tariff t ON t.service_id = s.id AND t.valid_from <= ${pe}::date AND (t.valid_to IS NULL OR t.valid_to > ${ps}::date)
      WHERE s.client_id = ANY(${chunk}::text[]) AND s.status IN ('active','closing','closed')
        AND s.start_date <= ${pe}::date AND (s.end_date IS NULL OR s.end_date >= ${ps}::date) AND s.billing_day <= ${maxDay}::int
        AND NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.billing_key = s.id || ':' || ${period}::text)
    ), seg2 AS (
      SELECT *, ${proratedSql(sql`unit_monthly`, sql`d_from`, sql`d_to`, sql`${dim}::int8`)} AS unit_price,
             row_number() OVER (PARTITION BY service_id ORDER BY valid_from) AS seg_no
      FROM seg WHERE d_from <= d_to AND quantity > 0
    ), lines AS (
      SELECT service_id, client_id, seller_id, tariff_id, 'period'::text AS line_kind,
             service_id || ':' || ${period}::text || CASE WHEN seg_no = 1 THEN '' ELSE ':' || tariff_id END AS billing_key,
             d_from, d_to, unit_price, quantity,
             title || ' за ' || ${monthName}::text
               || CASE WHEN d_from > ${ps}::date OR d_to < ${pe}::date
                  THEN ' (' || to_char(d_from, 'DD.MM.YYYY') || '–' || to_char(d_to, 'DD.MM.YYYY') || ', '
                       || (d_to - d_from + 1)::text || ' из ' || ${dim}::text || ' дн.)' ELSE '' END AS description,
             unit_price * quantity AS net
      FROM seg2
      UNION ALL
      SELECT s.id, s.client_id, s.seller_id, NULL, 'setup', s.id || ':setup', s.start_date, s.start_date, s.setup_fee, 1,
             'Подключение: ' || s.title, s.setup_fee
      FROM billing_service s
      WHERE s.client_id = ANY(${chunk}::text[]) AND s.status IN ('active','closing','closed') AND s.setup_fee > 0
        AND s.start_date <= ${pe}::date AND (s.end_date IS NULL OR s.end_date >= s.start_date) AND s.billing_day <= ${maxDay}::int
        AND NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.billing_key = s.id || ':setup')
    )
    SELECT l.*, r.rate AS vat_rate,
           ${vatSql(sql`l.net`, sql`r.rate`)} AS vat
    FROM lines l JOIN jsonb_to_recordset(${ratesJson}::jsonb) AS r(id text, rate numeric) ON r.id = l.seller_id`.execute(tx.db);
}

/** Each of our legal entities with its VAT rate for a period start, as JSON for the candidate query. */
export async function sellerRatesJson(ctx: Ctx, periodStartDate: string): Promise<string> {
  const sellers = await ctx.db.selectFrom('own_entity').select(['company_id', 'tax_mode']).execute();
  if (sellers.length === 0) throw new AppError('rule', 'e.ownEntity.none');
  return JSON.stringify(sellers.map((s) => ({ id: s.company_id, rate: vatRateFor(s.tax_mode as TaxMode, periodStartDate) })));
}

export interface BillingRunResult { runId: string; period: string; invoices: number; lines: number; clients: number }

/**
 * Invoices every billable service for a period: one invoice per client and seller with one line per
 * service (partial months prorated by days, VAT by the seller's tax mode on the service date), plus
 * setup fees not billed yet. Set-based and chunked by clients; each chunk is one transaction under an
 * advisory lock and every line has a unique billing key, so reruns, crashes half-way and parallel runs
 * bill each line exactly once. `onProgress(doneClients, totalClients)` reports after each chunk.
 */
export async function runBilling(ctx: Ctx, input: unknown, opts: { chunkSize?: number; onProgress?: (done: number, total: number) => void; billingDayUpTo?: number } = {}): Promise<BillingRunResult> {
  requirePermission(ctx, 'billing.run');
  const { period } = parseInput(BillingRunSchema, input);
  const p = periodFacts(period);
  const { ps, pe } = p;
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const year = Number(today.slice(0, 4));
  const due = addDays(today, await paymentTermsDays(ctx));

  // Closures whose last day has passed become closed; their last days are still billed below.
  await ctx.db.updateTable('billing_service').set({ status: 'closed', updated_at: ctx.now() })
    .where('status', '=', 'closing').where('end_date', '<', today).execute();

  const ratesJson = await sellerRatesJson(ctx, ps);

  // The scheduled job bills a month in advance on each service's billing day; people and the CLI bill everything.
  // Only clients with a service whose period line or setup fee is not billed yet: a rerun opens no chunk at all.
  const maxDay = opts.billingDayUpTo ?? 31;
  const clientIds = (await sql<{ client_id: string }>`
    SELECT DISTINCT client_id FROM billing_service s
    WHERE status IN ('active','closing','closed') AND start_date <= ${pe}::date AND (end_date IS NULL OR end_date >= ${ps}::date)
      AND billing_day <= ${maxDay}::int
      AND (NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.billing_key = s.id || ':' || ${period}::text)
           OR (s.setup_fee > 0 AND NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.billing_key = s.id || ':setup')))
    ORDER BY client_id`.execute(ctx.db)).rows.map((r) => r.client_id);

  const lockSeconds = ctx.services.lockSeconds ?? 60;
  await markInterruptedRuns(ctx, lockSeconds);
  const runId = newId('br');
  await ctx.db.insertInto('billing_run').values({ id: runId, period, actor_name: ctx.actor.name, finished_at: null, heartbeat_at: sql<Date>`clock_timestamp()`, interrupted_at: null }).execute();
  // The run's sign of life, beaten outside its chunk transactions; a killed run stops beating.
  // (Inside a caller's transaction nobody else sees the run anyway, and the connection is not to be shared.)
  const beat = ctx.db.isTransaction ? undefined : setInterval(() => {
    ctx.db.updateTable('billing_run').set({ heartbeat_at: sql<Date>`clock_timestamp()` }).where('id', '=', runId).where('finished_at', 'is', null).execute().catch(() => undefined);
  }, Math.max(250, (lockSeconds * 1000) / 3));
  try {
    return await billChunks(ctx, { runId, period, p, year, today, due, maxDay, ratesJson, clientIds }, opts);
  } finally {
    clearInterval(beat);
  }
}

/**
 * Marks the runs whose process died (no finish, no heartbeat for `lockSeconds`) as interrupted, so no run
 * looks unfinished forever. Their committed chunks stay: each line has its billing key, and a rerun bills the rest.
 */
export async function markInterruptedRuns(ctx: Ctx, lockSeconds: number): Promise<number> {
  const r = await sql`UPDATE billing_run SET interrupted_at = clock_timestamp()
    WHERE finished_at IS NULL AND interrupted_at IS NULL
      AND coalesce(heartbeat_at, started_at) < clock_timestamp() - make_interval(secs => ${lockSeconds})`.execute(ctx.db);
  return Number(r.numAffectedRows ?? 0n);
}

interface RunFacts {
  runId: string; period: string; p: ReturnType<typeof periodFacts>; year: number; today: string; due: string;
  maxDay: number; ratesJson: string; clientIds: string[];
}

async function billChunks(ctx: Ctx, f: RunFacts, opts: { chunkSize?: number; onProgress?: (done: number, total: number) => void }): Promise<BillingRunResult> {
  const { runId, period, p, year, today, due, maxDay, ratesJson, clientIds } = f;
  const size = opts.chunkSize ?? 5000;
  let invoices = 0;
  let lines = 0;
  for (let i = 0; i < clientIds.length; i += size) {
    const chunk = clientIds.slice(i, i + size);
    const r = await inTransaction(ctx, async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(${BILLING_LOCK})`.execute(tx.db);
      await candidateLines(tx, p, chunk, maxDay, ratesJson);
      // Invoices are planned in a temporary table first (id, number, totals), so the lines join it by hash
      // instead of searching the invoice table for each line; numbers are reserved per seller in client order.
      const groups = (await sql<{ seller_id: string; n: number }>`SELECT seller_id, count(DISTINCT client_id)::int AS n FROM bl_cand GROUP BY seller_id ORDER BY seller_id`.execute(tx.db)).rows;
      const firsts: Record<string, number> = {};
      for (const g of groups) firsts[g.seller_id] = await reserveInvoiceNumbers(tx, g.seller_id, year, g.n);
      await sql`DROP TABLE IF EXISTS bl_inv`.execute(tx.db);
      await sql`
        CREATE TEMP TABLE bl_inv ON COMMIT DROP AS
        SELECT 'iv_' || replace(gen_random_uuid()::text, '-', '') AS id, g.seller_id, g.client_id,
               (${JSON.stringify(firsts)}::jsonb ->> g.seller_id)::int - 1 + row_number() OVER (PARTITION BY g.seller_id ORDER BY g.client_id) AS number,
               g.net, g.vat, g.rate
        FROM (SELECT seller_id, client_id, sum(net)::int8 AS net, sum(vat)::int8 AS vat, max(vat_rate) AS rate FROM bl_cand GROUP BY 1, 2) g`.execute(tx.db);
      const ins = await sql`
        INSERT INTO invoice (id, seller_id, client_id, year, number, kind, period, issue_date, due_date, net_total, vat_total, total, vat_rate, seller, buyer, run_id)
        SELECT g.id, g.seller_id, g.client_id, ${year}::int, g.number, 'period', ${period}::text, ${today}::date, ${due}::date,
               g.net, g.vat, g.net + g.vat, g.rate, ${partyJsonSql('s')}, ${partyJsonSql('b')}, ${runId}
        FROM bl_inv g JOIN company s ON s.id = g.seller_id JOIN company b ON b.id = g.client_id
        ORDER BY g.seller_id, g.number`.execute(tx.db);
      const inv = Number(ins.numAffectedRows ?? 0n);
      const li = await sql`
        INSERT INTO invoice_line (invoice_id, service_id, billing_key, line_kind, period, date_from, date_to, description, quantity, unit_price, net, vat_rate, vat, total, tariff_id)
        SELECT i.id, c.service_id, c.billing_key, c.line_kind, ${period}::text, c.d_from, c.d_to, c.description, c.quantity, c.unit_price, c.net, c.vat_rate, c.vat, c.net + c.vat, c.tariff_id
        FROM bl_cand c JOIN bl_inv i ON i.seller_id = c.seller_id AND i.client_id = c.client_id
        ORDER BY i.seller_id, i.number, c.line_kind DESC, c.service_id, c.d_from`.execute(tx.db);
      const r = { inv, lines: Number(li.numAffectedRows ?? 0n) };
      // The run's counts move with its committed chunks, so an interrupted run says what it did.
      await tx.db.updateTable('billing_run').set((eb) => ({ invoices: eb('invoices', '+', r.inv), lines: eb('lines', '+', r.lines) })).where('id', '=', runId).execute();
      return r;
    });
    invoices += r.inv;
    lines += r.lines;
    opts.onProgress?.(Math.min(i + size, clientIds.length), clientIds.length);
  }
  await ctx.db.updateTable('billing_run').set({ finished_at: ctx.now(), heartbeat_at: sql<Date>`clock_timestamp()`, interrupted_at: null, invoices, lines }).where('id', '=', runId).execute();
  await writeAudit(ctx, { entityType: 'billing_run', entityId: runId, action: 'run', after: { period, invoices, lines } });
  return { runId, period, invoices, lines, clients: clientIds.length };
}
