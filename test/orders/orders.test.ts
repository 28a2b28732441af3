import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import PizZip from 'pizzip';
import { engineName, testDb } from '../helpers/db.ts';
import { pdfText } from '../helpers/pdf.ts';
import type { Database } from '../../src/db/connect.ts';
import { createOrder, getOrder, listOrders, setOrderPriority } from '../../src/app/orders/orders.ts';
import { advanceSigning, attachScan, contractDocx, contractPdf } from '../../src/app/contracts/contracts.ts';
import { createProposal } from '../../src/app/quoting/proposals.ts';
import { sendProposal } from '../../src/app/quoting/transitions.ts';
import { createEquipment } from '../../src/app/inventory/resources.ts';
import { holdResource, listAllocations } from '../../src/app/inventory/allocations.ts';
import { handOffOrder } from '../../src/app/flows/order-handoff.ts';
import { getInvoice } from '../../src/app/billing/invoices.ts';
import { acceptedProposal, orderWorld, rejects, signedOrder, sqlRefusal, withNewClient, type OrderWorld } from './world.ts';
import { proposalInput } from '../quoting/world.ts';
import { formatRubles } from '../../src/domain/money.ts';

const docxText = (b: Buffer) => new PizZip(b).file('word/document.xml')!.asText().replace(/<[^>]+>/g, '');

describe(`orders from accepted proposals, contracts and signing (${engineName})`, () => {
  let d: Database;
  let w: OrderWorld;
  let world: OrderWorld;
  beforeAll(async () => { d = await testDb(); w = world = await orderWorld(d.db); });

  it('takes an order only from an accepted version, in one step: lines copied, numbered, with its contract', async () => {
    // A client of its own: its first order brings the contract with appendix № 1 whatever other tests ordered.
    const w = await withNewClient(world);
    const draft = await createProposal(w.manager, proposalInput(w, 2_500_000, { serviceDate: '2026-12-15' }));
    expect((await rejects(createOrder(w.manager, { proposalId: draft.id }))).key).toBe('e.order.notAccepted');
    await sendProposal(w.manager, draft.id);
    expect((await rejects(createOrder(w.manager, { proposalId: draft.id }))).key).toBe('e.order.notAccepted');
    expect((await rejects(createOrder(w.tech, { proposalId: draft.id }))).code).toBe('forbidden');

    const p = await acceptedProposal(w);
    const o = await createOrder(w.manager, { proposalId: p.id, priority: 'urgent' });
    expect(o.number).toMatch(/^ЗК-\d{4}-\d{5}$/);
    expect(o).toMatchObject({ status: 'new', priority: 'urgent', plannedStart: '2026-12-15', grossTotal: p.version.grossTotal, monthlyTotal: p.version.monthlyTotal });
    expect(o.lines.map((l) => [l.position, l.quantity, l.unitPrice, l.setupFee])).toEqual(p.lines.map((l) => [l.position, l.quantity, l.unitPrice, l.setupFee]));
    expect(o.contract).toMatchObject({ status: 'prepared', appendixNo: 1, includesContract: true });
    expect(o.contract.number).toMatch(/^Д-\d{4}-\d{4}$/);
    const again = await rejects(createOrder(w.manager, { proposalId: p.id }));
    expect([again.code, again.key, again.params.number]).toEqual(['conflict', 'e.order.exists', o.number]);

    // The next order of the same client is the next appendix to the same contract.
    const o2 = await createOrder(w.manager, { proposalId: (await acceptedProposal(w)).id });
    expect(o2.contract).toMatchObject({ number: o.contract.number, appendixNo: 2, includesContract: false });
    expect((await setOrderPriority(w.manager, o2.id, { priority: 'low' })).priority).toBe('low');
    expect((await rejects(setOrderPriority(w.manager, o2.id, { priority: 'asap' }))).code).toBe('validation');
    expect((await listOrders(w.manager, { companyId: w.client.id })).map((x) => x.id)).toEqual(expect.arrayContaining([o.id, o2.id]));
  });

  it('the database holds contract price = proposal price: changing either side by SQL fails', async () => {
    const p = await acceptedProposal(w);
    const o = await createOrder(w.manager, { proposalId: p.id });
    expect(await sqlRefusal(sql`UPDATE order_line SET unit_price = unit_price - 100 WHERE order_id = ${o.id}`.execute(d.db))).toBe('23503');
    expect(await sqlRefusal(sql`UPDATE order_line SET quantity = quantity + 1 WHERE order_id = ${o.id}`.execute(d.db))).toBe('23503');
    expect(await sqlRefusal(sql`UPDATE sales_order SET gross_total = gross_total - 100, net_total = net_total - 100 WHERE id = ${o.id}`.execute(d.db))).toBe('23503');
    // The proposal side: even with the proposal's own freeze guard switched off, the order's keys hold it
    // (restrict_violation or foreign_key_violation, depending on the server version).
    await d.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE proposal_line DISABLE TRIGGER proposal_line_guard`.execute(trx);
      await sql`ALTER TABLE proposal_line DISABLE TRIGGER proposal_line_cost_check`.execute(trx);
      expect(await sqlRefusal(sql`UPDATE proposal_line SET unit_price = unit_price + 100 WHERE version_id = ${o.versionId}`.execute(trx))).toMatch(/^(23001|23503)$/);
      throw new Error('rollback');
    }).catch((e: Error) => { if (e.message !== 'rollback') throw e; });
    await d.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE proposal_version DISABLE TRIGGER proposal_version_guard`.execute(trx);
      expect(await sqlRefusal(sql`UPDATE proposal_version SET monthly_total = monthly_total + 1, net_total = net_total + 1, gross_total = gross_total + 1 WHERE id = ${o.versionId}`.execute(trx))).toMatch(/^(23001|23503)$/);
      throw new Error('rollback');
    }).catch((e: Error) => { if (e.message !== 'rollback') throw e; });
    // An order of a version that is not accepted, or without all its lines, is refused too.
    const sent = await createProposal(w.manager, proposalInput(w, 2_500_000, { serviceDate: '2026-12-15' }));
    await sendProposal(w.manager, sent.id);
    const insert = (vid: string, pid: string, totals: { m: bigint; s: bigint; n: bigint; v: bigint; g: bigint }) => sql`
      INSERT INTO sales_order (id, number, proposal_id, version_id, company_id, seller_id, manager_name, planned_start, monthly_total, setup_total, net_total, vat_total, gross_total)
      VALUES (${'or_sql' + Math.random()}, ${'X-' + Math.random()}, ${pid}, ${vid}, ${w.client.id}, ${w.own.id}, 'sql', '2026-12-15', ${totals.m}, ${totals.s}, ${totals.n}, ${totals.v}, ${totals.g})`.execute(d.db);
    const sv = await d.db.selectFrom('proposal_version').selectAll().where('proposal_id', '=', sent.id).executeTakeFirstOrThrow();
    expect(await sqlRefusal(insert(sv.id, sent.id, { m: sv.monthly_total, s: sv.setup_total, n: sv.net_total, v: sv.vat_total, g: sv.gross_total }))).toBe('RD301');
    const acc = await acceptedProposal(w);
    const av = await d.db.selectFrom('proposal_version').selectAll().where('proposal_id', '=', acc.id).executeTakeFirstOrThrow();
    expect(await sqlRefusal(insert(av.id, acc.id, { m: av.monthly_total, s: av.setup_total, n: av.net_total, v: av.vat_total, g: av.gross_total }))).toBe('RD302');
  });

  it('renders the contract DOCX and PDF with both sides, services, prices, VAT, SLA and signatories; file names carry number and client', async () => {
    const p = await acceptedProposal(w);
    const o = await createOrder(w.manager, { proposalId: p.id });
    const { fileName, docx } = await contractDocx(w.manager, o.id);
    expect(fileName).toContain(o.contract.number);
    expect(fileName).toContain(w.client.name.replace(/[^\p{L}\p{N}.-]+/gu, '_').replace(/^_+|_+$/g, ''));
    expect(fileName).not.toMatch(/or_|ck_|cd_/);
    const text = docxText(docx);
    for (const s of [`ПРИЛОЖЕНИЕ № ${o.contract.appendixNo}`, o.contract.number, o.number, w.client.inn!, w.own.inn!, 'Петров Пётр Петрович', 'Иванов Иван Иванович',
      formatRubles(2_500_000n), formatRubles(5_000_000n), 'НДС 22 %', 'доступность 99,8 %', 'ОЗУ, ГБ: 64', '15.12.2026']) expect(text).toContain(s);
    expect(text).not.toContain('undefined');
    const pdf = await contractPdf(w.manager, o.id);
    expect(pdf.fileName.endsWith('.pdf')).toBe(true);
    const pt = (await pdfText(pdf.pdf)).replace(/\s+/g, ' ');
    for (const s of [o.contract.number, w.client.inn!, 'Петров Пётр Петрович', formatRubles(5_000_000n)]) expect(pt).toContain(s.replace(/\s+/g, ' '));
  });

  it('signing goes step by step with channel and tracking, dates per step and a scan; the database refuses skipped steps', async () => {
    const o = await createOrder(w.manager, { proposalId: (await acceptedProposal(w)).id });
    expect((await rejects(advanceSigning(w.manager, o.id, 'client_signed', {}))).key).toBe('e.contract.step');
    expect((await rejects(advanceSigning(w.manager, o.id, 'sent', {}))).key).toBe('e.contract.channelRequired');
    expect((await rejects(advanceSigning(w.manager, o.id, 'sent', { channel: 'mail' }))).key).toBe('e.contract.trackingRequired');
    expect(await sqlRefusal(sql`UPDATE contract_doc SET status = 'signed', channel = 'edo', sent_at = now(), client_signed_at = now(), signed_at = now() WHERE order_id = ${o.id}`.execute(d.db))).toBe('RD320');
    expect(await sqlRefusal(sql`UPDATE contract_doc SET status = 'sent', channel = 'mail', sent_at = now() WHERE order_id = ${o.id}`.execute(d.db))).toBe('23514');
    const sent = await advanceSigning(w.manager, o.id, 'sent', { channel: 'mail', tracking: 'РПО 80081234567890', at: '2026-11-20T10:00:00+03:00' });
    expect(sent.contract).toMatchObject({ status: 'sent', channel: 'mail', tracking: 'РПО 80081234567890' });
    expect(sent.contract.sentAt?.toISOString()).toBe('2026-11-20T07:00:00.000Z');
    expect((await rejects(handOffOrder(w.manager, o.id))).key).toBe('e.order.notSigned');
    expect(await sqlRefusal(sql`UPDATE sales_order SET status = 'handed_off', initial_invoice_id = (SELECT id FROM invoice LIMIT 1), handed_off_at = now() WHERE id = ${o.id}`.execute(d.db))).toBe('RD330');
    await advanceSigning(w.manager, o.id, 'client_signed', {});
    const signed = await advanceSigning(w.manager, o.id, 'signed', {});
    expect(signed.contract.status).toBe('signed');
    expect((await listOrders(w.manager, { companyId: w.client.id })).find((x) => x.id === o.id)?.signed).toBe(true);
    const archived = await attachScan(w.manager, o.id, Buffer.from('%PDF-1.4 scan'), 'scan.pdf');
    expect(archived.contract).toMatchObject({ status: 'archived', scanName: 'scan.pdf' });
  });

  it('hands off in one step: pending services, the initial invoice (setup + prorated first period), provisioning, holds become assignments', async () => {
    const server = await createEquipment(w.tech, { kind: 'server', model: 'Dell R650', serial: `SN-${Math.random().toString(36).slice(2)}`, cpuCores: 8, ramGb: 64, disks: '2×960', siteId: w.site.id });
    await holdResource(w.tech, { target: { resource: 'equipment', equipmentId: server.id }, companyId: w.client.id, answerId: w.feasibility });
    const o = await signedOrder(w);
    const h = await handOffOrder(w.assistant, o.id);
    expect(h.status).toBe('handed_off');
    expect(h.services).toHaveLength(1);
    expect(h.services[0]).toMatchObject({ status: 'pending', startDate: '2026-12-15', monthlyPrice: 2_500_000n, quantity: 2 });
    const inv = await getInvoice(w.accounting, h.invoice!.id);
    // setup 2 × 5 000 ₽; first period 15–31.12 of 50 000 ₽ = 50 000 − round(50 000 × 14 / 31) = 27 419,35 ₽
    expect(inv.lines.map((l) => [l.kind, l.net, l.period])).toEqual([['setup', 1_000_000n, null], ['period', 2_741_935n, '2026-12']]);
    expect(inv.total).toBe(1_000_000n + 2_741_935n + 220_000n + 603_226n);
    expect(h.provisioning).toMatchObject({ status: 'waiting_payment', leadDays: 5, deadline: null });
    expect(h.provisioning!.checklist.length).toBeGreaterThan(3);
    const assigned = await listAllocations(w.tech, { assignedKind: 'service', assignedRef: h.services[0]!.id });
    expect(assigned.map((a) => [a.state, a.equipmentId])).toEqual([['assigned', server.id]]);
    expect((await rejects(handOffOrder(w.assistant, o.id))).key).toBe('e.order.transition');
    expect((await getOrder(w.manager, o.id)).status).toBe('handed_off');
  });

  it('a failing step undoes the whole hand-off', async () => {
    const o = await signedOrder(w);
    // The client stops being a client: the billing service cannot be created, so nothing is created.
    await sql`UPDATE company SET roles = '{supplier}' WHERE id = ${w.client.id}`.execute(d.db);
    try {
      expect((await rejects(handOffOrder(w.assistant, o.id))).key).toBe('e.service.clientNotClient');
    } finally {
      await sql`UPDATE company SET roles = '{client}' WHERE id = ${w.client.id}`.execute(d.db);
    }
    const after = await getOrder(w.manager, o.id);
    expect([after.status, after.invoice, after.provisioning, after.services]).toEqual(['new', null, null, []]);
  });
});
