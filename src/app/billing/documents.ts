import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { companyFullName } from '../../domain/parties/company.ts';
import { formatDate } from '../../domain/dates.ts';
import { formatRubles, type Kopecks } from '../../domain/money.ts';
import { AppError } from '../../domain/errors.ts';
import { rublesInWords } from '../../domain/billing/words.ts';
import { renderPdf } from '../documents/pdf.ts';
import { writeXlsx } from '../documents/tabular.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { getInvoice, type InvoiceView, type PartySnapshot } from './invoices.ts';
import { basisText, contractReferencesForInvoice } from './contract-ref.ts';

const money = (k: Kopecks) => formatRubles(k).replace(/\u00a0₽$/, '');
const name = (p: PartySnapshot) => companyFullName({ kind: p.kind, legalForm: p.legalForm, name: p.name });
const innKpp = (p: PartySnapshot) => `ИНН ${p.inn ?? '—'}${p.kpp ? `, КПП ${p.kpp}` : ''}`;
const party = (p: PartySnapshot) => `${name(p)}, ${innKpp(p)}${p.address ? `, ${p.address}` : ''}`;
const th = (text: string): TableCell => ({ text, style: 'th' });
const right = (text: string): TableCell => ({ text, alignment: 'right' });

/** «16.11.2026 – 30.11.2026»: the days actually billed, not the calendar month. */
export const servedPeriod = (inv: InvoiceView): string | null => (inv.servedFrom && inv.servedTo ? `${formatDate(inv.servedFrom)} – ${formatDate(inv.servedTo)}` : null);
/** The act / УПД / счёт-фактура date: the last day served (the service is rendered by then), else the issue date. */
export const shipmentDate = (inv: InvoiceView): string => inv.servedTo ?? inv.issueDate;
const qty = (n: number) => String(n);

/** Refuses a correction where a счёт or act is asked for: a change of value has its own document. */
async function billingDocument(ctx: Ctx, invoiceId: string): Promise<InvoiceView> {
  const inv = await getInvoice(ctx, invoiceId);
  if (inv.kind === 'correction') throw new AppError('rule', 'e.invoice.isCorrection', { number: inv.number, date: formatDate(inv.issueDate), original: inv.corrects?.number ?? '' });
  return inv;
}

function vatLine(inv: InvoiceView): string {
  if (inv.vatTotal === 0n && inv.lines.every((l) => l.vatRate === null)) return 'Без НДС';
  return `В том числе НДС${inv.vatRate ? ` ${inv.vatRate}%` : ''}: ${money(inv.vatTotal)}`;
}

function linesTable(inv: InvoiceView): Content {
  const body: TableCell[][] = [[th('№'), th('Наименование работ, услуг'), th('Кол-во'), th('Ед.'), th('Цена'), th('Сумма без НДС'), th('НДС'), th('Всего')]];
  inv.lines.forEach((l, i) => body.push([String(i + 1), l.description, right(qty(l.quantity)), 'усл.', right(money(l.unitPrice)), right(money(l.net)),
    right(l.vatRate === null ? 'без НДС' : `${l.vatRate}% ${money(l.vat)}`), right(money(l.total))]));
  body.push([{ text: 'Итого', colSpan: 5, bold: true }, '', '', '', '', right(money(inv.netTotal)), right(money(inv.vatTotal)), { text: money(inv.total), alignment: 'right', bold: true }]);
  return { table: { headerRows: 1, widths: [16, '*', 32, 24, 55, 60, 60, 60], body }, fontSize: 8, margin: [0, 6, 0, 6] };
}

/** Счёт на оплату: requisites of both sides as frozen at issue, lines, VAT, amount in words. */
export async function invoicePdf(ctx: Ctx, invoiceId: string): Promise<Buffer> {
  const inv = await billingDocument(ctx, invoiceId);
  const period = servedPeriod(inv);
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
      ...(period ? [{ text: `Период оказания услуг: ${period}`, margin: [0, 2, 0, 0] } as Content] : []),
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

/** Акт оказанных услуг for an invoice (dated the last day served). */
export async function actPdf(ctx: Ctx, invoiceId: string): Promise<Buffer> {
  const inv = await billingDocument(ctx, invoiceId);
  const date = shipmentDate(inv);
  const basis = basisText(await contractReferencesForInvoice(ctx, inv.id), servedPeriod(inv));
  const doc: TDocumentDefinitions = {
    info: { title: `Акт № ${inv.number} от ${formatDate(date)}` },
    content: [
      { text: `Акт № ${inv.number} от ${formatDate(date)}`, style: 'h1' },
      { text: 'об оказании услуг' },
      { text: [{ text: 'Исполнитель: ', bold: true }, party(inv.seller)], margin: [0, 8, 0, 0] },
      { text: [{ text: 'Заказчик: ', bold: true }, party(inv.buyer)], margin: [0, 2, 0, 0] },
      { text: `Основание: ${basis ? `${basis}; ` : ''}счёт № ${inv.number} от ${formatDate(inv.issueDate)}`, margin: [0, 2, 0, 0] },
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

/** ОКЕИ 876 «условная единица»: the unit of a service line in a счёт-фактура / УПД. */
export const SERVICE_UNIT = { code: '876', name: 'усл. ед.' };

/** Lines 1–8 of the счёт-фактура form (the same header heads the УПД). */
function facturaHeader(inv: InvoiceView, date: string): Content[] {
  const line = (label: string, value: string, no: string): Content => ({ columns: [{ text: `${label}: ${value}`, width: '*' }, { text: `(${no})`, width: 24, alignment: 'right', style: 'small' }] });
  return [
    line(`Счёт-фактура № ${inv.number} от ${formatDate(date)}`, '', '1'),
    line('Исправление №', '— от —', '1а'),
    line('Продавец', name(inv.seller), '2'), line('Адрес', inv.seller.address ?? '—', '2а'), line('ИНН/КПП продавца', `${inv.seller.inn ?? '—'}/${inv.seller.kpp ?? '—'}`, '2б'),
    line('Грузоотправитель и его адрес', '—', '3'), line('Грузополучатель и его адрес', '—', '4'),
    // Line 5 names the payment order of a prepayment; a service billed after the fact has none.
    line('К платёжно-расчётному документу', '№ — от —', '5'),
    line('Документ об отгрузке', `№ п/п 1–${inv.lines.length} № ${inv.number} от ${formatDate(date)}`, '5а'),
    line('Покупатель', name(inv.buyer), '6'), line('Адрес', inv.buyer.address ?? '—', '6а'), line('ИНН/КПП покупателя', `${inv.buyer.inn ?? '—'}/${inv.buyer.kpp ?? '—'}`, '6б'),
    line('Валюта: наименование, код', 'Российский рубль, 643', '7'),
    line('Идентификатор государственного контракта, договора (соглашения) (при наличии)', '—', '8'),
  ];
}

/** The goods/services table of the счёт-фактура form (columns 1а–11; the УПД adds А and 1 in front). */
function facturaTable(inv: InvoiceView, upd: boolean): Content {
  const head = ['Наименование товара (описание выполненных работ, оказанных услуг), имущественного права', 'Код вида товара', 'Ед. изм.: код', 'условное обозначение',
    'Коли-чество (объём)', 'Цена (тариф) за единицу измерения', 'Стоимость товаров (работ, услуг) без налога — всего', 'В том числе сумма акциза', 'Налоговая ставка',
    'Сумма налога, предъявляемая покупателю', 'Стоимость товаров (работ, услуг) с налогом — всего', 'Страна происхождения: код', 'краткое наименование', 'Рег. номер декларации'];
  const nums = ['1а', '1б', '2', '2а', '3', '4', '5', '6', '7', '8', '9', '10', '10а', '11'];
  const body: TableCell[][] = [
    [...(upd ? ['Код товара/ работ, услуг', '№ п/п'] : []), ...head].map(th),
    [...(upd ? ['А', '1'] : []), ...nums].map((n) => ({ text: n, alignment: 'center', style: 'small' }) as TableCell),
  ];
  inv.lines.forEach((l, i) => body.push([...(upd ? ['—', String(i + 1)] : []), l.description, '—', SERVICE_UNIT.code, SERVICE_UNIT.name, right(qty(l.quantity)), right(money(l.unitPrice)),
    right(money(l.net)), 'без акциза', l.vatRate === null ? 'без НДС' : `${l.vatRate}%`, right(l.vatRate === null ? 'без НДС' : money(l.vat)), right(money(l.total)), '—', '—', '—']));
  const pad = upd ? 2 : 0;
  body.push([{ text: 'Всего к оплате', colSpan: 6 + pad, bold: true }, ...Array<TableCell>(5 + pad).fill(''), right(money(inv.netTotal)), 'X', '', right(money(inv.vatTotal)), right(money(inv.total)), { text: '', colSpan: 3 }, '', '']);
  const widths = [...(upd ? [28, 16] : []), '*', 26, 24, 28, 30, 50, 58, 32, 32, 50, 58, 26, 34, 34];
  return { table: { headerRows: 2, widths, body }, fontSize: 6.5, margin: [0, 6, 0, 6] };
}

/** Счёт-фактура (VAT payers only), laid out as the form: header lines 1–8, columns 1а–11, signatures. */
export async function facturaPdf(ctx: Ctx, invoiceId: string): Promise<Buffer | null> {
  const inv = await billingDocument(ctx, invoiceId);
  if (inv.lines.every((l) => l.vatRate === null)) return null;
  const date = shipmentDate(inv);
  const doc: TDocumentDefinitions = {
    pageOrientation: 'landscape',
    info: { title: `Счёт-фактура № ${inv.number} от ${formatDate(date)}` },
    content: [
      { text: 'Приложение № 1 к постановлению Правительства Российской Федерации от 26 декабря 2011 г. № 1137', style: 'small', alignment: 'right' },
      ...facturaHeader(inv, date),
      facturaTable(inv, false),
      { columns: [
        { text: 'Руководитель организации или иное уполномоченное лицо ____________ / ____________' },
        { text: 'Главный бухгалтер или иное уполномоченное лицо ____________ / ____________' },
      ], margin: [0, 16, 0, 0] },
    ],
  };
  return renderPdf(doc);
}

/**
 * УПД (универсальный передаточный документ) instead of act + счёт-фактура, after the ФНС form
 * (letter ММВ-20-3/96@): status 1 when the seller charges VAT (it is also the счёт-фактура), status 2
 * when not (it replaces the act only); header lines 1–8, columns А–11, the signatures and lines [8]–[19].
 */
export async function updPdf(ctx: Ctx, invoiceId: string): Promise<Buffer> {
  const inv = await billingDocument(ctx, invoiceId);
  const withVat = inv.lines.some((l) => l.vatRate !== null);
  const date = shipmentDate(inv);
  const basis = basisText(await contractReferencesForInvoice(ctx, inv.id), servedPeriod(inv)) || '—';
  const side = (rows: [string, string][]): Content => ({ stack: rows.map(([no, text]) => ({ text: `${text}  [${no}]`, margin: [0, 0, 0, 3] })), fontSize: 7 });
  const doc: TDocumentDefinitions = {
    pageOrientation: 'landscape',
    info: { title: `УПД № ${inv.number} от ${formatDate(date)}` },
    content: [
      { columns: [
        { width: 130, stack: [{ text: 'Универсальный передаточный документ', bold: true }, { text: `Статус: ${withVat ? 1 : 2}`, margin: [0, 6, 0, 2] },
          { text: '1 — счёт-фактура и передаточный документ (акт)\n2 — передаточный документ (акт)', style: 'small' }] },
        { stack: [
          { text: 'Приложение № 1 к постановлению Правительства Российской Федерации от 26 декабря 2011 г. № 1137', style: 'small', alignment: 'right' },
          ...facturaHeader(inv, date),
        ], fontSize: 8 },
      ] },
      facturaTable(inv, true),
      { columns: [
        { text: `Руководитель организации или иное уполномоченное лицо ____________ / ____________` },
        { text: withVat ? 'Главный бухгалтер или иное уполномоченное лицо ____________ / ____________' : 'Главный бухгалтер ____________ / ____________' },
      ], fontSize: 8, margin: [0, 6, 0, 6] },
      { text: `Основание передачи (сдачи) / получения (приёмки): ${basis}  [8]`, fontSize: 8 },
      { text: 'Данные о транспортировке и грузе: —  [9]', fontSize: 8, margin: [0, 2, 0, 6] },
      { columns: [
        side([['10', 'Товар (груз) передал / услуги, результаты работ, права сдал: ____________ / ____________'], ['11', `Дата отгрузки, передачи (сдачи): ${formatDate(date)}`],
          ['12', 'Иные сведения об отгрузке, передаче: —'], ['13', 'Ответственный за правильность оформления факта хозяйственной жизни: ____________ / ____________'],
          ['14', `Наименование экономического субъекта — составителя документа (в т. ч. комиссионера / агента): ${name(inv.seller)}, ИНН/КПП ${inv.seller.inn ?? '—'}/${inv.seller.kpp ?? '—'}`]]),
        side([['15', 'Товар (груз) получил / услуги, результаты работ, права принял: ____________ / ____________'], ['16', 'Дата получения (приёмки): ____________'],
          ['17', 'Иные сведения о получении, приёмке: —'], ['18', 'Ответственный за правильность оформления факта хозяйственной жизни: ____________ / ____________'],
          ['19', `Наименование экономического субъекта — составителя документа: ${name(inv.buyer)}, ИНН/КПП ${inv.buyer.inn ?? '—'}/${inv.buyer.kpp ?? '—'}`]]),
      ], columnGap: 20 },
    ],
  };
  return renderPdf(doc);
}

/** Download names carry the document's number and date, never an internal id: «UPD_12_ot_30.11.2026.pdf». */
export function documentFileName(kind: 'invoice' | 'act' | 'factura' | 'upd' | 'ukd' | 'xml', inv: Pick<InvoiceView, 'number' | 'issueDate' | 'servedTo' | 'kind'>): string {
  const prefix = { invoice: 'Schet', act: 'Akt', factura: 'SF', upd: 'UPD', ukd: inv.kind === 'correction' ? 'UKD' : 'KSF', xml: 'UPD' }[kind];
  const date = kind === 'invoice' || kind === 'ukd' ? inv.issueDate : (inv.servedTo ?? inv.issueDate);
  return `${prefix}_${inv.number}_ot_${formatDate(date)}.${kind === 'xml' ? 'xml' : 'pdf'}`;
}

/** XLSX register of issued documents for accounting (invoices, acts, счета-фактуры) over a date range. */
export async function documentRegisterXlsx(ctx: Ctx, from: string, to: string): Promise<Buffer> {
  requirePermission(ctx, 'billing.read');
  const rows = await ctx.db.selectFrom('invoice').selectAll()
    .select((eb) => eb.selectFrom('invoice_line as l').whereRef('l.invoice_id', '=', 'invoice.id').select((e) => e.fn.max('l.date_to').as('m')).as('served_to'))
    .where('issue_date', '>=', from).where('issue_date', '<=', to).orderBy('seller_id').orderBy('year').orderBy('number').execute();
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
      return { seller: name(s), number: r.number, date: formatDate(r.issue_date), kind: r.kind === 'period' ? 'Абонплата' : r.kind === 'adjustment' || r.kind === 'correction' ? 'Корректировка' : 'Разовый', period: r.period,
        buyer: name(b), inn: b.inn, kpp: b.kpp, net: rub(r.net_total), rate: r.vat_rate === null ? 'без НДС' : `${r.vat_rate}%`, vat: rub(r.vat_total), total: rub(r.total),
        actDate: formatDate(r.kind === 'correction' ? r.issue_date : (r.served_to ?? r.issue_date)) };
    }),
  }]);
}
