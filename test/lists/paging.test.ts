import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { legalEntity } from '../helpers/factories.ts';
import { loginAs, testServer } from '../helpers/server.ts';

/** The lists beyond accounting: deals, proposals, feasibility requests, equipment, history, price lists, users. */
describe(`Paged lists over HTTP (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  beforeAll(async () => { d = await testDb(); app = await testServer(d); });
  afterAll(async () => { await app.close(); });

  it('deals: search, stage filter, sort by revenue both ways, page boundaries and per-stage sums of everything matched', async () => {
    const s = await loginAs(app, d, 'manager');
    const h = s.headers;
    const stamp = `P${Date.now()}`;
    const co = (await app.inject({ method: 'POST', url: '/api/v1/companies', headers: h, payload: { ...legalEntity(), name: `Листовая ${stamp}` } })).json() as { id: string };
    for (const [i, rub] of [['1', '100'], ['2', '300'], ['3', '200']] as const) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/deals', headers: h, payload: { title: `${stamp} сделка ${i}`, source: 'inbound_call', companyId: co.id, expectedMonthlyRevenue: rub } });
      expect(r.statusCode).toBe(201);
    }
    const get = (qs: string) => app.inject({ method: 'GET', url: `/api/v1/deals?ownerId=${s.user.id}&q=${encodeURIComponent(stamp)}&${qs}`, headers: h });
    const desc = (await get('sort=-revenue&limit=2')).json();
    expect(desc.total).toBe(3);
    expect(desc.items.map((x: { title: string }) => x.title)).toEqual([`${stamp} сделка 2`, `${stamp} сделка 3`]);
    expect(desc.stages).toEqual([{ stage: 'new', count: 3, revenue: '60000' }]);
    const last = (await get('sort=-revenue&limit=2&offset=2')).json();
    expect(last.items.map((x: { title: string }) => x.title)).toEqual([`${stamp} сделка 1`]);
    const past = (await get('sort=-revenue&limit=2&offset=4')).json();
    expect(past).toMatchObject({ items: [], total: 3 });
    const asc = (await get('sort=revenue')).json();
    expect(asc.items.map((x: { expectedMonthlyRevenue: string }) => x.expectedMonthlyRevenue)).toEqual(['10000', '20000', '30000']);
    expect((await get('stage=won')).json().total).toBe(0);
    expect((await get('q=none-such')).statusCode).toBe(400); // q twice is not one string
  });

  it('an unknown sort key or a malformed one is a 400 problem naming query.sort on every paged list', async () => {
    const boss = await loginAs(app, d, 'admin');
    for (const path of ['/deals', '/proposals', '/feasibility-requests', '/equipment-register', '/audit', '/price-lists', '/users']) {
      const bad = await app.inject({ method: 'GET', url: `/api/v1${path}?sort=secret`, headers: boss.headers });
      expect(bad.statusCode, path).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.json().errors.map((e: { path: string }) => e.path), path).toEqual(['query.sort']);
      const ok = await app.inject({ method: 'GET', url: `/api/v1${path}?limit=1`, headers: boss.headers });
      expect(ok.statusCode, path).toBe(200);
      expect(ok.json(), path).toMatchObject({ limit: 1, offset: 0 });
      expect(typeof ok.json().total, path).toBe('number');
    }
    const badLimit = await app.inject({ method: 'GET', url: '/api/v1/proposals?limit=0', headers: boss.headers });
    expect(badLimit.statusCode).toBe(400);
  });

  it('history: newest first by default, oldest first on request, paged to the first entry; users and price lists filter', async () => {
    const s = await loginAs(app, d, 'admin');
    const co = (await app.inject({ method: 'POST', url: '/api/v1/companies', headers: s.headers, payload: legalEntity() })).json() as { id: string; version: number };
    for (const name of ['Второе имя', 'Третье имя']) {
      const cur = (await app.inject({ method: 'GET', url: `/api/v1/companies/${co.id}`, headers: s.headers })).json() as { version: number };
      expect((await app.inject({ method: 'PATCH', url: `/api/v1/companies/${co.id}`, headers: s.headers, payload: { name, version: cur.version } })).statusCode).toBe(200);
    }
    const newest = (await app.inject({ method: 'GET', url: `/api/v1/audit?entityId=${co.id}&limit=1`, headers: s.headers })).json();
    expect(newest.total).toBe(3);
    expect(newest.items[0].action).toBe('update');
    const oldest = (await app.inject({ method: 'GET', url: `/api/v1/audit?entityId=${co.id}&sort=at&limit=1`, headers: s.headers })).json();
    expect(oldest.items[0].action).toBe('create');
    const all = (await app.inject({ method: 'GET', url: `/api/v1/audit?entityId=${co.id}&limit=2&offset=2`, headers: s.headers })).json();
    expect(all.items.map((x: { action: string }) => x.action)).toEqual(['create']);

    const users = (await app.inject({ method: 'GET', url: `/api/v1/users?q=${encodeURIComponent(s.user.email)}&role=admin`, headers: s.headers })).json();
    expect(users.items.map((u: { id: string }) => u.id)).toEqual([s.user.id]);
    expect((await app.inject({ method: 'GET', url: `/api/v1/users?q=${encodeURIComponent(s.user.email)}&role=manager`, headers: s.headers })).json().total).toBe(0);
  });
});
