import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { DEFAULT_CONSENT_TEXT_VERSION } from '../../src/config.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { testServer } from '../helpers/server.ts';
import { ctxAs } from '../helpers/factories.ts';
import { startTestSmtp } from '../helpers/smtp.ts';

/** The website form and advertising consent by e-mail: double opt-in over real SMTP. */
describe(`lead form: double opt-in, one client per e-mail, a 429 that says what it is (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  beforeAll(async () => {
    d = await testDb();
    await ctxAs(d.db, 'manager'); // someone takes the leads
    smtp = await startTestSmtp();
    app = await testServer(d, { services: { mailer: smtp.mailer } });
  });
  afterAll(async () => { await app.close(); await smtp.close(); });

  let n = 0;
  const newEmail = () => `lead.${Date.now()}.${n++}@visitor.test`;
  const submit = (email: string, over: Record<string, unknown> = {}, server = app) => server.inject({ method: 'POST', url: '/api/v1/public/leads', payload: {
    name: 'Анна Кузнецова', email, message: 'Нужна стойка', consentAccepted: true, advertisingAccepted: true, ...over,
  } });
  const advertisingConsents = async (email: string) => (await sql<{ text_version: string; source: string }>`
    SELECT ce.text_version, ce.source FROM consent_event ce JOIN contact c ON c.id = ce.contact_id
    WHERE ce.purpose = 'advertising' AND ${email} = ANY (c.emails)`.execute(d.db)).rows;
  const linkIn = (email: string): string => {
    const mail = smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('Подтвердите согласие на рассылку');
    const url = /https?:\/\/\S+\/api\/v1\/public\/leads\/confirm\?token=\S+/.exec(mail[0]!.text ?? '')?.[0];
    expect(url).toBeTruthy();
    return new URL(url!).pathname + new URL(url!).search;
  };

  it('the tick sends a link; only opening it records the consent, with the configured text version, once', async () => {
    const email = newEmail();
    const r = await submit(email, { consentTextVersion: 'claimed-by-sender' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ ok: true, newDeal: true, confirmationSent: true });
    expect(await advertisingConsents(email)).toEqual([]);
    const link = linkIn(email);

    const opened = await app.inject({ method: 'GET', url: link });
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toContain('text/html');
    expect(opened.body).toContain(`Согласие на рекламную рассылку на ${email} подтверждено`);
    expect(await advertisingConsents(email)).toEqual([{ text_version: DEFAULT_CONSENT_TEXT_VERSION, source: `website form: confirmed by the link sent to ${email}` }]);

    const again = await app.inject({ method: 'GET', url: link });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('уже подтверждено');
    expect(await advertisingConsents(email)).toHaveLength(1);
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/public/leads/confirm?token=rdo_nothing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Ссылка подтверждения не найдена');
  });

  it('an expired link records nothing and says to send the form again', async () => {
    const email = newEmail();
    await submit(email);
    await d.db.updateTable('lead_optin').set({ expires_at: sql`created_at + interval '1 millisecond'` }).where('email', '=', email).execute();
    const r = await app.inject({ method: 'GET', url: linkIn(email), headers: { 'accept-language': 'en' } });
    expect(r.statusCode).toBe(410);
    expect(r.body).toContain(`The link has expired: send the form on the website again and we will send a new one to ${email}`);
    expect(await advertisingConsents(email)).toEqual([]);
  });

  it('the same e-mail twice (any case, even at once) is one company, one contact and one open lead', async () => {
    const email = newEmail();
    const answers = await Promise.all([submit(email, { advertisingAccepted: false }), submit(email.toUpperCase(), { advertisingAccepted: false }), submit(email, { advertisingAccepted: false, message: 'Ещё вопрос' })]);
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.filter((a) => a.json().newDeal)).toHaveLength(1);
    const contacts = (await sql<{ company_id: string }>`SELECT company_id FROM contact WHERE lower(${email}) = ANY (SELECT lower(e) FROM unnest(emails) e)`.execute(d.db)).rows;
    expect(contacts).toHaveLength(1);
    const deals = await d.db.selectFrom('deal').select('id').where('company_id', '=', contacts[0]!.company_id).execute();
    expect(deals).toHaveLength(1);
    const requests = await d.db.selectFrom('activity').select('body').where('deal_id', '=', deals[0]!.id).where('direction', '=', 'inbound').execute();
    expect(requests).toHaveLength(3);
    expect(smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.text.toLowerCase() === email)).toHaveLength(0);
  });

  it('without SMTP no link can go out, so no advertising consent is asked for; the lead is stored', async () => {
    const noMail = await testServer(d, { services: { mailer: null } });
    try {
      const email = newEmail();
      const r = await submit(email, {}, noMail);
      expect(r.statusCode).toBe(201);
      expect(r.json().confirmationSent).toBe(false);
      expect(await d.db.selectFrom('lead_optin').select('id').where('email', '=', email).execute()).toEqual([]);
      expect(await advertisingConsents(email)).toEqual([]);
    } finally { await noMail.close(); }
  });

  it('too many submissions from one address: a 429 that says it is about lead submissions', async () => {
    const limited = await testServer(d, { leadFormMax: 2, services: { mailer: null } });
    try {
      const post = () => limited.inject({ method: 'POST', url: '/api/v1/public/leads', payload: { name: 'x' } });
      await post();
      await post();
      const third = await post();
      expect(third.statusCode).toBe(429);
      expect(third.headers['content-type']).toContain('application/problem+json');
      expect(third.json().detail).toMatch(/^Слишком много заявок с этого адреса; повторите через \d+ с$/);
      expect(third.json().title).toBe('Слишком много запросов');
    } finally { await limited.close(); }
  });
});
