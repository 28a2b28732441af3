import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { legalEntity } from '../helpers/factories.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import { startTestSmtp } from '../helpers/smtp.ts';
import { pdfText } from '../helpers/pdf.ts';

describe(`CRM over HTTP (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  beforeAll(async () => {
    d = await testDb();
    smtp = await startTestSmtp();
    app = await testServer(d, { services: { mailer: smtp.mailer } });
  });
  afterAll(async () => { await app.close(); await smtp.close(); });

  it('journey: lead → call → stage → lost refused without reason → lost with reason → refusal report and daily summary', async () => {
    const s = await loginAs(app, d, 'manager');
    const h = s.headers;
    const co = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: h, payload: legalEntity() });
    expect(co.statusCode).toBe(201);
    const companyId = co.json().id as string;
    const ct = await app.inject({ method: 'POST', url: `/api/v1/companies/${companyId}/contacts`, headers: h, payload: { fullName: 'Анна Смирнова', emails: ['anna@client.test'] } });
    const contactId = ct.json().id as string;
    const lead = await app.inject({ method: 'POST', url: '/api/v1/deals', headers: h, payload: { title: 'Colocation 10U', source: 'inbound_call', companyId, contactId, serviceKind: 'colocation', expectedMonthlyRevenue: '45000' } });
    expect(lead.statusCode).toBe(201);
    expect(lead.json()).toMatchObject({ stage: 'new', expectedMonthlyRevenue: '4500000' });
    const dealId = lead.json().id as string;
    const call = await app.inject({ method: 'POST', url: '/api/v1/activities', headers: h, payload: { kind: 'call', direction: 'outbound', purpose: 'reply', dealId, contactId, outcome: 'Обсудили стойку' } });
    expect(call.statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: `/api/v1/deals/${dealId}/stage`, headers: h, payload: { stage: 'qualified' } })).statusCode).toBe(200);
    const refused = await app.inject({ method: 'POST', url: `/api/v1/deals/${dealId}/stage`, headers: h, payload: { stage: 'lost' } });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().detail).toBe('Чтобы закрыть сделку как проигранную, выберите причину отказа из списка и напишите комментарий');
    expect(refused.json().errors.map((e: { path: string }) => e.path)).toEqual(['lostReason', 'lostComment']);
    const lost = await app.inject({ method: 'POST', url: `/api/v1/deals/${dealId}/stage`, headers: h, payload: { stage: 'lost', lostReason: 'competitor', lostComment: 'Ушли к соседям по этажу' } });
    expect(lost.json()).toMatchObject({ outcome: 'lost', lostReason: 'competitor' });
    const rep = await app.inject({ method: 'GET', url: `/api/v1/crm/reports/refusals?ownerId=${s.user.id}`, headers: h });
    expect(rep.json().items).toEqual([{ reason: 'competitor', name: 'Выбрали конкурента', count: 1, revenueLost: '4500000' }]);
    const sum = await app.inject({ method: 'GET', url: '/api/v1/crm/summary/daily', headers: h });
    expect(sum.json().moved.map((m: { toStage: string }) => m.toStage)).toEqual(['new', 'qualified', 'lost']);
    expect(sum.json().activities[0].outcome).toBe('Обсудили стойку');
    const md = await app.inject({ method: 'GET', url: '/api/v1/crm/summary/daily?format=md', headers: h });
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.body).toContain('Квалифицирован → **Проиграна**');
    const pdf = await app.inject({ method: 'GET', url: '/api/v1/crm/summary/daily?format=pdf', headers: { ...h, 'accept-language': 'en' } });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(await pdfText(pdf.rawPayload)).toContain('Qualified » Lost');
    const card = await app.inject({ method: 'GET', url: `/api/v1/deals/${dealId}`, headers: h });
    expect(card.json().timeline.map((t: { type: string }) => t.type)).toEqual(['stage', 'stage', 'activity', 'stage']);
  });

  it('e-mail over the API arrives at the SMTP server; advertising without consent is 422 with a clear message', async () => {
    const s = await loginAs(app, d, 'manager');
    const co = await app.inject({ method: 'POST', url: '/api/v1/companies', headers: s.headers, payload: legalEntity() });
    const ct = await app.inject({ method: 'POST', url: `/api/v1/companies/${co.json().id}/contacts`, headers: s.headers, payload: { fullName: 'Олег Ким', emails: ['oleg@client.test'] } });
    const before = smtp.received.length;
    const ad = await app.inject({ method: 'POST', url: '/api/v1/emails', headers: s.headers, payload: { companyId: co.json().id, contactId: ct.json().id, purpose: 'advertising', subject: 'Акция', text: 'Скидки' } });
    expect(ad.statusCode).toBe(422);
    expect(ad.json().detail).toBe('Нет согласия на рекламные письма для этого контакта («Олег Ким»)');
    const svc = await app.inject({ method: 'POST', url: '/api/v1/emails', headers: s.headers, payload: { companyId: co.json().id, contactId: ct.json().id, purpose: 'service', subject: 'Плановые работы 01.12', text: 'С 02:00 до 04:00' } });
    expect(svc.statusCode).toBe(201);
    expect(smtp.received.slice(before).map((m) => m.subject)).toEqual(['Плановые работы 01.12']);
    const tl = await app.inject({ method: 'GET', url: `/api/v1/activities?companyId=${co.json().id}`, headers: s.headers });
    expect(tl.json().items).toHaveLength(1);
  });

  it('bad input is 400 with field paths, never 500; reports export CSV and XLSX', async () => {
    const s = await loginAs(app, d, 'manager');
    const bad = await app.inject({ method: 'POST', url: '/api/v1/deals', headers: s.headers, payload: { title: 'x', source: 'partner', companyId: 'co_nope', expectedMonthlyRevenue: 'много' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['expectedMonthlyRevenue', 'partnerId']);
    const missing = await app.inject({ method: 'POST', url: '/api/v1/deals', headers: s.headers, payload: { title: 'x', source: 'referral', companyId: 'co_nope' } });
    expect(missing.statusCode).toBe(404);
    const badDate = await app.inject({ method: 'GET', url: '/api/v1/crm/summary/daily?date=2026-13-01', headers: s.headers });
    expect(badDate.statusCode).toBe(400);
    const csv = await app.inject({ method: 'GET', url: '/api/v1/crm/reports/funnel?format=csv&from=2026-01-01', headers: s.headers });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('\ufeffstage;name;reached;current;current_revenue_rub;conversion_pct;avg_days_in_stage');
    const xlsx = await app.inject({ method: 'GET', url: '/api/v1/crm/reports/activity?format=xlsx', headers: s.headers });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const openapi = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(Object.keys(openapi.json().paths)).toEqual(expect.arrayContaining(['/api/v1/deals', '/api/v1/deals/{id}/stage', '/api/v1/public/leads', '/api/v1/crm/summary/daily']));
  });

  it('the public lead form creates company, contact, consent with the text version and the lead; bad input creates nothing', async () => {
    const email = `visitor.${Date.now()}@example.test`;
    const ok = await app.inject({ method: 'POST', url: '/api/v1/public/leads', payload: {
      name: 'Пётр Сидоров', organization: 'ООО «Ромашка»', email, phone: '+7 916 000-00-00', message: 'Нужен сервер', serviceKind: 'dedicated',
      consentTextVersion: 'pd-2026-01', consentAccepted: true, utmSource: 'google', utmCampaign: 'dedic',
    } });
    expect(ok.statusCode).toBe(201);
    const deal = await d.db.selectFrom('deal').selectAll().where('id', '=', ok.json().id).executeTakeFirstOrThrow();
    expect(deal).toMatchObject({ source: 'website_form', utm_source: 'google', utm_campaign: 'dedic', service_kind: 'dedicated', stage: 'new' });
    const consents = await d.db.selectFrom('consent_event').selectAll().where('contact_id', '=', deal.contact_id!).execute();
    expect(consents.map((c) => [c.channel, c.purpose, c.status, c.text_version])).toEqual([['email', 'pd_processing', 'granted', 'pd-2026-01']]);

    const bad = await app.inject({ method: 'POST', url: '/api/v1/public/leads', payload: { name: 'Бот', email: `bot.${Date.now()}@x.test`, consentTextVersion: 'pd-2026-01', consentAccepted: false } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ path: 'consentAccepted', key: 'v.lead.consent', message: 'Чтобы отправить заявку, нужно согласие на обработку персональных данных' }]);
    const badEmail = `bad.${Date.now()}@x.test`;
    const noVersion = await app.inject({ method: 'POST', url: '/api/v1/public/leads', payload: { name: 'X', email: badEmail, consentAccepted: true } });
    expect(noVersion.statusCode).toBe(400);
    expect(await d.db.selectFrom('company').select('id').where('email', '=', badEmail).execute()).toHaveLength(0);
    const html = await app.inject({ method: 'GET', url: '/api/v1/public/lead-form.html' });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('/api/v1/public/leads');
    expect(html.body).toContain('pd-2026-01');
  });

  it('the lead form is rate-limited per IP', async () => {
    const limited = await testServer(d, { leadFormMax: 2 });
    try {
      const post = () => limited.inject({ method: 'POST', url: '/api/v1/public/leads', payload: { name: 'x' } });
      expect((await post()).statusCode).toBe(400);
      expect((await post()).statusCode).toBe(400);
      const third = await post();
      expect(third.statusCode).toBe(429);
      expect(third.headers['content-type']).toContain('application/problem+json');
    } finally { await limited.close(); }
  });

  it('a manager cannot read another manager’s summary; management can', async () => {
    const a = await loginAs(app, d, 'manager');
    const b = await loginAs(app, d, 'manager');
    const m = await loginAs(app, d, 'management');
    expect((await app.inject({ method: 'GET', url: `/api/v1/crm/end-of-day?managerId=${a.user.id}`, headers: b.headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/v1/crm/end-of-day?managerId=${a.user.id}`, headers: m.headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/deals' })).statusCode).toBe(401);
  });
});
