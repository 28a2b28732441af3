import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { dateInZone } from '../../domain/dates.ts';
import { companyFullName } from '../../domain/parties/company.ts';
import { can } from '../../domain/parties/permissions.ts';
import { priorityRank, proposedStartAfter, workingDaysBetween, type Priority } from '../../domain/orders/orders.ts';
import { DeferralSchema, DelaySchema } from '../../domain/orders/orders.schemas.ts';
import { holidaysFrom } from '../../db/queries/orders.ts';
import { runPage, type SortSpec } from '../../db/queries/list.ts';
import type { ListQuery } from '../../domain/lists/list-query.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { parseInput, requirePermission, type Ctx } from '../context.ts';
import { getOrder, orderTx, requireOrder, type OrderView } from '../orders/orders.ts';
import { openGates } from './gates.ts';
import { notifyUser } from './notify.ts';

const today = (ctx: Ctx) => dateInZone(ctx.now(), ctx.timeZone);

async function lockRequest(tx: Ctx, orderId: string) {
  const r = await tx.db.selectFrom('prov_request').selectAll().where('order_id', '=', orderId).forUpdate().executeTakeFirst();
  if (!r) throw new AppError('not_found', 'e.notFound', { entity: 'provisioning', id: orderId });
  return r;
}

const queueSorts: SortSpec = {
  columns: {
    // Waiting for the payment last, then the nearest deadline, then the manager's priority (urgent first).
    queue: sql`(r.status = 'waiting_payment', coalesce(r.deadline, '9999-12-31'::date), CASE o.priority ${sql.raw(Object.entries(priorityRank).map(([p, n]) => `WHEN '${p}' THEN ${n}`).join(' '))} END, o.number)`,
    deadline: 'r.deadline', number: 'o.number', client: 'c.name', status: 'r.status',
  },
  default: 'queue', tieBreaker: 'r.id',
};

/**
 * The tech department's queue: open requests, those whose deadline comes first on top, then by the
 * manager's priority; requests still waiting for the payment go last. Sorted and paged on the server.
 * Looking at the queue also opens the gates of orders paid by hand since (a statement import opens them
 * itself: flows/statement-import.ts).
 */
export async function provisioningQueue(ctx: Ctx, f: ListQuery = {}) {
  requirePermission(ctx, 'proposal.read');
  await openGates(ctx);
  const q = ctx.db.selectFrom('prov_request as r').innerJoin('sales_order as o', 'o.id', 'r.order_id').innerJoin('company as c', 'c.id', 'o.company_id')
    .leftJoin('app_user as u', 'u.id', 'r.assignee_id')
    .select(['r.id', 'r.order_id', 'r.status', 'r.deadline', 'r.lead_days', 'r.gate_opened_on', 'r.started_at', 'o.number', 'o.priority', 'o.planned_start', 'o.manager_name',
      'c.kind', 'c.legal_form', 'c.name', 'u.full_name as assignee_name'])
    .select(sql<string>`(SELECT string_agg(l.description, '; ' ORDER BY l.position) FROM order_line l WHERE l.order_id = o.id)`.as('services'))
    .select(sql<number>`(SELECT count(*)::int FROM prov_check_item i WHERE i.request_id = r.id AND i.done_at IS NULL)`.as('open_items'))
    .where('r.status', 'not in', ['done', 'cancelled']);
  const t = today(ctx);
  const holidays = await holidaysFrom(ctx.db, t.slice(0, 4) + '-01-01');
  return runPage(q, f, queueSorts, (r) => ({
    id: r.id, orderId: r.order_id, orderNumber: r.number, status: r.status, priority: r.priority as Priority, deadline: r.deadline, leadDays: r.lead_days,
    gateOpenedOn: r.gate_opened_on, startedAt: r.started_at, plannedStart: r.planned_start, managerName: r.manager_name, assigneeName: r.assignee_name,
    companyName: companyFullName({ kind: r.kind, legalForm: r.legal_form, name: r.name }), services: r.services, openItems: r.open_items,
    workingDaysLeft: r.deadline ? workingDaysBetween(t, r.deadline, holidays) : null, overdue: !!r.deadline && r.deadline < t,
  }));
}

/** Tech takes a ready request into work (the database refuses it before the payment or a deferral). */
export async function startProvisioning(ctx: Ctx, orderId: string): Promise<OrderView> {
  requirePermission(ctx, 'provisioning.work');
  await openGates(ctx, orderId);
  await orderTx(ctx, async (tx) => {
    const r = await lockRequest(tx, orderId);
    if (r.status === 'waiting_payment') throw new AppError('rule', 'e.prov.gate');
    if (r.status !== 'ready') throw new AppError('rule', 'e.prov.transition', { from: `prov.${r.status}`, to: 'prov.in_progress' });
    await tx.db.updateTable('prov_request').set({ status: 'in_progress', assignee_id: tx.actor.id, started_at: tx.now(), updated_at: tx.now() }).where('id', '=', r.id).execute();
    await writeAudit(tx, { entityType: 'order', entityId: orderId, action: 'provisioning.start', after: { assignee: tx.actor.name } });
  });
  return getOrder(ctx, orderId);
}

/** Ticks (or unticks) a checklist item. */
export async function checkItem(ctx: Ctx, orderId: string, position: number, done: boolean): Promise<OrderView> {
  requirePermission(ctx, 'provisioning.work');
  await orderTx(ctx, async (tx) => {
    const r = await lockRequest(tx, orderId);
    if (r.status !== 'in_progress') throw new AppError('rule', 'e.prov.transition', { from: `prov.${r.status}`, to: 'prov.in_progress' });
    const u = await tx.db.updateTable('prov_check_item').set(done ? { done_at: tx.now(), done_by_name: tx.actor.name } : { done_at: null, done_by_name: null })
      .where('request_id', '=', r.id).where('position', '=', position).returning('label').executeTakeFirst();
    if (!u) throw new AppError('not_found', 'e.notFound', { entity: 'checklist item', id: String(position) });
    await writeAudit(tx, { entityType: 'order', entityId: orderId, action: done ? 'provisioning.check' : 'provisioning.uncheck', after: { position, label: u.label } });
  });
  return getOrder(ctx, orderId);
}

/**
 * Tech completes provisioning (every checklist item done) and proposes the start date: the next working
 * day, or the planned date if later. The manager gets a task to agree it with the client.
 */
export async function completeProvisioning(ctx: Ctx, orderId: string): Promise<OrderView> {
  requirePermission(ctx, 'provisioning.work');
  await orderTx(ctx, async (tx) => {
    const o = await requireOrder(tx, orderId, true);
    const r = await lockRequest(tx, orderId);
    if (r.status !== 'in_progress') throw new AppError('rule', 'e.prov.transition', { from: `prov.${r.status}`, to: 'prov.done' });
    const open = await tx.db.selectFrom('prov_check_item').select('position').where('request_id', '=', r.id).where('done_at', 'is', null).orderBy('position').execute();
    if (open.length) throw new AppError('rule', 'e.prov.checklistOpen', { items: open.map((i) => i.position).join(', ') });
    const t = today(tx);
    const next = proposedStartAfter(t, await holidaysFrom(tx.db, t));
    const proposed = next > o.plannedStart ? next : o.plannedStart;
    await tx.db.updateTable('prov_request').set({ status: 'done', done_at: tx.now(), proposed_start: proposed, updated_at: tx.now() }).where('id', '=', r.id).execute();
    await tx.db.updateTable('sales_order').set({ status: 'provisioned', updated_at: tx.now() }).where('id', '=', orderId).execute();
    await writeAudit(tx, { entityType: 'order', entityId: orderId, scopeId: o.companyId, action: 'provisioning.done', after: { proposedStart: proposed, deadline: r.deadline } });
    if (o.managerId) {
      await notifyUser(tx, { assigneeId: o.managerId, dealId: o.dealId, companyId: o.companyId, dueDate: t,
        title: `Заказ ${o.number}: подключение завершено — согласуйте с клиентом дату начала (предложено ${proposed.split('-').reverse().join('.')})` });
    }
  });
  return getOrder(ctx, orderId);
}

/** Records why provisioning is (or will be) late and who is responsible. */
export async function recordDelay(ctx: Ctx, orderId: string, input: unknown): Promise<OrderView> {
  // The tech department explains its own delays; the manager records those on the client's side.
  if (!can(ctx.actor.role, 'order.write')) requirePermission(ctx, 'provisioning.work');
  const data = parseInput(DelaySchema, input);
  await orderTx(ctx, async (tx) => {
    const r = await lockRequest(tx, orderId);
    await tx.db.insertInto('prov_delay').values({ id: newId('pd'), request_id: r.id, responsible: data.responsible, reason: data.reason, recorded_by_name: tx.actor.name }).execute();
    await writeAudit(tx, { entityType: 'order', entityId: orderId, action: 'provisioning.delay', after: data });
  });
  return getOrder(ctx, orderId);
}

/** Management lets provisioning start before the initial payment: who, why, pay-by date. */
export async function approveDeferral(ctx: Ctx, orderId: string, input: unknown): Promise<OrderView> {
  requirePermission(ctx, 'payment.defer');
  const data = parseInput(DeferralSchema, input);
  if (!ctx.actor.id) throw new AppError('forbidden', 'e.prov.notApprover');
  await orderTx(ctx, async (tx) => {
    const o = await requireOrder(tx, orderId, true);
    if (await tx.db.selectFrom('payment_deferral').select('order_id').where('order_id', '=', orderId).executeTakeFirst()) throw new AppError('conflict', 'e.prov.deferralExists');
    await tx.db.insertInto('payment_deferral').values({ order_id: orderId, approved_by: tx.actor.id!, approver_name: tx.actor.name, reason: data.reason, due_date: data.dueDate }).execute();
    await writeAudit(tx, { entityType: 'order', entityId: orderId, scopeId: o.companyId, action: 'payment.deferral', after: data });
    await openGates(tx, orderId);
  });
  return getOrder(ctx, orderId);
}

/**
 * Management's delays report: every request whose deadline passed before it was done (or is still
 * open past it) — how many working days late, who worked on it, the recorded reasons and who is to blame.
 */
export async function delaysReport(ctx: Ctx, f: { from?: string; to?: string } = {}) {
  requirePermission(ctx, 'proposal.read');
  const t = today(ctx);
  let q = ctx.db.selectFrom('prov_request as r').innerJoin('sales_order as o', 'o.id', 'r.order_id').innerJoin('company as c', 'c.id', 'o.company_id')
    .leftJoin('app_user as u', 'u.id', 'r.assignee_id')
    .select(['r.id', 'r.order_id', 'r.deadline', 'r.done_at', 'r.status', 'o.number', 'o.priority', 'o.manager_name', 'c.kind', 'c.legal_form', 'c.name', 'u.full_name as assignee_name'])
    .where('r.deadline', 'is not', null).where('r.status', '<>', 'cancelled')
    .where((eb) => eb.or([eb('r.done_at', 'is', null).and('r.deadline', '<', t), eb(sql`(r.done_at AT TIME ZONE ${ctx.timeZone})::date`, '>', eb.ref('r.deadline'))]));
  if (f.from) q = q.where('r.deadline', '>=', f.from);
  if (f.to) q = q.where('r.deadline', '<=', f.to);
  const rows = await q.orderBy('r.deadline').execute();
  const delays = rows.length ? await ctx.db.selectFrom('prov_delay').selectAll().where('request_id', 'in', rows.map((r) => r.id)).orderBy('recorded_at').execute() : [];
  const holidays = await holidaysFrom(ctx.db, rows[0]?.deadline ?? t);
  return rows.map((r) => {
    const end = r.done_at ? dateInZone(r.done_at, ctx.timeZone) : t;
    const mine = delays.filter((d) => d.request_id === r.id);
    return {
      orderId: r.order_id, orderNumber: r.number, companyName: companyFullName({ kind: r.kind, legalForm: r.legal_form, name: r.name }), priority: r.priority,
      managerName: r.manager_name, assigneeName: r.assignee_name, deadline: r.deadline!, doneOn: r.done_at ? end : null, open: !r.done_at,
      workingDaysLate: workingDaysBetween(r.deadline!, end, holidays),
      reasons: mine.map((d) => ({ responsible: d.responsible, reason: d.reason, recordedByName: d.recorded_by_name, recordedAt: d.recorded_at })),
    };
  });
}
