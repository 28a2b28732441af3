import { AppError } from '../../domain/errors.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { HolidaySchema, RefusalReasonSchema, StageConfigSchema } from '../../domain/crm/crm.schemas.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { isWorkingDay } from '../../domain/crm/day.ts';
import { ensureCrmDefaults } from '../../db/queries/crm.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx } from '../context.ts';

export interface Stage { code: string; nameRu: string; nameEn: string; position: number; outcome: 'open' | 'won' | 'lost'; probability: number; active: boolean }
export interface RefusalReason { code: string; nameRu: string; nameEn: string; active: boolean }

/** The pipeline in order. */
export async function listStages(ctx: Ctx): Promise<Stage[]> {
  requirePermission(ctx, 'crm.read');
  await ensureCrmDefaults(ctx.db);
  const rows = await ctx.db.selectFrom('crm_stage').selectAll().orderBy('position').execute();
  return rows.map((r) => ({ code: r.code, nameRu: r.name_ru, nameEn: r.name_en, position: r.position, outcome: r.outcome, probability: r.probability, active: r.active }));
}

/** Adds or changes an open stage of the pipeline (won and lost are fixed; a stage is switched off, never removed). */
export async function saveStage(ctx: Ctx, input: unknown): Promise<Stage> {
  requirePermission(ctx, 'crm.configure');
  const d = parseInput(StageConfigSchema, input);
  await ensureCrmDefaults(ctx.db);
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.selectFrom('crm_stage').selectAll().where('code', '=', d.code).forUpdate().executeTakeFirst();
    if (before && before.outcome !== 'open' && d.active === false) throw new AppError('rule', 'e.crm.stageInactive', { stage: before.name_ru });
    const values = { name_ru: d.nameRu, name_en: d.nameEn, position: d.position, probability: d.probability, active: d.active ?? true };
    const row = before
      ? await tx.db.updateTable('crm_stage').set(values).where('code', '=', d.code).returningAll().executeTakeFirstOrThrow()
      : await tx.db.insertInto('crm_stage').values({ code: d.code, outcome: 'open', ...values }).returningAll().executeTakeFirstOrThrow();
    await writeAudit(tx, { entityType: 'crm_stage', entityId: d.code, action: before ? 'update' : 'create', before, after: row });
    return { code: row.code, nameRu: row.name_ru, nameEn: row.name_en, position: row.position, outcome: row.outcome, probability: row.probability, active: row.active };
  });
}

export async function listRefusalReasons(ctx: Ctx): Promise<RefusalReason[]> {
  requirePermission(ctx, 'crm.read');
  await ensureCrmDefaults(ctx.db);
  const rows = await ctx.db.selectFrom('refusal_reason').selectAll().orderBy('name_ru').execute();
  return rows.map((r) => ({ code: r.code, nameRu: r.name_ru, nameEn: r.name_en, active: r.active }));
}

/** Adds or changes a refusal reason of the managed list (switched off, never removed: statistics keep it). */
export async function saveRefusalReason(ctx: Ctx, input: unknown): Promise<RefusalReason> {
  requirePermission(ctx, 'crm.configure');
  const d = parseInput(RefusalReasonSchema, input);
  await ensureCrmDefaults(ctx.db);
  return inTransaction(ctx, async (tx) => {
    const values = { name_ru: d.nameRu, name_en: d.nameEn, active: d.active ?? true };
    const row = await tx.db.insertInto('refusal_reason').values({ code: d.code, ...values })
      .onConflict((oc) => oc.column('code').doUpdateSet(values)).returningAll().executeTakeFirstOrThrow();
    await writeAudit(tx, { entityType: 'refusal_reason', entityId: d.code, action: 'save', after: row });
    return { code: row.code, nameRu: row.name_ru, nameEn: row.name_en, active: row.active };
  });
}

export interface Holiday { date: string; name: string }

/** The non-working dates (holidays, company days off) from `from` on, in date order. */
export async function listHolidays(ctx: Ctx, opts: { from?: string } = {}): Promise<Holiday[]> {
  requirePermission(ctx, 'crm.read');
  let q = ctx.db.selectFrom('crm_holiday').select(['day', 'name']).orderBy('day');
  if (opts.from && isIsoDate(opts.from)) q = q.where('day', '>=', opts.from);
  return (await q.limit(1000).execute()).map((r) => ({ date: r.day, name: r.name }));
}

/** Adds a non-working date (or renames it). */
export async function saveHoliday(ctx: Ctx, input: unknown): Promise<Holiday> {
  requirePermission(ctx, 'crm.configure');
  const d = parseInput(HolidaySchema, input);
  return inTransaction(ctx, async (tx) => {
    const row = await tx.db.insertInto('crm_holiday').values({ day: d.date, name: d.name })
      .onConflict((oc) => oc.column('day').doUpdateSet({ name: d.name })).returning(['day', 'name']).executeTakeFirstOrThrow();
    await writeAudit(tx, { entityType: 'crm_holiday', entityId: d.date, action: 'save', after: row });
    return { date: row.day, name: row.name };
  });
}

/** Makes a date a working day again. */
export async function deleteHoliday(ctx: Ctx, date: string): Promise<void> {
  requirePermission(ctx, 'crm.configure');
  if (!isIsoDate(date)) throw new AppError('validation', 'e.validation', {}, [{ path: 'date', key: 'v.date' }]);
  await inTransaction(ctx, async (tx) => {
    const before = await tx.db.deleteFrom('crm_holiday').where('day', '=', date).returning(['day', 'name']).executeTakeFirst();
    if (!before) throw new AppError('not_found', 'e.notFound', { entity: 'holiday', id: date });
    await writeAudit(tx, { entityType: 'crm_holiday', entityId: date, action: 'delete', before });
  });
}

/** A working day of the business calendar: not a weekend and not in the holiday list. */
export async function isBusinessDay(db: Kysely<DB>, date: string): Promise<boolean> {
  if (!isWorkingDay(date)) return false;
  return !(await db.selectFrom('crm_holiday').select('day').where('day', '=', date).executeTakeFirst());
}
