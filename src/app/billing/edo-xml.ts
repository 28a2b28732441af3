import { randomUUID } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { Kopecks } from '../../domain/money.ts';
import type { Ctx } from '../context.ts';
import { getInvoice, type InvoiceView, type PartySnapshot } from './invoices.ts';
import { SERVICE_UNIT, shipmentDate } from './documents.ts';
import { contractReferencesForInvoice } from './contract-ref.ts';

/** The ФНС format of the УПД / счёт-фактура for ЭДО: КНД 1115131, format version 5.03. */
export const UPD_FORMAT = { knd: '1115131', version: '5.03', prefix: 'ON_NSCHFDOPPR' } as const;

export const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const attrs = (a: Record<string, string | number | null | undefined>) =>
  Object.entries(a).filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => ` ${k}="${esc(String(v))}"`).join('');
export const el = (tag: string, a: Record<string, string | number | null | undefined>, ...children: string[]) =>
  children.length ? `<${tag}${attrs(a)}>${children.join('')}</${tag}>` : `<${tag}${attrs(a)}/>`;
/** Amounts in the format are rubles with two decimals and a dot. */
export const rub = (k: Kopecks) => `${k < 0n ? '-' : ''}${(k < 0n ? -k : k) / 100n}.${String((k < 0n ? -k : k) % 100n).padStart(2, '0')}`;
export const ddmmyyyy = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
export const rate = (r: string | null) => (r === null ? 'без НДС' : `${Number(r)}%`);

/**
 * The ЭДО participant id of a party. Operators assign real ids (2AE…, 2BM…); until a party has one on
 * record the file names it by ИНН and КПП, which an operator's upload maps to its participant.
 */
export const edoId = (p: PartySnapshot) => `${p.inn ?? '0'}${p.kpp ?? ''}`;

export function party(tag: 'СвПрод' | 'СвПокуп', p: PartySnapshot): string {
  const id = p.kind === 'legal'
    ? el('СвЮЛУч', { НаимОрг: p.legalForm ? `${p.legalForm} «${p.name}»` : p.name, ИННЮЛ: p.inn, КПП: p.kpp })
    : p.kind === 'sole_proprietor'
      ? el('СвИП', { ИННФЛ: p.inn }, el('ФИО', splitFio(p.name)))
      : el('СвФЛУчастФХЖ', { ИННФЛ: p.inn }, el('ФИО', splitFio(p.name)));
  const bank = p.account && p.bik ? el('БанкРекв', { НомерСчета: p.account }, el('СвБанк', { НаимБанк: p.bankName, БИК: p.bik, КорСчет: p.corrAccount })) : '';
  return el(tag, {}, el('ИдСв', {}, id), el('Адрес', {}, el('АдрИнф', { КодСтр: '643', НаимСтран: 'Россия', АдрТекст: p.address ?? '—' })), bank);
}

function splitFio(full: string): Record<string, string> {
  const [f = full, i = '', o = ''] = full.replace(/^ИП\s+/, '').split(/\s+/);
  return { Фамилия: f, Имя: i || f, Отчество: o };
}

/** The file name the format prescribes: ON_NSCHFDOPPR_{recipient}_{sender}_{YYYYMMDD}_{GUID}. */
export function updXmlFileName(inv: InvoiceView, guid: string = randomUUID()): string {
  return `${UPD_FORMAT.prefix}_${edoId(inv.buyer)}_${edoId(inv.seller)}_${shipmentDate(inv).replaceAll('-', '')}_${guid}`;
}

/**
 * An invoice as the XML УПД (format 5.03): function СЧФДОП (status 1, счёт-фактура and shipping document)
 * when VAT is charged, ДОП (status 2) when not. Returns the file id (name without .xml) and the XML text
 * (declared windows-1251, as the format requires; `encodeCp1251` gives the bytes).
 */
export async function updXml(ctx: Ctx, invoiceId: string, now: Date = ctx.now()): Promise<{ fileId: string; xml: string }> {
  const inv = await getInvoice(ctx, invoiceId);
  if (inv.kind === 'correction') throw new AppError('rule', 'e.invoice.isCorrection', { number: inv.number, date: ddmmyyyy(inv.issueDate), original: inv.corrects?.number ?? '' });
  const withVat = inv.lines.some((l) => l.vatRate !== null);
  const date = shipmentDate(inv);
  const fileId = updXmlFileName(inv);
  const contracts = await contractReferencesForInvoice(ctx, inv.id);
  const time = now.toISOString().slice(11, 19).replaceAll(':', '.');
  const lines = inv.lines.map((l, i) => el('СведТов', {
    НомСтр: i + 1, НаимТов: l.description, ОКЕИ_Тов: SERVICE_UNIT.code, НаимЕдИзм: SERVICE_UNIT.name, КолТов: l.quantity, ЦенаТов: rub(l.unitPrice),
    СтТовБезНДС: rub(l.net), НалСт: rate(l.vatRate), СтТовУчНал: rub(l.total),
  }, el('Акциз', {}, el('БезАкциз', {}, 'без акциза')),
  el('СумНал', {}, l.vatRate === null ? el('БезНДС', {}, 'без НДС') : el('СумНал', {}, rub(l.vat))),
  el('ДопСведТов', { ПрТовРаб: '3' })));
  const total = el('ВсегоОпл', { СтТовБезНДСВсего: rub(inv.netTotal), СтТовУчНалВсего: rub(inv.total) },
    el('СумНалВсего', {}, withVat ? el('СумНал', {}, rub(inv.vatTotal)) : el('БезНДС', {}, 'без НДС')));
  const basis = contracts.length
    ? contracts.map((c) => el('ОснПер', { РеквНаимДок: 'Договор', РеквНомерДок: c, РеквДатаДок: ddmmyyyy(inv.issueDate) })).join('')
    : el('ОснПер', { РеквНаимДок: 'Без документа-основания' });
  const sellerName = inv.seller.legalForm ? `${inv.seller.legalForm} «${inv.seller.name}»` : inv.seller.name;
  const doc = el('Документ', {
    КНД: UPD_FORMAT.knd, ВремИнфПр: time, ДатаИнфПр: ddmmyyyy(now.toISOString().slice(0, 10)), НаимЭконСубСост: sellerName,
    Функция: withVat ? 'СЧФДОП' : 'ДОП',
    ПоФактХЖ: 'Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)',
    НаимДокОпр: withVat ? 'Счет-фактура и документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)'
      : 'Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)',
  },
  el('СвСчФакт', { НомерДок: inv.number, ДатаДок: ddmmyyyy(date) },
    party('СвПрод', inv.seller), party('СвПокуп', inv.buyer),
    el('ДенИзм', { КодОКВ: '643', НаимОКВ: 'Российский рубль' })),
  el('ТаблСчФакт', {}, ...lines, total),
  el('СвПродПер', {}, el('СвПер', { СодОпер: 'Услуги оказаны в полном объёме', ДатаПер: ddmmyyyy(date) }, basis)),
  el('Подписант', { Должн: 'Уполномоченное лицо', СпосПодтПолном: '1' }, el('ФИО', { Фамилия: sellerName, Имя: '—' })));
  const xml = `<?xml version="1.0" encoding="windows-1251"?>\n${el('Файл', { ИдФайл: fileId, ВерсФорм: UPD_FORMAT.version, ВерсПрог: 'Rackdesk' },
    el('СвУчДокОбор', { ИдОтпр: edoId(inv.seller), ИдПол: edoId(inv.buyer) }), doc)}`;
  return { fileId, xml };
}

/** Windows-1251 bytes of a text (ASCII, Cyrillic and the punctuation documents use; anything else becomes «?»). */
export function encodeCp1251(text: string): Buffer {
  const extra: Record<number, number> = { 0x401: 0xa8, 0x451: 0xb8, 0x2116: 0xb9, 0xab: 0xab, 0xbb: 0xbb, 0x2013: 0x96, 0x2014: 0x97, 0xa0: 0xa0, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2026: 0x85 };
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    out[n++] = c < 0x80 ? c : c >= 0x410 && c <= 0x44f ? c - 0x410 + 0xc0 : extra[c] ?? 0x3f;
  }
  return out.subarray(0, n);
}
