import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { openDocx } from '../documents/zip-limits.ts';
import { inTransaction, requirePermission, type Ctx } from '../context.ts';
import { sampleContractData, type ContractData } from './contract-data.ts';

const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const para = (t: string, opts: { bold?: boolean; center?: boolean } = {}) =>
  `<w:p>${opts.center ? '<w:pPr><w:jc w:val="center"/></w:pPr>' : ''}<w:r>${opts.bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${xmlEsc(t)}</w:t></w:r></w:p>`;
const cell = (t: string) => `<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>${para(t)}</w:tc>`;
const row = (cells: string[]) => `<w:tr>${cells.map(cell).join('')}</w:tr>`;

/**
 * The built-in contract template, written as WordprocessingML: a framework contract (printed for a new
 * client only, the `{#isNewContract}` section) and the appendix with the services table. A company's own
 * template may use the same tags; the template screen lists them.
 */
export function defaultContractTemplate(): Buffer {
  const zip = new PizZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  const table = `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>`
    + row(['№', 'Услуга', 'Технические данные', 'Кол.', 'Цена в месяц', 'Сумма в месяц', 'Подключение'])
    + `<w:tr>${cell('{#services}{position}')}${cell('{description} ({kind}, {site})')}${cell('{tech}')}${cell('{quantity}')}${cell('{unitNet}')}${cell('{monthly}')}${cell('{setup}{/services}')}</w:tr>`
    + '</w:tbl>';
  const body = [
    '{#isNewContract}',
    para('ДОГОВОР № {contractNumber}', { bold: true, center: true }), para('на оказание услуг хостинга и связи', { center: true }),
    para('г. Москва                                                                                     {contractDate}'),
    para('{sellerName}, именуемое в дальнейшем «Исполнитель», в лице {sellerSignatoryPosition} {sellerSignatory}, с одной стороны, и {clientName}, именуемое в дальнейшем «Заказчик», в лице {clientSignatoryPosition} {clientSignatory}, с другой стороны, заключили настоящий договор о нижеследующем.'),
    para('1. Исполнитель оказывает Заказчику услуги, перечень, технические параметры и стоимость которых указаны в приложениях к договору.'),
    para('2. Ежемесячная плата начисляется с даты начала оказания услуг, согласованной сторонами; неполный месяц оплачивается пропорционально дням.'),
    para('3. Подключение оплачивается авансом по первому счёту; работы по подключению начинаются после его оплаты.'),
    para('4. Уровень обслуживания (SLA): {sla}'),
    '{/isNewContract}',
    para('ПРИЛОЖЕНИЕ № {appendixNumber}', { bold: true, center: true }),
    para('к договору № {contractNumber} от {contractDate} (заказ {orderNumber}, КП {proposalNumber})', { center: true }),
    para('Планируемая дата начала оказания услуг: {startDate}'),
    table,
    para('Итого ежемесячно: {monthlyTotal}'), para('Итого за подключение: {setupTotal}'), para('Итого без НДС: {netTotal}'),
    para('{vatLabel}: {vatTotal}'), para('Всего: {grossTotal} ({grossTotalWords})', { bold: true }),
    para('Уровень обслуживания (SLA): {sla}'),
    para('Реквизиты сторон', { bold: true }),
    para('Исполнитель: {sellerName}, ИНН {sellerInn}, КПП {sellerKpp}, ОГРН {sellerOgrn}, {sellerAddress}, р/с {sellerAccount} в {sellerBank}, БИК {sellerBik}, к/с {sellerCorrAccount}'),
    para('Заказчик: {clientName}, ИНН {clientInn}, КПП {clientKpp}, ОГРН {clientOgrn}, {clientAddress}, р/с {clientAccount} в {clientBank}, БИК {clientBik}, к/с {clientCorrAccount}'),
    para('От Исполнителя: _______________ / {sellerSignatory} /        От Заказчика: _______________ / {clientSignatory} /'),
  ].map((x) => (x.startsWith('<') ? x : para(x))).join('');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`);
  return zip.generate({ type: 'nodebuffer' });
}

const brokenTemplate = (reason: string) =>
  new AppError('validation', 'e.contract.templateBroken', { reason }, [{ path: 'file', key: 'e.contract.templateBroken', params: { reason } }]);

/**
 * Renders a template with data. Tags the data does not know are collected (docxtemplater asks
 * `nullGetter` for each), so a template check reports them and a render never prints "undefined".
 */
export function renderTemplate(template: Buffer, data: ContractData): { docx: Buffer; unknownTags: string[] } {
  const unknown = new Set<string>();
  // A zip bomb is refused as too large, before docxtemplater inflates it.
  const zip = openDocx(template, () => brokenTemplate('ZIP'));
  let doc: Docxtemplater;
  try {
    doc = new Docxtemplater(zip, {
      paragraphLoop: true, linebreaks: true, errorLogging: false,
      nullGetter: (part) => { if (part.value) unknown.add(String(part.value)); return ''; },
    });
    doc.render(data);
  } catch (e) {
    const reason = (e as { properties?: { errors?: { properties?: { explanation?: string } }[] } }).properties?.errors?.map((x) => x.properties?.explanation).filter(Boolean).join('; ')
      || (e instanceof Error ? e.message : 'DOCX');
    throw brokenTemplate(reason);
  }
  return { docx: doc.toBuffer(), unknownTags: [...unknown].sort() };
}

/** The active template's bytes (the built-in one when the company has none). */
export async function activeTemplate(ctx: Ctx): Promise<{ file: Buffer; name: string }> {
  const t = await ctx.db.selectFrom('contract_template').select(['file', 'name']).where('active', '=', true).executeTakeFirst();
  return t ? { file: Buffer.from(t.file), name: t.name } : { file: defaultContractTemplate(), name: 'built-in' };
}

/**
 * Management uploads a Word template: it is rendered once with sample data; a broken file is refused,
 * unknown tags are refused with their names (a typo would print an empty field in every contract).
 * The new template becomes the active one.
 */
export async function uploadContractTemplate(ctx: Ctx, file: Buffer, name: string) {
  requirePermission(ctx, 'contract.template');
  const { unknownTags } = renderTemplate(file, sampleContractData());
  if (unknownTags.length) {
    throw new AppError('validation', 'e.contract.unknownTags', { tags: unknownTags.join(', ') }, [{ path: 'file', key: 'e.contract.unknownTags', params: { tags: unknownTags.join(', ') } }], { unknownTags });
  }
  const id = newId('tm');
  const tags = templateTags(file);
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable('contract_template').set({ active: false }).where('active', '=', true).execute();
    await tx.db.insertInto('contract_template').values({ id, name: name.trim() || 'contract.docx', file, file_name: `${name.trim() || 'contract'}.docx`, tags, active: true, uploaded_by_name: tx.actor.name }).execute();
    await writeAudit(tx, { entityType: 'contract_template', entityId: id, action: 'upload', after: { name, bytes: file.length, tags } });
  });
  return { id, name, tags, active: true };
}

/** Tag names a template uses (from its text), for the template list. */
export function templateTags(file: Buffer): string[] {
  const xml = openDocx(file).file('word/document.xml')?.asText() ?? '';
  const text = xml.replace(/<[^>]+>/g, '');
  return [...new Set([...text.matchAll(/\{[#/^]?([A-Za-z][\w.]*)\}/g)].map((m) => m[1]!))].sort();
}

export async function listContractTemplates(ctx: Ctx) {
  requirePermission(ctx, 'proposal.read');
  const rows = await ctx.db.selectFrom('contract_template').select(['id', 'name', 'tags', 'active', 'uploaded_by_name', 'uploaded_at']).orderBy('uploaded_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, tags: r.tags, active: r.active, uploadedByName: r.uploaded_by_name, uploadedAt: r.uploaded_at }));
}

/** Makes an earlier template active again (or the built-in one with `id = null`). */
export async function activateContractTemplate(ctx: Ctx, id: string | null) {
  requirePermission(ctx, 'contract.template');
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable('contract_template').set({ active: false }).where('active', '=', true).execute();
    if (id) {
      const r = await tx.db.updateTable('contract_template').set({ active: true }).where('id', '=', id).returning('id').executeTakeFirst();
      if (!r) throw new AppError('not_found', 'e.notFound', { entity: 'contract_template', id });
    }
    await writeAudit(tx, { entityType: 'contract_template', entityId: id ?? 'built-in', action: 'activate' });
  });
  return listContractTemplates(ctx);
}

/** The template file for download (built-in one included, so a company can start from it in Word). */
export async function contractTemplateFile(ctx: Ctx, id: string | null): Promise<{ fileName: string; docx: Buffer }> {
  requirePermission(ctx, 'proposal.read');
  if (!id) return { fileName: 'shablon-dogovora.docx', docx: defaultContractTemplate() };
  const t = await ctx.db.selectFrom('contract_template').select(['file', 'file_name']).where('id', '=', id).executeTakeFirst();
  if (!t) throw new AppError('not_found', 'e.notFound', { entity: 'contract_template', id });
  return { fileName: t.file_name, docx: Buffer.from(t.file) };
}
