import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { AppError } from '../../domain/errors.ts';
import { formatDate } from '../../domain/dates.ts';
import { formatRubles } from '../../domain/money.ts';
import { companyFullName, type Company } from '../../domain/parties/company.ts';
import { findCompany } from '../../db/queries/parties.ts';
import { renderPdf } from '../documents/pdf.ts';
import { openDocx } from '../documents/zip-limits.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, requirePermission, type Ctx } from '../context.ts';
import { getProposal, type ProposalView } from './proposals.ts';

type Req = { fullName: string; inn: string | null; kpp: string | null; ogrn: string | null; legalAddress: string | null; bankName: string | null; bik: string | null; settlementAccount: string | null; corrAccount: string | null };

const reqOf = (c: Company): Req => ({
  fullName: companyFullName(c), inn: c.inn, kpp: c.kpp, ogrn: c.ogrn, legalAddress: c.legalAddress, bankName: c.bankName, bik: c.bik,
  settlementAccount: c.settlementAccount, corrAccount: c.corrAccount,
});

const kindRu: Record<string, string> = { dedicated: 'Выделенный сервер', colocation: 'Размещение оборудования', vps: 'VPS', internet: 'Доступ в интернет' };

/** «KP-2026-00003-v1.pdf»: the number in Latin letters, its «КП-» prefix written once. */
export function proposalFileName(number: string, version: string, ext: 'pdf' | 'docx'): string {
  const rest = number.replace(/^(КП|KP)[-\s]*/i, '').replace(/[^\w.-]+/g, '-');
  return `KP-${rest}-v${version}.${ext}`;
}

const formatIso = (ctx: Ctx) => ctx.now().toISOString().slice(0, 10);
const workingDays = (n: number) => (n % 10 === 1 && n % 100 !== 11 ? 'рабочий день' : [2, 3, 4].includes(n % 10) && ![12, 13, 14].includes(n % 100) ? 'рабочих дня' : 'рабочих дней');

/** Everything a proposal document shows, frozen requisites for a sent version, current ones for a draft. */
async function documentData(ctx: Ctx, p: ProposalView) {
  const snap = p.version.snapshot as { client: Req; seller: Req } | null;
  let client: Req; let seller: Req;
  if (snap) { client = snap.client; seller = snap.seller; } else {
    const [c, s] = await Promise.all([findCompany(ctx.db, p.companyId), findCompany(ctx.db, p.sellerCompanyId)]);
    client = reqOf(c!); seller = reqOf(s!);
  }
  const v = p.version;
  const rub = (k: bigint) => formatRubles(k, 'ru');
  // Our site codes («MSK-DC1») are internal: the client reads the service, not our naming.
  const siteCodes = (await ctx.db.selectFrom('site').select('code').execute()).map((x) => x.code);
  const clientFacing = (text: string) => siteCodes.reduce((t, code) => t.split(`(${code})`).join('').split(code).join(''), text).replace(/\s{2,}/g, ' ').replace(/\s+([,.;)])/g, '$1').trim();
  const manager = (await ctx.db.selectFrom('proposal as p').innerJoin('app_user as u', 'u.id', 'p.created_by').select(['u.full_name', 'u.email']).where('p.id', '=', p.id).executeTakeFirst()) ?? null;
  // The lead time the tech department promised: the answers a sent version rests on, or for a draft the
  // positive answers in force for this client at the lines' sites and kinds (the longest one counts).
  const recorded = (await ctx.db.selectFrom('proposal_line as l').innerJoin('feas_answer as a', 'a.id', 'l.feasibility_answer_id')
    .select((eb) => eb.fn.max('a.lead_days').as('days')).where('l.version_id', '=', v.id).executeTakeFirst())?.days ?? null;
  const lead = recorded ?? (p.lines.length ? (await ctx.db.selectFrom('feas_answer as a').innerJoin('feas_request as r', 'r.id', 'a.request_id')
    .select((eb) => eb.fn.max('a.lead_days').as('days')).where('r.company_id', '=', p.companyId).where('a.outcome', '!=', 'not_feasible')
    .where('a.valid_until', '>=', formatIso(ctx))
    .where('r.site_id', 'in', p.lines.map((l) => l.siteId)).where('r.service_kind', 'in', p.lines.map((l) => l.serviceKind)).executeTakeFirst())?.days ?? null : null);
  const lines = p.lines.map((l) => ({
    position: String(l.position), description: clientFacing(l.description), kind: kindRu[l.serviceKind] ?? l.serviceKind, quantity: String(l.quantity),
    unitPrice: rub(l.unitPrice), discount: l.discountPct === '0' ? '—' : `${l.discountPct.replace('.', ',')} %`, unitNet: rub(l.unitNet),
    monthly: rub(l.monthly), setup: rub(l.setup),
  }));
  const reqLines = (r: Req) => [
    r.fullName, [r.inn && `ИНН ${r.inn}`, r.kpp && `КПП ${r.kpp}`].filter(Boolean).join(', '), r.ogrn ? `ОГРН ${r.ogrn}` : '',
    r.legalAddress ?? '', r.bankName ? `${r.bankName}, БИК ${r.bik ?? ''}` : '', r.settlementAccount ? `р/с ${r.settlementAccount}` : '',
    r.corrAccount ? `к/с ${r.corrAccount}` : '',
  ].filter((x) => x);
  return {
    number: p.number, version: String(v.version), date: formatDate((v.sentAt ? v.sentAt.toISOString() : new Date().toISOString()).slice(0, 10)),
    title: p.title ?? '', draft: !snap, serviceDate: formatDate(v.serviceDate), validUntil: formatDate(v.validUntil),
    seller, client, clientName: client.fullName, clientInn: client.inn ?? '', clientKpp: client.kpp ?? '', clientAddress: client.legalAddress ?? '',
    sellerName: seller.fullName, sellerInn: seller.inn ?? '', sellerKpp: seller.kpp ?? '', sellerAddress: seller.legalAddress ?? '',
    sellerLines: reqLines(seller), clientLines: reqLines(client), sellerText: reqLines(seller).join('\n'), clientText: reqLines(client).join('\n'),
    lines, monthlyTotal: rub(v.monthlyTotal), setupTotal: rub(v.setupTotal), netTotal: rub(v.netTotal),
    vatLabel: v.vatRate === null ? 'Без НДС' : `НДС ${v.vatRate} %`, vatTotal: v.vatRate === null ? '—' : rub(v.vatTotal), grossTotal: rub(v.grossTotal),
    managerName: manager?.full_name ?? '', managerEmail: manager?.email ?? '',
    leadTime: lead === null ? '' : `${lead} ${workingDays(Number(lead))} после подписания договора`,
  };
}

/** The proposal as a Russian PDF (Cyrillic fonts): requisites of both sides, lines, totals, VAT, validity, signatures. */
export async function proposalPdf(ctx: Ctx, proposalId: string, version?: number): Promise<{ fileName: string; pdf: Buffer }> {
  const p = await getProposal(ctx, proposalId, version);
  const d = await documentData(ctx, p);
  const th = (t: string): TableCell => ({ text: t, style: 'th' });
  const right = (t: string): TableCell => ({ text: t, alignment: 'right' });
  const content: Content[] = [
    { text: `Коммерческое предложение № ${d.number}${d.version !== '1' ? ` (версия ${d.version})` : ''}`, style: 'h1' },
    { text: `от ${d.date}${d.draft ? ' — ЧЕРНОВИК, не отправлено' : ''}`, margin: [0, 0, 0, 8] },
    ...(d.title ? [{ text: d.title, bold: true, margin: [0, 0, 0, 6] } as Content] : []),
    {
      columns: [
        { stack: [{ text: 'Исполнитель', style: 'h2' }, ...d.sellerLines.map((t) => ({ text: t }))] },
        { stack: [{ text: 'Заказчик', style: 'h2' }, ...d.clientLines.map((t) => ({ text: t }))] },
      ], columnGap: 20,
    },
    { text: `Услуги с ${d.serviceDate}`, style: 'h2' },
    {
      table: {
        headerRows: 1, widths: [18, '*', 30, 62, 40, 62, 66, 62],
        body: [
          [th('№'), th('Услуга'), th('Кол.'), th('Цена/мес'), th('Скидка'), th('Цена со скидкой'), th('Сумма в месяц'), th('Подключение')],
          ...d.lines.map((l) => [l.position, { text: `${l.description}\n${l.kind}`, fontSize: 9 }, right(l.quantity), right(l.unitPrice), right(l.discount), right(l.unitNet), right(l.monthly), right(l.setup)] as TableCell[]),
        ],
      },
      fontSize: 9,
    },
    {
      margin: [0, 10, 0, 0],
      table: {
        widths: ['*', 110],
        body: [
          ['Итого ежемесячно', right(d.monthlyTotal)], ['Итого за подключение', right(d.setupTotal)], ['Итого без НДС', right(d.netTotal)],
          [d.vatLabel, right(d.vatTotal)], [{ text: 'Всего к оплате за первый месяц', bold: true }, { text: d.grossTotal, bold: true, alignment: 'right' }],
        ],
      },
      layout: 'lightHorizontalLines',
    },
    { text: `Предложение действительно до ${d.validUntil}.`, margin: [0, 12, 0, 0] },
    ...(d.leadTime ? [{ text: `Срок подключения: ${d.leadTime}.` } as Content] : []),
    ...(d.managerName ? [{ text: `Ваш менеджер: ${d.managerName}${d.managerEmail ? `, ${d.managerEmail}` : ''}` } as Content] : []),
    { text: 'Цены указаны в рублях. Ежемесячная плата начисляется с даты начала оказания услуг.', style: 'small', margin: [0, 4, 0, 0] },
    {
      margin: [0, 30, 0, 0], columns: [
        { stack: [{ text: 'От Исполнителя' }, { text: d.seller.fullName, style: 'small' }, { text: '\n_____________________ / ______________ /' }, { text: 'М.П.', style: 'small' }] },
        { stack: [{ text: 'От Заказчика' }, { text: d.client.fullName, style: 'small' }, { text: '\n_____________________ / ______________ /' }, { text: 'М.П.', style: 'small' }] },
      ],
    },
  ];
  const pdf = await renderPdf({ content, info: { title: `Коммерческое предложение ${d.number}` } });
  return { fileName: proposalFileName(d.number, d.version, 'pdf'), pdf };
}

const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const para = (t: string, bold = false) => `<w:p><w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${xmlEsc(t)}</w:t></w:r></w:p>`;

/** The built-in Word template: the tags a company's own template may use are the same. */
export function defaultProposalTemplate(): Buffer {
  const zip = new PizZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  const body = [
    para('Коммерческое предложение № {number} от {date}', true), para('{title}'),
    para('Исполнитель:', true), para('{sellerText}'), para('Заказчик:', true), para('{clientText}'),
    para('Услуги с {serviceDate}', true),
    para('{#lines}{position}. {description} ({kind}) — {quantity} × {unitNet} = {monthly} в месяц; подключение {setup}{/lines}'),
    para('Итого ежемесячно: {monthlyTotal}'), para('Итого за подключение: {setupTotal}'), para('Итого без НДС: {netTotal}'),
    para('{vatLabel}: {vatTotal}'), para('Всего к оплате за первый месяц: {grossTotal}', true),
    para('Предложение действительно до {validUntil}.'),
    para('От Исполнителя _______________ / ___________ /        От Заказчика _______________ / ___________ /'),
  ].join('');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`);
  return zip.generate({ type: 'nodebuffer' });
}

/** The proposal as DOCX, rendered from the company's template (or the built-in one). */
export async function proposalDocx(ctx: Ctx, proposalId: string, version?: number): Promise<{ fileName: string; docx: Buffer }> {
  const p = await getProposal(ctx, proposalId, version);
  const d = await documentData(ctx, p);
  const t = await ctx.db.selectFrom('document_template').selectAll().where('kind', '=', 'proposal').executeTakeFirst();
  const template = t ? Buffer.from(t.file) : defaultProposalTemplate();
  const zip = openDocx(template, () => new AppError('rule', 'e.quote.templateBroken')); // one stored before the limits is refused, not rendered for seconds
  let doc: Docxtemplater;
  try {
    doc = new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, nullGetter: () => '', errorLogging: false });
    doc.render(d);
  } catch {
    throw new AppError('rule', 'e.quote.templateBroken');
  }
  return { fileName: proposalFileName(d.number, d.version, 'docx'), docx: doc.toBuffer() };
}

/** Management uploads the company's own Word template for proposals; it is checked by rendering a sample. */
export async function setProposalTemplate(ctx: Ctx, file: Buffer, fileName: string) {
  requirePermission(ctx, 'catalog.write');
  const zip = openDocx(file, () => new AppError('validation', 'e.quote.templateBroken')); // a zip bomb: refused as too large, never inflated
  try {
    new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, nullGetter: () => '', errorLogging: false }).render({ lines: [] });
  } catch {
    throw new AppError('validation', 'e.quote.templateBroken');
  }
  await inTransaction(ctx, async (tx) => {
    await tx.db.insertInto('document_template').values({ kind: 'proposal', file, file_name: fileName, updated_by_name: tx.actor.name, updated_at: tx.now() })
      .onConflict((oc) => oc.column('kind').doUpdateSet({ file, file_name: fileName, updated_by_name: tx.actor.name, updated_at: tx.now() })).execute();
    await writeAudit(tx, { entityType: 'document_template', entityId: 'proposal', action: 'update', after: { fileName, bytes: file.length } });
  });
  return { fileName };
}
