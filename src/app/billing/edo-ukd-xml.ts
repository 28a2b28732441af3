import { randomUUID } from 'node:crypto';
import PizZip from 'pizzip';
import { AppError } from '../../domain/errors.ts';
import type { Kopecks } from '../../domain/money.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { getInvoice, type InvoiceView } from './invoices.ts';
import { SERVICE_UNIT, shipmentDate } from './documents.ts';
import { contractReferencesForInvoice } from './contract-ref.ts';
import { ddmmyyyy, edoId, el, encodeCp1251, party, rate, rub, updXml } from './edo-xml.ts';

/** The ФНС format of the УКД / корректировочный счёт-фактура for ЭДО: КНД 1115133, format version 5.03. */
export const UKD_FORMAT = { knd: '1115133', version: '5.03', prefix: 'ON_NKORSCHFDOPPR' } as const;

/** The file name the format prescribes: ON_NKORSCHFDOPPR_{recipient}_{sender}_{YYYYMMDD}_{GUID}. */
export function ukdXmlFileName(inv: InvoiceView, guid: string = randomUUID()): string {
  return `${UKD_FORMAT.prefix}_${edoId(inv.buyer)}_${edoId(inv.seller)}_${inv.issueDate.replaceAll('-', '')}_${guid}`;
}

/** «Увеличение» or «уменьшение» of a value: the format names the side of the change in the element. */
const change = (k: Kopecks, up: string, down: string): Record<string, string> => (k >= 0n ? { [up]: rub(k) } : { [down]: rub(-k) });

/**
 * A correction (kind `correction`) as the XML УКД (format 5.03): function КСЧФДИС (status 1, корректировочный
 * счёт-фактура and the document on the change of value) when VAT is charged, ДИС (status 2) when not. It is
 * dated when the correction was made and refers to the original document by number and date (the date of
 * its shipment, as on the original УПД); each line carries the values before (До) and after (После) and the
 * increase (Увел) or decrease (Ум); the totals of increases and decreases are given apart.
 */
export async function ukdXml(ctx: Ctx, invoiceId: string, now: Date = ctx.now()): Promise<{ fileId: string; xml: string }> {
  const inv = await getInvoice(ctx, invoiceId);
  if (inv.kind !== 'correction' || !inv.corrects) throw new AppError('rule', 'e.invoice.notCorrection', { number: inv.number, date: ddmmyyyy(inv.issueDate) });
  const original = await getInvoice(ctx, inv.corrects.id);
  const withVat = inv.lines.some((l) => l.vatRate !== null);
  const fileId = ukdXmlFileName(inv);
  const contracts = await contractReferencesForInvoice(ctx, original.id);
  const time = now.toISOString().slice(11, 19).replaceAll(':', '.');
  const tax = (vatRate: string | null, k: Kopecks) => (vatRate === null ? el('БезНДС', {}, 'без НДС') : el('СумНал', {}, rub(k)));
  const totals = { up: { net: 0n, vat: 0n, total: 0n }, down: { net: 0n, vat: 0n, total: 0n } };
  const lines = inv.lines.map((l, i) => {
    const b = l.before!;
    const afterNet = b.net + l.net;
    const afterVat = b.vat + l.vat;
    const side = l.total >= 0n ? totals.up : totals.down;
    side.net += l.net < 0n ? -l.net : l.net;
    side.vat += l.vat < 0n ? -l.vat : l.vat;
    side.total += l.total < 0n ? -l.total : l.total;
    return el('СведТов', {
      НомСтр: i + 1, НаимТов: l.description, ОКЕИ_ТовДо: SERVICE_UNIT.code, ОКЕИ_ТовПосле: SERVICE_UNIT.code,
      КолТовДо: b.quantity, КолТовПосле: l.quantity, ЦенаТовДо: rub(b.unitPrice), ЦенаТовПосле: rub(l.unitPrice),
      НалСтДо: rate(l.vatRate), НалСтПосле: rate(l.vatRate),
    },
    el('СтТовБезНДС', { СтоимДоИзм: rub(b.net), СтоимПослеИзм: rub(afterNet), ...change(l.net, 'СтоимУвел', 'СтоимУм') }),
    el('АкцизДо', {}, el('БезАкциз', {}, 'без акциза')), el('АкцизПосле', {}, el('БезАкциз', {}, 'без акциза')),
    el('СумНалДо', {}, tax(l.vatRate, b.vat)), el('СумНалПосле', {}, tax(l.vatRate, afterVat)),
    el('СумНалРазн', {}, l.vatRate === null ? el('БезНДС', {}, 'без НДС') : el(l.vat >= 0n ? 'СумУвел' : 'СумУм', {}, rub(l.vat < 0n ? -l.vat : l.vat))),
    el('СтТовУчНал', { СтоимДоИзм: rub(b.net + b.vat), СтоимПослеИзм: rub(afterNet + afterVat), ...change(l.total, 'СтоимУвел', 'СтоимУм') }),
    el('ДопСведТов', { НаимЕдИзмДо: SERVICE_UNIT.name, НаимЕдИзмПосле: SERVICE_UNIT.name }));
  });
  const total = (tag: 'ВсегоУвел' | 'ВсегоУм', t: { net: Kopecks; vat: Kopecks; total: Kopecks }) =>
    el(tag, { СтТовБезНДСВс: rub(t.net), СтТовУчНалВс: rub(t.total) }, el('СумНал', {}, withVat ? el('СумНДС', {}, rub(t.vat)) : el('БезНДС', {}, 'без НДС')));
  const basis = contracts.length
    ? contracts.map((c) => el('ОснКор', { РеквНаимДок: 'Договор', РеквНомерДок: c, РеквДатаДок: ddmmyyyy(original.issueDate) })).join('')
    : el('ОснКор', { РеквНаимДок: 'Без документа-основания' });
  const sellerName = inv.seller.legalForm ? `${inv.seller.legalForm} «${inv.seller.name}»` : inv.seller.name;
  const what = 'Документ об изменении стоимости отгруженных товаров (выполненных работ, оказанных услуг), переданных имущественных прав';
  const doc = el('Документ', {
    КНД: UKD_FORMAT.knd, ВремИнфПр: time, ДатаИнфПр: ddmmyyyy(now.toISOString().slice(0, 10)), НаимЭконСубСост: sellerName,
    Функция: withVat ? 'КСЧФДИС' : 'ДИС', ПоФактХЖ: what,
    НаимДокОпр: withVat ? `Корректировочный счет-фактура и ${what.charAt(0).toLowerCase()}${what.slice(1)}` : what,
  },
  el('СвКСчФ', { НомерДок: inv.number, ДатаДок: ddmmyyyy(inv.issueDate) },
    el('СчФ', { НомерСчФ: original.number, ДатаСчФ: ddmmyyyy(shipmentDate(original)) }),
    party('СвПрод', inv.seller), party('СвПокуп', inv.buyer),
    el('ДенИзм', { КодОКВ: '643', НаимОКВ: 'Российский рубль' })),
  el('ТаблКСчФ', {}, ...lines, total('ВсегоУвел', totals.up), total('ВсегоУм', totals.down)),
  el('СодФХЖ3', { СодОпер: `Изменение стоимости оказанных услуг с ${ddmmyyyy(inv.servedFrom ?? inv.issueDate)}` }, basis),
  el('Подписант', { Должн: 'Уполномоченное лицо', СпосПодтПолном: '1' }, el('ФИО', { Фамилия: sellerName, Имя: '—' })));
  const xml = `<?xml version="1.0" encoding="windows-1251"?>\n${el('Файл', { ИдФайл: fileId, ВерсФорм: UKD_FORMAT.version, ВерсПрог: 'Rackdesk' },
    el('СвУчДокОбор', { ИдОтпр: edoId(inv.seller), ИдПол: edoId(inv.buyer) }), doc)}`;
  return { fileId, xml };
}

/**
 * Every document of a month as ФНС XML in one ZIP: the УПД of each invoice of the period and the УКД of each
 * correction issued to it, for an ЭДО operator or 1C.
 */
export async function edoXmlZip(ctx: Ctx, period: string): Promise<{ zip: Buffer; files: string[] }> {
  requirePermission(ctx, 'billing.read');
  const rows = await ctx.db.selectFrom('invoice').select(['id', 'kind']).where('kind', 'in', ['period', 'setup', 'correction']).where('period', '=', period)
    .orderBy('seller_id').orderBy('year').orderBy('number').execute();
  const zip = new PizZip();
  const files: string[] = [];
  for (const r of rows) {
    const { fileId, xml } = r.kind === 'correction' ? await ukdXml(ctx, r.id) : await updXml(ctx, r.id);
    zip.file(`${fileId}.xml`, encodeCp1251(xml));
    files.push(`${fileId}.xml`);
  }
  return { zip: zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer, files };
}
