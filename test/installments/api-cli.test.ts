import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { makeCtx } from '../../src/app/context.ts';
import { createAgreement } from '../../src/app/flows/installments.ts';
import { createEquipment } from '../../src/app/inventory/resources.ts';
import type { Database } from '../../src/db/connect.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { newCliEnv, removeCliEnvsAfterAll, runCliCapture } from '../helpers/cli.ts';
import { aCompany } from '../helpers/factories.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import { aSite } from '../inventory/fixtures.ts';

describe(`installments over HTTP (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  beforeAll(async () => { d = await testDb(); app = await testServer(d); });
  afterAll(async () => { await app.close(); });

  it('accounting registers an agreement and pays it; bad input is 400 with field paths; the calendar downloads as XLSX; a manager may not', async () => {
    const acc = await loginAs(app, d, 'accounting');
    const site = await aSite(d.db);
    const supplier = await aCompany(makeCtx(d.db), { roles: ['supplier'] });
    const eq = await createEquipment(makeCtx(d.db), { kind: 'server', model: 'Supermicro', serial: `API-${randomBytes(3).toString('hex')}`, siteId: site.id });
    const bad = await app.inject({ method: 'POST', url: '/api/v1/installments/agreements', headers: acc.headers, payload: { supplierId: supplier.id, number: '', signedOn: '2026-13-01', items: [], schedule: { kind: 'weekly' } } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path.split('.')[0]).sort()).toEqual(['items', 'number', 'schedule', 'signedOn']);
    const number = `API-${randomBytes(3).toString('hex')}`;
    const created = await app.inject({ method: 'POST', url: '/api/v1/installments/agreements', headers: acc.headers, payload: {
      supplierId: supplier.id, number, signedOn: '2026-09-01', items: [{ equipmentId: eq.id, price: '90 000,00' }], schedule: { kind: 'equal', months: 3, firstDueOn: '2026-09-30' } } });
    expect(created.statusCode).toBe(201);
    const ag = created.json() as { id: string; schedule: { amount: string }[] };
    expect(ag.schedule.map((e) => e.amount)).toEqual(['3000000', '3000000', '3000000']);
    const pay = await app.inject({ method: 'POST', url: `/api/v1/installments/agreements/${ag.id}/payments`, headers: acc.headers, payload: { amount: '30 000,00', paidOn: '2026-09-30' } });
    expect(pay.statusCode).toBe(201);
    const over = await app.inject({ method: 'POST', url: `/api/v1/installments/agreements/${ag.id}/payments`, headers: acc.headers, payload: { amount: '60 000,01', paidOn: '2026-10-30' } });
    expect(over.statusCode).toBe(422);
    expect((over.json() as { detail: string }).detail).toContain('Платёж больше остатка долга');
    const xlsx = await app.inject({ method: 'GET', url: '/api/v1/installments/calendar?from=2026-10&format=xlsx', headers: acc.headers });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const dash = await app.inject({ method: 'GET', url: '/api/v1/installments/dashboard', headers: acc.headers });
    expect((dash.json() as { payOffs: { agreementId: string }[] }).payOffs.map((p) => p.agreementId)).toContain(ag.id);
    const mgr = await loginAs(app, d, 'manager');
    expect((await app.inject({ method: 'POST', url: `/api/v1/installments/agreements/${ag.id}/payments`, headers: mgr.headers, payload: { amount: 1, paidOn: '2026-10-30' } })).statusCode).toBe(403);
    const move = await app.inject({ method: 'PATCH', url: `/api/v1/equipment/${eq.id}`, headers: acc.headers, payload: { status: 'broken' } });
    expect(move.statusCode).toBe(400);
  });

  it('the OpenAPI document lists the installment endpoints', async () => {
    const paths = Object.keys(((await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, unknown> }).paths);
    for (const p of ['/api/v1/installments/agreements', '/api/v1/installments/agreements/{id}/payments', '/api/v1/installments/calendar', '/api/v1/installments/outgoing-queue', '/api/v1/equipment/{id}', '/api/v1/equipment/{id}/history']) expect(paths).toContain(p);
  });
});

describe(`installments CLI (${engineName})`, () => {
  removeCliEnvsAfterAll();

  it('due lists what to pay in a month; pay records a payment by number, and --pay-off closes the agreement', async () => {
    const env = await newCliEnv({ prefix: 'rackdesk-inst-cli-' });
    const database = await openDatabase(loadConfig(env));
    const number = `CLI-${randomBytes(3).toString('hex')}`;
    try {
      const ctx = makeCtx(database.db);
      const site = await aSite(database.db);
      const supplier = await aCompany(ctx, { roles: ['supplier'], name: 'ООО «Серверы в рассрочку»' });
      const eq = await createEquipment(ctx, { kind: 'server', model: 'Dell R650', serial: number, siteId: site.id });
      await createAgreement(ctx, { supplierId: supplier.id, number, signedOn: '2026-01-10', items: [{ equipmentId: eq.id, price: '100 000,00' }], schedule: { kind: 'equal', months: 3, firstDueOn: '2026-02-10' } });
    } finally { await database.close(); }
    const cli = (...argv: string[]) => runCliCapture(env, ...argv);
    const due = await cli('installments', 'due', '--month', '2026-02');
    expect(due.code).toBe(0);
    expect(due.out).toBe(`10.02.2026\tООО «Серверы в рассрочку»\t${number}\t33 333,34 ₽\tПРОСРОЧЕНО\nИтого за 2026-02: 33 333,34 ₽ (1 платежей)`);
    expect((await cli('installments', 'due', '--month', '2026-2')).code).toBe(2);
    const pay = await cli('installments', 'pay', number, '--amount', '33 333,34', '--date', '2026-02-10');
    expect(pay.out).toBe('Платёж 33 333,34 ₽ записан; остаток 66 666,66 ₽');
    expect((await cli('installments', 'pay', number, '--amount', '70 000', '--date', '2026-03-10')).code).toBe(6);
    const off = await cli('installments', 'pay', number, '--pay-off', '--date', '2026-03-01');
    expect(off.out).toBe('Платёж 66 666,66 ₽ записан; остаток 0,00 ₽; договор оплачен, оборудование наше');
    expect((await cli('installments', 'pay', 'NO-SUCH', '--amount', '1', '--date', '2026-03-01')).code).toBe(4);
  });
});
