import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { legalEntity } from '../helpers/factories.ts';
import { loginAs, testServer } from '../helpers/server.ts';

describe(`HTTP API (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  beforeAll(async () => { d = await testDb(); app = await testServer(d); });
  afterAll(async () => { await app.close(); });

  it('health names the engine and needs no login', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok', db: engineName });
  });

  it('login sets an HttpOnly SameSite cookie and returns the same token for Bearer use', async () => {
    const s = await loginAs(app, d, 'manager');
    expect(s.cookie.httpOnly).toBe(true);
    expect(s.cookie.sameSite).toBe('Lax');
    expect(s.cookie.value).toBe(s.token);
    const byCookie = await app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { rd_session: s.token } });
    expect(byCookie.json()).toMatchObject({ user: { role: 'manager' }, permissions: expect.arrayContaining(['company.write']) });
    const byBearer = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers });
    expect(byBearer.statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.headers });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(401);
  });

  it('wrong password is 401 problem+json in the requested language', async () => {
    const ru = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@x.ru', password: 'whatever-123' } });
    expect(ru.statusCode).toBe(401);
    expect(ru.headers['content-type']).toContain('application/problem+json');
    expect(ru.json().detail).toBe('Неверный e-mail или пароль');
    const en = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'accept-language': 'en' }, payload: { email: 'nobody@x.ru', password: 'whatever-123' } });
    expect(en.json().detail).toBe('Wrong e-mail or password');
  });

  it('login is rate-limited per IP and e-mail', async () => {
    const limited = await testServer(d, { loginMax: 3 });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'brute@x.ru', password: `guess-${i}-xxxx` } })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const last = await limited.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'brute@x.ru', password: 'x' } });
      expect(last.json().detail).toMatch(/Слишком много попыток входа/);
    } finally { await limited.close(); }
  });

  it('every company route needs a login', async () => {
    for (const [method, url] of [['GET', '/api/v1/companies'], ['POST', '/api/v1/companies'], ['GET', '/api/v1/audit'], ['GET', '/api/v1/users']] as const) {
      const r = await app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
      expect(r.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('creates, reads, patches a company; bad input is 400 with field paths and writes nothing', async () => {
    const s = await loginAs(app, d, 'manager');
    const bad = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: s.headers, payload: legalEntity({ inn: '7707083894', name: '', extra: 1 }) });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body).toMatchObject({ status: 400, title: 'Неверные данные', detail: 'Проверьте введённые данные' });
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['extra', 'name']);
    const badInn = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: s.headers, payload: legalEntity({ inn: '7707083894' }) });
    expect(badInn.json().errors).toEqual([{ path: 'inn', key: 'v.inn.checksum', message: 'Неверный ИНН: не сходятся контрольные цифры' }]);

    const input = legalEntity();
    const created = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: s.headers, payload: input });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c.id).toMatch(/^co_/);
    expect(c.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const dup = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: s.headers, payload: input });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().existingId).toBe(c.id);

    const got = await app.inject({ method: 'GET', url: `/api/v1/companies/${c.id}`, headers: s.headers });
    expect(got.json().inn).toBe(input.inn);
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/companies/${c.id}`, headers: s.headers, payload: { phone: '+7 495 111-22-33', version: 1 } });
    expect(patched.json()).toMatchObject({ phone: '+7 495 111-22-33', version: 2 });
    const rolesKept = await app.inject({ method: 'PATCH', url: `/api/v1/companies/${c.id}`, headers: s.headers, payload: { roles: ['client', 'partner'] } });
    expect(rolesKept.json().roles).toEqual(['client', 'partner']);
    const noRoles = await app.inject({ method: 'PATCH', url: `/api/v1/companies/${c.id}`, headers: s.headers, payload: { notes: 'важный клиент' } });
    expect(noRoles.json().roles).toEqual(['client', 'partner']);
    const enDup = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: { ...s.headers, 'accept-language': 'en' }, payload: input });
    expect(enDup.json().detail).toBe(`A company with INN ${input.inn} and KPP ${input.kpp} already exists: “${c.name}” (${c.id})`);
    const stale = await app.inject({ method: 'PATCH', url: `/api/v1/companies/${c.id}`, headers: s.headers, payload: { phone: '1', version: 1 } });
    expect(stale.statusCode).toBe(409);
    const missing = await app.inject({ method: 'GET', url: '/api/v1/companies/co_nope', headers: s.headers });
    expect(missing.statusCode).toBe(404);
    const list = await app.inject({ method: 'GET', url: `/api/v1/companies?q=${encodeURIComponent(input.inn)}&limit=5`, headers: s.headers });
    expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const badQuery = await app.inject({ method: 'GET', url: '/api/v1/companies?limit=0', headers: s.headers });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().errors[0].path).toBe('query.limit');

    const hist = await app.inject({ method: 'GET', url: `/api/v1/audit?entityId=${c.id}&sort=at`, headers: s.headers });
    expect(hist.json().items.map((h: { action: string }) => h.action)).toEqual(['create', 'update', 'update', 'update']);
  });

  it('malformed JSON and unknown routes are 4xx problems, never 500', async () => {
    const s = await loginAs(app, d, 'manager');
    const r = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: { ...s.headers, 'content-type': 'application/json' }, payload: '{"kind": "legal",' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ key: 'e.badJson', detail: 'Тело запроса — неправильный JSON: проверьте скобки, кавычки и запятые' });
    const en = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: { ...s.headers, 'content-type': 'application/json', 'accept-language': 'en' }, payload: '[1, 2' });
    expect(en.json().detail).toBe('The request body is not valid JSON: check the brackets, quotes and commas');
    const nf = await app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: s.headers });
    expect(nf.statusCode).toBe(404);
    expect(nf.headers['content-type']).toContain('application/problem+json');
    const wrongType = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: { ...s.headers, 'content-type': 'application/xml' }, payload: '<x/>' });
    expect(wrongType.statusCode).toBe(415);
    const arr = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: s.headers, payload: [1, 2] });
    expect(arr.statusCode).toBe(400);
  });

  it('contacts and consents under a company; permission matrix enforced', async () => {
    const m = await loginAs(app, d, 'manager');
    const c = (await app.inject({ method: 'POST', url: '/api/v1/companies', headers: m.headers, payload: legalEntity() })).json();
    const ct = await app.inject({ method: 'POST', url: `/api/v1/companies/${c.id}/contacts`, headers: m.headers, payload: { fullName: 'Ольга', emails: ['olga@example.ru'] } });
    expect(ct.statusCode).toBe(201);
    const contactId = ct.json().id;
    const cs = await app.inject({ method: 'POST', url: `/api/v1/companies/${c.id}/contacts/${contactId}/consents`, headers: m.headers, payload: { channel: 'email', purpose: 'advertising', status: 'granted', source: 'сайт', textVersion: 'ads-1' } });
    expect(cs.statusCode).toBe(201);
    const badCs = await app.inject({ method: 'POST', url: `/api/v1/companies/${c.id}/contacts/${contactId}/consents`, headers: m.headers, payload: { channel: 'pigeon', purpose: 'advertising', status: 'granted', source: 'x', textVersion: '1' } });
    expect(badCs.statusCode).toBe(400);
    expect(badCs.json().errors[0].path).toBe('channel');
    const list = await app.inject({ method: 'GET', url: `/api/v1/companies/${c.id}/consents`, headers: m.headers });
    expect(list.json().items).toEqual([expect.objectContaining({ contactId, channel: 'email', purpose: 'advertising', status: 'granted' })]);

    const tech = await loginAs(app, d, 'tech');
    const forbidden = await app.inject({ method: 'POST', url: `/api/v1/companies/${c.id}/contacts`, headers: tech.headers, payload: { fullName: 'X' } });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().detail).toContain('изменение контактов'); // the right in words, not its key
    expect((await app.inject({ method: 'POST', url: '/api/v1/users', headers: m.headers, payload: { email: 'x@y.ru', fullName: 'X', role: 'admin' } })).statusCode).toBe(403);
  });

  it('admin manages users and API tokens; a disabled user loses access at once', async () => {
    const admin = await loginAs(app, d, 'admin');
    const email = `new.${Date.now()}@x.ru`;
    const created = await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload: { email, fullName: 'Новый', role: 'accounting' } });
    expect(created.statusCode).toBe(201);
    const { id, generatedPassword } = created.json();
    expect(generatedPassword).toMatch(/^.{12,}$/);
    const dup = await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload: { email: email.toUpperCase(), fullName: 'Дубль', role: 'tech' } });
    expect(dup.statusCode).toBe(409);
    const tok = await app.inject({ method: 'POST', url: `/api/v1/users/${id}/tokens`, headers: admin.headers, payload: { label: '1С' } });
    const apiToken = tok.json().token;
    expect((await app.inject({ method: 'GET', url: '/api/v1/companies?limit=1', headers: { authorization: `Bearer ${apiToken}` } })).statusCode).toBe(200);
    await app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: admin.headers, payload: { active: false } });
    expect((await app.inject({ method: 'GET', url: '/api/v1/companies?limit=1', headers: { authorization: `Bearer ${apiToken}` } })).statusCode).toBe(401);
    const users = await app.inject({ method: 'GET', url: '/api/v1/users', headers: admin.headers });
    expect(users.json().items.find((u: { id: string }) => u.id === id)).toMatchObject({ active: false, role: 'accounting' });
    expect(JSON.stringify(users.json())).not.toContain('password');
  });

  it('publishes OpenAPI generated from the Zod schemas', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const doc = r.json();
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/api/v1/companies', '/api/v1/companies/{id}', '/api/v1/companies/{id}/contacts', '/api/v1/companies/{id}/consents', '/api/v1/audit', '/api/v1/users', '/api/v1/auth/login', '/api/v1/health']) {
      expect(doc.paths[p], p).toBeDefined();
    }
    const body = doc.paths['/api/v1/companies'].post.requestBody.content['application/json'].schema;
    expect(body.properties.inn).toBeDefined();
    expect(body.required).toEqual(expect.arrayContaining(['kind', 'name']));
  });
});
