import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { dateInZone } from '../../domain/dates.ts';
import { companyFullName } from '../../domain/parties/company.ts';
import { CancelOrderSchema, OrderCreateSchema, PrioritySchema } from '../../domain/orders/orders.schemas.ts';
import { cancelRefusal } from '../../domain/orders/orders.ts';
import { findLines, findVersion } from '../../db/queries/quoting.ts';
import { findOrder, findOrderLines, invoicePaid, nextDocNumber, type OrderRow } from '../../db/queries/orders.ts';
import { runPage, type SortSpec } from '../../db/queries/list.ts';
import type { ListQuery, Page } from '../../domain/lists/list-query.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx } from '../context.ts';
import { guardError } from '../guard-errors.ts';

/** SQLSTATEs of the order triggers (migration 0011) → the message the app shows for the same rule. */
const DB_RULES: Record<string, string> = {
  RD301: 'e.order.notAccepted', RD302: 'e.order.priceMismatch', RD303: 'e.order.transition', RD310: 'e.prov.gate', RD311: 'e.prov.notApprover',
  RD312: 'e.order.startBeforeDone', RD313: 'e.prov.transition', RD320: 'e.contract.step', RD330: 'e.order.notSigned',
  RD331: 'e.order.cancelReason', RD332: 'e.order.cancelled',
  // composite foreign keys onto the proposal's figures: the contract price would differ from the proposal's
  23503: 'e.order.priceMismatch', 23001: 'e.order.priceMismatch',
};

/** Turns a refusal of the database into the AppError the app would have raised itself. */
export function mapOrderError(e: unknown): unknown {
  const s = sqlStateOf(e);
  if (s && DB_RULES[s]) return new AppError('rule', DB_RULES[s], { from: '', to: '', date: '', number: '' }, [], { sqlState: s });
  // The later guards name the order and the service in their DETAIL (domain/sqlstate.ts).
  return guardError(e);
}

/** Runs an order use case in one transaction; database refusals come back as rule errors. */
export async function orderTx<T>(ctx: Ctx, fn: Parameters<typeof inTransaction<T>>[1]): Promise<T> {
  try { return await inTransaction(ctx, fn); } catch (e) { throw mapOrderError(e); }
}

export const yearOf = (ctx: Ctx): number => Number(dateInZone(ctx.now(), ctx.timeZone).slice(0, 4));

/**
 * Takes the order from the accepted version of a proposal, in one step: the order with a copy of every
 * line, its number, and the contract document to sign (a new contract for a new client, otherwise the
 * next appendix to the one in force). The version row is locked, so of two simultaneous attempts one
 * creates the order and the other is told its number; `sales_order.version_id` is unique as well.
 */
export async function createOrder(ctx: Ctx, input: unknown): Promise<OrderView> {
  requirePermission(ctx, 'order.write');
  const data = parseInput(OrderCreateSchema, input);
  const id = await orderTx(ctx, async (tx) => {
    const v = await findVersion(tx.db, data.proposalId, undefined, true);
    if (!v) throw new AppError('not_found', 'e.notFound', { entity: 'proposal', id: data.proposalId });
    if (v.status !== 'accepted') throw new AppError('rule', 'e.order.notAccepted');
    const existing = await tx.db.selectFrom('sales_order').select('number').where('version_id', '=', v.id).executeTakeFirst();
    if (existing) throw new AppError('conflict', 'e.order.exists', { number: existing.number });
    const p = await tx.db.selectFrom('proposal').selectAll().where('id', '=', data.proposalId).executeTakeFirstOrThrow();
    const own = await tx.db.selectFrom('own_entity').select('company_id').where('company_id', '=', p.seller_company_id).executeTakeFirst();
    if (!own) throw new AppError('rule', 'e.order.noOwnEntity');
    const dealId = p.deal_id ?? (await tx.db.selectFrom('deal').select('id').where('proposal_id', '=', p.id).orderBy('created_at').executeTakeFirst())?.id ?? null;
    const year = yearOf(tx);
    const orderId = newId('or');
    const no = await nextDocNumber(tx.db, 'order', p.seller_company_id, year);
    await tx.db.insertInto('sales_order').values({
      id: orderId, number: `ЗК-${year}-${String(no).padStart(5, '0')}`, proposal_id: p.id, version_id: v.id, deal_id: dealId, company_id: p.company_id,
      seller_id: p.seller_company_id, manager_id: tx.actor.id, manager_name: tx.actor.name, priority: data.priority, planned_start: v.serviceDate, agreed_start: null,
      monthly_total: v.monthlyTotal, setup_total: v.setupTotal, net_total: v.netTotal, vat_total: v.vatTotal, gross_total: v.grossTotal,
      initial_invoice_id: null, handed_off_at: null, activated_at: null, accepted_at: null, updated_at: tx.now(),
    }).execute();
    const lines = await findLines(tx.db, v.id);
    await tx.db.insertInto('order_line').values(lines.map((l) => ({
      id: newId('ol'), order_id: orderId, version_id: v.id, position: l.position, service_kind: l.serviceKind, site_id: l.siteId, description: l.description,
      params: JSON.stringify(l.params), quantity: l.quantity, unit_price: l.unitPrice, discount_pct: l.discountPct, setup_fee: l.setupFee,
      feasibility_answer_id: l.feasibilityAnswerId, service_id: null,
    }))).execute();
    // The client's contract in force with this seller gets the next appendix; a new client gets a contract.
    let contract = await tx.db.selectFrom('contract').selectAll().where('client_id', '=', p.company_id).where('seller_id', '=', p.seller_company_id)
      .orderBy('created_at', 'desc').forUpdate().executeTakeFirst();
    const isNew = !contract;
    if (!contract) {
      const cno = await nextDocNumber(tx.db, 'contract', p.seller_company_id, year);
      contract = await tx.db.insertInto('contract').values({
        id: newId('ck'), number: `Д-${year}-${String(cno).padStart(4, '0')}`, seller_id: p.seller_company_id, client_id: p.company_id,
        contract_date: dateInZone(tx.now(), tx.timeZone),
      }).returningAll().executeTakeFirstOrThrow();
    }
    const appendix = contract.last_appendix + 1;
    await tx.db.updateTable('contract').set({ last_appendix: appendix }).where('id', '=', contract.id).execute();
    await tx.db.insertInto('contract_doc').values({
      id: newId('cd'), order_id: orderId, contract_id: contract.id, appendix_no: appendix, includes_contract: isNew, channel: null, tracking: null,
      sent_at: null, client_signed_at: null, signed_at: null, scan: null, scan_name: null, archived_at: null, updated_at: tx.now(),
    }).execute();
    await writeAudit(tx, { entityType: 'order', entityId: orderId, scopeId: p.company_id, action: 'create', after: { proposalId: p.id, version: v.version, contract: contract.number, appendix, gross: v.grossTotal } });
    return orderId;
  }).catch((e: unknown) => {
    // The unique version_id settles a race the lock did not see (another instance, a dump being loaded).
    if (sqlStateOf(e) === '23505' && (e as { constraint?: string }).constraint === 'sales_order_version_id_key') throw new AppError('conflict', 'e.order.exists', { number: '' });
    throw e;
  });
  return getOrder(ctx, id);
}

/** The manager sets the order's priority in the tech department's queue. */
export async function setOrderPriority(ctx: Ctx, id: string, input: unknown): Promise<OrderView> {
  requirePermission(ctx, 'order.write');
  const { priority } = parseInput(PrioritySchema, input);
  await orderTx(ctx, async (tx) => {
    const o = await requireOrder(tx, id, true);
    await tx.db.updateTable('sales_order').set({ priority, updated_at: tx.now() }).where('id', '=', id).execute();
    await writeAudit(tx, { entityType: 'order', entityId: id, scopeId: o.companyId, action: 'priority', before: { priority: o.priority }, after: { priority } });
  });
  return getOrder(ctx, id);
}

/** Marks a locked order cancelled with who, when and why, and audits it (the caller has undone what it started). */
export async function markCancelled(tx: Ctx, o: OrderRow, reason: string, after: Record<string, unknown> = {}): Promise<void> {
  await tx.db.updateTable('sales_order').set({ status: 'cancelled', cancelled_at: tx.now(), cancelled_by: tx.actor.name, cancel_reason: reason, updated_at: tx.now() })
    .where('id', '=', o.id).execute();
  await writeAudit(tx, { entityType: 'order', entityId: o.id, scopeId: o.companyId, action: 'cancel', before: { status: o.status }, after: { status: 'cancelled', reason, ...after } });
}

/**
 * Cancels an order that is not handed off yet (the client withdrew before signing, or the contract fell
 * through), with the reason; who and when are kept on the order and in the audit. A handed-off order is
 * cancelled by the flow that also undoes the hand-off (flows/order-cancel.ts).
 */
export async function cancelNewOrder(ctx: Ctx, id: string, input: unknown): Promise<OrderView> {
  requirePermission(ctx, 'order.write');
  const { reason } = parseInput(CancelOrderSchema, input);
  await orderTx(ctx, async (tx) => {
    const o = await requireOrder(tx, id, true);
    const refusal = cancelRefusal(o.status);
    if (refusal) throw new AppError('rule', refusal, { number: o.number });
    // Handed off meanwhile: that cancellation also undoes the hand-off (flows/order-cancel.ts).
    if (o.status !== 'new') throw new AppError('rule', 'e.order.transition', { from: `order.${o.status}`, to: 'order.cancelled' });
    await markCancelled(tx, o, reason);
  });
  return getOrder(ctx, id);
}

export async function requireOrder(ctx: Ctx, id: string, forUpdate = false): Promise<OrderRow> {
  const o = await findOrder(ctx.db, id, forUpdate);
  if (!o) throw new AppError('not_found', 'e.notFound', { entity: 'order', id });
  return o;
}

/**
 * One order with the whole chain around it: deal → proposal → order → contract → signing → invoice →
 * provisioning → services, plus disputes. Each link carries the id the UI needs to go there.
 */
export async function getOrder(ctx: Ctx, id: string) {
  requirePermission(ctx, 'proposal.read');
  const o = await requireOrder(ctx, id);
  const [lines, company, proposal, doc, prov, deferral, disputes] = await Promise.all([
    findOrderLines(ctx.db, id),
    ctx.db.selectFrom('company').select(['id', 'kind', 'legal_form', 'name']).where('id', '=', o.companyId).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('proposal as p').innerJoin('proposal_version as v', 'v.proposal_id', 'p.id').select(['p.number', 'v.version', 'v.decided_at'])
      .where('v.id', '=', o.versionId).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('contract_doc as d').innerJoin('contract as c', 'c.id', 'd.contract_id')
      .select(['d.id', 'd.status', 'd.channel', 'd.tracking', 'd.appendix_no', 'd.includes_contract', 'd.prepared_at', 'd.sent_at', 'd.client_signed_at', 'd.signed_at', 'd.archived_at', 'd.scan_name', 'c.number', 'c.contract_date'])
      .where('d.order_id', '=', id).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('prov_request').selectAll().where('order_id', '=', id).executeTakeFirst(),
    ctx.db.selectFrom('payment_deferral').selectAll().where('order_id', '=', id).executeTakeFirst(),
    ctx.db.selectFrom('order_dispute').selectAll().where('order_id', '=', id).orderBy('opened_at').execute(),
  ]);
  const deal = o.dealId ? await ctx.db.selectFrom('deal').select(['id', 'title', 'outcome', 'stage']).where('id', '=', o.dealId).executeTakeFirst() : undefined;
  const invoice = o.initialInvoiceId ? await ctx.db.selectFrom('invoice').select(['id', 'number', 'year', 'total', 'due_date']).where('id', '=', o.initialInvoiceId).executeTakeFirstOrThrow() : undefined;
  const paid = invoice ? await invoicePaid(ctx.db, invoice.id) : 0n;
  // Corrections (УКД) change what the invoice asks: a cancelled order's initial invoice is credited to zero.
  const credited = invoice ? (await ctx.db.selectFrom('invoice').select(sql<bigint>`coalesce(sum(total), 0)::int8`.as('s')).where('corrects_invoice_id', '=', invoice.id).executeTakeFirst())?.s ?? 0n : 0n;
  const serviceIds = lines.map((l) => l.serviceId).filter((s): s is string => !!s);
  const services = serviceIds.length ? await ctx.db.selectFrom('billing_service').select(['id', 'title', 'status', 'start_date', 'monthly_price', 'quantity']).where('id', 'in', serviceIds).execute() : [];
  const checklist = prov ? await ctx.db.selectFrom('prov_check_item').selectAll().where('request_id', '=', prov.id).orderBy('position').execute() : [];
  const delays = prov ? await ctx.db.selectFrom('prov_delay').selectAll().where('request_id', '=', prov.id).orderBy('recorded_at').execute() : [];
  return {
    ...o, companyName: companyFullName({ kind: company.kind, legalForm: company.legal_form, name: company.name }), lines,
    deal: deal ? { id: deal.id, title: deal.title, outcome: deal.outcome, stage: deal.stage } : null,
    proposal: { id: o.proposalId, number: proposal.number, version: proposal.version, acceptedAt: proposal.decided_at },
    contract: {
      docId: doc.id, number: doc.number, contractDate: doc.contract_date, appendixNo: doc.appendix_no, includesContract: doc.includes_contract,
      status: doc.status, channel: doc.channel, tracking: doc.tracking, preparedAt: doc.prepared_at, sentAt: doc.sent_at,
      clientSignedAt: doc.client_signed_at, signedAt: doc.signed_at, archivedAt: doc.archived_at, scanName: doc.scan_name,
    },
    invoice: invoice ? { id: invoice.id, number: invoice.number, year: invoice.year, total: invoice.total, correctedTotal: invoice.total + credited, paid, dueDate: invoice.due_date } : null,
    deferral: deferral ? { approverName: deferral.approver_name, reason: deferral.reason, dueDate: deferral.due_date, approvedAt: deferral.approved_at } : null,
    provisioning: prov ? {
      id: prov.id, status: prov.status, leadDays: prov.lead_days, gateOpenedOn: prov.gate_opened_on, deadline: prov.deadline, startedAt: prov.started_at,
      doneAt: prov.done_at, proposedStart: prov.proposed_start, escalatedAt: prov.escalated_at,
      checklist: checklist.map((c) => ({ position: c.position, label: c.label, doneAt: c.done_at, doneByName: c.done_by_name })),
      delays: delays.map((d) => ({ responsible: d.responsible, reason: d.reason, recordedByName: d.recorded_by_name, recordedAt: d.recorded_at })),
    } : null,
    services: services.map((s) => ({ id: s.id, title: s.title, status: s.status, startDate: s.start_date, monthlyPrice: s.monthly_price, quantity: s.quantity })),
    disputes: disputes.map((d) => ({ id: d.id, subject: d.subject, description: d.description, openedByName: d.opened_by_name, openedAt: d.opened_at, resolution: d.resolution, resolvedByName: d.resolved_by_name, resolvedAt: d.resolved_at })),
  };
}
export type OrderView = Awaited<ReturnType<typeof getOrder>>;

type OrderFilter = { companyId?: string; dealId?: string; proposalId?: string; status?: string };

function ordersQuery(ctx: Ctx, f: OrderFilter) {
  let q = ctx.db.selectFrom('sales_order as o').innerJoin('company as c', 'c.id', 'o.company_id')
    .innerJoin('contract_doc as d', 'd.order_id', 'o.id').innerJoin('contract as k', 'k.id', 'd.contract_id')
    .leftJoin('prov_request as r', 'r.order_id', 'o.id')
    .select(['o.id', 'o.number', 'o.status', 'o.priority', 'o.company_id', 'o.deal_id', 'o.proposal_id', 'o.gross_total', 'o.monthly_total', 'o.planned_start', 'o.agreed_start', 'o.created_at',
      'c.kind', 'c.legal_form', 'c.name', 'd.status as signing', 'd.appendix_no', 'k.number as contract_number', 'r.status as provisioning', 'r.deadline']);
  if (f.companyId) q = q.where('o.company_id', '=', f.companyId);
  if (f.dealId) q = q.where('o.deal_id', '=', f.dealId);
  if (f.proposalId) q = q.where('o.proposal_id', '=', f.proposalId);
  if (f.status) q = q.where('o.status', '=', f.status);
  return q;
}
type OrderListRow = Awaited<ReturnType<ReturnType<typeof ordersQuery>['execute']>>[number];

const orderListItem = (r: OrderListRow) => ({
  id: r.id, number: r.number, status: r.status, priority: r.priority, companyId: r.company_id, companyName: companyFullName({ kind: r.kind, legalForm: r.legal_form, name: r.name }),
  dealId: r.deal_id, proposalId: r.proposal_id, grossTotal: r.gross_total, monthlyTotal: r.monthly_total, plannedStart: r.planned_start, agreedStart: r.agreed_start,
  contractNumber: r.contract_number, appendixNo: r.appendix_no, signing: r.signing, signed: r.signing === 'signed' || r.signing === 'archived',
  provisioning: r.provisioning, deadline: r.deadline, createdAt: r.created_at,
});

/** Orders with their signing and provisioning state, newest first; filtered by client, deal or proposal. */
export async function listOrders(ctx: Ctx, f: OrderFilter = {}) {
  requirePermission(ctx, 'proposal.read');
  return (await ordersQuery(ctx, f).orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(500).execute()).map(orderListItem);
}

const orderSorts: SortSpec = {
  columns: { createdAt: 'o.created_at', number: 'o.number', client: 'c.name', plannedStart: 'o.planned_start', deadline: 'r.deadline', monthly: 'o.monthly_total', status: 'o.status' },
  default: '-createdAt', tieBreaker: 'o.id',
};

/** One page of the orders list (filters as listOrders), sorted on the server with the total. */
export async function pageOrders(ctx: Ctx, f: OrderFilter & ListQuery): Promise<Page<ReturnType<typeof orderListItem>>> {
  requirePermission(ctx, 'proposal.read');
  return runPage(ordersQuery(ctx, f), f, orderSorts, orderListItem);
}
