import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { makeCtx } from '../../src/app/context.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import { aClientWithContact, grantAdvertising } from '../crm/helpers.ts';

/** A server without SMTP: e-mail cannot go out, and it says so only after every other reason to refuse. */
describe(`POST /emails without SMTP (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  let manager: Record<string, string>;
  beforeAll(async () => {
    d = await testDb();
    app = await testServer(d, { services: { mailer: null } });
    manager = (await loginAs(app, d, 'manager')).headers;
  });
  afterAll(async () => { await app.close(); });

  const activities = async (companyId: string) => (await d.db.selectFrom('activity').select('id').where('company_id', '=', companyId).execute()).length;

  it('advertising without consent is refused for the consent, not for the missing SMTP', async () => {
    const { company, contact } = await aClientWithContact(makeCtx(d.db));
    const r = await app.inject({ method: 'POST', url: '/api/v1/emails', headers: manager, payload: { companyId: company.id, contactId: contact.id, purpose: 'advertising', subject: 'Акция', text: 'Скидки' } });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json().key).toMatch(/consent/i);
    expect(r.json().detail).toContain(contact.fullName);
    expect(await activities(company.id)).toBe(0);
  });

  it('a message that may go out is a 409 problem saying e-mail is not configured; nothing is stored', async () => {
    const { company, contact } = await aClientWithContact(makeCtx(d.db));
    await grantAdvertising(makeCtx(d.db), company.id, contact.id, 'email');
    for (const purpose of ['service', 'advertising']) {
      for (const lang of ['ru', 'en']) {
        const r = await app.inject({ method: 'POST', url: '/api/v1/emails', headers: { ...manager, 'accept-language': lang }, payload: { companyId: company.id, contactId: contact.id, purpose, subject: 'Счёт', text: 'Во вложении' } });
        expect(r.statusCode, r.body).toBe(409);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(r.json()).toMatchObject({ code: 'not_configured', key: 'e.crm.noMailer', title: lang === 'ru' ? 'Не настроено' : 'Not configured' });
        expect(r.json().detail).toContain('SMTP_HOST');
      }
    }
    expect(await activities(company.id)).toBe(0);
  });
});
