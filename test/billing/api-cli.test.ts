import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/bootstrap.ts';
import { makeCtx } from '../../src/app/context.ts';
import { handlers } from '../../src/jobs/registry.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { newCliEnv, removeCliEnvsAfterAll, runCliCapture } from '../helpers/cli.ts';
import { testServer, loginAs } from '../helpers/server.ts';
import { pdfText } from '../helpers/pdf.ts';
import { aClient, anOwnEntity } from './helpers.ts';
import { statementText, toCp1251 } from './statement-fixture.ts';

describe(`billing over HTTP (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  beforeAll(async () => { d = await testDb(); app = await testServer(d); });
  afterAll(async () => { await app.close(); });

  it('accounting creates a service, runs billing, downloads Russian PDFs and the register, imports a statement and sees the invoice paid', async () => {
    const acc = await loginAs(app, d, 'accounting');
    const seller = await anOwnEntity(d.db, 'osn');
    const client = await aClient(d.db);
    const created = await app.inject({ method: 'POST', url: '/api/v1/billing/services', headers: acc.headers, payload: { clientId: client.id, sellerId: seller.id, kind: 'vps', title: 'VPS 4 vCPU / 8 ГБ', monthlyPrice: '2 500,00', startDate: '2026-01-01' } });
    expect(created.statusCode).toBe(201);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/billing/services', headers: acc.headers, payload: { clientId: client.id, kind: 'vps', title: 'x', monthlyPrice: 'много', startDate: '2026-02-30' } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(['monthlyPrice', 'startDate']);
    const run = await app.inject({ method: 'POST', url: '/api/v1/billing/runs', headers: acc.headers, payload: { period: '2028-06' } });
    expect(run.statusCode).toBe(200);
    const list = (await app.inject({ method: 'GET', url: `/api/v1/billing/invoices?clientId=${client.id}`, headers: acc.headers })).json() as { items: { id: string; number: number; total: string }[] };
    expect(list.items).toHaveLength(1);
    const inv = list.items[0]!;
    expect(inv.total).toBe('305000');
    const pdf = await app.inject({ method: 'GET', url: `/api/v1/billing/invoices/${inv.id}/invoice.pdf`, headers: acc.headers });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain(`Счёт на оплату № ${inv.number}`);
    expect(text).toContain('VPS 4 vCPU / 8 ГБ за июнь 2028');
    expect(text).toContain('Три тысячи пятьдесят рублей 00 копеек');
    expect(text).toContain(client.inn!);
    expect(text).toContain('НДС 22%');
    const act = await pdfText((await app.inject({ method: 'GET', url: `/api/v1/billing/invoices/${inv.id}/act.pdf`, headers: acc.headers })).rawPayload);
    expect(act).toContain(`Акт № ${inv.number} от 30.06.2028`);
    const sf = await pdfText((await app.inject({ method: 'GET', url: `/api/v1/billing/invoices/${inv.id}/factura.pdf`, headers: acc.headers })).rawPayload);
    expect(sf).toContain('Счёт-фактура');
    const upd = await pdfText((await app.inject({ method: 'GET', url: `/api/v1/billing/invoices/${inv.id}/upd.pdf`, headers: acc.headers })).rawPayload);
    expect(upd.replace(/\s+/g, ' ')).toContain('Универсальный передаточный документ');
    expect(upd).toContain('Статус: 1');
    const credit = await app.inject({ method: 'POST', url: `/api/v1/billing/clients/${client.id}/apply-credit`, headers: acc.headers });
    expect(credit.json()).toEqual({ applied: '0' });
    const reg = await app.inject({ method: 'GET', url: '/api/v1/billing/register.xlsx?from=2026-01-01&to=2030-12-31', headers: acc.headers });
    expect(reg.statusCode).toBe(200);
    expect(reg.rawPayload.subarray(0, 2).toString()).toBe('PK');

    const file = toCp1251(statementText([seller.settlementAccount!], [{ number: '7', date: '03.12.2026', amount: '3050.00', payerAccount: client.settlementAccount!, payerInn: client.inn!, payerKpp: client.kpp!, payerName: client.name.replace(/[«»]/g, '"'), payeeAccount: seller.settlementAccount!, purpose: `Оплата по счету № ${inv.number} за VPS` }]));
    const imp = await app.inject({ method: 'POST', url: '/api/v1/billing/payments/import?fileName=kl_to_1c.txt', headers: { ...acc.headers, 'content-type': 'application/octet-stream' }, payload: file });
    expect(imp.statusCode).toBe(200);
    expect(imp.json()).toMatchObject({ encoding: 'windows-1251', matched: 1, queued: 0 });
    const after = (await app.inject({ method: 'GET', url: `/api/v1/billing/invoices/${inv.id}`, headers: acc.headers })).json() as { outstanding: string };
    expect(after.outstanding).toBe('0');
    const malformed = await app.inject({ method: 'POST', url: '/api/v1/billing/payments/import', headers: { ...acc.headers, 'content-type': 'application/octet-stream' }, payload: Buffer.from('1CClientBankExchange\nмусор\n') });
    expect(malformed.statusCode).toBe(400);
    expect((malformed.json() as { detail: string }).detail).toContain('строка 2');

    const mgr = await loginAs(app, d, 'manager');
    expect((await app.inject({ method: 'POST', url: '/api/v1/billing/runs', headers: mgr.headers, payload: { period: '2028-06' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/billing/receivables', headers: mgr.headers })).statusCode).toBe(200);
  });

  it('the OpenAPI document lists the billing endpoints', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const paths = Object.keys((r.json() as { paths: Record<string, unknown> }).paths);
    for (const p of ['/api/v1/billing/runs', '/api/v1/billing/payments/import', '/api/v1/billing/services/{id}/closure', '/api/v1/billing/receivables']) expect(paths).toContain(p);
  });

  it('the scheduled billing job bills the current month, and the next one from each service\'s billing day', async () => {
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    const ctx = { ...makeCtx(d.db), now: () => new Date('2029-03-10T06:00:00Z') };
    const { createService } = await import('../../src/app/billing/services.ts');
    const early = await createService(ctx, { clientId: client.id, sellerId: seller.id, kind: 'internet', title: 'Интернет 100 Мбит/с', monthlyPrice: 300_000, startDate: '2029-03-05', billingDay: 5 });
    const late = await createService(ctx, { clientId: client.id, sellerId: seller.id, kind: 'internet', title: 'Интернет 1 Гбит/с', monthlyPrice: 900_000, startDate: '2029-03-05', billingDay: 25 });
    await handlers['billing.run']!(ctx, {});
    const lines = await d.db.selectFrom('invoice_line').select(['service_id', 'period']).where('service_id', 'in', [early.id, late.id]).where('line_kind', '=', 'period').orderBy('period').execute();
    expect(lines.map((l) => `${l.service_id === early.id ? 'early' : 'late'}:${l.period}`).sort()).toEqual(['early:2029-03', 'early:2029-04', 'late:2029-03']);
  });
});

describe(`billing CLI (${engineName})`, () => {
  removeCliEnvsAfterAll();

  it('services import (all or nothing), billing run with progress, payments import', async () => {
    const env = await newCliEnv({ prefix: 'rackdesk-billing-cli-' });
    const dir = env.RACKDESK_DATA_DIR;
    const database = await openDatabase(loadConfig(env));
    let seller; let client;
    try {
      seller = await anOwnEntity(database.db, 'usn');
      await database.db.updateTable('own_entity').set({ is_default: true }).where('company_id', '=', seller.id).execute();
      client = await aClient(database.db);
    } finally { await database.close(); }
    const cli = (...argv: string[]) => runCliCapture(env, ...argv);
    const header = 'ИНН;КПП;Договор;Вид;Услуга;Цена в месяц;Подключение;Количество;Дата начала';
    const badFile = join(dir, 'bad.csv');
    writeFileSync(badFile, [header, `${client.inn};${client.kpp};Д-1;сервер;Dell R640;12 000,00;;1;01.01.2026`, `7707083893;;Д-2;телепорт;X;1;;1;01.01.2026`, `${client.inn};;Д-3;vps;VPS;abc;;1;2026-01-01`].join('\n'));
    const bad = await cli('services', 'import', badFile);
    expect(bad.code).toBe(2);
    // columns named as the file heads them
    expect(bad.err).toContain('Строка 3, столбец «ИНН»: ');
    expect(bad.err).toContain('Строка 4, столбец «Цена в месяц»: ');
    const goodFile = join(dir, 'good.csv');
    writeFileSync(goodFile, [header, `${client.inn};${client.kpp};Д-1;сервер;Dell R640;12 000,00;5000;1;01.01.2026`, `${client.inn};;Д-3;vps;VPS;1500;;2;2026-01-15`].join('\n'));
    expect((await cli('services', 'import', goodFile)).out).toBe('Импортировано услуг: 2');
    const run = await cli('billing', 'run', '--period', '2026-12');
    expect(run.code).toBe(0);
    expect(run.out).toBe('Период 2026-12: клиентов 1, новых счетов 1, новых строк 3.');
    expect(run.err).toContain('100%');
    // The rerun finds no client with anything left to bill, so it opens no chunk.
    expect((await cli('billing', 'run', '--period', '2026-12')).out).toBe('Период 2026-12: клиентов 0, новых счетов 0, новых строк 0.');
    const badPeriod = await cli('billing', 'run', '--period', '2026-13');
    expect({ code: badPeriod.code, err: badPeriod.err.slice(0, 300) }).toMatchObject({ code: 2 });
    const stmt = join(dir, 'kl_to_1c.txt');
    writeFileSync(stmt, statementText([seller.settlementAccount!], [{ number: '1', date: '01.12.2026', amount: '100.00', payerAccount: '40702810500000000077', payerInn: '7707083893', payerName: 'Кто-то', payeeAccount: seller.settlementAccount!, purpose: 'Оплата' }], 'UTF8'));
    const imp = await cli('payments', 'import', stmt);
    expect(imp.out).toContain('в ручную очередь 1');
  });
});
