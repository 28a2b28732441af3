import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { attribute, parseSpendRows, SpendSchema, type SpendInput } from '../../domain/marketing/spend.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { readTable } from '../documents/tabular.ts';
import { guardError } from '../guard-errors.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx, type Tx } from '../context.ts';

export interface MonthRange { from: string; to: string }

const duplicate = (s: SpendInput, path: string) =>
  new AppError('conflict', 'e.mkt.spendDuplicate', { campaign: s.campaign, month: s.month }, [{ path, key: 'e.mkt.spendDuplicate', params: { campaign: s.campaign, month: s.month } }]);

/** Records a campaign's spend for a month (one general row per campaign and month). */
export async function addSpend(ctx: Ctx, input: unknown): Promise<{ id: string }> {
  requirePermission(ctx, 'marketing.write');
  const s = parseInput(SpendSchema, input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const id = newId('ms');
      await tx.db.insertInto('mkt_ad_spend').values({ id, campaign: s.campaign, month: s.month, amount: s.amount, channel: s.channel, note: s.note, created_by: tx.actor.id }).execute();
      await writeAudit(tx, { entityType: 'mkt_ad_spend', entityId: id, action: 'create', after: s });
      return { id };
    });
  } catch (e) {
    if (sqlStateOf(e) === '23505') throw duplicate(s, 'campaign');
    throw guardError(e);
  }
}

/** Imports spend rows (campaign, month, amount[, channel, note]) from CSV or XLSX, all or nothing, errors by line. */
export async function importSpend(ctx: Ctx, file: Buffer | string, fileName: string): Promise<{ count: number }> {
  requirePermission(ctx, 'marketing.write');
  const table = await readTable(file, fileName);
  const { rows, errors } = parseSpendRows(table.header, table.rows);
  if (errors.length) throw new AppError('validation', 'e.importFailed', {}, errors);
  return inTransaction(ctx, async (tx) => {
    for (const r of rows) {
      const taken = await tx.db.selectFrom('mkt_ad_spend').select('id').where('campaign', '=', r.campaign).where('month', '=', r.month).where('used_by', 'is', null).executeTakeFirst();
      if (taken) throw new AppError('validation', 'e.importFailed', {}, [{ path: `line ${r.line}.campaign`, key: 'e.mkt.spendDuplicate', params: { campaign: r.campaign, month: r.month } }]);
      await tx.db.insertInto('mkt_ad_spend').values({ id: newId('ms'), campaign: r.campaign, month: r.month, amount: r.amount, channel: r.channel, note: r.note, created_by: tx.actor.id }).execute();
    }
    await writeAudit(tx, { entityType: 'mkt_ad_spend', entityId: 'import', action: 'import', after: { file: fileName, count: rows.length } });
    return { count: rows.length };
  });
}

/** Deletes a spend entered by mistake; one already deducted from a bonus stays (the database refuses too). */
export async function deleteSpend(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'marketing.write');
  try {
    await inTransaction(ctx, async (tx) => {
      const before = await tx.db.selectFrom('mkt_ad_spend').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw new AppError('not_found', 'e.mkt.spendNotFound', { id });
      if (before.deduction_id) throw new AppError('rule', 'e.mkt.spendUsed', {});
      await tx.db.deleteFrom('mkt_ad_spend').where('id', '=', id).execute();
      await writeAudit(tx, { entityType: 'mkt_ad_spend', entityId: id, action: 'delete', before });
    });
  } catch (e) { throw guardError(e); }
}

/** A spend row locked for the payroll flow; refused when it is already someone's. */
export async function lockFreeSpend(tx: Tx, id: string) {
  requirePermission(tx, 'marketing.write');
  const row = await tx.db.selectFrom('mkt_ad_spend').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new AppError('not_found', 'e.mkt.spendNotFound', { id });
  if (row.used_by) throw new AppError('conflict', 'e.mkt.spendTaken', {});
  return row;
}

/** Marks a spend as used by a manager (for a client), pointing at the payroll deduction it became. */
export async function markSpendUsed(tx: Tx, id: string, userId: string, companyId: string | null, deductionId: string): Promise<void> {
  try {
    await tx.db.updateTable('mkt_ad_spend').set({ used_by: userId, for_company_id: companyId, deduction_id: deductionId }).where('id', '=', id).execute();
  } catch (e) { throw guardError(e); }
  await writeAudit(tx, { entityType: 'mkt_ad_spend', entityId: id, action: 'use', after: { userId, companyId, deductionId } });
}

/** Spend rows of a range of months, with the manager who used each one and the client it was for. */
export async function listSpend(ctx: Ctx, r: MonthRange) {
  requirePermission(ctx, 'marketing.read');
  const rows = await ctx.db.selectFrom('mkt_ad_spend as s').leftJoin('app_user as u', 'u.id', 's.used_by').leftJoin('company as c', 'c.id', 's.for_company_id')
    .select(['s.id', 's.campaign', 's.month', 's.amount', 's.channel', 's.note', 's.used_by', 'u.full_name', 's.for_company_id', 'c.name as company_name', 's.deduction_id'])
    .where('s.month', '>=', r.from).where('s.month', '<=', r.to).orderBy('s.month', 'desc').orderBy('s.campaign').execute();
  return rows.map((x) => ({
    id: x.id, campaign: x.campaign, month: x.month, amount: x.amount, channel: x.channel, note: x.note,
    usedBy: x.used_by ? { id: x.used_by, name: x.full_name ?? '' } : null, company: x.for_company_id ? { id: x.for_company_id, name: x.company_name ?? '' } : null, deductionId: x.deduction_id,
  }));
}

/**
 * Attribution by UTM campaign over a range of months: spend, leads (deals created then, by `utm_campaign`),
 * won deals with their expected monthly revenue, and what billing really invoiced their clients (net, with
 * the corrections of each invoice in its month) from the first month of the range to today; cost per lead
 * and per invoiced client.
 */
export async function attribution(ctx: Ctx, r: MonthRange) {
  requirePermission(ctx, 'marketing.read');
  const month = sql<string>`to_char(created_at AT TIME ZONE ${ctx.timeZone}, 'YYYY-MM')`;
  const [spend, deals] = await Promise.all([
    ctx.db.selectFrom('mkt_ad_spend').select(['campaign', 'month', 'amount']).where('month', '>=', r.from).where('month', '<=', r.to).execute(),
    ctx.db.selectFrom('deal').select([month.as('month'), 'utm_campaign', 'outcome', 'expected_monthly_revenue', 'company_id']).where(month, '>=', r.from).where(month, '<=', r.to).execute(),
  ]);
  const clients = [...new Set(deals.filter((d) => d.outcome === 'won' && d.company_id).map((d) => d.company_id!))];
  const invoiced = clients.length === 0 ? [] : (await sql<{ client_id: string; month: string; net: bigint }>`
    SELECT i.client_id, coalesce(o.period, i.period, to_char(coalesce(o.issue_date, i.issue_date), 'YYYY-MM')) AS month, sum(i.net_total)::int8 AS net
    FROM invoice i LEFT JOIN invoice o ON o.id = i.corrects_invoice_id
    WHERE i.client_id IN (${sql.join(clients)})
    GROUP BY 1, 2`.execute(ctx.db)).rows.filter((x) => x.month >= r.from);
  const rows = attribute(spend, deals.map((d) => ({ campaign: d.utm_campaign, month: d.month, outcome: d.outcome, monthlyRevenue: d.expected_monthly_revenue, companyId: d.company_id })), r.from, r.to,
    invoiced.map((x) => ({ companyId: x.client_id, month: x.month, net: BigInt(x.net) })));
  const total = rows.reduce((a, x) => ({ spend: a.spend + x.spend, leads: a.leads + x.leads, won: a.won + x.won, revenue: a.revenue + x.revenue, invoiced: a.invoiced + x.invoiced, invoicedMonthly: a.invoicedMonthly + x.invoicedMonthly, clients: a.clients + x.clients }),
    { spend: 0n, leads: 0, won: 0, revenue: 0n, invoiced: 0n, invoicedMonthly: 0n, clients: 0 });
  return { from: r.from, to: r.to, rows, total };
}
