import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { dateInZone, formatDate } from '../../domain/dates.ts';
import { agingBucket, agingBuckets, daysInclusive, defaultBillingSettings, type AgingBucket } from '../../domain/billing/billing.ts';
import { BillingSettingsSchema, SuspensionDecisionSchema } from '../../domain/billing/billing.schemas.ts';
import { formatRubles, type Kopecks } from '../../domain/money.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx } from '../context.ts';
import { writeXlsx } from '../documents/tabular.ts';

export interface LedgerEntry { date: string; kind: 'invoice' | 'correction' | 'payment'; id: string; ref: string; debit: Kopecks; credit: Kopecks; balance: Kopecks }

/**
 * A client's ledger: invoices (debit), corrections (an increase is a debit, a decrease a credit) and
 * applied payments (credit) by date with the running balance; positive = owes us.
 */
export async function clientLedger(ctx: Ctx, clientId: string): Promise<{ clientId: string; balance: Kopecks; onAccount: Kopecks; entries: LedgerEntry[] }> {
  requirePermission(ctx, 'billing.read');
  const rows = (await sql<{ date: string; kind: 'invoice' | 'correction' | 'payment'; id: string; ref: string; debit: bigint; credit: bigint }>`
    SELECT issue_date AS date, CASE WHEN kind = 'correction' THEN 'correction' ELSE 'invoice' END AS kind, id, number::text || '/' || year::text AS ref,
           greatest(total, 0)::int8 AS debit, greatest(-total, 0)::int8 AS credit FROM invoice WHERE client_id = ${clientId}
    UNION ALL
    SELECT paid_on, 'payment', id, coalesce(doc_number, ''), 0::int8, amount FROM payment WHERE client_id = ${clientId} AND status IN ('matched','resolved')
    ORDER BY 1, 2, 3`.execute(ctx.db)).rows;
  let balance = 0n;
  const entries = rows.map((r) => { balance += r.debit - r.credit; return { ...r, balance }; });
  const onAccount = (await sql<{ s: bigint }>`
    SELECT coalesce(sum(p.amount - coalesce((SELECT sum(a.amount) FROM payment_allocation a WHERE a.payment_id = p.id), 0)), 0)::int8 AS s
    FROM payment p WHERE p.client_id = ${clientId} AND p.status IN ('matched','resolved')`.execute(ctx.db)).rows[0]!.s;
  return { clientId, balance, onAccount, entries };
}

export interface AgingRow { clientId: string; clientName: string; inn: string | null; buckets: Record<AgingBucket, Kopecks>; debt: Kopecks; onAccount: Kopecks; oldestDue: string | null; daysOverdue: number }

/** Receivables by client and age of the debt (current, 1–30, 31–60, 60+ days past due) as of `asOf`. */
export async function agingReport(ctx: Ctx, asOf?: string): Promise<{ asOf: string; totals: Record<AgingBucket, Kopecks>; rows: AgingRow[] }> {
  requirePermission(ctx, 'billing.read');
  const day = asOf ?? dateInZone(ctx.now(), ctx.timeZone);
  const open = (await sql<{ client_id: string; name: string; inn: string | null; due_date: string; outstanding: bigint }>`
    SELECT i.client_id, c.name, c.inn, i.due_date, (i.total - coalesce(a.paid, 0))::int8 AS outstanding
    FROM invoice i JOIN company c ON c.id = i.client_id
    LEFT JOIN (SELECT invoice_id, sum(amount) AS paid FROM payment_allocation GROUP BY invoice_id) a ON a.invoice_id = i.id
    WHERE i.total > coalesce(a.paid, 0) AND i.issue_date <= ${day}::date`.execute(ctx.db)).rows;
  const credit = (await sql<{ client_id: string; s: bigint }>`
    SELECT p.client_id, sum(p.amount - coalesce(a.used, 0))::int8 AS s FROM payment p
    LEFT JOIN (SELECT payment_id, sum(amount) AS used FROM payment_allocation GROUP BY payment_id) a ON a.payment_id = p.id
    WHERE p.status IN ('matched','resolved') GROUP BY p.client_id HAVING sum(p.amount - coalesce(a.used, 0)) <> 0`.execute(ctx.db)).rows;
  const creditOf = new Map(credit.map((c) => [c.client_id, c.s]));
  const totals = Object.fromEntries(agingBuckets.map((b) => [b, 0n])) as Record<AgingBucket, Kopecks>;
  const by = new Map<string, AgingRow>();
  for (const o of open) {
    const row = by.get(o.client_id) ?? { clientId: o.client_id, clientName: o.name, inn: o.inn, buckets: Object.fromEntries(agingBuckets.map((b) => [b, 0n])) as Record<AgingBucket, Kopecks>, debt: 0n, onAccount: creditOf.get(o.client_id) ?? 0n, oldestDue: null, daysOverdue: 0 };
    const overdue = daysInclusive(o.due_date, day) - 1;
    const b = agingBucket(overdue);
    row.buckets[b] += o.outstanding;
    totals[b] += o.outstanding;
    row.debt += o.outstanding;
    if (!row.oldestDue || o.due_date < row.oldestDue) { row.oldestDue = o.due_date; row.daysOverdue = Math.max(0, overdue); }
    by.set(o.client_id, row);
  }
  const rows = [...by.values()].sort((a, b) => (b.debt > a.debt ? 1 : b.debt < a.debt ? -1 : a.clientName.localeCompare(b.clientName)));
  return { asOf: day, totals, rows };
}

/** The debt report for management as XLSX (one row per client, aging buckets in rubles). */
export async function debtReportXlsx(ctx: Ctx, asOf?: string): Promise<Buffer> {
  const r = await agingReport(ctx, asOf);
  const rub = (k: Kopecks) => Number(k) / 100;
  return writeXlsx([{
    name: `Дебиторка ${r.asOf}`,
    columns: [
      { header: 'Клиент', key: 'name', width: 40 }, { header: 'ИНН', key: 'inn', width: 14 },
      { header: 'Текущая', key: 'current', numFmt: '#,##0.00' }, { header: '1–30 дн.', key: 'd1_30', numFmt: '#,##0.00' },
      { header: '31–60 дн.', key: 'd31_60', numFmt: '#,##0.00' }, { header: 'Более 60 дн.', key: 'd60plus', numFmt: '#,##0.00' },
      { header: 'Всего долг', key: 'debt', numFmt: '#,##0.00' }, { header: 'Аванс', key: 'onAccount', numFmt: '#,##0.00' },
      { header: 'Старейший срок оплаты', key: 'oldestDue', width: 14 }, { header: 'Дней просрочки', key: 'days', width: 10 },
    ],
    rows: r.rows.map((x) => ({ name: x.clientName, inn: x.inn, current: rub(x.buckets.current), d1_30: rub(x.buckets.d1_30), d31_60: rub(x.buckets.d31_60),
      d60plus: rub(x.buckets.d60plus), debt: rub(x.debt), onAccount: rub(x.onAccount), oldestDue: x.oldestDue ? formatDate(x.oldestDue) : null, days: x.daysOverdue })),
  }]);
}

export async function getBillingSettings(ctx: Ctx) {
  requirePermission(ctx, 'billing.read');
  return readSettings(ctx);
}

async function readSettings(ctx: Ctx) {
  const s = await ctx.db.selectFrom('billing_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  return s ? { paymentTermsDays: s.payment_terms_days, reminderDays: s.reminder_days, suspendAfterDays: s.suspend_after_days } : { ...defaultBillingSettings };
}

/** Changes the receivables policy: payment terms, reminder schedule (days after due), suspension threshold. */
export async function setBillingSettings(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'billing.write');
  const d = parseInput(BillingSettingsSchema, input);
  return inTransaction(ctx, async (tx) => {
    const before = await getBillingSettings(tx);
    const row = { payment_terms_days: d.paymentTermsDays, reminder_days: [...new Set(d.reminderDays)].sort((a, b) => a - b), suspend_after_days: d.suspendAfterDays, updated_at: tx.now() };
    await tx.db.insertInto('billing_settings').values({ id: 1, ...row }).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
    await writeAudit(tx, { entityType: 'billing_settings', entityId: '1', action: 'update', before, after: d });
    return getBillingSettings(tx);
  });
}

/**
 * Sends payment reminders for overdue invoices per the schedule (days after due). Each invoice gets each
 * stage once: the stage is recorded before the mail goes out, so reruns and parallel runners never repeat it.
 */
export async function sendReminders(ctx: Ctx): Promise<{ sent: number }> {
  const mailer = ctx.services.mailer;
  if (!mailer) return { sent: 0 };
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const settings = await readSettings(ctx);
  const due = (await sql<{ id: string; number: number; year: number; due_date: string; outstanding: bigint; email: string | null; stage: number }>`
    SELECT i.id, i.number, i.year, i.due_date, (i.total - coalesce((SELECT sum(a.amount) FROM payment_allocation a WHERE a.invoice_id = i.id), 0))::int8 AS outstanding,
           c.email, st.stage
    FROM invoice i JOIN company c ON c.id = i.client_id
    CROSS JOIN LATERAL (SELECT max(d) AS stage FROM unnest(${settings.reminderDays}::int[]) d WHERE i.due_date + d <= ${today}::date) st
    WHERE st.stage IS NOT NULL AND i.total > 0 AND c.email IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM reminder_sent r WHERE r.invoice_id = i.id AND r.stage = st.stage)`.execute(ctx.db)).rows.filter((r) => r.outstanding > 0n);
  let sent = 0;
  for (const r of due) {
    const claimed = await ctx.db.insertInto('reminder_sent').values({ invoice_id: r.id, stage: r.stage, sent_to: r.email! }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (!claimed.numInsertedOrUpdatedRows) continue;
    await mailer.send({
      to: r.email!,
      subject: `Напоминание об оплате счёта № ${r.number} от ${r.year}`,
      text: `Здравствуйте!\n\nНапоминаем, что счёт № ${r.number} оплачен не полностью: к оплате ${formatRubles(r.outstanding)}, срок оплаты был ${formatDate(r.due_date)}.\n`
        + 'Если вы уже оплатили счёт, пожалуйста, не обращайте внимания на это письмо.\n\nС уважением,\nбухгалтерия',
    });
    sent++;
  }
  return { sent };
}

/** Proposes suspension for clients whose oldest unpaid invoice is overdue longer than the policy allows; a person decides. */
export async function proposeSuspensions(ctx: Ctx): Promise<{ proposed: number }> {
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const r = await sql`
    INSERT INTO suspension_proposal (id, client_id, debt, oldest_due)
    SELECT 'sp_' || replace(gen_random_uuid()::text, '-', ''), x.client_id, x.debt, x.oldest_due FROM (
      -- What each invoice still asks after its corrections (a УКД that lowered it lowers the debt), as invoice_due says.
      SELECT d.client_id, sum(d.corrected_total - d.paid)::int8 AS debt, min(d.due_date) AS oldest_due
      FROM invoice_due d WHERE d.corrected_total > d.paid GROUP BY d.client_id) x
    WHERE x.oldest_due + ${(await readSettings(ctx)).suspendAfterDays}::int < ${today}::date
      AND EXISTS (SELECT 1 FROM billing_service s WHERE s.client_id = x.client_id AND s.status = 'active')
    ON CONFLICT (client_id) WHERE status = 'proposed' DO NOTHING`.execute(ctx.db);
  return { proposed: Number(r.numAffectedRows ?? 0n) };
}

export async function listSuspensionProposals(ctx: Ctx) {
  requirePermission(ctx, 'billing.read');
  const rows = await ctx.db.selectFrom('suspension_proposal as p').innerJoin('company as c', 'c.id', 'p.client_id')
    .select(['p.id', 'p.client_id', 'c.name', 'p.debt', 'p.oldest_due', 'p.proposed_at']).where('p.status', '=', 'proposed').orderBy('p.oldest_due').execute();
  return rows.map((r) => ({ id: r.id, clientId: r.client_id, clientName: r.name, debt: r.debt, oldestDue: r.oldest_due, proposedAt: r.proposed_at }));
}

/** A person confirms (active services become suspended) or rejects a suspension proposal. */
export async function decideSuspension(ctx: Ctx, proposalId: string, input: unknown) {
  requirePermission(ctx, 'billing.suspend');
  const d = parseInput(SuspensionDecisionSchema, input);
  return inTransaction(ctx, async (tx) => {
    const p = await tx.db.selectFrom('suspension_proposal').selectAll().where('id', '=', proposalId).forUpdate().executeTakeFirst();
    if (!p) throw new AppError('not_found', 'e.notFound', { entity: 'suspension', id: proposalId });
    if (p.status !== 'proposed') throw new AppError('rule', 'e.suspension.notProposed');
    const status = d.confirm ? 'confirmed' : 'rejected';
    await tx.db.updateTable('suspension_proposal').set({ status, decided_by: tx.actor.name, decided_at: tx.now(), note: d.note }).where('id', '=', proposalId).execute();
    let suspended: string[] = [];
    if (d.confirm) {
      suspended = (await tx.db.updateTable('billing_service').set({ status: 'suspended', updated_at: tx.now() }).where('client_id', '=', p.client_id).where('status', '=', 'active').returning('id').execute()).map((r) => r.id);
    }
    await writeAudit(tx, { entityType: 'suspension_proposal', entityId: proposalId, scopeId: p.client_id, action: status, after: { ...d, suspended } });
    return { id: proposalId, status, suspended };
  });
}

