import { createTask } from '../crm/tasks.ts';
import type { Ctx } from '../context.ts';

/**
 * Tells a person something about an order as a CRM task due on a day (with a reminder now), so it shows
 * in their task list and the CRM's reminder job e-mails it. Orders may task anyone: the task is the
 * order's, not the caller's.
 */
export async function notifyUser(ctx: Ctx, t: { assigneeId: string; title: string; dueDate: string; dealId?: string | null; companyId?: string | null }): Promise<void> {
  await createTask({ ...ctx, actor: { ...ctx.actor, role: 'admin' } }, {
    title: t.title.slice(0, 300), assigneeId: t.assigneeId, dueDate: t.dueDate, dealId: t.dealId ?? null, companyId: t.dealId ? null : t.companyId ?? null,
    remindAt: ctx.now().toISOString(),
  });
}
