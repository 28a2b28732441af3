import { sql } from 'kysely';
import { trimDecimal } from '../../db/queries/quoting.ts';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { PlanAssignSchema, PlanCreateSchema, PlanVersionSchema, type PlanVersionInput } from '../../domain/compensation/compensation.schemas.ts';
import { monthStart, type PlanTerms } from '../../domain/compensation/pay.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx } from '../context.ts';

export interface PlanOfMonth {
  planId: string;
  planName: string;
  versionId: string;
  validFrom: string;
  assignedFrom: string;
  terms: PlanTerms;
}

const versionValues = (v: PlanVersionInput) => ({
  valid_from: v.validFrom, valid_to: v.validTo, base_salary: v.baseSalary, management_bonus_cap: v.managementBonusCap,
  acquisition_rate: v.acquisitionRate, handling_rate: v.handlingRate, retention_rate: v.retentionRate,
  first_part_num: v.firstPartNum, first_part_den: v.firstPartDen, deferral_months: v.deferralMonths,
  revenue_basis: v.revenueBasis, pay_deferred_if_closed_early: v.payDeferredIfClosedEarly,
});

const overlap = (e: unknown, path: string): never => {
  if (sqlStateOf(e) === '23P01') throw new AppError('conflict', 'e.pay.periodOverlap', {}, [{ path, key: 'e.pay.periodOverlap' }]);
  if (sqlStateOf(e) === '23505') throw new AppError('conflict', 'e.pay.planNameTaken', {}, [{ path: 'name', key: 'e.pay.planNameTaken' }]);
  throw e;
};

/** A new plan with its first version of parameters. */
export async function createPlan(ctx: Ctx, input: unknown): Promise<{ id: string; name: string }> {
  requirePermission(ctx, 'payroll.manage');
  const data = parseInput(PlanCreateSchema, input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const id = newId('ppl');
      await tx.db.insertInto('pay_plan').values({ id, name: data.name }).execute();
      await tx.db.insertInto('pay_plan_version').values({ id: newId('ppv'), plan_id: id, ...versionValues(data.version) }).execute();
      await writeAudit(tx, { entityType: 'pay_plan', entityId: id, action: 'create', after: data });
      return { id, name: data.name };
    });
  } catch (e) {
    return overlap(e, 'version.validFrom');
  }
}

/** New parameters from a date: the version in force until then is closed the day before. */
export async function addPlanVersion(ctx: Ctx, planId: string, input: unknown): Promise<void> {
  requirePermission(ctx, 'payroll.manage');
  const v = parseInput(PlanVersionSchema, input);
  try {
    await inTransaction(ctx, async (tx) => {
      const plan = await tx.db.selectFrom('pay_plan').select('id').where('id', '=', planId).forUpdate().executeTakeFirst();
      if (!plan) throw new AppError('not_found', 'e.notFound', { entity: 'pay_plan', id: planId });
      await tx.db.updateTable('pay_plan_version').set({ valid_to: v.validFrom })
        .where('plan_id', '=', planId).where('valid_from', '<', v.validFrom).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', v.validFrom)])).execute();
      await tx.db.insertInto('pay_plan_version').values({ id: newId('ppv'), plan_id: planId, ...versionValues(v) }).execute();
      await writeAudit(tx, { entityType: 'pay_plan', entityId: planId, action: 'version', after: v });
    });
  } catch (e) {
    overlap(e, 'validFrom');
  }
}

/** Puts a manager on a plan from a date (the previous assignment ends the day before). */
export async function assignPlan(ctx: Ctx, input: unknown): Promise<void> {
  requirePermission(ctx, 'payroll.manage');
  const a = parseInput(PlanAssignSchema, input);
  try {
    await inTransaction(ctx, async (tx) => {
      const user = await tx.db.selectFrom('app_user').select(['id', 'role']).where('id', '=', a.userId).executeTakeFirst();
      if (!user) throw new AppError('not_found', 'e.notFound', { entity: 'user', id: a.userId }, [{ path: 'userId', key: 'e.pay.unknownUser' }]);
      const plan = await tx.db.selectFrom('pay_plan').select('id').where('id', '=', a.planId).executeTakeFirst();
      if (!plan) throw new AppError('not_found', 'e.notFound', { entity: 'pay_plan', id: a.planId }, [{ path: 'planId', key: 'e.pay.unknownPlan' }]);
      await tx.db.updateTable('pay_assignment').set({ valid_to: a.validFrom })
        .where('user_id', '=', a.userId).where('valid_from', '<', a.validFrom).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', a.validFrom)])).execute();
      await tx.db.insertInto('pay_assignment').values({ id: newId('pas'), user_id: a.userId, plan_id: a.planId, valid_from: a.validFrom, valid_to: null }).execute();
      await writeAudit(tx, { entityType: 'pay_assignment', entityId: a.userId, action: 'assign', after: a });
    });
  } catch (e) {
    overlap(e, 'validFrom');
  }
}

/** The plan and parameters a manager is on for a month (as of its first day); null when there is none. */
export async function planOfMonth(ctx: Ctx, userId: string, month: string): Promise<PlanOfMonth | null> {
  const day = monthStart(month);
  const r = await ctx.db.selectFrom('pay_assignment as a').innerJoin('pay_plan as p', 'p.id', 'a.plan_id').innerJoin('pay_plan_version as v', 'v.plan_id', 'a.plan_id')
    .where('a.user_id', '=', userId)
    .where(sql<boolean>`daterange(a.valid_from, a.valid_to, '[)') @> ${day}::date`)
    .where(sql<boolean>`daterange(v.valid_from, v.valid_to, '[)') @> ${day}::date`)
    .select(['p.id as plan_id', 'p.name', 'v.id as version_id', 'v.valid_from', 'a.valid_from as assigned_from', 'v.base_salary', 'v.management_bonus_cap',
      'v.acquisition_rate', 'v.handling_rate', 'v.retention_rate', 'v.first_part_num', 'v.first_part_den', 'v.deferral_months', 'v.revenue_basis', 'v.pay_deferred_if_closed_early'])
    .executeTakeFirst();
  if (!r) return null;
  return {
    planId: r.plan_id, planName: r.name, versionId: r.version_id, validFrom: r.valid_from, assignedFrom: r.assigned_from,
    terms: {
      baseSalary: r.base_salary, managementBonusCap: r.management_bonus_cap, acquisitionRate: trimDecimal(r.acquisition_rate),
      handlingRate: trimDecimal(r.handling_rate), retentionRate: trimDecimal(r.retention_rate), firstPartNum: r.first_part_num, firstPartDen: r.first_part_den,
      deferralMonths: r.deferral_months, revenueBasis: r.revenue_basis, payDeferredIfClosedEarly: r.pay_deferred_if_closed_early,
    },
  };
}

/** Every plan with its versions, and who is on which plan. */
export async function listPlans(ctx: Ctx) {
  requirePermission(ctx, 'payroll.read');
  const [plans, versions, assignments] = await Promise.all([
    ctx.db.selectFrom('pay_plan').selectAll().orderBy('name').execute(),
    ctx.db.selectFrom('pay_plan_version').selectAll().orderBy('valid_from', 'desc').execute(),
    ctx.db.selectFrom('pay_assignment as a').innerJoin('app_user as u', 'u.id', 'a.user_id')
      .select(['a.id', 'a.user_id', 'u.full_name', 'a.plan_id', 'a.valid_from', 'a.valid_to']).orderBy('u.full_name').orderBy('a.valid_from', 'desc').execute(),
  ]);
  return plans.map((p) => ({
    id: p.id, name: p.name,
    versions: versions.filter((v) => v.plan_id === p.id).map((v) => ({
      id: v.id, validFrom: v.valid_from, validTo: v.valid_to, baseSalary: v.base_salary, managementBonusCap: v.management_bonus_cap,
      acquisitionRate: v.acquisition_rate, handlingRate: v.handling_rate, retentionRate: v.retention_rate, firstPartNum: v.first_part_num,
      firstPartDen: v.first_part_den, deferralMonths: v.deferral_months, revenueBasis: v.revenue_basis, payDeferredIfClosedEarly: v.pay_deferred_if_closed_early,
    })),
    managers: assignments.filter((a) => a.plan_id === p.id).map((a) => ({ userId: a.user_id, name: a.full_name, validFrom: a.valid_from, validTo: a.valid_to })),
  }));
}
