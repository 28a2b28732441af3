import PizZip from 'pizzip';
import { beforeAll, describe, expect, it } from 'vitest';
import { engineName, testDb } from '../helpers/db.ts';
import { pdfText } from '../helpers/pdf.ts';
import type { Database } from '../../src/db/connect.ts';
import { contractDocx, contractPdf } from '../../src/app/contracts/contracts.ts';
import { contractDataFor } from '../../src/app/contracts/contract-data.ts';
import { createOrder } from '../../src/app/orders/orders.ts';
import { acceptedProposal, orderWorld, type OrderWorld } from './world.ts';

/** Whitespace (NBSP included) collapsed, so line breaks of a PDF and runs of a DOCX compare alike. */
const norm = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
const docxText = (b: Buffer) => norm(new PizZip(b).file('word/document.xml')!.asText().replace(/<\/w:p>/g, ' ').replace(/<[^>]+>/g, ''));

/**
 * The contract PDF is built from the same data as the DOCX (no DOCX→PDF converter on the machines: see
 * README «Договор: DOCX и PDF»). This proves they say the same: every value the DOCX shows is in the PDF
 * too, and the key fields are in both.
 */
describe(`contract DOCX and PDF carry the same text (${engineName})`, () => {
  let d: Database;
  let w: OrderWorld;
  beforeAll(async () => { d = await testDb(); w = await orderWorld(d.db); });

  it('every value of the contract data the DOCX shows is in the PDF; the key fields are in both', async () => {
    const o = await createOrder(w.manager, { proposalId: (await acceptedProposal(w)).id });
    const { fileBase: _f, services, ...data } = await contractDataFor(w.manager, o.id);
    const docx = docxText((await contractDocx(w.manager, o.id)).docx);
    const pdf = norm(await pdfText((await contractPdf(w.manager, o.id)).pdf));
    const scalars = Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string' && norm(e[1]).length > 1);
    // Table cells wrap in the PDF and its text interleaves the cells of a row line by line: compare a cell's parts.
    const rowParts = services.flatMap((r) => [r.description, r.kind, r.site, r.unitNet, r.monthly, r.setup, ...r.tech.split('; ')].map((v, i) => [`services.${r.position}.${i}`, v] as [string, string]));
    const inDocxNotPdf = [...scalars, ...rowParts].filter(([, v]) => docx.includes(norm(v)) && !pdf.includes(norm(v))).map(([k]) => k);
    expect(inDocxNotPdf).toEqual([]);
    const key = ['contractNumber', 'contractDate', 'appendixNumber', 'orderNumber', 'proposalNumber', 'startDate', 'sellerName', 'sellerInn', 'sellerKpp', 'sellerAccount', 'sellerBik',
      'clientName', 'clientInn', 'clientKpp', 'clientAccount', 'clientBik', 'sellerSignatory', 'clientSignatory', 'monthlyTotal', 'setupTotal', 'netTotal', 'vatLabel', 'vatTotal',
      'grossTotal', 'grossTotalWords', 'sla'];
    const missing = key.flatMap((k) => [docx.includes(norm(String(data[k]))) ? [] : [`docx:${k}`], pdf.includes(norm(String(data[k]))) ? [] : [`pdf:${k}`]].flat());
    expect(missing).toEqual([]);
    for (const [, v] of rowParts) { expect(docx).toContain(norm(v)); expect(pdf).toContain(norm(v)); }
  });
});
