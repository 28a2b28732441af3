import { formatDate } from '../../domain/dates.ts';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { periodEnd, periodOf, prorate } from '../../domain/billing/billing.ts';
import { lineMoney } from '../../domain/quoting/quote.ts';
import { checklistFor } from '../../domain/orders/orders.ts';
import { findOrderLines } from '../../db/queries/orders.ts';
import { createService } from '../billing/services.ts';
import { issueInvoice, type NewLine } from '../billing/invoices.ts';
import { assignHeld } from '../inventory/allocations.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { requirePermission, type Ctx, type Tx } from '../context.ts';
import { getOrder, orderTx, requireOrder, type OrderView } from '../orders/orders.ts';
import { openGates } from '../provisioning/gates.ts';


/**
 * The order acts in billing and inventory on the hand-off's behalf: whoever may hand an order off may
 * have its services, invoice and resources created, without holding those departments' own rights.
 */
export const actingForOrder = (tx: Tx): Tx => ({ ...tx, actor: { ...tx.actor, role: 'admin' } });

const scalarParams = (p: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(p).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))) as Record<string, string | number | boolean>;

/**
 * Hands a signed order to accounting and the tech department in one transaction, all or nothing:
 * a billing service per line (pending, starting on the planned date), the initial invoice (setup fees
 * and the first, prorated period — billed under the same keys the monthly run uses, so nothing is
 * billed twice), the provisioning request with its checklist, and the feasibility holds turned into
 * assignments to the new services.
 */
export async function handOffOrder(ctx: Ctx, orderId: string): Promise<OrderView> {
  requirePermission(ctx, 'order.write');
  await orderTx(ctx, async (tx) => {
    const o = await requireOrder(tx, orderId, true);
    if (o.status !== 'new') throw new AppError('rule', 'e.order.transition', { from: `order.${o.status}`, to: 'order.handed_off' });
    const doc = await tx.db.selectFrom('contract_doc as d').innerJoin('contract as c', 'c.id', 'd.contract_id').select(['d.status', 'd.appendix_no', 'c.number'])
      .where('d.order_id', '=', orderId).executeTakeFirstOrThrow();
    if (doc.status !== 'signed' && doc.status !== 'archived') throw new AppError('rule', 'e.order.notSigned');
    const acting = actingForOrder(tx);
    const lines = await findOrderLines(tx.db, orderId);
    const invoiceLines: NewLine[] = [];
    const serviceByAnswer = new Map<string, string>();
    const period = periodOf(o.plannedStart);
    for (const l of lines) {
      const m = lineMoney({ ...l, discountPct: l.discountPct, unitCost: 0n, unitFloor: 0n });
      const s = await createService(acting, {
        clientId: o.companyId, sellerId: o.sellerId, contractRef: `${doc.number}, прил. ${doc.appendix_no}`, kind: l.serviceKind, title: l.description,
        params: scalarParams(l.params), siteId: l.siteId, monthlyPrice: Number(m.unitNet), setupFee: Number(m.setup), quantity: l.quantity,
        startDate: o.plannedStart, billingDay: 1, activate: false,
      });
      await tx.db.updateTable('order_line').set({ service_id: s.id }).where('id', '=', l.id).execute();
      if (l.feasibilityAnswerId) serviceByAnswer.set(l.feasibilityAnswerId, s.id);
      if (m.setup > 0n) {
        invoiceLines.push({ serviceId: s.id, billingKey: `${s.id}:setup`, kind: 'setup', period: null, dateFrom: o.plannedStart, dateTo: o.plannedStart,
          description: `Подключение: ${l.description}`, quantity: 1, unitPrice: m.setup, net: m.setup, serviceDate: o.plannedStart });
      }
      const first = prorate(m.monthly, o.plannedStart, periodEnd(period));
      invoiceLines.push({ serviceId: s.id, billingKey: `${s.id}:${period}`, kind: 'period', period, dateFrom: o.plannedStart, dateTo: periodEnd(period),
        // A part month is billed as one period at the price of its days (quantity × price = amount on every line).
        description: `${l.description}${l.quantity > 1 ? ` × ${l.quantity}` : ''}: первый период ${formatDate(o.plannedStart)}–${formatDate(periodEnd(period))}`,
        quantity: 1, unitPrice: first, net: first, serviceDate: o.plannedStart });
    }
    const invoiceId = await issueInvoice(acting, { sellerId: o.sellerId, clientId: o.companyId, kind: 'setup', period, lines: invoiceLines });

    // Lead time the tech department confirmed: the longest of the answers the lines rest on.
    const answerIds = [...new Set(lines.map((l) => l.feasibilityAnswerId).filter((a): a is string => !!a))];
    const answers = answerIds.length ? await tx.db.selectFrom('feas_answer').select(['id', 'lead_days']).where('id', 'in', answerIds).execute() : [];
    const leadDays = Math.max(0, ...answers.map((a) => a.lead_days ?? 0));
    const reqId = newId('pr');
    await tx.db.insertInto('prov_request').values({ id: reqId, order_id: orderId, lead_days: leadDays, gate_opened_on: null, deadline: null, assignee_id: null,
      started_at: null, done_at: null, proposed_start: null, escalated_at: null, updated_at: tx.now() }).execute();
    const items = checklistFor(lines.map((l) => l.serviceKind));
    if (items.length) await tx.db.insertInto('prov_check_item').values(items.map((it, i) => ({ request_id: reqId, position: i + 1, label: it.ru, done_at: null, done_by_name: null }))).execute();

    const holds = answerIds.length ? await tx.db.selectFrom('inv_allocation').select(['id', 'answer_id']).where('state', '=', 'held')
      .where('hold_company_id', '=', o.companyId).where('answer_id', 'in', answerIds).where('held_until', '>', tx.now()).execute() : [];
    for (const h of holds) await assignHeld(acting, h.id, { assignedKind: 'service', assignedRef: serviceByAnswer.get(h.answer_id!)! });

    await tx.db.updateTable('sales_order').set({ status: 'handed_off', initial_invoice_id: invoiceId, handed_off_at: tx.now(), updated_at: tx.now() }).where('id', '=', orderId).execute();
    await writeAudit(tx, { entityType: 'order', entityId: orderId, scopeId: o.companyId, action: 'handoff', after: { invoiceId, services: lines.length, assigned: holds.length, leadDays } });
    await openGates(tx, orderId);
  });
  return getOrder(ctx, orderId);
}
