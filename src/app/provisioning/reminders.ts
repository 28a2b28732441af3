import { sql } from 'kysely';
import { dateInZone } from '../../domain/dates.ts';
import { addWorkingDays } from '../../domain/orders/orders.ts';
import { holidaysFrom } from '../../db/queries/orders.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { notifyUser } from './notify.ts';

/** A signing step that has not moved for this many days is a stalled one. */
export const SIGNING_STALL_DAYS = 3;

const stepRu: Record<string, string> = { prepared: 'подготовлен, но не отправлен клиенту', sent: 'отправлен, клиент не подписал', client_signed: 'подписан клиентом, ждёт нашей подписи' };

/**
 * The orders job: reminds the manager of stalled signing, the tech department of a deadline that is
 * one working day away, and escalates overdue provisioning to management. Each reminder goes out once
 * (order_reminder), as a task with a reminder, so it also reaches people by e-mail.
 */
export async function runOrderReminders(ctx: Ctx): Promise<{ signing: number; deadlines: number; escalated: number }> {
  return inTransaction(ctx, async (tx) => {
    const today = dateInZone(tx.now(), tx.timeZone);
    const once = async (orderId: string, kind: string) =>
      !!(await tx.db.insertInto('order_reminder').values({ order_id: orderId, kind }).onConflict((oc) => oc.doNothing()).returning('order_id').executeTakeFirst());
    const out = { signing: 0, deadlines: 0, escalated: 0 };

    const stalled = await tx.db.selectFrom('contract_doc as d').innerJoin('sales_order as o', 'o.id', 'd.order_id')
      .select(['o.id', 'o.number', 'o.manager_id', 'o.deal_id', 'o.company_id', 'd.status'])
      .where('d.status', 'in', ['prepared', 'sent', 'client_signed']).where('o.status', '=', 'new')
      .where('d.updated_at', '<', new Date(tx.now().getTime() - SIGNING_STALL_DAYS * 86_400_000)).execute();
    for (const s of stalled) {
      if (!s.manager_id || !(await once(s.id, `signing:${s.status}`))) continue;
      await notifyUser(tx, { assigneeId: s.manager_id, dealId: s.deal_id, companyId: s.company_id, dueDate: today, title: `Заказ ${s.number}: договор ${stepRu[s.status]} более ${SIGNING_STALL_DAYS} дней` });
      out.signing++;
    }

    const soon = addWorkingDays(today, 1, await holidaysFrom(tx.db, today));
    const open = await tx.db.selectFrom('prov_request as r').innerJoin('sales_order as o', 'o.id', 'r.order_id')
      .select(['r.id', 'r.deadline', 'r.assignee_id', 'o.id as order_id', 'o.number', 'o.company_id', 'o.manager_name'])
      .where('r.status', 'in', ['ready', 'in_progress']).where('r.deadline', '<=', soon).execute();
    const users = await tx.db.selectFrom('app_user').select(['id', 'role']).where('active', '=', true).where('role', 'in', ['tech', 'management']).execute();
    for (const r of open) {
      if (r.deadline! >= today) {
        if (!(await once(r.order_id, `deadline:${r.deadline}`))) continue;
        const to = r.assignee_id ? [r.assignee_id] : users.filter((u) => u.role === 'tech').map((u) => u.id);
        for (const id of to) await notifyUser(tx, { assigneeId: id, companyId: r.company_id, dueDate: r.deadline!, title: `Заказ ${r.number}: срок подключения ${r.deadline!.split('-').reverse().join('.')}` });
        out.deadlines++;
      } else {
        if (!(await once(r.order_id, `overdue:${r.deadline}`))) continue;
        for (const u of users.filter((x) => x.role === 'management')) {
          await notifyUser(tx, { assigneeId: u.id, companyId: r.company_id, dueDate: today, title: `Просрочено подключение по заказу ${r.number} (срок ${r.deadline!.split('-').reverse().join('.')}, менеджер ${r.manager_name})` });
        }
        await tx.db.updateTable('prov_request').set({ escalated_at: tx.now(), updated_at: sql`updated_at` }).where('id', '=', r.id).execute();
        await writeAudit(tx, { entityType: 'order', entityId: r.order_id, scopeId: r.company_id, action: 'provisioning.escalate', after: { deadline: r.deadline } });
        out.escalated++;
      }
    }
    return out;
  });
}
