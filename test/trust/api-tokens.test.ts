import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { dateInZone } from '../../src/domain/dates.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import { newCliEnv, removeCliEnvsAfterAll, runCliCapture } from '../helpers/cli.ts';

const TZ = 'Europe/Moscow';

describe(`API tokens: listed and revoked by their owner and by admins, optional expiry, last use (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  let manager: Awaited<ReturnType<typeof loginAs>>;
  let other: Awaited<ReturnType<typeof loginAs>>;
  let admin: Awaited<ReturnType<typeof loginAs>>;
  beforeAll(async () => {
    d = await testDb();
    app = await testServer(d);
    [manager, other, admin] = [await loginAs(app, d, 'manager'), await loginAs(app, d, 'manager'), await loginAs(app, d, 'admin')];
  });
  afterAll(async () => { await app.close(); });
  removeCliEnvsAfterAll();

  const call = (method: string, url: string, headers: Record<string, string>, payload?: unknown) =>
    app.inject({ method: method as 'GET', url: `/api/v1${url}`, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const audit = async (action: string, userId: string) =>
    (await d.db.selectFrom('audit_log').select('after').where('action', '=', action).where('entity_id', '=', userId).execute()).map((r) => r.after as { tokenId: string });

  it('the owner issues a token with a label and a last day, sees it listed without the secret, and its last use', async () => {
    const today = dateInZone(new Date(), TZ);
    const created = await call('POST', `/users/${manager.user.id}/tokens`, manager.headers, { label: 'Интеграция 1С', expiresOn: '2099-12-31' });
    expect(created.statusCode, created.body).toBe(201);
    const { id, token } = created.json() as { id: string; token: string };
    expect(token).toMatch(/^rdk_/);
    const list = (await call('GET', '/tokens', manager.headers)).json().items;
    expect(list).toEqual([expect.objectContaining({ id, label: 'Интеграция 1С', state: 'active', lastUsedAt: null, userId: manager.user.id })]);
    expect(new Date(list[0].expiresAt).toISOString()).toBe('2099-12-31T20:59:59.999Z'); // the end of that day in Moscow
    expect(JSON.stringify(list)).not.toContain(token);
    expect((await call('GET', '/auth/me', bearer(token))).statusCode).toBe(200);
    const used = (await call('GET', '/tokens', manager.headers)).json().items[0];
    expect(dateInZone(new Date(used.lastUsedAt), TZ)).toBe(today);
    expect(await audit('api-token.create', manager.user.id)).toEqual([expect.objectContaining({ tokenId: id })]);
    // A last day before today is refused with its field; today is allowed.
    const past = await call('POST', `/users/${manager.user.id}/tokens`, manager.headers, { label: 'x', expiresOn: '2020-01-01' });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors).toEqual([expect.objectContaining({ path: 'expiresOn', message: 'Срок действия токена должен закончиться не раньше сегодняшнего дня' })]);
    expect((await call('POST', `/users/${manager.user.id}/tokens`, manager.headers, { label: 'x', expiresOn: '2026-02-31' })).json().errors[0].path).toBe('expiresOn');
  });

  it('an expired token is refused and listed as expired', async () => {
    const { id, token } = (await call('POST', `/users/${manager.user.id}/tokens`, manager.headers, { label: 'Скрипт отчётов', expiresOn: '2099-01-01' })).json();
    // Time passes: the last day is over.
    await d.db.updateTable('auth_session').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', id).execute();
    const r = await call('GET', '/auth/me', bearer(token));
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const listed = (await call('GET', '/tokens', manager.headers)).json().items.find((t: { id: string }) => t.id === id);
    expect(listed.state).toBe('expired');
  });

  it('others see and revoke only their own; an admin sees all and revokes any, at once, audited', async () => {
    const { id, token } = (await call('POST', `/users/${manager.user.id}/tokens`, manager.headers, { label: 'Мониторинг' })).json();
    expect((await call('GET', '/auth/me', bearer(token))).statusCode).toBe(200); // cached in the server from now on
    expect((await call('GET', '/tokens', other.headers)).json().items).toEqual([]);
    expect((await call('GET', '/tokens?all=true', other.headers)).statusCode).toBe(403);
    expect((await call('GET', `/tokens?userId=${manager.user.id}`, other.headers)).statusCode).toBe(403);
    const foreign = await call('DELETE', `/tokens/${id}`, other.headers);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().detail).toContain('управление пользователями');
    expect((await call('POST', `/users/${manager.user.id}/tokens`, other.headers, { label: 'чужой' })).statusCode).toBe(403);
    expect((await call('GET', '/tokens?all=1', admin.headers)).statusCode).toBe(400); // a boolean is true or false

    const all = (await call('GET', '/tokens?all=true', admin.headers)).json().items as { id: string; userName: string; state: string }[];
    expect(all.find((t) => t.id === id)).toMatchObject({ userName: 'HTTP manager', state: 'active' });
    expect((await call('GET', `/tokens?userId=${manager.user.id}`, admin.headers)).json().items.map((t: { id: string }) => t.id)).toContain(id);

    const revoked = await call('DELETE', `/tokens/${id}`, admin.headers);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ id, state: 'revoked' });
    expect((await call('GET', '/auth/me', bearer(token))).statusCode).toBe(401);
    const again = await call('DELETE', `/tokens/${id}`, admin.headers);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('Токен «Мониторинг» уже отозван');
    expect((await call('DELETE', '/tokens/ss_nothing', admin.headers)).statusCode).toBe(404);
    expect(await audit('api-token.revoke', manager.user.id)).toEqual([expect.objectContaining({ tokenId: id })]);

    // The owner revokes their own just as well; a session cookie is not an API token and is not listed.
    const own = (await call('POST', `/users/${manager.user.id}/tokens`, manager.headers, { label: 'Свой' })).json();
    expect((await call('DELETE', `/tokens/${own.id}`, manager.headers)).json().state).toBe('revoked');
    expect((await call('GET', '/auth/me', bearer(own.token))).statusCode).toBe(401);
    expect((await call('GET', '/tokens', manager.headers)).json().items.every((t: { label: string }) => t.label !== '')).toBe(true);
  });

  it('rackdesk user token --expires sets the last day; a bad day is refused', async () => {
    const env = await newCliEnv();
    expect((await runCliCapture(env, 'user', 'create', '--email', 'int@cli.test', '--name', 'Интегратор', '--role', 'manager')).code).toBe(0);
    const bad = await runCliCapture(env, 'user', 'token', '--email', 'int@cli.test', '--label', '1С', '--expires', '2020-01-01');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Срок действия токена должен закончиться не раньше сегодняшнего дня');
    const ok = await runCliCapture(env, 'user', 'token', '--email', 'int@cli.test', '--label', '1С', '--expires', '2099-06-30');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/^rdk_/);
  });
});
