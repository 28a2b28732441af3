// Loaded first on purpose: pdf-parse brings core-js, whose JSON.parse polyfill replaces the native parser for
// calls with a reviver and accepts an unterminated object. Tests of the same worker load it too (PDF checks).
import 'pdf-parse';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../src/db/connect.ts';
import { booleanInput, instantInput, numberInput } from '../../src/domain/input-schemas.ts';
import { withoutProtoKeys } from '../../src/http/input-hygiene.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { loginAs, testServer } from '../helpers/server.ts';

describe(`request input is read strictly (${engineName})`, () => {
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
  const refused = (r: { statusCode: number; body: string; headers: Record<string, unknown>; json: () => { errors?: { path: string }[] } }, path: string) => {
    expect(r.statusCode, r.body).toBe(400);
    expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(r.json().errors?.map((e) => e.path)).toContain(path);
  };

  it('a boolean is never a number: 400 naming the field on several routes, nothing changed', async () => {
    const before = (await call('GET', '/inventory/settings')).json();
    refused(await call('PATCH', '/inventory/settings', { ipCooldownDays: true }), 'ipCooldownDays');
    refused(await call('PATCH', '/inventory/settings', { holdDays: false }), 'holdDays');
    refused(await call('PATCH', '/inventory/settings', { ipCooldownDays: null }), 'ipCooldownDays');
    refused(await call('PATCH', '/inventory/settings', { ipCooldownDays: '' }), 'ipCooldownDays');
    refused(await call('PATCH', '/inventory/settings', { ipCooldownDays: [7] }), 'ipCooldownDays');
    expect((await call('GET', '/inventory/settings')).json()).toEqual(before);
    refused(await call('PUT', '/sales/settings', { linkValidDays: true }), 'linkValidDays');
    refused(await call('POST', '/racks', { siteId: 'nowhere', name: 'R1', units: true }), 'units');
    refused(await call('POST', '/allocations/holds', { target: { resource: 'port', portId: 'p' }, companyId: 'c', heldUntil: true }), 'heldUntil');
    refused(await call('GET', '/companies?limit=true'), 'query.limit');
    // A query-string flag is exactly «true» or «false»: «?active=false» once read as true.
    refused(await call('GET', '/allocations?active=no'), 'query.active');
    expect((await call('GET', '/allocations?active=false')).statusCode).toBe(200);
    // Numbers written as text still arrive where text is what forms and query strings send.
    const ok = await call('PATCH', '/inventory/settings', { ipCooldownDays: ' 12 ' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().ipCooldownDays).toBe(12);
  });

  it('a string is never a boolean', async () => {
    refused(await call('PUT', '/crm/stages', { code: 'strict_check', nameRu: 'Проверка', nameEn: 'Check', position: 90, probability: 10, active: 'false' }), 'active');
    refused(await call('PUT', '/crm/stages', { code: 'strict_check', nameRu: 'Проверка', nameEn: 'Check', position: true, probability: 10 }), 'position');
    const stages = (await call('GET', '/crm/stages')).json().items as { code: string }[];
    expect(stages.map((s) => s.code)).not.toContain('strict_check');
  });

  it('the strict scalars themselves', () => {
    const n = numberInput(z.number().int().min(0));
    expect(n.safeParse(3).data).toBe(3);
    expect(n.safeParse('3').data).toBe(3);
    for (const bad of [true, false, null, '', ' ', '3a', '0x10', [], {}, Number.NaN, Infinity]) expect(n.safeParse(bad).success, String(bad)).toBe(false);
    const b = booleanInput();
    expect([b.safeParse(true).data, b.safeParse('false').data]).toEqual([true, false]);
    for (const bad of [1, 0, 'yes', '', null, 'FALSE']) expect(b.safeParse(bad).success, String(bad)).toBe(false);
    const t = instantInput();
    expect(t.safeParse('2026-12-01').data?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(t.safeParse('2026-12-01T10:00:00+03:00').data?.toISOString()).toBe('2026-12-01T07:00:00.000Z');
    for (const bad of [true, 0, 1_800_000_000_000, '2026-02-31', 'tomorrow']) expect(t.safeParse(bad).success, String(bad)).toBe(false);
  });

  it('malformed JSON is one clear sentence in the asked language, even with a JSON.parse polyfill loaded', async () => {
    // Where the polyfill is in place (Node 20; Node 24's own JSON.parse makes core-js leave it alone), it let
    // `{"kind": "legal",` through as `{ kind: 'legal' }`; the answers below must not depend on which parser runs.
    for (const payload of ['{"kind": "legal",', '{"kind": "legal"', '[1, 2', '{"a":1}x', '{']) {
      const ru = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: { ...admin, 'content-type': 'application/json' }, payload });
      expect(ru.statusCode, payload).toBe(400);
      expect(ru.json(), payload).toMatchObject({ key: 'e.badJson', detail: 'Тело запроса — неправильный JSON: проверьте скобки, кавычки и запятые' });
      expect(ru.json().errors).toBeUndefined();
    }
    const en = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: { ...admin, 'content-type': 'application/json', 'accept-language': 'en' }, payload: '{"kind": "legal",' });
    expect(en.json()).toMatchObject({ title: 'Validation failed', detail: 'The request body is not valid JSON: check the brackets, quotes and commas' });
  });

  it('__proto__ keys are dropped from parsed bodies at every depth', () => {
    const parsed = withoutProtoKeys(JSON.parse('{"a":{"__proto__":{"admin":true},"b":[{"__proto__":{"x":1}}]},"__proto__":{"y":2}}') as Record<string, unknown>);
    expect(JSON.stringify(parsed)).toBe('{"a":{"b":[{}]}}');
    expect(Object.getPrototypeOf(Object.assign({}, parsed))).toBe(Object.prototype);
  });
});
