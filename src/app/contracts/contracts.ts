import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { AppError } from '../../domain/errors.ts';
import { channelNeedsTracking, nextSigningStep, type SigningStep } from '../../domain/orders/orders.ts';
import { SigningStepSchema } from '../../domain/orders/orders.schemas.ts';
import { renderPdf } from '../documents/pdf.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { parseInput, requirePermission, type Ctx } from '../context.ts';
import { getOrder, orderTx, requireOrder, type OrderView } from '../orders/orders.ts';
import { contractDataFor, type ServiceRow } from './contract-data.ts';
import { activeTemplate, renderTemplate } from './templates.ts';

/** A file name from the document number and the client's name: readable, no internal ids, safe on every OS. */
export const safeFileName = (base: string, ext: string): string => `${base.replace(/[^\p{L}\p{N}.-]+/gu, '_').replace(/^_+|_+$/g, '')}.${ext}`;

/** The order's contract (or appendix) as DOCX from the company's active template. */
export async function contractDocx(ctx: Ctx, orderId: string): Promise<{ fileName: string; docx: Buffer }> {
  requirePermission(ctx, 'proposal.read');
  const { fileBase, ...data } = await contractDataFor(ctx, orderId);
  const t = await activeTemplate(ctx);
  return { fileName: safeFileName(fileBase, 'docx'), docx: renderTemplate(t.file, data).docx };
}

/**
 * The same document as PDF, for e-mail and e-document exchange. Built from the same data as the DOCX, not
 * converted from it (no DOCX→PDF converter on the machines, see README); test/orders/contract-texts.test.ts
 * proves that every value the DOCX shows is in the PDF too.
 */
export async function contractPdf(ctx: Ctx, orderId: string): Promise<{ fileName: string; pdf: Buffer }> {
  requirePermission(ctx, 'proposal.read');
  const { fileBase, ...d } = await contractDataFor(ctx, orderId);
  const s = (k: string) => String(d[k] ?? '');
  const th = (t: string): TableCell => ({ text: t, style: 'th' });
  const right = (t: string): TableCell => ({ text: t, alignment: 'right' });
  const content: Content[] = [];
  if (d.isNewContract) {
    content.push(
      { text: `Договор № ${s('contractNumber')}`, style: 'h1', alignment: 'center' },
      { text: 'на оказание услуг хостинга и связи', alignment: 'center' },
      { text: `г. Москва, ${s('contractDate')}`, margin: [0, 6, 0, 6] },
      { text: `${s('sellerName')}, именуемое в дальнейшем «Исполнитель», в лице ${s('sellerSignatoryPosition')} ${s('sellerSignatory')}, и ${s('clientName')}, именуемое в дальнейшем «Заказчик», в лице ${s('clientSignatoryPosition')} ${s('clientSignatory')}, заключили настоящий договор.` },
      { text: '1. Исполнитель оказывает Заказчику услуги, перечень, технические параметры и стоимость которых указаны в приложениях к договору.', margin: [0, 4, 0, 0] },
      { text: '2. Ежемесячная плата начисляется с даты начала оказания услуг, согласованной сторонами; неполный месяц оплачивается пропорционально дням.' },
      { text: '3. Подключение оплачивается авансом по первому счёту; работы по подключению начинаются после его оплаты.' },
      { text: `4. Уровень обслуживания (SLA): ${s('sla')}`, margin: [0, 0, 0, 12] },
    );
  }
  content.push(
    { text: `Приложение № ${s('appendixNumber')}`, style: 'h2', alignment: 'center' },
    { text: `к договору № ${s('contractNumber')} от ${s('contractDate')} (заказ ${s('orderNumber')}, КП ${s('proposalNumber')})`, alignment: 'center', margin: [0, 0, 0, 6] },
    { text: `Планируемая дата начала оказания услуг: ${s('startDate')}` },
    {
      table: {
        headerRows: 1, widths: [16, '*', 120, 26, 60, 60, 60],
        body: [[th('№'), th('Услуга'), th('Технические данные'), th('Кол.'), th('Цена/мес'), th('Сумма/мес'), th('Подключение')],
          ...d.services.map((r: ServiceRow) => [r.position, `${r.description}\n${r.kind}, ${r.site}`, { text: r.tech, fontSize: 8 }, right(r.quantity), right(r.unitNet), right(r.monthly), right(r.setup)] as TableCell[])],
      }, fontSize: 9, margin: [0, 6, 0, 6],
    },
    { text: `Итого ежемесячно: ${s('monthlyTotal')}; подключение: ${s('setupTotal')}; без НДС: ${s('netTotal')}; ${s('vatLabel')}: ${s('vatTotal')}` },
    { text: `Всего: ${s('grossTotal')} (${s('grossTotalWords')})`, bold: true },
    { text: `Уровень обслуживания (SLA): ${s('sla')}`, margin: [0, 4, 0, 0] },
    {
      margin: [0, 16, 0, 0], columns: [
        { stack: [{ text: 'Исполнитель', bold: true }, s('sellerName'), `ИНН ${s('sellerInn')}, КПП ${s('sellerKpp')}, ОГРН ${s('sellerOgrn')}`, s('sellerAddress'), `р/с ${s('sellerAccount')}, ${s('sellerBank')}, БИК ${s('sellerBik')}, к/с ${s('sellerCorrAccount')}`, `\n______________ / ${s('sellerSignatory')} /`] },
        { stack: [{ text: 'Заказчик', bold: true }, s('clientName'), `ИНН ${s('clientInn')}, КПП ${s('clientKpp')}, ОГРН ${s('clientOgrn')}`, s('clientAddress'), `р/с ${s('clientAccount')}, ${s('clientBank')}, БИК ${s('clientBik')}, к/с ${s('clientCorrAccount')}`, `\n______________ / ${s('clientSignatory')} /`] },
      ], columnGap: 20,
    },
  );
  return { fileName: safeFileName(fileBase, 'pdf'), pdf: await renderPdf({ content, info: { title: fileBase } }) };
}

const stepColumn: Record<Exclude<SigningStep, 'prepared' | 'archived'>, 'sent_at' | 'client_signed_at' | 'signed_at'> = { sent: 'sent_at', client_signed: 'client_signed_at', signed: 'signed_at' };

/**
 * Moves the signing one step forward: sent (channel, tracking for courier and mail), signed by the
 * client, signed by us. Each step keeps its date (given, or now). The scan closes it (attachScan).
 */
export async function advanceSigning(ctx: Ctx, orderId: string, step: 'sent' | 'client_signed' | 'signed', input: unknown): Promise<OrderView> {
  requirePermission(ctx, 'order.write');
  const data = parseInput(SigningStepSchema, input);
  await orderTx(ctx, async (tx) => {
    const o = await requireOrder(tx, orderId, true);
    if (o.status === 'cancelled') throw new AppError('rule', 'e.order.cancelled', { number: o.number });
    const d = await tx.db.selectFrom('contract_doc').selectAll().where('order_id', '=', orderId).forUpdate().executeTakeFirstOrThrow();
    if (nextSigningStep(d.status as SigningStep) !== step) throw new AppError('rule', 'e.contract.step', { from: `signing.${d.status}`, to: `signing.${step}` });
    const at = data.at ? new Date(data.at) : tx.now();
    const set: Record<string, unknown> = { status: step, [stepColumn[step]]: at, updated_at: tx.now() };
    if (step === 'sent') {
      if (!data.channel) throw new AppError('validation', 'e.contract.channelRequired', {}, [{ path: 'channel', key: 'v.required' }]);
      if (channelNeedsTracking(data.channel) && !data.tracking) throw new AppError('validation', 'e.contract.trackingRequired', {}, [{ path: 'tracking', key: 'e.contract.trackingRequired' }]);
      Object.assign(set, { channel: data.channel, tracking: data.tracking });
    } else if (data.tracking) set.tracking = data.tracking;
    await tx.db.updateTable('contract_doc').set(set).where('id', '=', d.id).execute();
    await writeAudit(tx, { entityType: 'order', entityId: orderId, scopeId: o.companyId, action: `signing.${step}`, after: { channel: set.channel ?? d.channel, tracking: set.tracking ?? d.tracking, at } });
  });
  return getOrder(ctx, orderId);
}

/** Attaches the scan of the document signed by both sides; the signing is complete (archived). */
export async function attachScan(ctx: Ctx, orderId: string, file: Buffer, fileName: string): Promise<OrderView> {
  requirePermission(ctx, 'order.write');
  if (!file.length) throw new AppError('validation', 'e.contract.scanRequired', {}, [{ path: 'file', key: 'v.required' }]);
  await orderTx(ctx, async (tx) => {
    const o = await requireOrder(tx, orderId, true);
    const d = await tx.db.selectFrom('contract_doc').select(['id', 'status']).where('order_id', '=', orderId).forUpdate().executeTakeFirstOrThrow();
    if (d.status !== 'signed') throw new AppError('rule', 'e.contract.step', { from: `signing.${d.status}`, to: 'signing.archived' });
    await tx.db.updateTable('contract_doc').set({ status: 'archived', scan: file, scan_name: fileName, archived_at: tx.now(), updated_at: tx.now() }).where('id', '=', d.id).execute();
    await writeAudit(tx, { entityType: 'order', entityId: orderId, scopeId: o.companyId, action: 'signing.archived', after: { scan: fileName, bytes: file.length } });
  });
  return getOrder(ctx, orderId);
}

export async function contractScan(ctx: Ctx, orderId: string): Promise<{ fileName: string; file: Buffer }> {
  requirePermission(ctx, 'proposal.read');
  const d = await ctx.db.selectFrom('contract_doc').select(['scan', 'scan_name']).where('order_id', '=', orderId).executeTakeFirst();
  if (!d?.scan) throw new AppError('not_found', 'e.notFound', { entity: 'scan', id: orderId });
  return { fileName: d.scan_name ?? 'scan.pdf', file: Buffer.from(d.scan) };
}
