import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { companyFullName } from '../../domain/parties/company.ts';
import { formatDate } from '../../domain/dates.ts';
import { AppError } from '../../domain/errors.ts';
import { formatRubles, type Kopecks } from '../../domain/money.ts';
import { renderPdf } from '../documents/pdf.ts';
import type { Ctx } from '../context.ts';
import { getInvoice, type InvoiceView, type PartySnapshot } from './invoices.ts';
import { SERVICE_UNIT } from './documents.ts';
import { basisText, contractReferencesForInvoice } from './contract-ref.ts';

const money = (k: Kopecks) => formatRubles(k).replace(/\u00a0₽$/, '');
const name = (p: PartySnapshot) => companyFullName({ kind: p.kind, legalForm: p.legalForm, name: p.name });
const th = (text: string, colSpan?: number): TableCell => ({ text, style: 'th', alignment: 'center', ...(colSpan ? { colSpan } : {}) });
const r = (text: string): TableCell => ({ text, alignment: 'right' });
const up = (k: Kopecks) => (k > 0n ? money(k) : '—');
const down = (k: Kopecks) => (k < 0n ? money(-k) : '—');

/** A correction invoice as the document it is: the lines before/after with the increase and decrease. */
export async function getCorrection(ctx: Ctx, id: string): Promise<InvoiceView & { corrects: NonNullable<InvoiceView['corrects']> }> {
  const inv = await getInvoice(ctx, id);
  if (inv.kind !== 'correction' || !inv.corrects) throw new AppError('rule', 'e.invoice.notCorrection', { number: inv.number, date: formatDate(inv.issueDate) });
  return inv as InvoiceView & { corrects: NonNullable<InvoiceView['corrects']> };
}

/**
 * УКД (универсальный корректировочный документ) after the ФНС form: status 1 — корректировочный
 * счёт-фактура and the document on the change of value (VAT payers), status 2 — the document on the change
 * only. Dated when the correction is made, it refers to the original счёт-фактура / УПД by number and date;
 * every line shows quantity, price, amount and tax before (А) and after (Б), and the increase (В) or
 * decrease (Г). A decrease is a credit: it lowers what the client owes, it is never a «счёт на оплату».
 */
export async function correctionPdf(ctx: Ctx, id: string): Promise<Buffer> {
  const inv = await getCorrection(ctx, id);
  const withVat = inv.lines.some((l) => l.vatRate !== null);
  const original = await getInvoice(ctx, inv.corrects.id);
  const originalDate = original.servedTo ?? original.issueDate;
  const body: TableCell[][] = [
    [th('Наименование товара (описание выполненных работ, оказанных услуг)'), th('Ед. изм.'), th(''), th('Количество'), th('Цена (тариф) за единицу'),
      th('Стоимость без налога — всего'), th('Налоговая ставка'), th('Сумма налога'), th('Стоимость с налогом — всего')],
  ];
  const totals = { up: 0n, down: 0n, vatUp: 0n, vatDown: 0n, totalUp: 0n, totalDown: 0n };
  for (const l of inv.lines) {
    const b = l.before!;
    const afterNet = b.net + l.net;
    const afterVat = b.vat + l.vat;
    const rate = l.vatRate === null ? 'без НДС' : `${l.vatRate}%`;
    const rowSpan = 4;
    body.push([{ text: l.description, rowSpan }, { text: `${SERVICE_UNIT.code} ${SERVICE_UNIT.name}`, rowSpan }, 'А (до)', r(String(b.quantity)), r(money(b.unitPrice)), r(money(b.net)), rate, r(money(b.vat)), r(money(b.net + b.vat))]);
    body.push(['', '', 'Б (после)', r(String(l.quantity)), r(money(l.unitPrice)), r(money(afterNet)), rate, r(money(afterVat)), r(money(afterNet + afterVat))]);
    body.push(['', '', 'В (увеличение)', '—', '—', r(up(l.net)), 'X', r(up(l.vat)), r(up(l.total))]);
    body.push(['', '', 'Г (уменьшение)', '—', '—', r(down(l.net)), 'X', r(down(l.vat)), r(down(l.total))]);
    if (l.net > 0n) totals.up += l.net; else totals.down -= l.net;
    if (l.vat > 0n) totals.vatUp += l.vat; else totals.vatDown -= l.vat;
    if (l.total > 0n) totals.totalUp += l.total; else totals.totalDown -= l.total;
  }
  body.push([{ text: 'Всего увеличение (сумма строк В)', colSpan: 5, bold: true }, '', '', '', '', r(money(totals.up)), 'X', r(money(totals.vatUp)), r(money(totals.totalUp))]);
  body.push([{ text: 'Всего уменьшение (сумма строк Г)', colSpan: 5, bold: true }, '', '', '', '', r(money(totals.down)), 'X', r(money(totals.vatDown)), r(money(totals.totalDown))]);
  const effect = inv.total < 0n ? `Уменьшение стоимости: ${money(-inv.total)} руб. — уменьшает задолженность покупателя (не является счётом на оплату).`
    : `Увеличение стоимости: ${money(inv.total)} руб. — к доплате до ${formatDate(inv.dueDate)}.`;
  const basis = basisText(await contractReferencesForInvoice(ctx, original.id), null);
  const head: Content[] = [
    { text: `Корректировочный счёт-фактура № ${inv.number} от ${formatDate(inv.issueDate)}  (1)`, style: 'h2' },
    { text: `к счёту-фактуре (УПД) № ${original.number} от ${formatDate(originalDate)}, с учётом исправления № — от —  (1б)` },
    { text: `Продавец: ${name(inv.seller)}  (2)` }, { text: `Адрес: ${inv.seller.address ?? '—'}  (2а)` }, { text: `ИНН/КПП продавца: ${inv.seller.inn ?? '—'}/${inv.seller.kpp ?? '—'}  (2б)` },
    { text: `Покупатель: ${name(inv.buyer)}  (3)` }, { text: `Адрес: ${inv.buyer.address ?? '—'}  (3а)` }, { text: `ИНН/КПП покупателя: ${inv.buyer.inn ?? '—'}/${inv.buyer.kpp ?? '—'}  (3б)` },
    { text: 'Валюта: наименование, код — Российский рубль, 643  (4)' },
  ];
  const doc: TDocumentDefinitions = {
    pageOrientation: 'landscape',
    info: { title: `УКД № ${inv.number} от ${formatDate(inv.issueDate)}` },
    content: [
      { columns: [
        { width: 140, stack: [{ text: 'Универсальный корректировочный документ', bold: true }, { text: `Статус: ${withVat ? 1 : 2}`, margin: [0, 6, 0, 2] },
          { text: '1 — корректировочный счёт-фактура и документ об изменении стоимости\n2 — документ об изменении стоимости', style: 'small' }] },
        { stack: head, fontSize: 8 },
      ] },
      { table: { headerRows: 1, widths: ['*', 40, 55, 40, 60, 70, 40, 60, 70], body }, fontSize: 7, margin: [0, 8, 0, 6] },
      { text: effect, bold: true },
      { text: `Основание для корректировки: ${basis ? `${basis}; ` : ''}изменение стоимости оказанных услуг с ${formatDate(inv.servedFrom ?? inv.issueDate)} (счёт-фактура № ${original.number} от ${formatDate(originalDate)})`, fontSize: 8, margin: [0, 4, 0, 0] },
      { columns: [
        { text: `Руководитель организации или иное уполномоченное лицо ____________ / ____________\n\nДата составления: ${formatDate(inv.issueDate)}\n${name(inv.seller)}` },
        { text: 'Главный бухгалтер или иное уполномоченное лицо ____________ / ____________\n\nС изменением стоимости согласен (уведомлён): ____________ / ____________\n' + name(inv.buyer) },
      ], fontSize: 8, margin: [0, 14, 0, 0] },
    ],
  };
  return renderPdf(doc);
}
