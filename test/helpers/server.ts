import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import type { Database } from '../../src/db/connect.ts';
import { createUser } from '../../src/app/parties/users.ts';
import { makeCtx, type Services } from '../../src/app/context.ts';
import type { Role } from '../../src/domain/parties/permissions.ts';

export async function testServer(database: Database, opts: { loginMax?: number; services?: Services; leadFormMax?: number } = {}): Promise<FastifyInstance> {
  const app = await buildServer({ database, timeZone: 'Europe/Moscow', logLevel: 'silent', checkResponses: process.env.RACKDESK_CHECK_RESPONSES === '1', loginMax: opts.loginMax ?? 1000, leadFormMax: opts.leadFormMax ?? 1000, ...(opts.services ? { services: opts.services } : {}) });
  await app.ready();
  return app;
}

let n = 0;
/** Creates a user of `role` and logs in over HTTP; returns the bearer header and the cookie. */
export async function loginAs(app: FastifyInstance, database: Database, role: Role) {
  const email = `${role}.${process.pid}.${Date.now()}.${n++}@http.test`;
  const password = 'long-enough-password';
  const { user } = await createUser(makeCtx(database.db), { email, fullName: `HTTP ${role}`, role, password });
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  const token = (res.json() as { token: string }).token;
  return { user, token, headers: { authorization: `Bearer ${token}` }, cookie: res.cookies.find((c) => c.name === 'rd_session')! };
}
