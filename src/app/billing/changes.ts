import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { dateInZone } from '../../domain/dates.ts';
import { addDays, defaultClosureReasons } from '../../domain/billing/billing.ts';
import { ClosureReasonSchema, ClosureSchema, DownsizeSchema, TariffChangeSchema } from '../../domain/billing/billing.schemas.ts';
import type { Kopecks } from '../../domain/money.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx, type Tx } from '../context.ts';
import { correctBilled } from './corrections.ts';
import { serviceFromRow, type Service } from './services.ts';
import { openReleaseTasks } from '../inventory/allocations.ts';


/**
 * The one place where a service gives back its inventory (C13): closing opens one release task per
 * resource assigned to the service, for the tech department to confirm. A downsizing names no resources
 * by itself, so it opens none: the tech department releases what the smaller service no longer needs.
 */
export async function releaseServiceResources(tx: Tx, input: { serviceId: string; reason: string; kind: 'close' | 'downsize' }): Promise<number> {
  if (input.kind !== 'close') return 0;
  const released = await openReleaseTasks(tx, { assignedKind: 'service', assignedRef: input.serviceId, reason: input.reason });
  return released.length;
}

async function lockService(tx: Tx, id: string) {
  const r = await tx.db.selectFrom('billing_service').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!r) throw new AppError('not_found', 'e.notFound', { entity: 'service', id });
  if (r.status === 'closed') throw new AppError('rule', 'e.service.closed');
  return r;
}

/** Puts the initial reasons in place on first use (migrations seed no rows). */
async function ensureClosureReasons(ctx: Ctx): Promise<void> {
  const any = await ctx.db.selectFrom('closure_reason').select('code').limit(1).executeTakeFirst();
  if (any) return;
  await ctx.db.insertInto('closure_reason').values(defaultClosureReasons.map((r) => ({ code: r.code, name_ru: r.nameRu, name_en: r.nameEn })))
    .onConflict((oc) => oc.doNothing()).execute();
}

async function checkReason(tx: Tx, code: string): Promise<string> {
  await ensureClosureReasons(tx);
  const r = await tx.db.selectFrom('closure_reason').select(['code', 'name_ru']).where('code', '=', code).where('active', '=', true).executeTakeFirst();
  if (!r) throw new AppError('validation', 'e.service.closureReason', { code }, [{ path: 'reasonCode', key: 'e.service.closureReason', params: { code } }]);
  return r.name_ru;
}

/** `correctionIds`: the correction documents issued, one per billed invoice whose value changed. */
interface ChangeResult { service: Service; correctionIds: string[] }

async function applyChange(tx: Tx, serviceId: string, d: { date: string; monthlyPrice: Kopecks; quantity: number; reason: string | null }, kind: 'change' | 'downsize', reasonCode: string | null, retentionTried: string[]): Promise<ChangeResult> {
  const s = await lockService(tx, serviceId);
  if (s.status === 'closing') throw new AppError('rule', 'e.service.alreadyClosing', { date: s.end_date ?? '' });
  if (d.date < s.start_date) throw new AppError('rule', 'e.service.changeBeforeStart', { start: s.start_date });
  const current = await tx.db.selectFrom('service_tariff').selectAll().where('service_id', '=', serviceId).where('valid_to', 'is', null).executeTakeFirstOrThrow();
  if (d.date <= current.valid_from) throw new AppError('rule', 'e.service.changeNotAfterLast', { last: current.valid_from });
  const tariffId = newId('tf');
  await tx.db.updateTable('service_tariff').set({ valid_to: d.date }).where('id', '=', current.id).execute();
  await tx.db.insertInto('service_tariff').values({ id: tariffId, service_id: serviceId, valid_from: d.date, monthly_price: d.monthlyPrice, quantity: d.quantity, reason: d.reason }).execute();
  const row = await tx.db.updateTable('billing_service').set({ monthly_price: d.monthlyPrice, quantity: d.quantity, version: s.version + 1, updated_at: tx.now() })
    .where('id', '=', serviceId).returningAll().executeTakeFirstOrThrow();
  const oldMonthly = current.monthly_price * BigInt(current.quantity);
  const newMonthly = d.monthlyPrice * BigInt(d.quantity);
  const corrections = await correctBilled(tx, s, d.date, kind === 'downsize' ? 'уменьшение' : 'смена тарифа');
  await tx.db.insertInto('service_event').values({ id: newId('se'), service_id: serviceId, client_id: s.client_id, kind, effective_date: d.date, reason_code: reasonCode,
    retention_tried: retentionTried, note: d.reason, old_monthly: oldMonthly, new_monthly: newMonthly, actor_name: tx.actor.name }).execute();
  await writeAudit(tx, { entityType: 'service', entityId: serviceId, scopeId: s.client_id, action: kind, before: { monthlyPrice: current.monthly_price, quantity: current.quantity }, after: { ...d, correctionIds: corrections } });
  return { service: serviceFromRow(row), correctionIds: corrections };
}

/** Changes tariff or quantity from a date; billed days from that date are credited at the old and charged at the new tariff. */
export async function changeTariff(ctx: Ctx, serviceId: string, input: unknown): Promise<ChangeResult> {
  requirePermission(ctx, 'billing.write');
  const d = parseInput(TariffChangeSchema, input);
  return inTransaction(ctx, (tx) => applyChange(tx, serviceId, d, 'change', null, []));
}

/** Downsizing (C13): a change to a smaller composition that records why and releases what is no longer used. */
export async function downsizeService(ctx: Ctx, serviceId: string, input: unknown): Promise<ChangeResult> {
  requirePermission(ctx, 'billing.write');
  const d = parseInput(DownsizeSchema, input);
  return inTransaction(ctx, async (tx) => {
    const reasonName = await checkReason(tx, d.reasonCode);
    const r = await applyChange(tx, serviceId, d, 'downsize', d.reasonCode, d.retentionTried);
    await releaseServiceResources(tx, { serviceId, reason: `${reasonName}${d.reason ? `: ${d.reason}` : ''}`, kind: 'downsize' });
    return r;
  });
}

/**
 * Closes a service (C13): the reason from the managed list and the retention options tried are required;
 * billing stops after `lastDay` (days not yet billed are billed by the next run, days billed beyond it
 * are credited now), lost monthly revenue is recorded and the resources are released.
 */
export async function closeService(ctx: Ctx, serviceId: string, input: unknown): Promise<ChangeResult> {
  requirePermission(ctx, 'billing.write');
  const d = parseInput(ClosureSchema, input);
  return inTransaction(ctx, async (tx) => {
    const reasonName = await checkReason(tx, d.reasonCode);
    const s = await lockService(tx, serviceId);
    if (s.status === 'closing') throw new AppError('rule', 'e.service.alreadyClosing', { date: s.end_date ?? '' });
    if (d.lastDay < addDays(s.start_date, -1)) throw new AppError('rule', 'e.service.changeBeforeStart', { start: s.start_date });
    const current = await tx.db.selectFrom('service_tariff').selectAll().where('service_id', '=', serviceId).where('valid_to', 'is', null).executeTakeFirstOrThrow();
    if (d.lastDay < current.valid_from) throw new AppError('rule', 'e.service.changeNotAfterLast', { last: current.valid_from });
    const today = dateInZone(tx.now(), tx.timeZone);
    const status = d.lastDay < today ? 'closed' : 'closing';
    await tx.db.updateTable('service_tariff').set({ valid_to: addDays(d.lastDay, 1) }).where('id', '=', current.id).execute();
    const row = await tx.db.updateTable('billing_service').set({ status, end_date: d.lastDay, version: s.version + 1, updated_at: tx.now() })
      .where('id', '=', serviceId).returningAll().executeTakeFirstOrThrow();
    const oldMonthly = current.monthly_price * BigInt(current.quantity);
    const eventId = newId('se');
    const corrections = await correctBilled(tx, s, addDays(d.lastDay, 1), 'закрытие услуги');
    await tx.db.insertInto('service_event').values({ id: eventId, service_id: serviceId, client_id: s.client_id, kind: 'close', effective_date: d.lastDay,
      reason_code: d.reasonCode, retention_tried: d.retentionTried, note: d.note, old_monthly: oldMonthly, new_monthly: 0n, actor_name: tx.actor.name }).execute();
    await writeAudit(tx, { entityType: 'service', entityId: serviceId, scopeId: s.client_id, action: 'close', before: { status: s.status }, after: { ...d, status, correctionIds: corrections } });
    await releaseServiceResources(tx, { serviceId, reason: `${reasonName}${d.note ? `: ${d.note}` : ''}`, kind: 'close' });
    return { service: serviceFromRow(row), correctionIds: corrections };
  });
}

/** The managed list of closure/downsizing reasons. */
export async function listClosureReasons(ctx: Ctx) {
  requirePermission(ctx, 'billing.read');
  await ensureClosureReasons(ctx);
  return (await ctx.db.selectFrom('closure_reason').selectAll().orderBy('code').execute()).map((r) => ({ code: r.code, nameRu: r.name_ru, nameEn: r.name_en, active: r.active }));
}

/** Adds a reason to the managed list, renames it, or switches it off (`active: false`). */
export async function setClosureReason(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'billing.write');
  const d = parseInput(ClosureReasonSchema, input);
  return inTransaction(ctx, async (tx) => {
    await ensureClosureReasons(tx);
    await tx.db.insertInto('closure_reason').values({ code: d.code, name_ru: d.nameRu, name_en: d.nameEn, active: d.active })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name_ru: d.nameRu, name_en: d.nameEn, active: d.active })).execute();
    await writeAudit(tx, { entityType: 'closure_reason', entityId: d.code, action: 'set', after: d });
    return d;
  });
}

/** Churn report: closures and downsizings by reason in a date range, with lost monthly revenue (net of VAT). */
export async function churnReport(ctx: Ctx, from: string, to: string) {
  requirePermission(ctx, 'billing.read');
  const rows = (await sql<{ reason_code: string; name_ru: string; name_en: string; closures: number; downsizes: number; lost: bigint }>`
    SELECT e.reason_code, r.name_ru, r.name_en, count(*) FILTER (WHERE e.kind = 'close')::int AS closures, count(*) FILTER (WHERE e.kind = 'downsize')::int AS downsizes,
           sum(e.old_monthly - e.new_monthly)::int8 AS lost
    FROM service_event e JOIN closure_reason r ON r.code = e.reason_code
    WHERE e.kind IN ('close','downsize') AND e.effective_date BETWEEN ${from}::date AND ${to}::date
    GROUP BY e.reason_code, r.name_ru, r.name_en ORDER BY lost DESC, e.reason_code`.execute(ctx.db)).rows;
  return { from, to, rows: rows.map((r) => ({ reasonCode: r.reason_code, reason: r.name_ru, reasonEn: r.name_en, closures: r.closures, downsizes: r.downsizes, lostMonthly: r.lost })), totalLostMonthly: rows.reduce((s, r) => s + r.lost, 0n) };
}
