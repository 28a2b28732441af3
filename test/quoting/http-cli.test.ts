import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { testDb, engineName, freshDatabase } from '../helpers/db.ts';
import { newCliEnv, removeCliEnvsAfterAll, runCliCapture } from '../helpers/cli.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import { pdfText } from '../helpers/pdf.ts';
import type { Database } from '../../src/db/connect.ts';
import { writeXlsx } from '../../src/app/documents/tabular.ts';
import { createProposal, getProposal } from '../../src/app/quoting/proposals.ts';
import { listPriceLists } from '../../src/app/suppliers/price-lists.ts';
import { getFormula } from '../../src/app/pricing/formula.ts';
import { setFormula } from '../../src/app/flows/cost-changed.ts';
import { openDatabase } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { pricingWorld, proposalInput, type World } from './world.ts';

describe(`proposals over HTTP (${engineName})`, () => {
  let database: Database;
  let app: FastifyInstance;
  let w: World;
  beforeAll(async () => { database = await testDb(); app = await testServer(database); w = await pricingWorld(database.db); });
  afterAll(async () => { await app.close(); });

  it('builds a proposal, refuses the below-floor send with 422 and a reason, approves, sends, downloads the PDF', async () => {
    const manager = await loginAs(app, database, 'manager');
    const boss = await loginAs(app, database, 'management');
    const created = await app.inject({ method: 'POST', url: '/api/v1/proposals', headers: manager.headers, payload: proposalInput(w, 2_000_000) });
    expect(created.statusCode).toBe(201);
    const p = created.json() as { id: string; lines: { unitFloor: string; belowFloor: boolean }[]; blockers: { key: string }[] };
    expect(p.lines[0]).toMatchObject({ unitFloor: '2103800', belowFloor: true });
    const refused = await app.inject({ method: 'POST', url: `/api/v1/proposals/${p.id}/send`, headers: manager.headers });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ key: 'e.quote.belowFloor' });
    expect((refused.json() as { detail: string }).detail).toContain('согласование');
    expect((await app.inject({ method: 'POST', url: `/api/v1/proposals/${p.id}/submit`, headers: manager.headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/approvals/inbox', headers: manager.headers })).statusCode).toBe(403);
    const inbox = (await app.inject({ method: 'GET', url: '/api/v1/approvals/inbox', headers: boss.headers })).json() as { items: { proposalId: string; contentHash: string }[] };
    const item = inbox.items.find((i) => i.proposalId === p.id)!;
    expect((await app.inject({ method: 'POST', url: `/api/v1/proposals/${p.id}/approve`, headers: boss.headers, payload: {} })).statusCode).toBe(400);
    const ok = await app.inject({ method: 'POST', url: `/api/v1/proposals/${p.id}/approve`, headers: boss.headers, payload: { reason: 'Крупный клиент', contentHash: item.contentHash } });
    expect(ok.statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/api/v1/proposals/${p.id}/send`, headers: manager.headers })).json()).toMatchObject({ version: { status: 'sent' } });
    const pdf = await app.inject({ method: 'GET', url: `/api/v1/proposals/${p.id}/pdf`, headers: manager.headers });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(await pdfText(pdf.rawPayload)).toContain(w.client.inn!);
    const docx = await app.inject({ method: 'GET', url: `/api/v1/proposals/${p.id}/docx`, headers: manager.headers });
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('bad input is 4xx, never 5xx; the OpenAPI lists the endpoints', async () => {
    const manager = await loginAs(app, database, 'manager');
    const bad = await app.inject({ method: 'POST', url: '/api/v1/proposals', headers: manager.headers, payload: { companyId: w.client.id, serviceDate: '2026-13-01', validUntil: 'x', lines: [{ unitPrice: -5 }] } });
    expect(bad.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/proposals/qt_nope', headers: manager.headers })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/v1/catalog/offers', headers: manager.headers, payload: { code: 'X' } })).statusCode).toBe(400);
    const junk = await app.inject({ method: 'POST', url: `/api/v1/price-lists?supplierId=${w.supplier.id}&effectiveFrom=2026-05-01`, headers: { ...manager.headers, 'content-type': 'application/octet-stream' }, payload: Buffer.from('PK\x03\x04garbage') });
    expect(junk.statusCode).toBe(403); // managers do not import price lists
    const openapi = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, unknown> };
    for (const path of ['/api/v1/proposals/{id}/send', '/api/v1/proposals/{id}/approve', '/api/v1/price-lists', '/api/v1/catalog/offers', '/api/v1/pricing/below-floor', '/api/v1/approvals/inbox']) expect(openapi.paths).toHaveProperty([path]);
  });

  it('imports an XLSX price list with preview; a bad file is refused whole with line numbers', async () => {
    const boss = await loginAs(app, database, 'management');
    const xlsx = await writeXlsx([{ name: 'Прайс', columns: [{ header: 'Артикул', key: 'sku' }, { header: 'Компонент', key: 'c' }, { header: 'Оплата', key: 'b' }, { header: 'Цена', key: 'p' }], rows: [
      { sku: `${w.tag}-PWR`, c: 'power', b: 'monthly', p: 3500 }, { sku: `${w.tag}-LIC`, c: 'licence', b: 'monthly', p: '990,50' },
    ] }]);
    const url = `/api/v1/price-lists?supplierId=${w.supplier.id}&effectiveFrom=2026-03-01&fileName=p.xlsx`;
    const headers = { ...boss.headers, 'content-type': 'application/octet-stream' };
    const preview = await app.inject({ method: 'POST', url: url.replace('/price-lists?', '/price-lists/preview?'), headers, payload: xlsx });
    expect(preview.json()).toMatchObject({ rows: [{ sku: `${w.tag}-PWR`, price: '350000', lineNo: 2 }, { price: '99050', lineNo: 3 }] });
    const before = (await listPriceLists(w.management, { supplierId: w.supplier.id })).total;
    const bad = await writeXlsx([{ name: 'P', columns: [{ header: 'sku', key: 's' }, { header: 'component', key: 'c' }, { header: 'billing', key: 'b' }, { header: 'price', key: 'p' }], rows: [
      { s: `${w.tag}-OK`, c: 'power', b: 'monthly', p: 1 }, { s: `${w.tag}-BAD`, c: 'power', b: 'weekly', p: 1 },
    ] }]);
    const refused = await app.inject({ method: 'POST', url, headers, payload: bad });
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['line 3.billing']);
    // the message says where, in the language asked for; the path stays for programs
    expect((refused.json() as { errors: { message: string }[] }).errors[0]!.message).toMatch(/^Строка 3, столбец «billing»: [А-Я]/);
    const inEnglish = await app.inject({ method: 'POST', url, headers: { ...headers, 'accept-language': 'en' }, payload: bad });
    expect((inEnglish.json() as { errors: { message: string }[] }).errors[0]!.message).toMatch(/^Line 3, column “billing”: [A-Z]/);
    expect((await listPriceLists(w.management, { supplierId: w.supplier.id })).total).toBe(before);
    expect((await app.inject({ method: 'POST', url, headers, payload: xlsx })).statusCode).toBe(201);
    const again = await app.inject({ method: 'POST', url, headers, payload: xlsx });
    expect(again.statusCode).toBe(409);
    expect((await listPriceLists(w.management, { supplierId: w.supplier.id })).items.map((l) => l.effectiveFrom)).toEqual(['2026-03-01', '2026-01-01']);
  });
});

describe(`formula changes (${engineName})`, () => {
  it('a new formula version reprices drafts; only management sets it; old versions stay', async () => {
    const d = await freshDatabase();
    try {
      const w = await pricingWorld(d.db);
      const p = await createProposal(w.manager, proposalInput(w, 2_200_000));
      expect((await getProposal(w.manager, p.id)).lines[0]!.belowFloor).toBe(false);
      await expect(setFormula(w.manager, { minMarginPct: '30', overheadPct: '10', amortizationMonths: 36, floorStep: 100 })).rejects.toMatchObject({ code: 'forbidden' });
      await setFormula(w.management, { minMarginPct: '30', overheadPct: '10', amortizationMonths: 36, floorStep: 100 });
      expect((await getFormula(w.manager)).version).toBe(2);
      const after = await getProposal(w.manager, p.id);
      expect(after.lines[0]!.unitFloor).toBe(2_404_300n); // 16 830 / 0.7 = 24 042.86 → 24 043
      expect(after.lines[0]!.formulaVersion).toBe(2);
      expect(after.lines[0]!.belowFloor).toBe(true);
      await expect(d.db.updateTable('pricing_formula').set({ min_margin_pct: '0' }).where('version', '=', 1).execute()).rejects.toMatchObject({ code: 'P0001', message: expect.stringMatching(/append-only/) });
    } finally { await d.close(); }
  });
});

describe(`rackdesk pricelist / proposal CLI (${engineName})`, () => {
  removeCliEnvsAfterAll();

  it('imports a price list, refuses a below-floor send, saves the PDF after approval', async () => {
    const env = await newCliEnv({ prefix: 'rackdesk-quoting-' });
    const dir = env.RACKDESK_DATA_DIR;
    const cli = async (...argv: string[]) => {
      const r = await runCliCapture(env, ...argv);
      if (r.code === 1) console.log('CLI-ERR', argv.join(' '), r.err);
      return r;
    };
    // set up the world through the app on the same database the CLI uses
    const database = await openDatabase(loadConfig(env));
    let w: World;
    let proposalId: string;
    let number: string;
    let bossEmail: string;
    try {
      w = await pricingWorld(database.db);
      ({ id: proposalId, number } = await createProposal(w.manager, proposalInput(w, 2_000_000)));
      bossEmail = (await database.db.selectFrom('app_user').select('email').where('id', '=', w.management.userId).executeTakeFirstOrThrow()).email;
    } finally { await database.close(); }
    const file = join(dir, 'prices.csv');
    writeFileSync(file, `sku;component;billing;price\n${w.tag}-X;power;monthly;100\n${w.tag}-Y;power;weekly;100\n`);
    const bad = await cli('pricelist', 'import', file, '--supplier', w.supplier.id, '--effective', '2026-02-01');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Строка 3, столбец «billing»: ');
    // a new version is the supplier's whole list: it repeats the lines that stay
    writeFileSync(file, `sku;component;billing;price\n${w.sku.srv};hardware;one_time;360000\n${w.sku.rack};rack;monthly;5000\n${w.sku.ip};ip;monthly;150\n${w.tag}-X;power;monthly;100\n`);
    const good = await cli('pricelist', 'import', file, '--supplier', w.supplier.id, '--effective', '2026-02-01');
    expect(good.code).toBe(0);
    expect(good.out).toContain('строк 4');
    const refused = await cli('proposal', 'send', proposalId);
    expect(refused.code).toBe(6);
    expect(refused.err).toContain('ниже минимальной');
    const report = await cli('below-floor');
    expect(report.out).toContain(`КП ${number}`);
    expect((await cli('proposal', 'submit', proposalId)).code).toBe(0);
    // approval needs a named management user
    expect((await cli('proposal', 'approve', proposalId, '--reason', 'нет')).code).toBe(64);
    const approved = await cli('proposal', 'approve', proposalId, '--as', bossEmail, '--reason', 'Согласовано в CLI');
    expect(approved.err).toBe('');
    expect(approved.code).toBe(0);
    const sent = await cli('proposal', 'send', proposalId);
    expect(sent.err).toBe('');
    expect(sent.code).toBe(0);
    const out = join(dir, 'kp.pdf');
    const pdf = await cli('proposal', 'pdf', proposalId, out);
    expect(pdf.code).toBe(0);
    const text = await pdfText(readFileSync(out));
    expect(text).toContain(w.client.inn!);
    expect(text).toContain('Коммерческое предложение');
  }, 120_000);
});
