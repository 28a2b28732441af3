import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { companyFullName } from '../../domain/parties/company.ts';
import { formatDate } from '../../domain/dates.ts';
import { formatRubles, type Kopecks } from '../../domain/money.ts';
import { periodEnd } from '../../domain/billing/billing.ts';
import { rublesInWords } from '../../domain/billing/words.ts';
import { renderPdf } from '../documents/pdf.ts';
import { writeXlsx } from '../documents/tabular.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { getInvoice, type InvoiceView, type PartySnapshot } from './invoices.ts';

const money = (k: Kopecks) => formatRubles(k).replace(/\u00a0₽$/, '');
const name = (p: PartySnapshot) => companyFullName({ kind: p.kind, legalForm: p.legalForm, name: p.name });
const innKpp = (p: PartySnapshot) => `ИНН ${p.inn ?? '—'}${p.kpp ? `, КПП ${p.kpp}` : ''}`;
const party = (p: PartySnapshot) => `${name(p)}, ${innKpp(p)}${p.address ? `, ${p.address}` : ''}`;
const th = (text: string): TableCell => ({ text, style: 'th' });
const right = (text: string): TableCell => ({ text, alignment: 'right' });

function vatLine(inv: InvoiceView): string {
  if (inv.vatTotal === 0n && inv.lines.every((l) => l.vatRate === null)) return 'Без НДС';
  return `В том числе НДС${inv.vatRate ? ` ${inv.vatRate}%` : ''}: ${money(inv.vatTotal)}`;
}

function linesTable(inv: InvoiceView): Content {
  const body: TableCell[][] = [[th('№'), th('Наименование работ, услуг'), th('Кол-во'), th('Ед.'), th('Цена'), th('Сумма без НДС'), th('НДС'), th('Всего')]];
  inv.lines.forEach((l, i) => body.push([String(i + 1), l.description, right(String(l.quantity)), 'усл.', right(money(l.unitPrice)), right(money(l.net)),
    right(l.vatRate === null ? 'без НДС' : `${l.vatRate}% ${money(l.vat)}`), right(money(l.total))]));
  body.push([{ text: 'Итого', colSpan: 5, bold: true }, '', '', '', '', right(money(inv.netTotal)), right(money(inv.vatTotal)), { text: money(inv.total), alignment: 'right', bold: true }]);
  return { table: { headerRows: 1, widths: [16, '*', 32, 24, 55, 60, 60, 60], body }, fontSize: 8, margin: [0, 6, 0, 6] };
}

/** Счёт на оплату: requisites of both sides as frozen at issue, lines, VAT, amount in words. */
export async function invoicePdf(ctx: Ctx, invoiceId: string): Promise<Buffer> {
  const inv = await getInvoice(ctx, invoiceId);
  const s = inv.seller;
  const doc: TDocumentDefinitions = {
    info: { title: `Счёт № ${inv.number} от ${formatDate(inv.issueDate)}` },
    content: [
      { table: { widths: ['*', 60, 130], body: [
        [{ text: `${s.bankName ?? ''}\nБанк получателя`, rowSpan: 2 }, 'БИК', s.bik ?? ''],
        ['', 'Сч. №', s.corrAccount ?? ''],
        [{ text: `${innKpp(s)}\n${name(s)}\nПолучатель` }, 'Сч. №', s.account ?? ''],
      ] }, fontSize: 9 },
      { text: `Счёт на оплату № ${inv.number} от ${formatDate(inv.issueDate)}`, style: 'h1', margin: [0, 12, 0, 8] },
      { text: [{ text: 'Поставщик: ', bold: true }, party(s)] },
      { text: [{ text: 'Покупатель: ', bold: true }, party(inv.buyer)], margin: [0, 2, 0, 0] },
      ...(inv.period ? [{ text: `Период оказания услуг: ${formatDate(`${inv.period}-01`)} – ${formatDate(periodEnd(inv.period))}`, margin: [0, 2, 0, 0] } as Content] : []),
      linesTable(inv),
      { text: vatLine(inv), alignment: 'right' },
      { text: `Всего к оплате: ${money(inv.total)} руб.`, alignment: 'right', bold: true },
      { text: `Всего наименований ${inv.lines.length}, на сумму ${money(inv.total)} руб.`, margin: [0, 8, 0, 0] },
      { text: rublesInWords(inv.total), bold: true },
      { text: `Оплатить до ${formatDate(inv.dueDate)}. В назначении платежа укажите: «Оплата по счёту № ${inv.number} от ${formatDate(inv.issueDate)}».`, margin: [0, 8, 0, 0], style: 'small' },
      { text: '\nРуководитель ____________________        Главный бухгалтер ____________________', margin: [0, 20, 0, 0] },
    ],
  };
  return renderPdf(doc);
}

/** Акт оказанных услуг for an invoice's period (dated the last day of the period). */
export async function actPdf(ctx: Ctx, invoiceId: string): Promise<Buffer> {
  const inv = await getInvoice(ctx, invoiceId);
  const date = inv.period ? periodEnd(inv.period) : inv.issueDate;
  const doc: TDocumentDefinitions = {
    info: { title: `Акт № ${inv.number} от ${formatDate(date)}` },
    content: [
      { text: `Акт № ${inv.number} от ${formatDate(date)}`, style: 'h1' },
      { text: 'об оказании услуг' },
      { text: [{ text: 'Исполнитель: ', bold: true }, party(inv.seller)], margin: [0, 8, 0, 0] },
      { text: [{ text: 'Заказчик: ', bold: true }, party(inv.buyer)], margin: [0, 2, 0, 0] },
      { text: `Основание: счёт № ${inv.number} от ${formatDate(inv.issueDate)}`, margin: [0, 2, 0, 0] },
      linesTable(inv),
      { text: vatLine(inv), alignment: 'right' },
      { text: `Всего оказано услуг ${inv.lines.length}, на сумму ${money(inv.total)} руб. ${rublesInWords(inv.total)}.`, margin: [0, 8, 0, 0] },
      { text: 'Вышеперечисленные услуги выполнены полностью и в срок. Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.', margin: [0, 6, 0, 0] },
      { columns: [
        { text: `ИСПОЛНИТЕЛЬ\n${name(inv.seller)}\n\n____________________` },
        { text: `ЗАКАЗЧИК\n${name(inv.buyer)}\n\n____________________` },
      ], margin: [0, 24, 0, 0] },
    ],
  };
  return renderPdf(doc);
}

/** Счёт-фактура (VAT payers only): the form's columns with rate and tax per line. */
export async function facturaPdf(ctx: Ctx, invoiceId: string): Promise<Buffer | null> {
  const inv = await getInvoice(ctx, invoiceId);
  if (inv.lines.every((l) => l.vatRate === null)) return null;
  const date = inv.period ? periodEnd(inv.period) : inv.issueDate;
  const body: TableCell[][] = [[th('Наименование товара (описание выполненных работ, оказанных услуг)'), th('Код вида'), th('Ед. изм.'), th('Кол-во'), th('Цена за ед.'), th('Стоимость без налога'), th('Акциз'), th('Налоговая ставка'), th('Сумма налога'), th('Стоимость с налогом')]];
  for (const l of inv.lines) body.push([l.description, '—', 'усл.', right(String(l.quantity)), right(money(l.unitPrice)), right(money(l.net)), 'без акциза', l.vatRate === null ? 'без НДС' : `${l.vatRate}%`, right(money(l.vat)), right(money(l.total))]);
  body.push([{ text: 'Всего к оплате', colSpan: 5, bold: true }, '', '', '', '', right(money(inv.netTotal)), 'X', '', right(money(inv.vatTotal)), right(money(inv.total))]);
  const doc: TDocumentDefinitions = {
    pageOrientation: 'landscape',
    info: { title: `Счёт-фактура № ${inv.number} от ${formatDate(date)}` },
    content: [
      { text: `Счёт-фактура № ${inv.number} от ${formatDate(date)}`, style: 'h1' },
      { text: `Продавец: ${name(inv.seller)}` }, { text: `Адрес: ${inv.seller.address ?? ''}` }, { text: `ИНН/КПП продавца: ${inv.seller.inn ?? ''}/${inv.seller.kpp ?? ''}` },
      { text: 'Грузоотправитель и его адрес: —' }, { text: 'Грузополучатель и его адрес: —' },
      { text: `К платёжно-расчётному документу № ___ от ___` },
      { text: `Покупатель: ${name(inv.buyer)}` }, { text: `Адрес: ${inv.buyer.address ?? ''}` }, { text: `ИНН/КПП покупателя: ${inv.buyer.inn ?? ''}/${inv.buyer.kpp ?? ''}` },
      { text: 'Валюта: наименование, код — Российский рубль, 643' },
      { table: { headerRows: 1, widths: ['*', 30, 30, 30, 55, 65, 40, 40, 55, 65], body }, fontSize: 7, margin: [0, 8, 0, 8] },
      { columns: [{ text: 'Руководитель организации ____________' }, { text: 'Главный бухгалтер ____________' }], margin: [0, 16, 0, 0] },
    ],
  };
  return renderPdf(doc);
}

/**
 * УПД (универсальный передаточный документ) instead of act + счёт-фактура: status 1 when the seller
 * charges VAT (it is also the счёт-фактура), status 2 when not (it replaces the act only).
 */
export async function updPdf(ctx: Ctx, invoiceId: string): Promise<Buffer> {
  const inv = await getInvoice(ctx, invoiceId);
  const withVat = inv.lines.some((l) => l.vatRate !== null);
  const date = inv.period ? periodEnd(inv.period) : inv.issueDate;
  const body: TableCell[][] = [[th('№'), th('Наименование работ, услуг'), th('Ед. изм.'), th('Кол-во'), th('Цена за ед.'), th('Стоимость без налога'), th('Налоговая ставка'), th('Сумма налога'), th('Стоимость с налогом')]];
  inv.lines.forEach((l, i) => body.push([String(i + 1), l.description, 'усл.', right(String(l.quantity)), right(money(l.unitPrice)), right(money(l.net)), l.vatRate === null ? 'без НДС' : `${l.vatRate}%`, right(l.vatRate === null ? 'без НДС' : money(l.vat)), right(money(l.total))]));
  body.push([{ text: 'Всего к оплате', colSpan: 5, bold: true }, '', '', '', '', right(money(inv.netTotal)), 'X', right(money(inv.vatTotal)), right(money(inv.total))]);
  const doc: TDocumentDefinitions = {
    pageOrientation: 'landscape',
    info: { title: `УПД № ${inv.number} от ${formatDate(date)}` },
    content: [
      { columns: [
        { width: 150, stack: [{ text: 'Универсальный передаточный документ', bold: true }, { text: `Статус: ${withVat ? 1 : 2}` }, { text: withVat ? '1 — счёт-фактура и передаточный документ (акт)' : '2 — передаточный документ (акт)', style: 'small' }] },
        { stack: [
          { text: `Счёт-фактура № ${inv.number} от ${formatDate(date)}`, style: 'h1' },
          { text: `Продавец: ${name(inv.seller)}` }, { text: `Адрес: ${inv.seller.address ?? ''}` }, { text: `ИНН/КПП продавца: ${inv.seller.inn ?? ''}/${inv.seller.kpp ?? ''}` },
          { text: `К платёжно-расчётному документу: счёт № ${inv.number} от ${formatDate(inv.issueDate)}` },
          { text: `Покупатель: ${name(inv.buyer)}` }, { text: `Адрес: ${inv.buyer.address ?? ''}` }, { text: `ИНН/КПП покупателя: ${inv.buyer.inn ?? ''}/${inv.buyer.kpp ?? ''}` },
          { text: 'Валюта: наименование, код — Российский рубль, 643' },
        ] },
      ] },
      { table: { headerRows: 1, widths: [16, '*', 30, 30, 60, 70, 45, 60, 70], body }, fontSize: 7, margin: [0, 8, 0, 8] },
      { text: `Основание передачи (сдачи) / получения (приёмки): договор ${inv.period ? `, период ${formatDate(`${inv.period}-01`)} – ${formatDate(periodEnd(inv.period))}` : ''}`, style: 'small' },
      { columns: [
        { text: `Услуги сдал\n${name(inv.seller)}\n\n____________________  дата ${formatDate(date)}` },
        { text: `Услуги принял\n${name(inv.buyer)}\n\n____________________  дата ____________` },
      ], margin: [0, 16, 0, 0] },
    ],
  };
  return renderPdf(doc);
}

/** XLSX register of issued documents for accounting (invoices, acts, счета-фактуры) over a date range. */
export async function documentRegisterXlsx(ctx: Ctx, from: string, to: string): Promise<Buffer> {
  requirePermission(ctx, 'billing.read');
  const rows = await ctx.db.selectFrom('invoice').selectAll().where('issue_date', '>=', from).where('issue_date', '<=', to).orderBy('seller_id').orderBy('year').orderBy('number').execute();
  const rub = (k: bigint) => Number(k) / 100;
  return writeXlsx([{
    name: 'Реестр документов',
    columns: [
      { header: 'Продавец', key: 'seller', width: 30 }, { header: '№ счёта', key: 'number', width: 10 }, { header: 'Дата счёта', key: 'date', width: 12 },
      { header: 'Вид', key: 'kind', width: 14 }, { header: 'Период', key: 'period', width: 10 }, { header: 'Покупатель', key: 'buyer', width: 36 },
      { header: 'ИНН покупателя', key: 'inn', width: 14 }, { header: 'КПП покупателя', key: 'kpp', width: 12 },
      { header: 'Сумма без НДС', key: 'net', numFmt: '#,##0.00' }, { header: 'Ставка НДС', key: 'rate', width: 10 }, { header: 'НДС', key: 'vat', numFmt: '#,##0.00' },
      { header: 'Всего', key: 'total', numFmt: '#,##0.00' }, { header: 'Акт / с-ф от', key: 'actDate', width: 12 },
    ],
    rows: rows.map((r) => {
      const s = r.seller as PartySnapshot;
      const b = r.buyer as PartySnapshot;
      return { seller: name(s), number: r.number, date: formatDate(r.issue_date), kind: r.kind === 'period' ? 'Абонплата' : r.kind === 'adjustment' ? 'Корректировка' : 'Разовый', period: r.period,
        buyer: name(b), inn: b.inn, kpp: b.kpp, net: rub(r.net_total), rate: r.vat_rate === null ? 'без НДС' : `${r.vat_rate}%`, vat: rub(r.vat_total), total: rub(r.total),
        actDate: formatDate(r.period ? periodEnd(r.period) : r.issue_date) };
    }),
  }]);
}
