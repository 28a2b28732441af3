import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { appErrorOfSqlState } from '../../src/http/input-hygiene.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { loginAs, testServer } from '../helpers/server.ts';

/** Each class of input that once reached the database and came back as 500. */
describe(`bad input is a 4xx problem with a field path (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  let admin: Record<string, string>;
  beforeAll(async () => {
    d = await testDb();
    app = await testServer(d);
    admin = (await loginAs(app, d, 'admin')).headers;
  });
  afterAll(async () => { await app.close(); });

  const call = (method: string, url: string, payload?: unknown, headers: Record<string, string> = admin) =>
    app.inject({ method: method as 'POST', url: `/api/v1${url}`, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const siteCount = async () => Number((await d.db.selectFrom('site').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('a NUL character or a lone surrogate anywhere: 400 naming the field, nothing written', async () => {
    const before = await siteCount();
    for (const name of ['Ц\u0000ОД', 'ЦОД \uD800', '\uDC00']) {
      const r = await call('POST', '/sites', { code: `NUL${Date.now() % 100000}`, name, kind: 'data_center' });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json().errors).toEqual([expect.objectContaining({ path: 'name', key: 'v.unstorable' })]);
    }
    const lead = await call('POST', '/public/leads', { name: 'Бот\u0000', email: 'x@example.ru', consentTextVersion: 'pd', consentAccepted: true }, {});
    expect(lead.statusCode).toBe(400);
    expect(lead.json().errors[0].path).toBe('name');
    const q = await call('GET', '/companies?q=%00');
    expect(q.statusCode).toBe(400);
    expect(q.json().errors[0].path).toBe('query.q');
    expect(await siteCount()).toBe(before);
  });

  it('impossible dates are refused by the one date schema', async () => {
    for (const url of ['/billing/churn?from=2026-02-31&to=2026-03-01', '/billing/receivables?asOf=2026-13-01', '/billing/register.xlsx?from=2026-02-30&to=2026-03-01']) {
      const r = await call('GET', url);
      expect(r.statusCode, `${url}: ${r.body}`).toBe(400);
      expect(r.json().errors[0].key).toBe('v.date');
    }
  });

  it('an unknown referenced id names its field; amounts beyond bigint and deep JSON are 400', async () => {
    const r = await call('POST', '/rooms', { siteId: 'st_doesnotexist', name: 'Зал 1' });
    expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    // What reaches the HTTP layer untranslated: the engine's own foreign-key error names the column.
    const fk = await sql`INSERT INTO inv_room (id, site_id, name) VALUES ('rm_x', 'st_doesnotexist', 'x')`.execute(d.db).catch((e: unknown) => e);
    expect(appErrorOfSqlState(fk)).toMatchObject({ code: 'validation', fieldErrors: [{ path: 'siteId', key: 'v.unknownRef' }] });
    const big = await sql`SELECT ${'99999999999999999999999'}::bigint`.execute(d.db).catch((e: unknown) => e);
    expect(appErrorOfSqlState(big)).toMatchObject({ code: 'validation' });
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const dj = await app.inject({ method: 'POST', url: '/api/v1/inventory/import/racks', headers: { ...admin, 'content-type': 'application/json' }, payload: deep });
    expect(dj.statusCode).toBe(400);
    expect(dj.json().key).toBe('e.tooDeep');
  });

  it('the problem title is in the language of the request', async () => {
    const ru = await call('POST', '/sites', {}, { ...admin, 'accept-language': 'ru' });
    const en = await call('POST', '/sites', {}, { ...admin, 'accept-language': 'en' });
    expect(ru.json().title).toBe('Неверные данные');
    expect(en.json().title).toBe('Validation failed');
    expect(en.json().detail).not.toBe(ru.json().detail);
  });
});
