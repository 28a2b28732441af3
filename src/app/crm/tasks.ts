import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { containsPattern, type ListQuery, type Page } from '../../domain/lists/list-query.ts';
import { runPage } from '../../db/queries/list.ts';
import { newId } from '../../domain/ids.ts';
import { dateInZone } from '../../domain/dates.ts';
import { TaskCreateSchema } from '../../domain/crm/crm.schemas.ts';
import { findDeal, taskFromRow, type Task } from '../../db/queries/crm.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx, requireOwnership } from '../context.ts';

/** Creates a task with a due date and an optional reminder (in the app and by e-mail). */
export async function createTask(ctx: Ctx, input: unknown): Promise<Task> {
  requirePermission(ctx, 'crm.write');
  const data = parseInput(TaskCreateSchema, input);
  const assigneeId = data.assigneeId ?? ctx.actor.id;
  if (!assigneeId) throw new AppError('validation', 'e.validation', {}, [{ path: 'assigneeId', key: 'v.required' }]);
  return inTransaction(ctx, async (tx) => {
    let companyId = data.companyId;
    if (data.dealId) {
      const deal = await findDeal(tx.db, data.dealId);
      if (!deal) throw new AppError('not_found', 'e.notFound', { entity: 'deal', id: data.dealId });
      companyId = deal.companyId;
    }
    const u = await tx.db.selectFrom('app_user').select('active').where('id', '=', assigneeId).executeTakeFirst();
    if (!u?.active) throw new AppError('validation', 'e.crm.inactiveUser', { id: assigneeId }, [{ path: 'assigneeId', key: 'e.crm.inactiveUser', params: { id: assigneeId } }]);
    const row = await tx.db.insertInto('task').values({
      id: newId('tk'), title: data.title, deal_id: data.dealId, company_id: companyId, assignee_id: assigneeId, created_by: tx.actor.id,
      due_date: data.dueDate, remind_at: data.remindAt ? new Date(data.remindAt) : null, reminded_at: null, done_at: null,
    }).returningAll().executeTakeFirstOrThrow();
    const t = taskFromRow(row);
    await writeAudit(tx, { entityType: 'task', entityId: t.id, ...(companyId ? { scopeId: companyId } : {}), action: 'create', after: t });
    return t;
  });
}

/** Marks a task done (once). */
export async function completeTask(ctx: Ctx, id: string): Promise<Task> {
  requirePermission(ctx, 'crm.write');
  return inTransaction(ctx, async (tx) => {
    const task = await tx.db.selectFrom('task').select('assignee_id').where('id', '=', id).executeTakeFirst();
    if (task) requireOwnership(tx, task.assignee_id);
    const row = await tx.db.updateTable('task').set({ done_at: tx.now() }).where('id', '=', id).where('done_at', 'is', null).returningAll().executeTakeFirst();
    if (!row) {
      const exists = await tx.db.selectFrom('task').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) throw new AppError('not_found', 'e.notFound', { entity: 'task', id });
      throw new AppError('conflict', 'e.crm.taskDone');
    }
    const t = taskFromRow(row);
    await writeAudit(tx, { entityType: 'task', entityId: id, ...(t.companyId ? { scopeId: t.companyId } : {}), action: 'done', after: t });
    return t;
  });
}

export interface TaskView extends Task {
  dealTitle: string | null;
  companyName: string | null;
  overdue: boolean;
  /** The reminder time has come and the task is still open: shown in the app. */
  reminderDue: boolean;
}

export interface TaskFilter extends ListQuery { assigneeId?: string; view?: 'today' | 'overdue' | 'all' }

function tasksQuery(ctx: Ctx, filter: TaskFilter, today: string) {
  const assignee = filter.assigneeId ?? ctx.actor.id;
  let q = ctx.db.selectFrom('task as t').leftJoin('deal as d', 'd.id', 't.deal_id').leftJoin('company as c', 'c.id', 't.company_id')
    .selectAll('t').select(['d.title as deal_title', 'c.name as company_name']).where('t.done_at', 'is', null);
  if (assignee) q = q.where('t.assignee_id', '=', assignee);
  if (filter.view === 'today') q = q.where('t.due_date', '<=', today);
  if (filter.view === 'overdue') q = q.where('t.due_date', '<', today);
  const term = filter.q?.trim();
  if (term) q = q.where((eb) => eb.or([eb(eb.fn('lower', ['t.title']), 'like', containsPattern(term)), eb(eb.fn('lower', ['d.title']), 'like', containsPattern(term)), eb(eb.fn('lower', ['c.name']), 'like', containsPattern(term))]));
  return q;
}

type TaskRow = Parameters<typeof taskFromRow>[0] & { deal_title: string | null; company_name: string | null };
const taskView = (ctx: Ctx, today: string) => (r: TaskRow): TaskView => ({
  ...taskFromRow(r), dealTitle: r.deal_title, companyName: r.company_name, overdue: r.due_date < today,
  reminderDue: r.remind_at !== null && r.remind_at <= ctx.now(),
});

/** Open tasks of a user: `today` (due today or earlier), `overdue` (before today) or `all`. */
export async function listTasks(ctx: Ctx, filter: TaskFilter = {}): Promise<TaskView[]> {
  requirePermission(ctx, 'crm.read');
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const rows = await tasksQuery(ctx, filter, today).orderBy('t.due_date').orderBy('t.created_at').execute();
  return rows.map(taskView(ctx, today));
}

const taskSorts = { columns: { dueDate: 't.due_date', title: sql`lower(t.title)`, deal: sql`lower(d.title)`, company: sql`lower(c.name)`, createdAt: 't.created_at' }, default: 'dueDate', tieBreaker: 't.id' };

/** The same open tasks as a list: q (task, deal or company), sorted (dueDate by default) and paged on the server. */
export async function pageTasks(ctx: Ctx, filter: TaskFilter): Promise<Page<TaskView>> {
  requirePermission(ctx, 'crm.read');
  const today = dateInZone(ctx.now(), ctx.timeZone);
  return runPage(tasksQuery(ctx, filter, today), filter, taskSorts, taskView(ctx, today));
}

/** Overdue open tasks per manager (management's view). */
export async function overdueByManager(ctx: Ctx) {
  requirePermission(ctx, 'crm.read');
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const rows = await ctx.db.selectFrom('task as t').innerJoin('app_user as u', 'u.id', 't.assignee_id')
    .select(['u.id', 'u.full_name', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.min('t.due_date').as('oldest')])
    .where('t.done_at', 'is', null).where('t.due_date', '<', today).groupBy(['u.id', 'u.full_name']).orderBy('u.full_name').execute();
  return rows.map((r) => ({ managerId: r.id, managerName: r.full_name, overdue: Number(r.n), oldestDue: r.oldest as string }));
}
