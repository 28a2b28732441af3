import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { companyOverview, addCompanySection } from '../../src/app/flows/company-360.ts';
import { createDeal } from '../../src/app/crm/deals.ts';
import { createProposal } from '../../src/app/quoting/proposals.ts';
import { createFeasibilityRequest } from '../../src/app/feasibility/requests.ts';
import { issueManualInvoice } from '../../src/app/billing/invoices.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aCompany } from '../helpers/factories.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import { accountingAt, anOwnEntity, aService } from '../billing/helpers.ts';
import { pricingWorld, proposalInput, type World } from '../quoting/world.ts';

describe(`company card 360° (${engineName})`, () => {
  let d: Database;
  let w: World;
  let app: FastifyInstance;
  beforeAll(async () => { d = await testDb(); w = await pricingWorld(d.db); app = await testServer(d); });
  afterAll(async () => { await app.close(); });

  it('shows the company’s deals, proposals, requests, services, invoices, debt and documents — and nobody else’s', async () => {
    const client = await aCompany(w.manager, { roles: ['client'] });
    const other = await aCompany(w.manager, { roles: ['client'] });
    const deal = await createDeal(w.manager, { title: 'Два сервера', source: 'inbound_call', companyId: client.id, expectedMonthlyRevenue: '50000' });
    await createDeal(w.manager, { title: 'Чужая сделка', source: 'inbound_call', companyId: other.id });
    const p = await createProposal(w.manager, proposalInput(w, 3_000_000, { companyId: client.id }));
    const r = await createFeasibilityRequest(w.manager, { companyId: client.id, siteId: w.site.id, serviceKind: 'colocation', params: { units: 2, kw: 1 } });
    const acc = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const svc = await aService(acc, client.id, seller.id);
    const inv = await issueManualInvoice(acc, { clientId: client.id, sellerId: seller.id, serviceDate: '2026-10-01', lines: [{ description: 'Монтаж', amount: 1_200_000 }] });

    const later = { ...acc, now: () => new Date('2026-12-10T09:00:00Z') }; // the invoice is due 02.12.2026
    const o = await companyOverview(later, client.id) as Record<string, { total: number; items: { id?: string; kind?: string }[] } & Record<string, unknown>>;
    expect(o.deals!.items.map((x) => x.id)).toEqual([deal.id]);
    expect(o.proposals!.items.map((x) => x.id)).toEqual([p.id]);
    expect(o.feasibility!.items.map((x) => x.id)).toEqual([r.id]);
    expect(o.services!.items.map((x) => x.id)).toEqual([svc.id]);
    expect(o.invoices!.items).toEqual([expect.objectContaining({ id: inv.id, total: 1_464_000n, outstanding: 1_464_000n, overdue: true })]);
    expect(o.balance).toMatchObject({ balance: 1_464_000n, debt: 1_464_000n, overdueDebt: 1_464_000n, overdueInvoices: 1 });
    expect(o.documents!.items.map((x) => x.kind).sort()).toEqual(['act', 'factura', 'invoice']);
  });

  it('over HTTP: only the blocks asked for; another context adds its block the same way', async () => {
    const client = await aCompany(w.manager, { roles: ['client'] });
    addCompanySection({ key: 'test_orders', permission: 'crm.read', load: async (_ctx, id) => ({ total: 0, items: [], companyId: id }) });
    const s = await loginAs(app, d, 'manager');
    const res = await app.inject({ method: 'GET', url: `/api/v1/companies/${client.id}/overview?sections=deals,test_orders`, headers: s.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ deals: { total: 0, items: [] }, test_orders: { total: 0, items: [], companyId: client.id } });
    const missing = await app.inject({ method: 'GET', url: '/api/v1/companies/nope/overview', headers: s.headers });
    expect(missing.statusCode).toBe(404);
    expect(() => addCompanySection({ key: 'deals', permission: 'crm.read', load: async () => null })).toThrow();
  });
});
