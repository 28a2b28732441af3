import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PizZip from 'pizzip';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { engineName, testDb } from '../helpers/db.ts';
import { newCliEnv, removeCliEnvsAfterAll, runCliCapture } from '../helpers/cli.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import type { Database } from '../../src/db/connect.ts';
import { openDatabase } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { handOffOrder } from '../../src/app/flows/order-handoff.ts';
import { approveDeferral, recordDelay, startProvisioning } from '../../src/app/provisioning/provisioning.ts';
import { acceptedProposal, orderWorld, signedOrder, type OrderWorld } from './world.ts';

describe(`orders over HTTP (${engineName})`, () => {
  let database: Database;
  let app: FastifyInstance;
  let w: OrderWorld;
  beforeAll(async () => { database = await testDb(); app = await testServer(database); w = await orderWorld(database.db); });
  afterAll(async () => { await app.close(); });

  it('creates an order (201), refuses a second (409) and bad input (400 with field paths), serves the chain and the contract', async () => {
    const manager = await loginAs(app, database, 'manager');
    const p = await acceptedProposal(w);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/orders', headers: manager.headers, payload: { proposalId: p.id, priority: 'asap', extra: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.json())).toContain('priority');
    const created = await app.inject({ method: 'POST', url: '/api/v1/orders', headers: manager.headers, payload: { proposalId: p.id, priority: 'high' } });
    expect(created.statusCode).toBe(201);
    const o = created.json() as { id: string; number: string; contract: { number: string }; proposal: { id: string } };
    expect(o.proposal.id).toBe(p.id);
    const twice = await app.inject({ method: 'POST', url: '/api/v1/orders', headers: manager.headers, payload: { proposalId: p.id } });
    expect([twice.statusCode, (twice.json() as { key: string }).key]).toEqual([409, 'e.order.exists']);
    const docx = await app.inject({ method: 'GET', url: `/api/v1/orders/${o.id}/contract.docx`, headers: manager.headers });
    expect(docx.statusCode).toBe(200);
    expect(decodeURIComponent(String(docx.headers['content-disposition']))).toContain(o.contract.number);
    expect(new PizZip(docx.rawPayload).file('word/document.xml')!.asText()).toContain(w.client.inn!);
    const step = await app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/signing/sent`, headers: manager.headers, payload: { channel: 'courier' } });
    expect([step.statusCode, (step.json() as { key: string }).key]).toEqual([400, 'e.contract.trackingRequired']);
    const skip = await app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/signing/signed`, headers: manager.headers, payload: {} });
    expect(skip.statusCode).toBe(422);
    expect((await app.inject({ method: 'GET', url: '/api/v1/orders/or_nope', headers: manager.headers })).statusCode).toBe(404);
    const list = await app.inject({ method: 'GET', url: `/api/v1/orders?proposalId=${p.id}`, headers: manager.headers });
    expect((list.json() as { items: { id: string }[] }).items.map((x) => x.id)).toEqual([o.id]);
    const spec = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, unknown> };
    for (const path of ['/api/v1/orders', '/api/v1/orders/{id}/handoff', '/api/v1/orders/{id}/cancel', '/api/v1/provisioning/queue', '/api/v1/contract-templates']) expect(spec.paths).toHaveProperty([path]);
  });

  it('pages the orders list and the tech queue on the server: limit/offset with the total, sort checked', async () => {
    const tech = await loginAs(app, database, 'tech');
    for (let i = 0; i < 3; i++) await handOffOrder(w.assistant, (await signedOrder(w)).id);
    type P = { items: { id: string; number?: string; orderNumber?: string }[]; total: number; limit: number; offset: number; sort: string };
    const get = async (url: string) => { const r = await app.inject({ method: 'GET', url, headers: tech.headers }); return { status: r.statusCode, body: r.json() as P }; };
    const all = (await get(`/api/v1/orders?companyId=${w.client.id}&sort=number&limit=500`)).body;
    expect(all.total).toBeGreaterThanOrEqual(3);
    expect(all.items.map((x) => x.number)).toEqual(all.items.map((x) => x.number).sort());
    const p2 = (await get(`/api/v1/orders?companyId=${w.client.id}&sort=number&limit=2&offset=2`)).body;
    expect([p2.total, p2.limit, p2.offset, p2.items.map((x) => x.id)]).toEqual([all.total, 2, 2, all.items.slice(2, 4).map((x) => x.id)]);
    expect((await get('/api/v1/orders?sort=bogus')).status).toBe(400);
    const queue = (await get('/api/v1/provisioning/queue?limit=500')).body;
    expect([queue.sort, queue.total >= 3]).toEqual(['queue', true]);
    const pages = [(await get('/api/v1/provisioning/queue?limit=2')).body, (await get('/api/v1/provisioning/queue?limit=2&offset=2')).body];
    expect(pages.flatMap((x) => x.items.map((i) => i.orderNumber))).toEqual(queue.items.slice(0, 4).map((i) => i.orderNumber));
    expect(pages[0]!.total).toBe(queue.total);
  });

  it('cancels a handed-off order: the manager is refused (403), management cancels (200) and the invoice asks nothing', async () => {
    const [manager, management] = [await loginAs(app, database, 'manager'), await loginAs(app, database, 'management')];
    const o = await handOffOrder(w.assistant, (await signedOrder(w)).id);
    const url = `/api/v1/orders/${o.id}/cancel`;
    expect((await app.inject({ method: 'POST', url, headers: manager.headers, payload: { reason: 'Клиент отказался' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url, headers: management.headers, payload: { reason: '' } })).statusCode).toBe(400);
    const ok = await app.inject({ method: 'POST', url, headers: management.headers, payload: { reason: 'Клиент отказался' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'cancelled', invoice: { correctedTotal: '0' }, provisioning: { status: 'cancelled' } });
    const again = await app.inject({ method: 'POST', url, headers: management.headers, payload: { reason: 'Клиент отказался' } });
    expect([again.statusCode, (again.json() as { key: string }).key]).toEqual([422, 'e.order.cancelled']);
  });
});

describe(`rackdesk contract render / orders overdue (${engineName})`, () => {
  removeCliEnvsAfterAll();

  it('renders the order\'s contract to a DOCX file by order number and lists overdue provisioning', async () => {
    const env = await newCliEnv({ prefix: 'rackdesk-orders-' });
    const database = await openDatabase(loadConfig(env));
    let number: string;
    let contractNumber: string;
    let inn: string;
    let invoiceNo: number;
    try {
      const w = await orderWorld(database.db);
      const o = await handOffOrder(w.assistant, (await signedOrder(w)).id);
      ({ number } = o);
      invoiceNo = o.invoice!.number;
      contractNumber = o.contract.number;
      inn = w.client.inn!;
      await approveDeferral(w.management, o.id, { reason: 'Оплата гарантирована письмом', dueDate: '2026-12-20' });
      await startProvisioning(w.tech, o.id);
      await recordDelay(w.tech, o.id, { responsible: 'client', reason: 'Клиент не привёз оборудование' });
      await sql`UPDATE prov_request SET deadline = '2026-01-12' WHERE order_id = ${o.id}`.execute(database.db);
    } finally { await database.close(); }
    const out = join(env.RACKDESK_DATA_DIR, 'contract.docx');
    const r = await runCliCapture(env, 'contract', 'render', number, out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(contractNumber);
    expect(new PizZip(readFileSync(out)).file('word/document.xml')!.asText()).toContain(inn);
    expect((await runCliCapture(env, 'contract', 'render', 'ЗК-1999-00001', out)).code).not.toBe(0);
    const overdue = await runCliCapture(env, 'orders', 'overdue');
    expect(overdue.code).toBe(0);
    expect(overdue.out).toContain(number);
    expect(overdue.out).toContain('Клиент не привёз оборудование');
    expect(overdue.out).toContain('12.01.2026');
    // Cancelled while in progress: the initial invoice is credited to zero and the request leaves the overdue list.
    const cancelled = await runCliCapture(env, 'orders', 'cancel', number, '--reason', 'Клиент отказался до начала услуг');
    expect([cancelled.code, cancelled.out.trim()]).toEqual([0, `${number}: отменён (Клиент отказался до начала услуг); к оплате по счёту № ${invoiceNo}: 0,00\u00a0₽`]);
    expect((await runCliCapture(env, 'orders', 'overdue')).out).not.toContain(number);
  }, 120_000); // a fresh database with a whole priced world, then two CLI runs each opening it
});
