import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import {
  AttributionSchema, DeductionSchema, HandoverSchema, ManagementBonusSchema, PenaltySchema, ReportAcceptSchema,
} from '../../domain/compensation/compensation.schemas.ts';
import { dateInZone } from '../../domain/dates.ts';
import { tariffOn } from '../../domain/compensation/pay.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx } from '../context.ts';
import { loadBook } from './book.ts';
import { planOfMonth } from './plans.ts';

async function mustUser(ctx: Ctx, id: string | null, path: string): Promise<void> {
  if (id === null) return;
  const u = await ctx.db.selectFrom('app_user').select('id').where('id', '=', id).executeTakeFirst();
  if (!u) throw new AppError('validation', 'e.validation', {}, [{ path, key: 'e.pay.unknownUser' }]);
}

async function mustCompany(ctx: Ctx, id: string | null, path: string): Promise<string> {
  if (id === null) return '';
  const c = await ctx.db.selectFrom('company').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
  if (!c) throw new AppError('validation', 'e.validation', {}, [{ path, key: 'e.pay.unknownCompany' }]);
  return c.name;
}

/** Management corrects who brought a client and who handles it (the CRM's won deal is the default). */
export async function setAttribution(ctx: Ctx, companyId: string, input: unknown): Promise<void> {
  requirePermission(ctx, 'payroll.manage');
  const a = parseInput(AttributionSchema, input);
  await inTransaction(ctx, async (tx) => {
    await mustCompany(tx, companyId, 'companyId');
    await mustUser(tx, a.acquiredBy, 'acquiredBy');
    await mustUser(tx, a.handledBy, 'handledBy');
    await mustCompany(tx, a.partnerId, 'partnerId');
    const before = await tx.db.selectFrom('pay_client').selectAll().where('company_id', '=', companyId).forUpdate().executeTakeFirst();
    const row = { brought_by: a.broughtBy, acquired_by: a.acquiredBy, handled_by: a.handledBy, partner_id: a.partnerId, campaign: a.campaign, note: a.note, updated_at: tx.now() };
    await tx.db.insertInto('pay_client').values({ company_id: companyId, ...row }).onConflict((oc) => oc.column('company_id').doUpdateSet(row)).execute();
    await writeAudit(tx, { entityType: 'pay_client', entityId: companyId, scopeId: companyId, action: 'attribute', before: before ?? null, after: a });
  });
}

/** A client handed over to another manager from a date: retention follows the new handler from then on. */
export async function handOver(ctx: Ctx, companyId: string, input: unknown): Promise<void> {
  requirePermission(ctx, 'payroll.manage');
  const h = parseInput(HandoverSchema, input);
  try {
    await inTransaction(ctx, async (tx) => {
      await mustCompany(tx, companyId, 'companyId');
      await mustUser(tx, h.toUserId, 'toUserId');
      const id = newId('pho');
      await tx.db.insertInto('pay_handover').values({ id, company_id: companyId, to_user_id: h.toUserId, from_date: h.fromDate, reason: h.reason }).execute();
      await writeAudit(tx, { entityType: 'pay_client', entityId: companyId, scopeId: companyId, action: 'handover', after: h });
    });
  } catch (e) {
    if (sqlStateOf(e) === '23505') throw new AppError('conflict', 'e.pay.handoverTaken', {}, [{ path: 'fromDate', key: 'e.pay.handoverTaken' }]);
    throw e;
  }
}

/** Management's evaluation bonus for a month, within the plan's cap (the database checks the cap too). */
export async function setManagementBonus(ctx: Ctx, input: unknown): Promise<void> {
  requirePermission(ctx, 'payroll.manage');
  const b = parseInput(ManagementBonusSchema, input);
  await inTransaction(ctx, async (tx) => {
    await mustUser(tx, b.userId, 'userId');
    const plan = await planOfMonth(tx, b.userId, b.month);
    if (!plan) throw new AppError('rule', 'e.pay.noPlanFor', { month: b.month }, [{ path: 'userId', key: 'e.pay.noPlanFor', params: { month: b.month } }]);
    if (b.amount > plan.terms.managementBonusCap) {
      throw new AppError('rule', 'e.pay.overCap', { cap: plan.terms.managementBonusCap.toString() }, [{ path: 'amount', key: 'e.pay.overCap', params: { cap: plan.terms.managementBonusCap.toString() } }]);
    }
    await assertOpen(tx, b.userId, b.month);
    const row = { amount: b.amount, comment: b.comment, decided_by: ctx.actor.id, decided_at: tx.now() };
    await tx.db.insertInto('pay_management_bonus').values({ user_id: b.userId, month: b.month, ...row })
      .onConflict((oc) => oc.columns(['user_id', 'month']).doUpdateSet(row)).execute();
    await writeAudit(tx, { entityType: 'pay_management_bonus', entityId: `${b.userId}:${b.month}`, scopeId: b.userId, action: 'set', after: { ...b, amount: b.amount.toString() } });
  });
}

/** Management accepts a manager's attracted-clients report for a month as submitted on time. */
export async function acceptReport(ctx: Ctx, input: unknown): Promise<void> {
  requirePermission(ctx, 'payroll.manage');
  const r = parseInput(ReportAcceptSchema, input);
  await inTransaction(ctx, async (tx) => {
    await mustUser(tx, r.userId, 'userId');
    await tx.db.insertInto('pay_report').values({ user_id: r.userId, month: r.month, accepted_by: ctx.actor.id }).onConflict((oc) => oc.doNothing()).execute();
    await writeAudit(tx, { entityType: 'pay_report', entityId: `${r.userId}:${r.month}`, scopeId: r.userId, action: 'accept', after: r });
  });
}

/** Ad spend the manager chose to use, or a partner bonus, paid out of the acquisition bonus. */
export async function addDeduction(ctx: Ctx, input: unknown): Promise<{ id: string }> {
  requirePermission(ctx, 'payroll.manage');
  const d = parseInput(DeductionSchema, input);
  return inTransaction(ctx, async (tx) => {
    await mustUser(tx, d.userId, 'userId');
    await mustCompany(tx, d.companyId, 'companyId');
    await assertOpen(tx, d.userId, d.month);
    const id = newId('pdd');
    await tx.db.insertInto('pay_deduction').values({ id, user_id: d.userId, month: d.month, kind: d.kind, amount: d.amount, company_id: d.companyId, note: d.note, created_by: ctx.actor.id }).execute();
    await writeAudit(tx, { entityType: 'pay_deduction', entityId: id, scopeId: d.userId, action: 'create', after: { ...d, amount: d.amount.toString() } });
    return { id };
  });
}

/**
 * A penalty for a broken agreement or a client lost through the manager's conduct: the acquisition share of
 * the client's monthly tariff (its services now, else the expected revenue of its latest deal), taken only
 * from the bonuses of the month.
 */
export async function addPenalty(ctx: Ctx, input: unknown): Promise<{ id: string; tariff: bigint }> {
  requirePermission(ctx, 'payroll.manage');
  const p = parseInput(PenaltySchema, input);
  return inTransaction(ctx, async (tx) => {
    await mustUser(tx, p.userId, 'userId');
    await mustCompany(tx, p.companyId, 'companyId');
    await assertOpen(tx, p.userId, p.month);
    let tariff = p.tariff;
    if (tariff === null) {
      const [c] = await loadBook(tx, [p.companyId]);
      tariff = c ? tariffOn(c.segments, dateInZone(tx.now(), tx.timeZone)) || tariffOn(c.segments, c.start) : 0n;
      if (tariff === 0n) {
        const d = await tx.db.selectFrom('deal').select('expected_monthly_revenue').where('company_id', '=', p.companyId).orderBy('created_at', 'desc').executeTakeFirst();
        tariff = d?.expected_monthly_revenue ?? 0n;
      }
      if (tariff === 0n) throw new AppError('validation', 'e.validation', {}, [{ path: 'tariff', key: 'e.pay.tariffUnknown' }]);
    }
    const id = newId('ppn');
    await tx.db.insertInto('pay_penalty').values({ id, user_id: p.userId, month: p.month, company_id: p.companyId, tariff, reason: p.reason, decided_by: ctx.actor.id }).execute();
    await writeAudit(tx, { entityType: 'pay_penalty', entityId: id, scopeId: p.userId, action: 'create', after: { ...p, tariff: tariff.toString() } });
    return { id, tariff };
  });
}

/** Inputs to an approved month are refused: corrections go into a later month. */
async function assertOpen(ctx: Ctx, userId: string, month: string): Promise<void> {
  const s = await ctx.db.selectFrom('pay_statement').select('id').where('user_id', '=', userId).where('month', '=', month).executeTakeFirst();
  if (s) throw new AppError('rule', 'e.pay.monthApproved', { month }, [{ path: 'month', key: 'e.pay.monthApproved', params: { month } }]);
}

/** What management entered for a month (all managers): evaluation bonuses, reports, deductions, penalties. */
export async function monthInputs(ctx: Ctx, month: string) {
  requirePermission(ctx, 'payroll.read');
  const [bonuses, reports, deductions, penalties] = await Promise.all([
    ctx.db.selectFrom('pay_management_bonus as b').innerJoin('app_user as u', 'u.id', 'b.user_id').select(['b.user_id', 'u.full_name', 'b.amount', 'b.comment']).where('b.month', '=', month).execute(),
    ctx.db.selectFrom('pay_report as r').innerJoin('app_user as u', 'u.id', 'r.user_id').select(['r.user_id', 'u.full_name', 'r.accepted_at']).where('r.month', '=', month).execute(),
    ctx.db.selectFrom('pay_deduction as d').innerJoin('app_user as u', 'u.id', 'd.user_id').leftJoin('company as c', 'c.id', 'd.company_id')
      .select(['d.id', 'd.user_id', 'u.full_name', 'd.kind', 'd.amount', 'c.name as company_name', 'd.note']).where('d.month', '=', month).execute(),
    ctx.db.selectFrom('pay_penalty as p').innerJoin('app_user as u', 'u.id', 'p.user_id').innerJoin('company as c', 'c.id', 'p.company_id')
      .select(['p.id', 'p.user_id', 'u.full_name', 'c.name as company_name', 'p.tariff', 'p.reason']).where('p.month', '=', month).execute(),
  ]);
  return {
    bonuses: bonuses.map((b) => ({ userId: b.user_id, name: b.full_name, amount: b.amount, comment: b.comment })),
    reports: reports.map((r) => ({ userId: r.user_id, name: r.full_name, acceptedAt: r.accepted_at })),
    deductions: deductions.map((d) => ({ id: d.id, userId: d.user_id, name: d.full_name, kind: d.kind, amount: d.amount, companyName: d.company_name, note: d.note })),
    penalties: penalties.map((p) => ({ id: p.id, userId: p.user_id, name: p.full_name, companyName: p.company_name, tariff: p.tariff, reason: p.reason })),
  };
}
