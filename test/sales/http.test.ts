import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import { startTestSmtp } from '../helpers/smtp.ts';
import { salesWorld, type SalesWorld } from './world.ts';

describe(`sales flow over HTTP and the client’s public page (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  let w: SalesWorld;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let h: { authorization: string };
  beforeAll(async () => {
    d = await testDb(); w = await salesWorld(d.db); smtp = await startTestSmtp();
    app = await testServer(d, { services: { mailer: smtp.mailer } });
    h = (await loginAs(app, d, 'management')).headers;
  });
  afterAll(async () => { await app.close(); await smtp.close(); });

  it('POST /deals/{id}/stage {"stage":"won"} without an accepted proposal is 422 (it was 200 with proposalId null)', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/v1/deals/${w.deal.id}/stage`, headers: h, payload: { stage: 'won' } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ errors: [{ path: 'proposalId', key: 'e.sales.wonOnlyByAcceptance' }] });
    expect((await app.inject({ method: 'GET', url: `/api/v1/deals/${w.deal.id}`, headers: h })).json().deal.outcome).toBe('open');
  });

  it('deal → proposal → e-mail → public page (Russian, English) → accept → deal won; the link then says it was used', async () => {
    const created = await app.inject({ method: 'POST', url: `/api/v1/deals/${w.deal.id}/proposals`, headers: h, payload: { sellerCompanyId: w.own.id, serviceDate: '2026-12-15', validUntil: '2026-12-31', lines: [{ offerId: w.offer.id, quantity: 1 }] } });
    expect(created.statusCode).toBe(201);
    const p = created.json() as { id: string; number: string; dealId: string; companyId: string };
    expect(p).toMatchObject({ dealId: w.deal.id, companyId: w.client.id });
    const early = await app.inject({ method: 'GET', url: `/api/v1/proposals/${p.id}/earliest-start`, headers: h });
    expect(early.json().date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const sent = await app.inject({ method: 'POST', url: `/api/v1/proposals/${p.id}/email`, headers: { ...h, host: 'desk.example.test' }, payload: { contactId: w.contact.id } });
    expect(sent.statusCode).toBe(200);
    const url = /(http:\/\/desk\.example\.test\/offer\/[A-Za-z0-9_-]{43})/.exec(smtp.received.at(-1)!.text!)![1]!;
    const path = new URL(url).pathname;
    const page = await app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain(`Коммерческое предложение ${p.number}`);
    expect(page.body).toContain('Принять предложение');
    expect((await app.inject({ method: 'GET', url: `${path}?lang=en` })).body).toContain('Accept the proposal');
    const pdf = await app.inject({ method: 'GET', url: `${path}/pdf` });
    expect(pdf.body.slice(0, 5)).toBe('%PDF-');
    const answer = await app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'decision=accepted&comment=%D0%94%D0%B0' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('data-state="accepted"');
    const deal = await app.inject({ method: 'GET', url: `/api/v1/deals/${w.deal.id}`, headers: h });
    expect(deal.json().deal).toMatchObject({ outcome: 'won', proposalId: p.id, expectedMonthlyRevenue: '2500000' });
    const again = await app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'decision=declined' });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('По этой ссылке уже ответили');
    const delivery = await app.inject({ method: 'GET', url: `/api/v1/proposals/${p.id}/delivery`, headers: h });
    expect(delivery.json().decisions[0]).toMatchObject({ decision: 'accepted', channel: 'online', comment: 'Да' });
    expect((await app.inject({ method: 'GET', url: '/offer/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(404);
  });

  it('settings over the API; bad input is 400 with the field path; the OpenAPI lists the routes', async () => {
    const bad = await app.inject({ method: 'PUT', url: '/api/v1/sales/settings', headers: h, payload: { surveyAfterDays: 0 } });
    expect(bad.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/sales/settings', headers: h })).json()).toMatchObject({ linkValidDays: 14 });
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, unknown> };
    for (const path of ['/api/v1/deals/{id}/proposals', '/api/v1/proposals/{id}/email', '/api/v1/proposals/{id}/paper-decision', '/api/v1/sales/settings', '/api/v1/surveys']) expect(doc.paths[path]).toBeDefined();
  });
});
