import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { formatDate } from '../../domain/dates.ts';
import { DisputeSchema, ResolveDisputeSchema } from '../../domain/orders/orders.schemas.ts';
import { renderPdf } from '../documents/pdf.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { parseInput, requirePermission, type Ctx } from '../context.ts';
import { contractDataFor, type ServiceRow } from '../contracts/contract-data.ts';
import { safeFileName } from '../contracts/contracts.ts';
import { getOrder, orderTx, requireOrder, type OrderView } from '../orders/orders.ts';

/** The acceptance act (акт приёма-передачи услуг): what was put into service, from which date, signatures. */
export async function acceptanceActPdf(ctx: Ctx, orderId: string): Promise<{ fileName: string; pdf: Buffer }> {
  requirePermission(ctx, 'proposal.read');
  const o = await requireOrder(ctx, orderId);
  if (o.status !== 'active' || !o.agreedStart) throw new AppError('rule', 'e.order.notActive');
  const d = await contractDataFor(ctx, orderId);
  const s = (k: string) => String(d[k] ?? '');
  const th = (t: string): TableCell => ({ text: t, style: 'th' });
  const content: Content[] = [
    { text: `Акт приёма-передачи услуг по заказу ${o.number}`, style: 'h1', alignment: 'center' },
    { text: `к договору № ${s('contractNumber')} от ${s('contractDate')}, приложение № ${s('appendixNumber')}`, alignment: 'center', margin: [0, 0, 0, 8] },
    { text: `${s('sellerName')} (Исполнитель) передал, а ${s('clientName')} (Заказчик) принял следующие услуги; оказание услуг начато ${formatDate(o.agreedStart)}.` },
    {
      table: { headerRows: 1, widths: [16, '*', 150, 30], body: [[th('№'), th('Услуга'), th('Технические данные'), th('Кол.')],
        ...d.services.map((r: ServiceRow) => [r.position, `${r.description} (${r.kind}, ${r.site})`, { text: r.tech, fontSize: 8 }, r.quantity] as TableCell[])] },
      fontSize: 9, margin: [0, 8, 0, 8],
    },
    { text: `Ежемесячная плата: ${s('monthlyTotal')} без НДС. Услуги оказаны в полном объёме, стороны претензий не имеют, если иное не указано ниже.` },
    { text: 'Замечания Заказчика: ______________________________________________', margin: [0, 8, 0, 0] },
    { margin: [0, 24, 0, 0], columns: [
      { stack: [{ text: 'Исполнитель', bold: true }, s('sellerName'), `\n______________ / ${s('sellerSignatory')} /`, { text: 'М.П.', style: 'small' }] },
      { stack: [{ text: 'Заказчик', bold: true }, s('clientName'), `\n______________ / ${s('clientSignatory')} /`, { text: 'М.П.', style: 'small' }] },
    ] },
  ];
  const client = s('clientName');
  return { fileName: safeFileName(`Акт_${o.number}_${client}`, 'pdf'), pdf: await renderPdf({ content, info: { title: `Акт ${o.number}` } }) };
}

/** The client signed the acceptance act. */
export async function recordAcceptance(ctx: Ctx, orderId: string): Promise<OrderView> {
  requirePermission(ctx, 'order.write');
  await orderTx(ctx, async (tx) => {
    const o = await requireOrder(tx, orderId, true);
    if (o.status !== 'active') throw new AppError('rule', 'e.order.notActive');
    await tx.db.updateTable('sales_order').set({ accepted_at: tx.now(), updated_at: tx.now() }).where('id', '=', orderId).execute();
    await writeAudit(tx, { entityType: 'order', entityId: orderId, scopeId: o.companyId, action: 'accepted' });
  });
  return getOrder(ctx, orderId);
}

/** Opens a dispute (разногласие) about an order: what, in the client's or our words. */
export async function openDispute(ctx: Ctx, orderId: string, input: unknown): Promise<OrderView> {
  requirePermission(ctx, 'order.write');
  const data = parseInput(DisputeSchema, input);
  await orderTx(ctx, async (tx) => {
    const o = await requireOrder(tx, orderId);
    const id = newId('ds');
    await tx.db.insertInto('order_dispute').values({ id, order_id: orderId, subject: data.subject, description: data.description, opened_by_name: tx.actor.name, resolution: null, resolved_by_name: null, resolved_at: null }).execute();
    await writeAudit(tx, { entityType: 'order', entityId: orderId, scopeId: o.companyId, action: 'dispute.open', after: { id, ...data } });
  });
  return getOrder(ctx, orderId);
}

export async function resolveDispute(ctx: Ctx, orderId: string, disputeId: string, input: unknown): Promise<OrderView> {
  requirePermission(ctx, 'order.write');
  const { resolution } = parseInput(ResolveDisputeSchema, input);
  await orderTx(ctx, async (tx) => {
    const d = await tx.db.selectFrom('order_dispute').selectAll().where('id', '=', disputeId).where('order_id', '=', orderId).forUpdate().executeTakeFirst();
    if (!d) throw new AppError('not_found', 'e.notFound', { entity: 'dispute', id: disputeId });
    if (d.resolved_at) throw new AppError('rule', 'e.dispute.resolved');
    await tx.db.updateTable('order_dispute').set({ resolution, resolved_by_name: tx.actor.name, resolved_at: tx.now() }).where('id', '=', disputeId).execute();
    await writeAudit(tx, { entityType: 'order', entityId: orderId, action: 'dispute.resolve', after: { disputeId, resolution } });
  });
  return getOrder(ctx, orderId);
}
