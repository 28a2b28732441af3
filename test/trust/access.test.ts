import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeal, moveDealStage, updateDeal } from '../../src/app/crm/deals.ts';
import { completeTask, createTask } from '../../src/app/crm/tasks.ts';
import { makeCtx } from '../../src/app/context.ts';
import { createUser } from '../../src/app/parties/users.ts';
import { getOwnEntity, setOwnEntity } from '../../src/app/reference/own-entities.ts';
import { buildServer } from '../../src/http/server.ts';
import type { Database } from '../../src/db/connect.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { loginAs, testServer } from '../helpers/server.ts';

describe(`access: releases, reference data, ownership, login, headers (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  beforeAll(async () => { d = await testDb(); app = await testServer(d); });
  afterAll(async () => { await app.close(); });

  it('starting a release needs inventory.release (the tech department)', async () => {
    const body = { assignedKind: 'service', assignedRef: `svc-none-${Date.now()}`, reason: 'closed' };
    for (const role of ['manager', 'assistant', 'accounting', 'facilities', 'management'] as const) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/releases', headers: (await loginAs(app, d, role)).headers, payload: body });
      expect(r.statusCode, role).toBe(403);
    }
    const tech = await app.inject({ method: 'POST', url: '/api/v1/releases', headers: (await loginAs(app, d, 'tech')).headers, payload: body });
    expect(tech.statusCode, tech.body).toBe(200);
  });

  it('reference data belongs to management; the default seller can be moved but not removed', async () => {
    const tech = await app.inject({ method: 'PUT', url: '/api/v1/own-entities', headers: (await loginAs(app, d, 'tech')).headers, payload: { companyId: 'x', taxMode: 'osn' } });
    expect(tech.statusCode).toBe(403);
    const mgmt = await ctxAs(d.db, 'management');
    const a = await aCompany(mgmt, { roles: ['own'] });
    await setOwnEntity(mgmt, { companyId: a.id, taxMode: 'osn', isDefault: true });
    await setOwnEntity(mgmt, { companyId: a.id, taxMode: 'usn' });
    expect(await getOwnEntity(mgmt)).toMatchObject({ company: { id: a.id }, taxMode: 'usn', isDefault: true });
    await expect(setOwnEntity(mgmt, { companyId: a.id, taxMode: 'osn', isDefault: false })).rejects.toMatchObject({ code: 'rule', key: 'e.ownEntity.lastDefault' });
    await expect(sql`UPDATE own_entity SET is_default = false WHERE company_id = ${a.id}`.execute(d.db)).rejects.toMatchObject({ code: 'RD401' });
    await expect(sql`DELETE FROM own_entity WHERE company_id = ${a.id}`.execute(d.db)).rejects.toMatchObject({ code: 'RD401' });
    expect((await getOwnEntity(mgmt)).company.id).toBe(a.id);
  });

  it('managers change their own deals and tasks; management reassigns', async () => {
    const [m1, m2, boss] = [await ctxAs(d.db, 'manager'), await ctxAs(d.db, 'manager'), await ctxAs(d.db, 'management')];
    const co = await aCompany(m1);
    const deal = await createDeal(m1, { title: 'Чужая сделка', source: 'ad_campaign', companyId: co.id, nextStep: 'Позвонить', nextStepDue: '2026-12-01' });
    await expect(updateDeal(m2, deal.id, { ownerId: m2.userId })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(updateDeal(m2, deal.id, { title: 'Моя теперь' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(moveDealStage(m2, deal.id, { stage: 'qualified' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(updateDeal(m1, deal.id, { ownerId: m2.userId })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await updateDeal(m1, deal.id, { title: 'Своя' })).title).toBe('Своя');
    expect((await updateDeal(boss, deal.id, { ownerId: m2.userId })).ownerId).toBe(m2.userId);
    const task = await createTask(m1, { title: 'Позвонить', dueDate: '2026-03-10' });
    await expect(completeTask(m2, task.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await completeTask(m1, task.id)).doneAt).not.toBeNull();
  });

  it('login is limited per address and e-mail, and says so; other limits say what they are', async () => {
    const limited = await testServer(d, { loginMax: 3, leadFormMax: 1 });
    try {
      const attempt = (email: string) => limited.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'wrong-password-1' } });
      for (let i = 0; i < 3; i++) expect((await attempt('victim@example.ru')).statusCode).toBe(401);
      const blocked = await attempt('victim@example.ru');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().detail).toContain('попыток входа');
      expect((await attempt('colleague@example.ru')).statusCode).toBe(401);
      const lead = { name: 'Иван', email: 'ivan@example.ru', consentTextVersion: 'pd', consentAccepted: true };
      await limited.inject({ method: 'POST', url: '/api/v1/public/leads', payload: lead });
      const tooMany = await limited.inject({ method: 'POST', url: '/api/v1/public/leads', payload: lead });
      expect(tooMany.statusCode).toBe(429);
      expect(tooMany.json().detail).not.toContain('входа');
      expect(tooMany.json().detail).toContain('заявок');
    } finally { await limited.close(); }
  });

  it('the lead form records the consent text version this server shows, not the one sent', async () => {
    const email = `lead.${Date.now()}@example.ru`;
    const r = await app.inject({ method: 'POST', url: '/api/v1/public/leads', payload: { name: 'Иван', email, consentTextVersion: 'forged-v9', consentAccepted: true } });
    expect(r.statusCode, r.body).toBe(201);
    const versions = (await sql<{ text_version: string }>`SELECT e.text_version FROM consent_event e JOIN contact c ON c.id = e.contact_id WHERE ${email} = ANY(c.emails)`.execute(d.db)).rows;
    expect(versions.map((v) => v.text_version)).toEqual(['pd-2026-01']);
  });

  it('security headers; frames only for the lead form', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const form = await app.inject({ method: 'GET', url: '/api/v1/public/lead-form.html' });
    expect(form.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(form.headers['x-frame-options']).toBeUndefined();
  });

  it('a cookie-authenticated change from another origin (even another port of this host) is refused', async () => {
    const s = await loginAs(app, d, 'manager');
    const cookie = `${s.cookie.name}=${s.cookie.value}`;
    const co = await aCompany(await ctxAs(d.db, 'manager'));
    const task = await createTask({ ...(await ctxAs(d.db, 'manager')), actor: { id: s.user.id, name: 'x', role: 'manager' } }, { title: 'Задача', dueDate: '2026-03-10', companyId: co.id });
    const done = (headers: Record<string, string>) => app.inject({ method: 'POST', url: `/api/v1/tasks/${task.id}/done`, headers: { host: 'desk.example.ru:3000', ...headers } });
    const foreign = await done({ cookie, origin: 'http://desk.example.ru:8080' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().key).toBe('e.csrf');
    expect((await done({ cookie, referer: 'http://evil.example/form.html' })).statusCode).toBe(403);
    expect((await done({ authorization: `Bearer ${s.token}`, origin: 'http://desk.example.ru:8080' })).statusCode).toBe(200);
    expect((await done({ cookie, origin: 'http://desk.example.ru:3000' })).statusCode).toBe(409);
  });

  it('session cookies are Secure behind a TLS proxy when RACKDESK_TRUST_PROXY is on', async () => {
    const behind = await buildServer({ database: d, timeZone: 'Europe/Moscow', logLevel: 'silent', trustProxy: true });
    try {
      const email = `tls.${Date.now()}@example.ru`;
      await createUser(makeCtx(d.db), { email, fullName: 'TLS', role: 'manager', password: 'long-enough-password' });
      const viaProxy = await behind.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { email, password: 'long-enough-password' } });
      expect(viaProxy.cookies.find((c) => c.name === 'rd_session')?.secure).toBe(true);
      const direct = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { email, password: 'long-enough-password' } });
      expect(direct.cookies.find((c) => c.name === 'rd_session')?.secure).toBeFalsy();
    } finally { await behind.close(); }
  });
});
