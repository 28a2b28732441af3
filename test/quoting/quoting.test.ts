import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDb, engineName } from '../helpers/db.ts';
import { pdfText } from '../helpers/pdf.ts';
import type { Database } from '../../src/db/connect.ts';
import { AppError } from '../../src/domain/errors.ts';
import { lineMoney } from '../../src/domain/quoting/quote.ts';
import { addLine, createProposal, getProposal, updateLine, updateProposalHeader } from '../../src/app/quoting/proposals.ts';
import { approvalInbox, approveProposal, decideProposal, expireProposals, reviseProposal, sendProposal, submitForApproval } from '../../src/app/quoting/transitions.ts';
import { proposalDocx, proposalPdf } from '../../src/app/quoting/documents.ts';
import { importPriceList } from '../../src/app/flows/cost-changed.ts';
import { belowFloorReport } from '../../src/app/flows/below-floor-report.ts';
import { pricingWorld, proposalInput, type World } from './world.ts';
import PizZip from 'pizzip';

const FLOOR = 2_103_800n; // 21 038,00 ₽, see world.ts

async function rejects(p: Promise<unknown>): Promise<AppError> {
  try { await p; } catch (e) { if (e instanceof AppError) return e; throw e; }
  throw new Error('expected a refusal');
}

describe(`proposals, floors and approvals (${engineName})`, () => {
  let database: Database;
  let w: World;
  beforeAll(async () => { database = await testDb(); w = await pricingWorld(database.db); });

  it('prices a line from supplier costs with a trace to each price line, the floor and the margin', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 2_500_000));
    const l = p.lines[0]!;
    expect(l.unitCost).toBe(1_683_000n);
    expect(l.unitFloor).toBe(FLOOR);
    expect(l.costTrace.map((t) => [t.sku, t.monthly])).toEqual([[w.sku.srv, '1000000'], [w.sku.rack, '500000'], [w.sku.ip, '30000']]);
    expect(l.costTrace.every((t) => t.priceLineId.startsWith('pn_'))).toBe(true);
    expect(l.belowFloor).toBe(false);
    expect(l.marginPct).toBe('32.7');
    expect(p.version.vatRate).toBe('22');
    // 2 × 25 000 + 2 × 5 000 setup = 60 000; VAT 22 % = 13 200
    expect([p.version.netTotal, p.version.vatTotal, p.version.grossTotal]).toEqual([6_000_000n, 1_320_000n, 7_320_000n]);
    expect(p.needsApproval).toBe(false);
  });

  it('refuses to send a below-floor version without approval; management approves with a reason; the PDF carries requisites and totals', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 2_000_000));
    expect(p.lines[0]!.belowFloor).toBe(true);
    expect(p.blockers.map((b) => b.key)).toContain('e.quote.belowFloor');
    const e = await rejects(sendProposal(w.manager, p.id));
    expect(e.key).toBe('e.quote.belowFloor');
    await submitForApproval(w.manager, p.id);
    expect((await rejects(sendProposal(w.manager, p.id))).key).toBe('e.quote.pendingApproval');
    expect((await rejects(approveProposal(w.manager, p.id, { reason: 'хочу' }))).code).toBe('forbidden');
    expect((await rejects(approveProposal(w.management, p.id, { reason: '' }))).code).toBe('validation');
    expect((await approvalInbox(w.management)).some((i) => i.proposalId === p.id)).toBe(true);
    const approved = await approveProposal(w.management, p.id, { reason: 'Стратегический клиент, объём 2 сервера' });
    expect(approved.version.status).toBe('approved');
    expect(approved.approvals[0]).toMatchObject({ approverId: w.management.userId, valid: true });
    const sent = await sendProposal(w.manager, p.id);
    expect(sent.version.status).toBe('sent');
    expect(sent.version.sentHash).toBe(sent.contentHash);
    const text = (await pdfText((await proposalPdf(w.manager, p.id)).pdf)).replace(/\s+/g, ' ');
    expect(text).toContain(`Клиент ${w.tag}`);
    expect(text).toContain(`ИНН ${w.client.inn}`);
    expect(text).toContain(`КПП ${w.client.kpp}`);
    expect(text).toContain(`ИНН ${w.own.inn}`);
    expect(text).toContain(p.number);
    // 2 × 20 000 + 2 × 5 000 = 50 000; VAT 22 % = 11 000; gross 61 000
    expect(text).toContain('50 000,00 ₽');
    expect(text).toContain('НДС 22 %');
    expect(text).toContain('11 000,00 ₽');
    expect(text).toContain('61 000,00 ₽');
    expect(text).toContain('31.12.2026');
    const docx = (await proposalDocx(w.manager, p.id)).docx;
    const xml = new PizZip(docx).file('word/document.xml')!.asText();
    expect(xml).toContain(`ИНН ${w.client.inn}`);
    expect(xml).toContain('61\u00a0000,00\u00a0₽');
    const accepted = await decideProposal(w.manager, p.id, 'accepted');
    expect(accepted.version.status).toBe('accepted');
  });

  it('an edit after approval voids it: the version goes back to pending and cannot be sent', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 2_000_000));
    await submitForApproval(w.manager, p.id);
    await approveProposal(w.management, p.id, { reason: 'Согласовано' });
    const edited = await updateLine(w.manager, p.id, p.lines[0]!.id, { unitPrice: 1_900_000 });
    expect(edited.version.status).toBe('pending_approval');
    // a change of one field leaves the others as they were
    expect([edited.lines[0]!.quantity, edited.lines[0]!.setupFee]).toEqual([2, 500_000n]);
    expect(edited.approvals[0]!.valid).toBe(false);
    expect((await rejects(sendProposal(w.manager, p.id))).key).toBe('e.quote.pendingApproval');
    // an edit that lifts every price above the floor needs no approval at all
    const fixed = await updateLine(w.manager, p.id, p.lines[0]!.id, { unitPrice: 2_200_000 });
    expect(fixed.version.status).toBe('draft');
    expect((await sendProposal(w.manager, p.id)).version.status).toBe('sent');
  });

  it('the approval binds to the content the approver saw', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 2_000_000));
    await submitForApproval(w.manager, p.id);
    const seen = (await getProposal(w.management, p.id)).contentHash;
    await updateLine(w.manager, p.id, p.lines[0]!.id, { discountPct: '10' });
    expect((await rejects(approveProposal(w.management, p.id, { reason: 'ок' + '!' }, seen))).key).toBe('e.quote.approvalStale');
  });

  it('the database refuses a direct status update to sent or accepted below floor without a matching approval', async () => {
    const db = database.db;
    const p = await createProposal(w.manager, proposalInput(w, 2_000_000));
    const vid = p.version.id;
    await expect(sql`UPDATE proposal_version SET status = 'sent' WHERE id = ${vid}`.execute(db)).rejects.toMatchObject({ code: 'RD001' });
    await expect(sql`UPDATE proposal_version SET status = 'accepted' WHERE id = ${vid}`.execute(db)).rejects.toMatchObject({ code: 'RD004' });
    await expect(sql`INSERT INTO proposal_version (id, proposal_id, version, status, service_date, valid_until, tax_mode) VALUES ('qv_x' || ${vid}, ${p.id}, 99, 'sent', '2026-12-01', '2026-12-31', 'osn')`.execute(db)).rejects.toMatchObject({ code: 'RD004' });
    // an approval cannot be forged: wrong hash, or an approver who is not management
    await expect(sql`INSERT INTO proposal_approval (id, version_id, content_hash, approver_id, approver_name, reason) VALUES ('qa_f1', ${vid}, 'deadbeef', ${w.management.userId}, 'x', 'forged')`.execute(db)).rejects.toMatchObject({ code: 'RD003' });
    await expect(sql`INSERT INTO proposal_approval (id, version_id, content_hash, approver_id, approver_name, reason) VALUES ('qa_f2', ${vid}, proposal_version_hash(${vid}), ${w.manager.userId}, 'x', 'forged')`.execute(db)).rejects.toMatchObject({ code: 'RD002' });
    // the floor cannot be lowered, nor a component dropped from the trace, behind the app's back
    await expect(sql`UPDATE proposal_line SET unit_floor = unit_cost WHERE version_id = ${vid}`.execute(db)).rejects.toMatchObject({ code: 'RD006' });
    await expect(sql`UPDATE proposal_line SET unit_floor = 0, unit_cost = 0 WHERE version_id = ${vid}`.execute(db)).rejects.toMatchObject({ code: 'RD006' });
    await expect(sql`UPDATE proposal_line SET cost_trace = cost_trace - 0 WHERE version_id = ${vid}`.execute(db)).rejects.toMatchObject({ code: 'RD006' });
    await expect(sql`UPDATE proposal_line SET components = components - 0 WHERE version_id = ${vid}`.execute(db)).rejects.toMatchObject({ code: 'RD006' });
    await submitForApproval(w.manager, p.id);
    await approveProposal(w.management, p.id, { reason: 'Согласовано' });
    // change the price behind the app's back: the approval no longer matches
    await sql`UPDATE proposal_line SET unit_price = 1000000 WHERE version_id = ${vid}`.execute(db);
    await expect(sql`UPDATE proposal_version SET status = 'sent' WHERE id = ${vid}`.execute(db)).rejects.toMatchObject({ code: 'RD001' });
    await sql`UPDATE proposal_line SET unit_price = 2000000 WHERE version_id = ${vid}`.execute(db);
    // approved, but no line names the tech department's answer it rests on: still refused
    await expect(sql`UPDATE proposal_version SET status = 'sent' WHERE id = ${vid}`.execute(db)).rejects.toMatchObject({ code: 'RD010' });
    await sql`UPDATE proposal_line SET feasibility_answer_id = ${w.feasibility} WHERE version_id = ${vid}`.execute(db);
    await sql`UPDATE proposal_version SET status = 'sent' WHERE id = ${vid}`.execute(db);
    // a sent version is frozen: lines, totals and dates
    await expect(sql`UPDATE proposal_line SET unit_price = 1 WHERE version_id = ${vid}`.execute(db)).rejects.toMatchObject({ code: 'RD005' });
    await expect(sql`DELETE FROM proposal_line WHERE version_id = ${vid}`.execute(db)).rejects.toMatchObject({ code: 'RD005' });
    await expect(sql`UPDATE proposal_version SET valid_until = '2027-12-31' WHERE id = ${vid}`.execute(db)).rejects.toMatchObject({ code: 'RD005' });
    await expect(sql`DELETE FROM proposal_approval WHERE version_id = ${vid}`.execute(db)).rejects.toMatchObject({ code: 'P0001', message: expect.stringMatching(/append-only/) });
  });

  it('sending and editing the same version at once: exactly one send wins, nothing changes after it', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 2_500_000));
    const results = await Promise.allSettled([
      ...Array.from({ length: 4 }, () => sendProposal(w.manager, p.id)),
      // Edits that keep the price above the floor: whichever lands first, the version stays sendable.
      ...Array.from({ length: 3 }, (_, i) => updateLine(w.manager, p.id, p.lines[0]!.id, { unitPrice: 2_600_000 + i })),
    ]);
    const sends = results.slice(0, 4).filter((r) => r.status === 'fulfilled');
    expect(sends).toHaveLength(1);
    const final = await getProposal(w.manager, p.id);
    expect(final.version.status).toBe('sent');
    expect(final.lines[0]!.belowFloor).toBe(false);
    // What went out is what the version holds: no edit slipped in after the send.
    expect(final.version.sentHash).toBe(final.contentHash);
    const edits = results.slice(4);
    // A refused edit says why: a concurrent change (conflict), or the version is no longer a draft (rule).
    for (const r of edits) if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toMatch(/^(conflict|validation|rule)$/);
    const prices = [2_500_000n, 2_600_000n, 2_600_001n, 2_600_002n];
    expect(prices).toContain(final.lines[0]!.unitPrice);
    if (edits.every((r) => r.status === 'rejected')) expect(final.lines[0]!.unitPrice).toBe(2_500_000n);
  });

  it('a supplier price rise reprices drafts, voids their approvals and shows in the below-floor report', async () => {
    const w2 = await pricingWorld(database.db);
    const p = await createProposal(w2.manager, proposalInput(w2, 2_000_000));
    await submitForApproval(w2.manager, p.id);
    await approveProposal(w2.management, p.id, { reason: 'Согласовано до роста цен' });
    const ok = await createProposal(w2.manager, proposalInput(w2, 2_300_000));
    const today = new Date().toISOString().slice(0, 10);
    const csv = `sku;component;billing;price\n${w2.sku.srv};hardware;one_time;540000\n${w2.sku.rack};rack;monthly;5000\n${w2.sku.ip};ip;monthly;150\n`;
    await importPriceList(w2.management, { supplierId: w2.supplier.id, effectiveFrom: today, fileName: 'raise.csv' }, csv);
    const after = await getProposal(w2.manager, p.id);
    expect(after.lines[0]!.unitCost).toBe(2_233_000n);
    expect(after.version.status).toBe('pending_approval');
    expect(after.approvals[0]!.valid).toBe(false);
    const okAfter = await getProposal(w2.manager, ok.id);
    expect(okAfter.lines[0]!.belowFloor).toBe(true);
    const report = await belowFloorReport(w2.manager);
    expect(report.offers.map((o) => o.id)).toContain(w2.offer.id);
    expect(report.proposals.map((x) => x.proposalId)).toEqual(expect.arrayContaining([p.id, ok.id]));
  });

  it('a price list coming into force later makes the stored costs stale: send reprices and refuses', async () => {
    const w3 = await pricingWorld(database.db);
    const p = await createProposal(w3.manager, proposalInput(w3, 2_300_000));
    const csv = `sku;component;billing;price\n${w3.sku.srv};hardware;one_time;720000\n${w3.sku.rack};rack;monthly;5000\n${w3.sku.ip};ip;monthly;150\n`;
    await importPriceList(w3.management, { supplierId: w3.supplier.id, effectiveFrom: '2027-02-01', fileName: 'future.csv' }, csv);
    expect((await getProposal(w3.manager, p.id)).lines[0]!.unitCost).toBe(1_683_000n);
    const later = { ...w3.manager, now: () => new Date('2027-02-02T09:00:00Z') };
    await updateProposalHeader(w3.manager, p.id, { validUntil: '2027-03-31' });
    const e = await rejects(sendProposal(later, p.id));
    expect(e.key).toBe('e.quote.stalePrices');
    const repriced = await getProposal(later, p.id);
    expect(repriced.lines[0]!.unitCost).toBe(2_783_000n);
    expect(repriced.lines[0]!.belowFloor).toBe(true);
    expect((await rejects(sendProposal(later, p.id))).key).toBe('e.quote.belowFloor');
  });

  it('VAT follows the service date (20 % in 2025, 22 % from 2026) and the seller tax mode («без НДС»)', async () => {
    const p25 = await createProposal(w.manager, proposalInput(w, 2_500_000, { serviceDate: '2025-12-31' }));
    expect(p25.version.vatRate).toBe('20');
    expect(p25.version.vatTotal).toBe(1_200_000n);
    const p26 = await updateProposalHeader(w.manager, p25.id, { serviceDate: '2026-01-01' });
    expect(p26.version.vatRate).toBe('22');
    expect(p26.version.vatTotal).toBe(1_320_000n);
    const usn = await createProposal(w.manager, proposalInput(w, 2_500_000, { sellerCompanyId: w.usnOwn.id }));
    expect(usn.version.vatRate).toBeNull();
    expect([usn.version.vatTotal, usn.version.grossTotal]).toEqual([0n, usn.version.netTotal]);
    const sent = await sendProposal(w.manager, usn.id);
    expect((await pdfText((await proposalPdf(w.manager, sent.id)).pdf))).toContain('Без НДС');
  });

  it('every money figure is rounded once, half away from zero, identically in the app and the database', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 2_500_000));
    const cases: [number, string][] = [[2_500_001, '0.5'], [2_500_003, '33.33'], [2_499_999, '12.5'], [2_500_050, '99.99'], [3_333_333, '0.01'], [2_500_001, '50']];
    for (const [price, discount] of cases) {
      const r = await updateLine(w.manager, p.id, p.lines[0]!.id, { unitPrice: price, discountPct: discount });
      const l = r.lines[0]!;
      const db = (await sql<{ n: string }>`SELECT proposal_line_net(unit_price, discount_pct)::text AS n FROM proposal_line WHERE id = ${l.id}`.execute(database.db)).rows[0]!.n;
      expect(BigInt(db)).toBe(l.unitNet);
      expect(l.unitNet).toBe(lineMoney({ unitPrice: BigInt(price), discountPct: discount, quantity: 1, setupFee: 0n, unitCost: 0n, unitFloor: 0n }).unitNet);
      expect(r.version.netTotal).toBe(l.monthly + l.setup);
      expect(r.version.grossTotal).toBe(r.version.netTotal + r.version.vatTotal);
    }
    // 2 500 001 × 0.5 % = 12 500.005 → 12 500 kopecks off; half-up at .5: 2 500 001 × 50 % = 1 250 000.5 → 1 250 001
    const half = await updateLine(w.manager, p.id, p.lines[0]!.id, { unitPrice: 2_500_001, discountPct: '50' });
    expect(half.lines[0]!.unitNet).toBe(1_250_000n);
  });

  it('a sent proposal cannot be accepted after its validity; the daily job expires it', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 2_500_000));
    await sendProposal(w.manager, p.id);
    const later = { ...w.manager, now: () => new Date('2027-01-10T09:00:00Z') };
    expect((await rejects(decideProposal(later, p.id, 'accepted'))).key).toBe('e.quote.validityPassed');
    expect(await expireProposals(later)).toBeGreaterThanOrEqual(1);
    expect((await getProposal(w.manager, p.id)).version.status).toBe('expired');
    expect((await rejects(decideProposal(w.manager, p.id, 'accepted'))).key).toBe('e.quote.transition');
  });

  it('a sent version never changes; a revision creates version 2 from it', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 2_500_000));
    await sendProposal(w.manager, p.id);
    expect((await rejects(updateLine(w.manager, p.id, p.lines[0]!.id, { unitPrice: 1 }))).key).toBe('e.quote.notEditable');
    const v2 = await reviseProposal(w.manager, p.id);
    expect(v2.version.version).toBe(2);
    expect(v2.version.status).toBe('draft');
    await addLine(w.manager, p.id, { siteId: w.site.id, serviceKind: 'internet', description: 'Канал 100 Мбит/с', params: { mbps: 100, ipv4: 1 }, components: [{ sku: w.sku.ip, quantity: 1 }], unitPrice: 100_000 });
    const v1 = await getProposal(w.manager, p.id, 1);
    expect(v1.version.status).toBe('sent');
    expect(v1.lines).toHaveLength(1);
    expect((await getProposal(w.manager, p.id)).lines).toHaveLength(2);
  });

  it('custom lines need a priced configuration and valid parameters', async () => {
    const p = await createProposal(w.manager, proposalInput(w, 2_500_000));
    const e = await rejects(addLine(w.manager, p.id, { siteId: w.site.id, serviceKind: 'vps', description: 'VPS', params: { vcpu: 2, ramGb: 4, diskGb: 40, ipv4: 1 }, components: [{ sku: 'NO-SUCH-SKU', quantity: 1 }], unitPrice: 50_000 }));
    expect(e.key).toBe('e.pricing.noPrice');
    const e2 = await rejects(addLine(w.manager, p.id, { siteId: w.site.id, serviceKind: 'vps', description: 'VPS', params: { vcpu: 'two' }, components: [{ sku: w.sku.ip, quantity: 1 }], unitPrice: 50_000 }));
    expect(e2.fieldErrors.map((f) => f.path)).toEqual(expect.arrayContaining(['params.vcpu', 'params.ramGb']));
  });
});
