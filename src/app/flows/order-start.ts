import { AppError } from '../../domain/errors.ts';
import { dateInZone, formatDate } from '../../domain/dates.ts';
import { periodEnd, periodStart, prorate } from '../../domain/billing/billing.ts';
import { AgreeStartSchema } from '../../domain/orders/orders.schemas.ts';
import { findOrderLines } from '../../db/queries/orders.ts';
import { correctBilled } from '../billing/corrections.ts';
import { setServiceStatus } from '../billing/services.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { parseInput, requirePermission, type Ctx } from '../context.ts';
import { actingForOrder } from './order-handoff.ts';
import { getOrder, orderTx, requireOrder, type OrderView } from '../orders/orders.ts';

/**
 * What the first billed period should have been for a service starting on `start`, given that the
 * initial invoice billed period `billed` (the planned start's month) under the run's key: the part of
 * that month from the start on, or nothing when the service starts in a later month (the run bills it).
 */
export function firstPeriodDue(monthly: bigint, start: string, billed: string): bigint {
  if (start > periodEnd(billed)) return 0n;
  return prorate(monthly, start < periodStart(billed) ? periodStart(billed) : start, periodEnd(billed));
}

/**
 * The manager agreed the start date with the client: the services become active from it (the monthly
 * run bills them from then on) and, when it differs from the planned date, an adjustment invoice
 * corrects the first period billed in advance (credit or charge of the difference).
 */
export async function agreeStartDate(ctx: Ctx, orderId: string, input: unknown): Promise<OrderView> {
  requirePermission(ctx, 'order.write');
  const { startDate } = parseInput(AgreeStartSchema, input);
  await orderTx(ctx, async (tx) => {
    const o = await requireOrder(tx, orderId, true);
    if (o.status !== 'provisioned') throw new AppError('rule', 'e.order.notProvisioned');
    const r = await tx.db.selectFrom('prov_request').select('done_at').where('order_id', '=', orderId).executeTakeFirstOrThrow();
    const doneOn = dateInZone(r.done_at!, tx.timeZone);
    if (startDate < doneOn) throw new AppError('rule', 'e.order.startBeforeDone', { date: formatDate(doneOn) }, [{ path: 'startDate', key: 'e.order.startBeforeDone', params: { date: formatDate(doneOn) } }]);
    const acting = actingForOrder(tx);
    const corrections: string[] = [];
    for (const l of await findOrderLines(tx.db, orderId)) {
      const s = await tx.db.selectFrom('billing_service').selectAll().where('id', '=', l.serviceId!).forUpdate().executeTakeFirstOrThrow();
      if (startDate !== s.start_date) {
        await tx.db.updateTable('billing_service').set({ start_date: startDate, updated_at: tx.now() }).where('id', '=', s.id).execute();
        await tx.db.updateTable('service_tariff').set({ valid_from: startDate }).where('service_id', '=', s.id).where('valid_from', '=', s.start_date).execute();
        // The initial invoice billed the first period from the planned date: a correction document (УКД) puts
        // it right for the days the client really gets, as for any change of days already billed.
        const from = startDate < s.start_date ? startDate : s.start_date;
        corrections.push(...(await correctBilled(tx, s, from, `перенос начала услуг на ${formatDate(startDate)}`)));
      }
      await setServiceStatus(acting, s.id, 'active');
    }
    await tx.db.updateTable('sales_order').set({ status: 'active', agreed_start: startDate, activated_at: tx.now(), updated_at: tx.now() }).where('id', '=', orderId).execute();
    await writeAudit(tx, { entityType: 'order', entityId: orderId, scopeId: o.companyId, action: 'start.agreed', after: { startDate, plannedStart: o.plannedStart, corrections } });
  });
  return getOrder(ctx, orderId);
}
