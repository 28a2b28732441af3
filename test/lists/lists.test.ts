import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { makeCtx } from '../../src/app/context.ts';
import { issueManualInvoice } from '../../src/app/billing/invoices.ts';
import { recordPayment } from '../../src/app/billing/payments.ts';
import { pageInvoices, pagePayments, pageServices } from '../../src/app/billing/lists.ts';
import { listCompanies } from '../../src/app/parties/get-company.ts';
import { createContact } from '../../src/app/parties/contacts.ts';
import { globalSearch, pageContacts } from '../../src/app/search/search.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import { aClient, accountingAt, anOwnEntity, aService } from '../billing/helpers.ts';

const tag = () => `Лист${randomInt(1e9)}`;

describe(`server-side lists and global search (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  beforeAll(async () => { d = await testDb(); app = await testServer(d); });
  afterAll(async () => { await app.close(); });

  async function clientWithInvoices() {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db, 'osn');
    const name = tag();
    const client = await aClient(d.db, { name: `ООО «${name}»` });
    const inv = [];
    for (const amount of [300_000, 100_000, 200_000]) {
      inv.push(await issueManualInvoice(ctx, { clientId: client.id, sellerId: seller.id, serviceDate: '2026-11-20', lines: [{ description: 'Работы', amount }] }));
    }
    return { ctx, seller, client, name, inv };
  }

  it('pages, sorts and filters invoices on the server, with the total of every match', async () => {
    const { ctx, client, name, inv } = await clientWithInvoices();
    await recordPayment(ctx, { clientId: client.id, amount: Number(inv[0]!.total), paidOn: '2026-11-27', invoiceId: inv[0]!.id });
    await recordPayment(ctx, { clientId: client.id, amount: 1000, paidOn: '2026-11-27', invoiceId: inv[1]!.id });

    const all = await pageInvoices(ctx, { q: name.toLowerCase(), sort: 'total' });
    expect(all.total).toBe(3);
    expect(all.items.map((i) => i.total)).toEqual([inv[1]!.total, inv[2]!.total, inv[0]!.total]);
    expect(all.items[0]!.documents).toEqual(['invoice', 'act', 'factura', 'upd', 'updXml']);

    const p1 = await pageInvoices(ctx, { clientId: client.id, sort: '-total', limit: 2 });
    const p2 = await pageInvoices(ctx, { clientId: client.id, sort: '-total', limit: 2, offset: 2 });
    expect(p1.total).toBe(3);
    expect(p1.items).toHaveLength(2);
    expect(p2.items.map((i) => i.id)).toEqual([inv[1]!.id]);
    expect((await pageInvoices(ctx, { clientId: client.id, offset: 10 })).total).toBe(3);

    expect((await pageInvoices(ctx, { clientId: client.id, state: 'paid' })).items.map((i) => i.id)).toEqual([inv[0]!.id]);
    expect((await pageInvoices(ctx, { clientId: client.id, state: 'partial' })).items.map((i) => i.id)).toEqual([inv[1]!.id]);
    expect((await pageInvoices(ctx, { clientId: client.id, state: 'unpaid' })).total).toBe(2);
    const later = { ...ctx, now: () => new Date('2027-03-01T09:00:00Z') };
    expect((await pageInvoices(later, { clientId: client.id, state: 'overdue' })).items.every((i) => i.state === 'overdue')).toBe(true);
    expect((await pageInvoices(later, { clientId: client.id, state: 'overdue' })).total).toBe(2);

    const byNumber = await pageInvoices(ctx, { q: `${inv[2]!.number}/${inv[2]!.year}`, clientId: client.id });
    expect(byNumber.items.map((i) => i.id)).toEqual([inv[2]!.id]);
    expect((await pageInvoices(ctx, { q: client.inn!, sort: 'number' })).total).toBe(3);

    const payments = await pagePayments(ctx, { clientId: client.id, sort: 'amount' });
    expect(payments.items.map((p) => p.amount)).toEqual([1000n, inv[0]!.total]);

    await expect(pageInvoices(ctx, { sort: 'secret' })).rejects.toSatisfy((e) => e instanceof AppError && e.fieldErrors[0]!.path === 'query.sort');
  });

  it('pages services and companies with sorting; contacts and the global search find by name, ИНН, e-mail and number', async () => {
    const { ctx, seller, client, name, inv } = await clientWithInvoices();
    for (const [title, price] of [['Б-сервер', 500_000], ['А-сервер', 900_000], ['В-колокейшн', 100_000]] as const) {
      await aService(ctx, client.id, seller.id, { title: `${title} ${name}`, monthlyPrice: price });
    }
    const byPrice = await pageServices(ctx, { clientId: client.id, sort: '-monthlyPrice' });
    expect(byPrice.items.map((s) => s.monthlyPrice)).toEqual([900_000n, 500_000n, 100_000n]);
    expect(byPrice.items[0]!.clientName).toBe(client.name);
    expect((await pageServices(ctx, { q: `колокейшн ${name}`.toLowerCase() })).total).toBe(1);

    const admin = makeCtx(d.db);
    for (let i = 0; i < 3; i++) await aCompany(admin, { name: `ООО «${name} ${i}»` });
    const companies = await listCompanies(admin, { q: name, sort: '-name', limit: 2 });
    expect(companies.total).toBe(4);
    const asc = await listCompanies(admin, { q: name, sort: 'name', limit: 10 });
    expect(companies.items.map((c) => c.id)).toEqual(asc.items.map((c) => c.id).reverse().slice(0, 2));
    expect(companies.nextCursor).toBeNull();
    const byName = await listCompanies(admin, { q: name, limit: 2 });
    expect(byName.nextCursor).not.toBeNull();

    const phone = String(randomInt(1_000_000, 9_999_999));
    await createContact(admin, client.id, { fullName: `Иван ${name}`, emails: [`ivan.${name.toLowerCase()}@client.test`.replace(/[^a-z0-9.@]/g, 'x')], phones: [`+7 (495) ${phone.slice(0, 3)}-${phone.slice(3, 5)}-${phone.slice(5)}`] });
    const manager = await ctxAs(d.db, 'manager');
    expect((await pageContacts(manager, { q: `иван ${name}` })).items.map((c) => c.companyName)).toEqual([client.name]);

    const found = await globalSearch(ctx, name);
    expect(found.hits.filter((h) => h.kind === 'company').map((h) => h.id)).toContain(client.id);
    expect(found.hits.some((h) => h.kind === 'contact' && h.companyId === client.id)).toBe(true);
    expect((await globalSearch(ctx, client.inn!)).hits.map((h) => h.id)).toContain(client.id);
    // Numbers run per seller, so other sellers may have the same one: every hit carries it, newest first.
    const byInvoice = (await globalSearch(ctx, `${inv[0]!.number}/${inv[0]!.year}`)).hits.filter((h) => h.kind === 'invoice');
    expect(byInvoice.length).toBeGreaterThan(0);
    expect(byInvoice.every((h) => h.title === `№ ${inv[0]!.number}/${inv[0]!.year}`)).toBe(true);
    expect((await globalSearch(ctx, `+7 495 ${phone}`)).hits.some((h) => h.kind === 'contact' && h.companyId === client.id)).toBe(true);
  });

  it('over HTTP: sort and page parameters are validated; an unknown sort is a 400 naming query.sort', async () => {
    const acc = await loginAs(app, d, 'accounting');
    const { client } = await clientWithInvoices();
    const ok = await app.inject({ method: 'GET', url: `/api/v1/billing/invoices?clientId=${client.id}&sort=-total&limit=1`, headers: acc.headers });
    expect(ok.statusCode).toBe(200);
    const body = ok.json() as { items: { total: string }[]; total: number; sort: string };
    expect(body).toMatchObject({ total: 3, sort: '-total' });
    expect(body.items).toHaveLength(1);
    expect(body.items[0]!.total).toBe('366000');
    for (const url of ['/api/v1/billing/invoices?sort=password', '/api/v1/billing/invoices?limit=0', '/api/v1/billing/services?sort=-x;drop', '/api/v1/companies?offset=-1', '/api/v1/billing/invoices?period=2026-13']) {
      const bad = await app.inject({ method: 'GET', url, headers: acc.headers });
      expect(bad.statusCode, url).toBe(400);
      expect((bad.json() as { errors: { path: string }[] }).errors[0]!.path).toMatch(/^query\./);
    }
    const s = await app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(client.name)}`, headers: acc.headers });
    expect((s.json() as { hits: { id: string }[] }).hits.map((h) => h.id)).toContain(client.id);
    const pay = await app.inject({ method: 'GET', url: '/api/v1/billing/payments?status=queued&sort=-paidOn', headers: acc.headers });
    expect(pay.statusCode).toBe(200);
    const pdf = await app.inject({ method: 'GET', url: `/api/v1/billing/invoices?clientId=${client.id}&sort=number&limit=1`, headers: acc.headers });
    const first = (pdf.json() as { items: { id: string; number: number; issueDate: string }[] }).items[0]!;
    const doc = await app.inject({ method: 'GET', url: `/api/v1/billing/invoices/${first.id}/invoice.pdf`, headers: acc.headers });
    // The document's number and date, never an internal id.
    expect(doc.headers['content-disposition']).toContain(`Schet_${first.number}_ot_${first.issueDate.split('-').reverse().join('.')}.pdf`);
  });
});
