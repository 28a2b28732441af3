import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { connectPostgres, type Database } from '../../src/db/connect.ts';
import { SessionCache } from '../../src/app/session-cache.ts';
import { engineName, freshDatabase, onPostgres, urlWithSchema } from '../helpers/db.ts';
import { loginAs, testServer } from '../helpers/server.ts';

const me = (app: FastifyInstance, headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });

/** Asks `app` until it answers 401, at most `n` times (another instance hears of a revocation when the database tells it). */
async function until401(app: FastifyInstance, headers: Record<string, string>, n = 200): Promise<number> {
  for (let i = 0; i < n; i++) {
    const s = (await me(app, headers)).statusCode;
    if (s === 401) return s;
    await new Promise((r) => setTimeout(r, 10));
  }
  return (await me(app, headers)).statusCode;
}

describe(`session cache: fast reads, revocation at once (${engineName})`, () => {
  let d: Database & { schema?: string };
  let app: FastifyInstance;
  beforeAll(async () => { d = await freshDatabase(); app = await testServer(d); });
  afterAll(async () => { await app.close(); await d.close(); });

  it('a cached session ends at once on logout, disable, password change; a role change shows at once', async () => {
    const admin = await loginAs(app, d, 'admin');
    const a = await loginAs(app, d, 'manager');
    expect((await me(app, a.headers)).statusCode).toBe(200);
    expect((await me(app, a.headers)).statusCode).toBe(200); // now from the cache
    await app.inject({ method: 'PATCH', url: `/api/v1/users/${a.user.id}`, headers: admin.headers, payload: { role: 'tech' } });
    expect((await me(app, a.headers)).json().user.role).toBe('tech');
    await app.inject({ method: 'PATCH', url: `/api/v1/users/${a.user.id}`, headers: admin.headers, payload: { active: false } });
    expect((await me(app, a.headers)).statusCode).toBe(401);

    const b = await loginAs(app, d, 'manager');
    expect((await me(app, b.headers)).statusCode).toBe(200);
    await app.inject({ method: 'PATCH', url: `/api/v1/users/${b.user.id}`, headers: admin.headers, payload: { password: 'another-long-password' } });
    expect((await me(app, b.headers)).statusCode).toBe(401);

    const c = await loginAs(app, d, 'manager');
    expect((await me(app, c.headers)).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: c.headers });
    expect((await me(app, c.headers)).statusCode).toBe(401);
  });

  it('a revocation by raw SQL reaches the cache through the database notification', async () => {
    const a = await loginAs(app, d, 'manager');
    expect((await me(app, a.headers)).statusCode).toBe(200);
    await sql`UPDATE auth_session SET revoked_at = now() WHERE user_id = ${a.user.id}`.execute(d.db);
    expect(await until401(app, a.headers)).toBe(401);
  });

  it.runIf(onPostgres)('two instances on one PostgreSQL database: a revocation on one ends the session on the other', async () => {
    const other = connectPostgres(urlWithSchema(d.schema!));
    const second = await testServer(other);
    try {
      const admin = await loginAs(app, d, 'admin');
      const a = await loginAs(app, d, 'manager');
      expect((await me(second, a.headers)).statusCode).toBe(200);
      expect((await me(second, a.headers)).statusCode).toBe(200); // cached in the second instance
      await app.inject({ method: 'PATCH', url: `/api/v1/users/${a.user.id}`, headers: admin.headers, payload: { active: false } });
      expect((await me(app, a.headers)).statusCode).toBe(401);
      expect(await until401(second, a.headers)).toBe(401);
      const b = await loginAs(app, d, 'manager');
      expect((await me(second, b.headers)).statusCode).toBe(200);
      await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: b.headers });
      expect(await until401(second, b.headers)).toBe(401);
    } finally { await second.close(); await other.close(); }
  });
});

describe('SessionCache', () => {
  const actor = (id: string) => ({ id, name: id, role: 'manager' as const, user: {} as never, permissions: [] });
  it('a lookup that began before an invalidation does not store its answer', () => {
    const c = new SessionCache();
    const since = c.begin();
    c.invalidate({ userId: 'u1' });
    c.put('h1', actor('u1'), null, since);
    expect(c.get('h1', new Date())).toBeUndefined();
    c.put('h1', actor('u1'), null, c.begin());
    expect(c.get('h1', new Date())?.id).toBe('u1');
  });
  it('expired sessions are not answered; notifications drop by user or token; a lost connection stops caching', () => {
    const c = new SessionCache();
    c.put('h1', actor('u1'), new Date(Date.now() - 1), c.begin());
    expect(c.get('h1', new Date())).toBeUndefined();
    c.put('h2', actor('u2'), null, c.begin());
    c.put('h3', actor('u3'), null, c.begin());
    c.onNotification('u:u2');
    c.onNotification('t:h3');
    expect([c.get('h2', new Date()), c.get('h3', new Date())]).toEqual([undefined, undefined]);
    c.disable();
    c.put('h4', actor('u4'), null, c.begin());
    expect(c.get('h4', new Date())).toBeUndefined();
  });
});
