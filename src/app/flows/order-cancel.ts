import { AppError } from '../../domain/errors.ts';
import { dateInZone } from '../../domain/dates.ts';
import { cancelPermission, cancelRefusal } from '../../domain/orders/orders.ts';
import { CancelOrderSchema } from '../../domain/orders/orders.schemas.ts';
import { findOrderLines } from '../../db/queries/orders.ts';
import { cancelPendingService } from '../billing/services.ts';
import { creditUnstarted } from '../billing/corrections.ts';
import { releaseServiceResources } from '../billing/changes.ts';
import { parseInput, requirePermission, type Ctx } from '../context.ts';
import { cancelNewOrder, getOrder, markCancelled, orderTx, requireOrder, type OrderView } from '../orders/orders.ts';
import { notifyUser } from '../provisioning/notify.ts';
import { actingForOrder } from './order-handoff.ts';

/**
 * Cancels an order with the reason: a handed-off one by management (cancelHandedOffOrder), any other by
 * whoever takes orders (orders/orders.ts: a new order is cancelled, the others are refused with the reason).
 */
export async function cancelOrder(ctx: Ctx, orderId: string, input: unknown): Promise<OrderView> {
  requirePermission(ctx, 'order.write');
  const o = await requireOrder(ctx, orderId);
  return o.status === 'handed_off' ? cancelHandedOffOrder(ctx, orderId, input) : cancelNewOrder(ctx, orderId, input);
}

/**
 * Cancels a handed-off order whose provisioning is not completed (none of its services has started), all
 * or nothing, in one transaction: its billing services are closed before their first day, everything billed
 * for them (the initial invoice's setup fees and first period, any later period) is brought to zero by a
 * correction document per invoice — unpaid, the client owes nothing; paid, the money stays with the client
 * as a credit on the ledger —, the resources assigned to them go to the tech department to release, the
 * provisioning request is cancelled (the technician working on it gets a task to stop) and the order keeps
 * who, when and why. The order row is locked first, as provisioning completion locks it: of the two, one wins.
 */
export async function cancelHandedOffOrder(ctx: Ctx, orderId: string, input: unknown): Promise<OrderView> {
  requirePermission(ctx, cancelPermission('handed_off'));
  const { reason } = parseInput(CancelOrderSchema, input);
  await orderTx(ctx, async (tx) => {
    const o = await requireOrder(tx, orderId, true);
    const refusal = cancelRefusal(o.status);
    if (refusal) throw new AppError('rule', refusal, { number: o.number });
    if (o.status === 'new') { await markCancelled(tx, o, reason); return; }
    const prov = await tx.db.selectFrom('prov_request').selectAll().where('order_id', '=', orderId).forUpdate().executeTakeFirst();
    const serviceIds = (await findOrderLines(tx.db, orderId)).map((l) => l.serviceId).filter((s): s is string => !!s);
    const services = serviceIds.length ? await tx.db.selectFrom('billing_service').select(['id', 'title', 'status']).where('id', 'in', serviceIds).orderBy('id').forUpdate().execute() : [];
    const started = services.find((s) => s.status !== 'pending');
    if (started) throw new AppError('rule', 'e.order.cancelServiceStarted', { number: o.number, service: started.title });
    const acting = actingForOrder(tx);
    const why = `отмена заказа ${o.number}: ${reason}`;
    for (const s of services) await cancelPendingService(acting, s.id, why);
    const corrections = await creditUnstarted(tx, serviceIds, why);
    let released = 0;
    for (const s of services) released += await releaseServiceResources(tx, { serviceId: s.id, reason: why, kind: 'close' });
    if (prov) {
      await tx.db.updateTable('prov_request').set({ status: 'cancelled', updated_at: tx.now() }).where('id', '=', prov.id).execute();
      if (prov.assignee_id && prov.status === 'in_progress') {
        await notifyUser(tx, { assigneeId: prov.assignee_id, companyId: o.companyId, dealId: o.dealId, dueDate: dateInZone(tx.now(), tx.timeZone),
          title: `Заказ ${o.number} отменён: остановите подключение и освободите ресурсы (${reason})` });
      }
    }
    await markCancelled(tx, o, reason, { services: serviceIds, corrections, released, provisioning: prov?.status ?? null });
  });
  return getOrder(ctx, orderId);
}
