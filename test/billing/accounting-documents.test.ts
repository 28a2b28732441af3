import { beforeAll, describe, expect, it } from 'vitest';
import { DOMParser, type Element } from '@xmldom/xmldom';
import PizZip from 'pizzip';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { changeTariff, closeService } from '../../src/app/billing/changes.ts';
import { correctionPdf } from '../../src/app/billing/correction-documents.ts';
import { actPdf, documentFileName, facturaPdf, invoicePdf, updPdf } from '../../src/app/billing/documents.ts';
import { updXml, encodeCp1251 } from '../../src/app/billing/edo-xml.ts';
import { edoXmlZip, ukdXml } from '../../src/app/billing/edo-ukd-xml.ts';
import { recordPayment } from '../../src/app/billing/payments.ts';
import { getInvoice, type InvoiceView } from '../../src/app/billing/invoices.ts';
import { clientLedger } from '../../src/app/billing/receivables.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { pdfText } from '../helpers/pdf.ts';
import { aClient, accountingAt, anOwnEntity, aService } from './helpers.ts';

const flat = (t: string) => t.replace(/\s+/g, ' ');
const ISO = /\b\d{4}-\d{2}-\d{2}\b/;

describe(`documents an accountant signs (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  async function world() {
    const ctx = await accountingAt(d.db, '2026-11-27T09:00:00Z');
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    const s = await aService(ctx, client.id, seller.id, { monthlyPrice: 3_000_000, startDate: '2026-11-16', contractRef: 'Д-2026/003', title: 'Аренда сервера Dell R640' });
    await runBilling(ctx, { period: '2026-11' });
    const row = await d.db.selectFrom('invoice').select('id').where('client_id', '=', client.id).executeTakeFirstOrThrow();
    return { ctx, seller, client, s, inv: await getInvoice(ctx, row.id) };
  }

  it('a partial month: quantity × price = amount, the days covered, the billed period in the header, dd.mm.yyyy everywhere', async () => {
    const { ctx, inv } = await world();
    const [l] = inv.lines;
    expect(l).toMatchObject({ quantity: 1, unitPrice: 1_500_000n, net: 1_500_000n, dateFrom: '2026-11-16', dateTo: '2026-11-30' });
    expect(l!.description).toBe('Аренда сервера Dell R640 за ноябрь 2026 (16.11.2026–30.11.2026, 15 из 30 дн.)');
    expect([inv.servedFrom, inv.servedTo]).toEqual(['2026-11-16', '2026-11-30']);
    const schet = flat(await pdfText(await invoicePdf(ctx, inv.id)));
    expect(schet).toContain('Период оказания услуг: 16.11.2026 – 30.11.2026');
    expect(schet).toContain('15 000,00');
    expect(schet).not.toContain('01.11.2026');
    const upd = flat(await pdfText(await updPdf(ctx, inv.id)));
    expect(upd).toContain('Статус: 1');
    expect(upd).toContain('Основание передачи (сдачи) / получения (приёмки): Договор № Д-2026/003, период 16.11.2026 – 30.11.2026');
    expect(upd).toContain('К платёжно-расчётному документу: № — от —');
    expect(upd).toContain(`Документ об отгрузке: № п/п 1–1 № ${inv.number} от 30.11.2026`);
    for (const n of ['[10]', '[11]', '[13]', '[14]', '[15]', '[16]', '[18]', '[19]']) expect(upd).toContain(n);
    expect(upd).not.toMatch(ISO);
    const sf = flat((await pdfText((await facturaPdf(ctx, inv.id))!)));
    expect(sf).toContain(`Счёт-фактура № ${inv.number} от 30.11.2026`);
    expect(sf).toContain('К платёжно-расчётному документу: № — от —');
    expect(sf).not.toMatch(ISO);
    const act = flat(await pdfText(await actPdf(ctx, inv.id)));
    expect(act).toContain(`Акт № ${inv.number} от 30.11.2026`);
    expect(act).toContain('Договор № Д-2026/003');
    expect(documentFileName('upd', inv)).toBe(`UPD_${inv.number}_ot_30.11.2026.pdf`);
    expect(documentFileName('invoice', inv)).toBe(`Schet_${inv.number}_ot_27.11.2026.pdf`);
  });

  it('without a contract the basis is the period alone, with no dangling comma', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db, 'usn');
    const client = await aClient(d.db);
    await aService(ctx, client.id, seller.id, { monthlyPrice: 1_000_000, startDate: '2026-11-01' });
    await runBilling(ctx, { period: '2026-11' });
    const row = await d.db.selectFrom('invoice').select('id').where('client_id', '=', client.id).executeTakeFirstOrThrow();
    const upd = flat(await pdfText(await updPdf(ctx, row.id)));
    expect(upd).toContain('Статус: 2');
    expect(upd).toContain('Основание передачи (сдачи) / получения (приёмки): период 01.11.2026 – 30.11.2026');
    expect(upd).not.toMatch(/договор\s*,/i);
  });

  it('a tariff change and a closure are correction documents dated when made, one per original invoice and period; credits lower the ledger', async () => {
    const { ctx, client, s, inv } = await world();
    await runBilling(ctx, { period: '2026-12' });
    const dec = await getInvoice(ctx, (await d.db.selectFrom('invoice').select('id').where('client_id', '=', client.id).where('period', '=', '2026-12').executeTakeFirstOrThrow()).id);
    const later = { ...ctx, now: () => new Date('2027-01-12T09:00:00Z') };
    const ch = await changeTariff(later, s.id, { date: '2026-11-21', monthlyPrice: 4_500_000, quantity: 1, reason: 'Больше RAM' });
    expect(ch.correctionIds).toHaveLength(2); // November and December: different periods, different documents
    const corr = await Promise.all(ch.correctionIds.map((id) => getInvoice(ctx, id)));
    for (const c of corr) {
      expect(c).toMatchObject({ kind: 'correction', issueDate: '2027-01-12', year: 2027 });
      for (const l of c.lines) {
        expect(l.period).toBe(c.period);
        expect(BigInt(l.quantity) * l.unitPrice).toBe(l.before!.net + l.net);
        expect(BigInt(l.before!.quantity) * l.before!.unitPrice).toBe(l.before!.net);
        expect(l.description).not.toMatch(ISO);
      }
    }
    const nov = corr.find((c) => c.period === '2026-11')!;
    expect(nov.corrects!.id).toBe(inv.id);
    expect(nov.netTotal).toBe(500_000n); // 21–30.11: 10 days at 45 000 instead of 30 000 a month
    const ukd = flat(await pdfText(await correctionPdf(ctx, nov.id)));
    expect(ukd).toContain(`Корректировочный счёт-фактура № ${nov.number} от 12.01.2027`);
    expect(ukd).toContain(`к счёту-фактуре (УПД) № ${inv.number} от 30.11.2026`);
    expect(ukd).toContain('Всего увеличение (сумма строк В)');
    expect(ukd).not.toMatch(ISO);
    const ukdX = await ukdXml(ctx, nov.id);
    expect(ukdX.fileId).toMatch(/^ON_NKORSCHFDOPPR_\d{19}_\d{19}_20270112_[0-9a-f-]{36}$/);
    expect(new TextDecoder('windows-1251').decode(encodeCp1251(ukdX.xml))).toBe(ukdX.xml);
    checkUkdXml(ukdX.xml, ukdX.fileId, nov, inv);
    await expect(ukdXml(ctx, inv.id)).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.key === 'e.invoice.notCorrection');

    const cl = await closeService(later, s.id, { lastDay: '2026-11-25', reasonCode: 'price', retentionTried: ['Скидка'] });
    expect(cl.correctionIds).toHaveLength(2);
    const credits = await Promise.all(cl.correctionIds.map((id) => getInvoice(ctx, id)));
    for (const c of credits) expect(c.total < 0n).toBe(true);
    await expect(invoicePdf(ctx, credits[0]!.id)).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'rule' && e.key === 'e.invoice.isCorrection');
    const decCredit = credits.find((c) => c.period === '2026-12')!;
    expect(decCredit.total).toBe(-(dec.total + corr.find((c) => c.period === '2026-12')!.total));
    expect(flat(await pdfText(await correctionPdf(ctx, decCredit.id)))).toContain('уменьшает задолженность покупателя');
    checkUkdXml((await ukdXml(ctx, decCredit.id)).xml, null, decCredit, dec);
    // The month's ZIP holds the УПД of each invoice and the УКД of each correction of that tax period.
    const { files } = await edoXmlZip(ctx, '2026-12');
    const mine = files.filter((f) => f.includes(`_${dec.buyer.inn}${dec.buyer.kpp ?? ''}_`));
    expect(mine.filter((f) => f.startsWith('ON_NSCHFDOPPR_'))).toHaveLength(1);
    expect(mine.filter((f) => f.startsWith('ON_NKORSCHFDOPPR_'))).toHaveLength(2);
    // The invoices now say what was served: November 16–25 at the tariffs in force, December nothing.
    expect((await getInvoice(ctx, dec.id)).correctedTotal).toBe(0n);
    const ledger = await clientLedger(ctx, client.id);
    const all = [inv, dec, ...corr, ...credits];
    expect(ledger.balance).toBe(all.reduce((a, x) => a + x.total, 0n));
    expect(ledger.entries.filter((e) => e.kind === 'correction' && e.credit > 0n)).toHaveLength(2);
  });

  it('the database keeps corrections honest: no new negative invoices, a correction stays with its original, amounts are quantity × price', async () => {
    const { inv, s } = await world();
    const other = await aClient(d.db);
    const base = { seller_id: inv.sellerId, year: 2026, issue_date: '2026-11-28', due_date: '2026-12-03', net_total: -100n, vat_total: 0n, total: -100n, seller: JSON.stringify(inv.seller), buyer: JSON.stringify(inv.buyer) };
    const code = async (q: Promise<unknown>) => { try { await q; return 'ok'; } catch (e) { return (e as { code?: string }).code ?? String(e); } };
    expect(await code(d.db.insertInto('invoice').values({ ...base, id: 'iv_t1', client_id: inv.clientId, number: 9001, kind: 'adjustment', period: '2026-11' }).execute())).toBe('RD501');
    expect(await code(d.db.insertInto('invoice').values({ ...base, id: 'iv_t2', client_id: other.id, number: 9002, kind: 'correction', period: '2026-11', corrects_invoice_id: inv.id }).execute())).toBe('RD502');
    expect(await code(d.db.insertInto('invoice').values({ ...base, id: 'iv_t3', client_id: inv.clientId, number: 9003, kind: 'correction', period: '2026-12', corrects_invoice_id: inv.id }).execute())).toBe('RD502');
    expect(await code(d.db.insertInto('invoice').values({ ...base, id: 'iv_t4', client_id: inv.clientId, number: 9004, kind: 'correction', period: '2026-11', corrects_invoice_id: inv.id }).execute())).toBe('ok');
    const line = { invoice_id: 'iv_t4', service_id: s.id, line_kind: 'correction', description: 'x', quantity: 1, unit_price: 900n, net: -100n, vat_rate: null, vat: 0n, total: -100n, before_quantity: 1, before_unit_price: 1000n, before_net: 1000n, before_vat: 0n };
    expect(await code(d.db.insertInto('invoice_line').values({ ...line, billing_key: 'k1', period: '2026-12' }).execute())).toBe('RD503');
    expect(await code(d.db.insertInto('invoice_line').values({ ...line, billing_key: 'k2', period: '2026-11', unit_price: 800n }).execute())).toBe('23514');
    expect(await code(d.db.insertInto('invoice_line').values({ ...line, billing_key: 'k3', period: '2026-11' }).execute())).toBe('ok');
    expect(await code(sql`INSERT INTO invoice_line (invoice_id, service_id, billing_key, line_kind, period, description, quantity, unit_price, net, vat, total)
      VALUES (${inv.id}, ${s.id}, 'k4', 'period', '2026-11', 'x', 2, 100, 150, 0, 150)`.execute(d.db))).toBe('23514');
  });

  it('a payment is capped at the invoice total after its corrections: in the app and by SQL', async () => {
    const { ctx, client, s, inv } = await world();
    const later = { ...ctx, now: () => new Date('2026-12-02T09:00:00Z') };
    const cl = await closeService(later, s.id, { lastDay: '2026-11-20', reasonCode: 'price', retentionTried: ['Скидка'] });
    const corrected = (await getInvoice(ctx, inv.id)).correctedTotal;
    expect(corrected).toBeLessThan(inv.total);
    expect(corrected).toBe(inv.total + (await getInvoice(ctx, cl.correctionIds[0]!)).total);
    // The app applies what the corrected invoice asks and keeps the rest on the client's balance.
    const r = await recordPayment(later, { clientId: client.id, amount: Number(inv.total), paidOn: '2026-12-02', docNumber: '77', invoiceId: inv.id });
    expect(r.onBalance).toBe(inv.total - corrected);
    expect((await getInvoice(ctx, inv.id)).outstanding).toBe(0n);
    // By SQL: one kopeck over the corrected total is refused with the guard's own code.
    await sql`INSERT INTO payment (id, source, client_id, amount, paid_on, status) VALUES ('pm_cap1', 'manual', ${client.id}, ${inv.total}, '2026-12-02', 'resolved')`.execute(d.db);
    const code = async (q: Promise<unknown>) => { try { await q; return 'ok'; } catch (e) { return (e as { code?: string }).code ?? String(e); } };
    expect(await code(sql`INSERT INTO payment_allocation (payment_id, invoice_id, amount) VALUES ('pm_cap1', ${inv.id}, 1)`.execute(d.db))).toBe('RD504');
    const second = await aService(ctx, client.id, inv.sellerId, { monthlyPrice: 1_000_000, startDate: '2026-11-01' });
    await runBilling(ctx, { period: '2026-11' });
    const fresh = (await d.db.selectFrom('invoice_line').select('invoice_id').where('service_id', '=', second.id).executeTakeFirstOrThrow()).invoice_id;
    const freshTotal = (await getInvoice(ctx, fresh)).total;
    expect(await code(sql`INSERT INTO payment_allocation (payment_id, invoice_id, amount) VALUES ('pm_cap1', ${fresh}, ${freshTotal + 1n})`.execute(d.db))).toBe('RD504');
    expect(await code(sql`INSERT INTO payment_allocation (payment_id, invoice_id, amount) VALUES ('pm_cap1', ${fresh}, ${freshTotal})`.execute(d.db))).toBe('ok');
  });

  it('exports the УПД as ФНС XML 5.03 (КНД 1115131): required elements and attributes present, amounts agree with the invoice', async () => {
    const { ctx, inv } = await world();
    const { fileId, xml } = await updXml(ctx, inv.id);
    expect(fileId).toMatch(/^ON_NSCHFDOPPR_\d{19}_\d{19}_20261130_[0-9a-f-]{36}$/);
    const bytes = encodeCp1251(xml);
    const text = new TextDecoder('windows-1251').decode(bytes);
    expect(text).toBe(xml);
    checkUpdXml(text, fileId, inv);
    const { zip, files } = await edoXmlZip(ctx, '2026-11');
    const z = new PizZip(zip);
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) {
      const body = new TextDecoder('windows-1251').decode(z.file(f)!.asUint8Array());
      expect(body.startsWith('<?xml version="1.0" encoding="windows-1251"?>')).toBe(true);
      expect(new DOMParser().parseFromString(body, 'text/xml').documentElement!.getAttribute('ВерсФорм')).toBe('5.03');
    }
  });
});

/** A parsed ФНС XML file with two strict readers: exactly one child of a tag, and a required attribute. */
function readXml(xml: string) {
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
  const one = (parent: Element, tag: string): Element => {
    const found = Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).tagName === tag);
    expect(found, `${parent.tagName}/${tag}`).toHaveLength(1);
    return found[0]!;
  };
  const attr = (e: Element, name: string) => { const v = e.getAttribute(name); expect(v, `${e.tagName}@${name}`).toBeTruthy(); return v!; };
  return { root, one, attr };
}

/**
 * The required structure of format 5.03 (приказ ФНС ЕД-7-26/970@), checked by parsing: the official XSD
 * is not in the repository (no network here), so these are the elements and attributes it marks required.
 */
function checkUpdXml(xml: string, fileId: string, inv: InvoiceView) {
  const { root, one, attr } = readXml(xml);
  expect(root.tagName).toBe('Файл');
  expect(attr(root, 'ИдФайл')).toBe(fileId);
  expect(attr(root, 'ВерсФорм')).toBe('5.03');
  attr(root, 'ВерсПрог');
  const d = one(root, 'Документ');
  expect(attr(d, 'КНД')).toBe('1115131');
  expect(attr(d, 'Функция')).toBe('СЧФДОП');
  expect(attr(d, 'ДатаИнфПр')).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  expect(attr(d, 'ВремИнфПр')).toMatch(/^\d{2}\.\d{2}\.\d{2}$/);
  for (const a of ['НаимЭконСубСост', 'ПоФактХЖ', 'НаимДокОпр']) attr(d, a);
  const sf = one(d, 'СвСчФакт');
  expect(attr(sf, 'НомерДок')).toBe(String(inv.number));
  expect(attr(sf, 'ДатаДок')).toBe('30.11.2026');
  const seller = one(one(one(sf, 'СвПрод'), 'ИдСв'), 'СвЮЛУч');
  expect([attr(seller, 'ИННЮЛ'), attr(seller, 'КПП')]).toEqual([inv.seller.inn, inv.seller.kpp]);
  attr(seller, 'НаимОрг');
  attr(one(one(one(sf, 'СвПрод'), 'Адрес'), 'АдрИнф'), 'КодСтр');
  expect(attr(one(one(one(sf, 'СвПокуп'), 'ИдСв'), 'СвЮЛУч'), 'ИННЮЛ')).toBe(inv.buyer.inn);
  expect(attr(one(sf, 'ДенИзм'), 'КодОКВ')).toBe('643');
  const table = one(d, 'ТаблСчФакт');
  const items = Array.from(table.getElementsByTagName('СведТов'));
  expect(items).toHaveLength(inv.lines.length);
  const kop = (s: string) => BigInt(s.replace('.', ''));
  items.forEach((it, i) => {
    expect(attr(it, 'НомСтр')).toBe(String(i + 1));
    for (const a of ['НаимТов', 'ОКЕИ_Тов', 'КолТов', 'ЦенаТов', 'СтТовБезНДС', 'НалСт', 'СтТовУчНал']) attr(it, a);
    expect(BigInt(attr(it, 'КолТов')) * kop(attr(it, 'ЦенаТов'))).toBe(kop(attr(it, 'СтТовБезНДС')));
    expect(attr(it, 'НалСт')).toBe('22%');
    one(one(it, 'Акциз'), 'БезАкциз');
    expect(kop(one(one(it, 'СумНал'), 'СумНал').textContent!)).toBe(inv.lines[i]!.vat);
  });
  const total = one(table, 'ВсегоОпл');
  expect(kop(attr(total, 'СтТовУчНалВсего'))).toBe(inv.total);
  expect(kop(attr(total, 'СтТовБезНДСВсего'))).toBe(inv.netTotal);
  const per = one(one(d, 'СвПродПер'), 'СвПер');
  for (const a of ['СодОпер', 'ДатаПер']) attr(per, a);
  expect(attr(one(per, 'ОснПер'), 'РеквНомерДок')).toBe('Д-2026/003');
  const signer = one(d, 'Подписант');
  attr(signer, 'СпосПодтПолном');
  attr(one(signer, 'ФИО'), 'Фамилия');
}

/**
 * The required structure of the УКД, format 5.03 (КНД 1115133), checked by parsing: file and document
 * attributes, the correction's number and date, the original document it refers to, both parties, per line
 * the values before and after with the increase or decrease (after − before), and the totals of increases and
 * decreases. Amounts must agree with the correction as the app holds it.
 */
function checkUkdXml(xml: string, fileId: string | null, corr: InvoiceView, original: InvoiceView) {
  const { root, one, attr } = readXml(xml);
  const kop = (v: string) => BigInt(v.replace('.', ''));
  expect(root.tagName).toBe('Файл');
  if (fileId) expect(attr(root, 'ИдФайл')).toBe(fileId);
  expect(attr(root, 'ВерсФорм')).toBe('5.03');
  for (const a of ['ИдОтпр', 'ИдПол']) attr(one(root, 'СвУчДокОбор'), a);
  const d = one(root, 'Документ');
  expect(attr(d, 'КНД')).toBe('1115133');
  expect(attr(d, 'Функция')).toBe('КСЧФДИС');
  for (const a of ['ДатаИнфПр', 'ВремИнфПр', 'НаимЭконСубСост', 'ПоФактХЖ', 'НаимДокОпр']) attr(d, a);
  const head = one(d, 'СвКСчФ');
  expect(attr(head, 'НомерДок')).toBe(String(corr.number));
  expect(attr(head, 'ДатаДок')).toBe(corr.issueDate.split('-').reverse().join('.'));
  const ref = one(head, 'СчФ');
  expect(attr(ref, 'НомерСчФ')).toBe(String(original.number));
  expect(attr(ref, 'ДатаСчФ')).toBe((original.servedTo ?? original.issueDate).split('-').reverse().join('.'));
  expect(attr(one(one(one(head, 'СвПрод'), 'ИдСв'), 'СвЮЛУч'), 'ИННЮЛ')).toBe(corr.seller.inn);
  expect(attr(one(one(one(head, 'СвПокуп'), 'ИдСв'), 'СвЮЛУч'), 'ИННЮЛ')).toBe(corr.buyer.inn);
  expect(attr(one(head, 'ДенИзм'), 'КодОКВ')).toBe('643');
  const table = one(d, 'ТаблКСчФ');
  const items = Array.from(table.getElementsByTagName('СведТов'));
  expect(items).toHaveLength(corr.lines.length);
  let up = 0n;
  let down = 0n;
  items.forEach((it, i) => {
    const l = corr.lines[i]!;
    expect(attr(it, 'НомСтр')).toBe(String(i + 1));
    for (const a of ['НаимТов', 'ОКЕИ_ТовДо', 'ОКЕИ_ТовПосле', 'НалСтДо', 'НалСтПосле']) attr(it, a);
    expect(BigInt(attr(it, 'КолТовДо')) * kop(attr(it, 'ЦенаТовДо'))).toBe(l.before!.net);
    const net = one(it, 'СтТовБезНДС');
    expect(kop(attr(net, 'СтоимДоИзм'))).toBe(l.before!.net);
    expect(BigInt(attr(it, 'КолТовПосле')) * kop(attr(it, 'ЦенаТовПосле'))).toBe(kop(attr(net, 'СтоимПослеИзм')));
    const diff = net.getAttribute('СтоимУвел') ? kop(net.getAttribute('СтоимУвел')!) : -kop(attr(net, 'СтоимУм'));
    expect(diff).toBe(l.net);
    expect(kop(attr(net, 'СтоимПослеИзм')) - kop(attr(net, 'СтоимДоИзм'))).toBe(l.net);
    one(one(it, 'АкцизДо'), 'БезАкциз');
    expect(kop(one(one(it, 'СумНалДо'), 'СумНал').textContent!)).toBe(l.before!.vat);
    expect(kop(one(one(it, 'СумНалПосле'), 'СумНал').textContent!)).toBe(l.before!.vat + l.vat);
    const withTax = one(it, 'СтТовУчНал');
    const t = withTax.getAttribute('СтоимУвел') ? kop(withTax.getAttribute('СтоимУвел')!) : -kop(attr(withTax, 'СтоимУм'));
    expect(t).toBe(l.total);
    if (t >= 0n) up += t; else down -= t;
  });
  expect(kop(attr(one(table, 'ВсегоУвел'), 'СтТовУчНалВс'))).toBe(up);
  expect(kop(attr(one(table, 'ВсегоУм'), 'СтТовУчНалВс'))).toBe(down);
  expect(up - down).toBe(corr.total);
  attr(one(d, 'СодФХЖ3'), 'СодОпер');
  attr(one(one(d, 'Подписант'), 'ФИО'), 'Фамилия');
}
