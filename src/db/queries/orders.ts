import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, SalesOrderTable, OrderLineTable } from '../types.ts';
import type { OrderStatus, Priority } from '../../domain/orders/orders.ts';

export const orderFromRow = (r: Selectable<SalesOrderTable>) => ({
  id: r.id, number: r.number, proposalId: r.proposal_id, versionId: r.version_id, dealId: r.deal_id, companyId: r.company_id,
  sellerId: r.seller_id, managerId: r.manager_id, managerName: r.manager_name, priority: r.priority as Priority, status: r.status as OrderStatus,
  plannedStart: r.planned_start, agreedStart: r.agreed_start, monthlyTotal: r.monthly_total, setupTotal: r.setup_total,
  netTotal: r.net_total, vatTotal: r.vat_total, grossTotal: r.gross_total, initialInvoiceId: r.initial_invoice_id,
  handedOffAt: r.handed_off_at, activatedAt: r.activated_at, acceptedAt: r.accepted_at, createdAt: r.created_at,
  cancelledAt: r.cancelled_at, cancelledBy: r.cancelled_by, cancelReason: r.cancel_reason,
});
export type OrderRow = ReturnType<typeof orderFromRow>;

export const orderLineFromRow = (r: Selectable<OrderLineTable>) => ({
  id: r.id, position: r.position, serviceKind: r.service_kind, siteId: r.site_id, description: r.description,
  params: r.params as Record<string, unknown>, quantity: r.quantity, unitPrice: r.unit_price, discountPct: r.discount_pct,
  setupFee: r.setup_fee, feasibilityAnswerId: r.feasibility_answer_id, serviceId: r.service_id,
});
export type OrderLineRow = ReturnType<typeof orderLineFromRow>;

export async function findOrder(db: Kysely<DB>, id: string, forUpdate = false): Promise<OrderRow | undefined> {
  let q = db.selectFrom('sales_order').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? orderFromRow(r) : undefined;
}

export async function findOrderLines(db: Kysely<DB>, orderId: string): Promise<OrderLineRow[]> {
  return (await db.selectFrom('order_line').selectAll().where('order_id', '=', orderId).orderBy('position').execute()).map(orderLineFromRow);
}

/**
 * Next gapless number of a kind for a seller and year. The counter row stays locked until the caller's
 * transaction ends, so concurrent creators queue and a rolled-back one leaves no hole.
 */
export async function nextDocNumber(db: Kysely<DB>, kind: 'order' | 'contract', sellerId: string, year: number): Promise<number> {
  const r = await sql<{ last_no: number }>`
    INSERT INTO doc_counter (kind, seller_id, year, last_no) VALUES (${kind}, ${sellerId}, ${year}, 1)
    ON CONFLICT (kind, seller_id, year) DO UPDATE SET last_no = doc_counter.last_no + 1
    RETURNING last_no`.execute(db);
  return r.rows[0]!.last_no;
}

/** Non-working dates of the business calendar from a date on (CRM keeps them). */
export async function holidaysFrom(db: Kysely<DB>, from: string): Promise<Set<string>> {
  const rows = await db.selectFrom('crm_holiday').select('day').where('day', '>=', from).execute();
  return new Set(rows.map((r) => r.day));
}

/** Paid amount of an invoice (allocations of payments). */
export async function invoicePaid(db: Kysely<DB>, invoiceId: string): Promise<bigint> {
  const r = await db.selectFrom('payment_allocation').select(sql<bigint>`coalesce(sum(amount), 0)::int8`.as('s')).where('invoice_id', '=', invoiceId).executeTakeFirst();
  return r?.s ?? 0n;
}
