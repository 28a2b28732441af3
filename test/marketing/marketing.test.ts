import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCtx, type Ctx } from '../../src/app/context.ts';
import { acceptReport, setAttribution } from '../../src/app/compensation/inputs.ts';
import { assignPlan, createPlan } from '../../src/app/compensation/plans.ts';
import { computeStatement } from '../../src/app/compensation/statement.ts';
import { createDeal, moveDealStage } from '../../src/app/crm/deals.ts';
import { answerFeasibilityRequest, createFeasibilityRequest } from '../../src/app/feasibility/requests.ts';
import { useSpendForPayroll } from '../../src/app/flows/ad-spend-payroll.ts';
import { createCompetitorOffer, importCompetitorOffers, listCompetitorOffers, priceComparison, setMarketingSettings } from '../../src/app/marketing/competitors.ts';
import { demand } from '../../src/app/marketing/demand.ts';
import { addSpend, attribution, deleteSpend, importSpend, listSpend } from '../../src/app/marketing/spend.ts';
import { setOwnEntity } from '../../src/app/reference/own-entities.ts';
import type { Database } from '../../src/db/connect.ts';
import { AppError } from '../../src/domain/errors.ts';
import { translate } from '../../src/domain/messages.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { accountingAt, aClient, anOwnEntity, aService } from '../billing/helpers.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { changeTariff } from '../../src/app/billing/changes.ts';
import { pricingWorld, type World } from '../quoting/world.ts';

const at = <T extends Ctx>(c: T, iso: string): T => ({ ...c, now: () => new Date(iso) });
const rejects = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => { if (!(e instanceof AppError)) throw e; return e; });
const sqlState = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? 'error');

describe(`marketing (${engineName})`, () => {
  let d: Database;
  let w: World;
  let mkt: Ctx;
  beforeAll(async () => {
    d = await testDb();
    w = await pricingWorld(d.db);
    mkt = at(w.management, '2026-11-29T09:00:00Z');
  }, 180_000);

  const offer = (over: Record<string, unknown> = {}) => ({
    competitor: 'ДатаПро', observedOn: '2026-11-20', sourceUrl: 'https://datapro.example/dedicated', serviceKind: 'dedicated', siteCode: w.site.code,
    params: { cores: 8, ramGb: 64, uplinkMbps: 1000, ipv4: 2, trafficTb: 30, cpuModel: 'EPYC' }, monthlyPrice: '24 400', setupFee: '0', ...over,
  });

  it('records offers by hand and from a file; the comparison gives min and median of fresh comparable ones, stale flagged', async () => {
    await createCompetitorOffer(mkt, offer());
    await createCompetitorOffer(mkt, offer({ competitor: 'Стойка24', monthlyPrice: '30 500', sourceUrl: 'https://s24.example/srv' }));
    const csv = [
      'date;source_url;competitor;kind;location;params;monthly_price;setup_fee;vat_included',
      `2026-11-25;https://r.example/a;Ромашка;dedicated;${w.site.code};"cores=8; ramGb=64; uplinkMbps=1000; ipv4=2; trafficTb=30";20000;5000;нет`,
      `2026-08-01;https://old.example/a;Старый;dedicated;${w.site.code};"cores=8; ramGb=64; uplinkMbps=1000; ipv4=2; trafficTb=30";1000;0;да`,
      `2026-11-25;https://r.example/b;Ромашка;dedicated;${w.site.code};"cores=32; ramGb=256; uplinkMbps=1000; ipv4=2; trafficTb=30";90000;0;нет`,
    ].join('\n');
    expect((await importCompetitorOffers(mkt, csv, 'c.csv')).count).toBe(3);
    const cmp = await priceComparison(mkt);
    const row = cmp.rows.find((r) => r.offerId === w.offer.id)!;
    // 24 400 and 30 500 with VAT 22 % → 20 000 and 25 000 without; 20 000 as published without VAT
    expect(row).toMatchObject({ ours: 2_500_000n, min: 2_000_000n, median: 2_000_000n, count: 3, stale: 1 });
    const list = await listCompetitorOffers(mkt, { serviceKind: 'dedicated' });
    expect(list.items.find((o) => o.competitor === 'Старый')!.stale).toBe(true);
    expect(list.items.find((o) => o.competitor === 'ДатаПро')!.stale).toBe(false);
    // a shorter stale period flags more and leaves fewer to compare
    await setMarketingSettings(mkt, { staleDays: 5, tolerancePct: 25 });
    expect((await priceComparison(mkt)).rows.find((r) => r.offerId === w.offer.id)).toMatchObject({ count: 1, stale: 3, median: 2_000_000n });
    await setMarketingSettings(mkt, { staleDays: 30, tolerancePct: 25 });
  });

  it('a file with bad lines is refused whole, each line named; nothing is written', async () => {
    const before = (await listCompetitorOffers(mkt)).items.length;
    const csv = [
      'дата;ссылка;конкурент;вид;площадка;параметры;цена;подключение',
      `2026-11-25;https://ok.example;Ок;vps;${w.site.code};"vcpu=2; ramGb=4; diskGb=40";500;0`,
      `2026-11-25;https://ok.example;Ок;vps;NOWHERE;vcpu=2;500;0`,
      `2027-01-01;https://ok.example;Ок;vps;${w.site.code};vcpu=2;500;0`,
      `2026-11-25;javascript:alert(1);Ок;vps;${w.site.code};cpuCores=2;-5;0`,
    ].join('\n');
    const e = await rejects(importCompetitorOffers(mkt, csv, 'bad.csv'));
    expect(e.fieldErrors.map((f) => f.path)).toEqual(['line 3.location', 'line 4.date', 'line 5.sourceUrl', 'line 5.monthlyPrice']);
    expect(translate('ru', e.fieldErrors[0]!.key, e.fieldErrors[0]!.params)).toBe('Площадка «NOWHERE» не найдена');
    expect((await listCompetitorOffers(mkt)).items.length).toBe(before);
  });

  it('the database refuses unknown parameters and a date after today (RD901, RD900)', async () => {
    const own = await createCompetitorOffer(mkt, offer({ competitor: `SQL-${w.tag}`, serviceKind: 'vps', params: { vcpu: 2, ramGb: 4, diskGb: 40 } }));
    const c = { id: (await d.db.selectFrom('mkt_competitor_offer').select('competitor_id').where('id', '=', own.id).executeTakeFirstOrThrow()).competitor_id };
    const insert = (over: Record<string, unknown>) => sql`INSERT INTO mkt_competitor_offer (id, competitor_id, observed_on, source_url, service_kind, site_id, params, monthly_price)
      VALUES (${`mo_${Math.random()}`}, ${c.id}, ${over.date ?? '2026-11-01'}, 'https://x.example', 'vps', ${w.site.id}, ${over.params ?? '{}'}::jsonb, 100)`.execute(d.db);
    expect(await sqlState(insert({ params: '{"cpuCores": 2}' }))).toBe('RD901');
    expect(await sqlState(insert({ date: '2999-01-01' }))).toBe('RD900');
    expect(await sqlState(insert({ params: '{"vcpu": 2}' }))).toBe('ok');
    await expect(createCompetitorOffer(mkt, offer({ params: { cpuCores: 2 } }))).rejects.toMatchObject({ fieldErrors: [{ path: 'params.cpuCores', key: 'v.mkt.unknownParam' }] });
  });

  it('demand counts leads and feasibility requests by kind, site and month, with losses and refusals and their reasons', async () => {
    const m = at(w.manager, '2026-11-10T09:00:00Z');
    const c = await aCompany(m);
    const lead = await createDeal(m, { title: 'VPS x5', source: 'website_form', utmSource: 'yandex', utmCampaign: 'yd-vps', companyId: c.id, serviceKind: 'vps', siteId: w.site.id, expectedMonthlyRevenue: '40000' });
    await moveDealStage(m, lead.id, { stage: 'lost', lostReason: 'price', lostComment: 'дешевле у конкурента' });
    const req = await createFeasibilityRequest(m, { companyId: c.id, siteId: w.site.id, serviceKind: 'colocation', params: { units: 42, kw: 20 }, quantity: 1 });
    await answerFeasibilityRequest(w.tech, req.id, { outcome: 'not_feasible', limits: 'нет стойки на 20 кВт', validUntil: '2027-12-31' });
    const month = new Date().toISOString().slice(0, 7);
    const r = await demand(mkt, { from: '2026-01', to: '2027-12' });
    const vps = r.rows.filter((x) => x.serviceKind === 'vps' && x.siteId === w.site.id);
    expect(vps.reduce((a, x) => a + x.lost, 0)).toBe(1);
    expect(vps.flatMap((x) => x.reasons)).toContainEqual({ reason: 'price', count: 1 });
    const colo = r.rows.find((x) => x.serviceKind === 'colocation' && x.siteId === w.site.id && x.month === month)!;
    expect(colo).toMatchObject({ requests: 1, refused: 1, reasons: [{ reason: 'нет стойки на 20 кВт', count: 1 }] });
    expect(r.reasonNames.price!.ru).toBeTruthy();
  });

  it('spend by hand and from a file; attribution gives cost per lead, revenue expected and as invoiced (net of corrections), cost per invoiced client', async () => {
    const m = w.manager;
    const t = w.tag.toLowerCase();
    await addSpend(mkt, { campaign: `YD-Brand-${t}`, month: '2026-10', amount: '30 000', channel: 'Яндекс Директ' });
    const dup = await rejects(addSpend(mkt, { campaign: `yd-brand-${t}`, month: '2026-10', amount: '1' }));
    expect(dup.code).toBe('conflict');
    const bad = await rejects(importSpend(mkt, `campaign;month;amount\nga-colo-${t};2026-10;10000\nga colo;2026-1;x\n`, 's.csv'));
    expect(bad.fieldErrors.map((f) => f.path)).toEqual(['line 3.campaign', 'line 3.month', 'line 3.amount']);
    expect((await importSpend(mkt, `campaign;month;amount\nga-colo-${t};2026-10;10000\n`, 's.csv')).count).toBe(1);
    const c = await aCompany(m);
    const buyer = await aClient(d.db);
    const mk = async (campaign: string, companyId = c.id) => createDeal(m, { title: 'x', source: 'website_form', utmCampaign: campaign, companyId, expectedMonthlyRevenue: '15000' });
    const deals = [await mk(`yd-brand-${t}`, buyer.id), await mk(`yd-brand-${t}`), await mk(`YD-BRAND-${t}`), await mk(`ga-colo-${t}`)];
    await d.db.updateTable('deal').set({ created_at: new Date('2026-10-15T10:00:00Z') }).where('id', 'in', deals.map((x) => x.id)).execute();
    // one of them won: set as the CRM would after an accepted proposal (its won guard, which wants a real accepted proposal, switched off for this row)
    await d.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(tx);
      await tx.updateTable('deal').set({ stage: 'won', outcome: 'won', closed_at: new Date('2026-10-20T10:00:00Z') }).where('id', '=', deals[0]!.id).execute();
    });
    const before = await attribution(mkt, { from: '2026-10', to: '2026-10' });
    // won but never invoiced: expected revenue only, no real client yet
    expect(before.rows.find((x) => x.campaign === `yd-brand-${t}`)).toMatchObject({ spend: 3_000_000n, leads: 3, won: 1, revenue: 1_500_000n, invoiced: 0n, clients: 0, costPerLead: 1_000_000n, costPerClient: null });
    // billing invoices the client October and November at 15 000 ₽; from 16.11 the tariff drops to 9 000 ₽ (a correction of −3 000 ₽ in November)
    const acc = await accountingAt(d.db, '2026-12-01T09:00:00Z');
    const seller = await anOwnEntity(d.db);
    const s = await aService(acc, buyer.id, seller.id, { monthlyPrice: 1_500_000, startDate: '2026-10-01' });
    await runBilling(acc, { period: '2026-10' });
    await runBilling(acc, { period: '2026-11' });
    await changeTariff(acc, s.id, { date: '2026-11-16', monthlyPrice: 900_000, quantity: 1, reason: 'Меньше тариф' });
    const r = await attribution(mkt, { from: '2026-10', to: '2026-10' });
    expect(r.rows.find((x) => x.campaign === `yd-brand-${t}`)).toMatchObject({
      spend: 3_000_000n, leads: 3, won: 1, revenue: 1_500_000n, clients: 1, costPerLead: 1_000_000n, costPerClient: 3_000_000n,
      invoiced: 2_700_000n, invoicedByMonth: [{ month: '2026-10', net: 1_500_000n }, { month: '2026-11', net: 1_200_000n }], invoicedMonthly: 1_350_000n,
    });
    expect(r.rows.find((x) => x.campaign === `ga-colo-${t}`)).toMatchObject({ spend: 1_000_000n, leads: 1, won: 0, invoiced: 0n, costPerLead: 1_000_000n, costPerClient: null });
    await expect(addSpend(w.manager, { campaign: 'x', month: '2026-10', amount: '1' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('spend a manager chose to use becomes their ad-spend deduction: the acquisition bonus shrinks; the pair cannot drift', async () => {
    const now = '2026-12-15T09:00:00Z';
    const boss = at(w.management, now);
    const acc = at(await ctxAs(d.db, 'accounting'), now);
    const seller = await aCompany(makeCtx(d.db), { roles: ['own'] });
    await setOwnEntity(makeCtx(d.db), { companyId: seller.id, taxMode: 'osn', isDefault: true });
    const m = await ctxAs(d.db, 'manager');
    const plan = await createPlan(boss, { name: `План ${m.userId}`, version: { validFrom: '2026-01-01', baseSalary: '50 000', managementBonusCap: '0', acquisitionRate: '50', handlingRate: '20', retentionRate: '5', firstPartNum: 1, firstPartDen: 1, deferralMonths: 0 } });
    await assignPlan(boss, { userId: m.userId, planId: plan.id, validFrom: '2026-11-01' });
    const client = await aCompany(makeCtx(d.db), { roles: ['client'] });
    await aService(acc, client.id, seller.id, { monthlyPrice: 4_000_000, startDate: '2026-11-01' });
    await setAttribution(boss, client.id, { broughtBy: 'manager', acquiredBy: m.userId, handledBy: m.userId, note: 'по рекламе' });
    await acceptReport(boss, { userId: m.userId, month: '2026-11' });
    const acquisition = async () => {
      const s = await computeStatement(boss, m.userId, '2026-11');
      return { acq: s.lines.filter((l) => l.kind === 'acquisition').reduce((a, l) => a + l.amount, 0n), ded: s.lines.filter((l) => l.kind === 'deduction').reduce((a, l) => a + l.amount, 0n), total: s.total };
    };
    const before = await acquisition();
    expect(before).toMatchObject({ acq: 2_000_000n, ded: 0n });

    const { id } = await addSpend(boss, { campaign: `yd-client-${w.tag}`, month: '2026-11', amount: '7 500', channel: 'Яндекс Директ' });
    // a manager may not put spend on anyone's payroll
    await expect(useSpendForPayroll(at(w.manager, now), id, { userId: m.userId })).rejects.toMatchObject({ code: 'forbidden' });
    const used = await useSpendForPayroll(boss, id, { userId: m.userId, companyId: client.id });
    const after = await acquisition();
    expect(after.ded).toBe(-750_000n);
    expect(after.total).toBe(before.total - 750_000n);
    expect((await listSpend(boss, { from: '2026-11', to: '2026-11' })).find((s) => s.id === id)).toMatchObject({ usedBy: { id: m.userId }, company: { id: client.id }, deductionId: used.deductionId });
    // twice: refused; deleting or changing the used spend: refused by the app and by the database
    await expect(useSpendForPayroll(boss, id, { userId: m.userId })).rejects.toMatchObject({ key: 'e.mkt.spendTaken' });
    await expect(deleteSpend(boss, id)).rejects.toMatchObject({ key: 'e.mkt.spendUsed' });
    expect(await sqlState(sql`UPDATE mkt_ad_spend SET amount = amount + 1 WHERE id = ${id}`.execute(d.db))).toBe('RD902');
    expect(await sqlState(sql`DELETE FROM mkt_ad_spend WHERE id = ${id}`.execute(d.db))).toBe('RD902');
    // the deduction cannot drift from the spend either (composite foreign key)
    expect(await sqlState(sql`UPDATE pay_deduction SET amount = 1 WHERE id = ${used.deductionId}`.execute(d.db))).toMatch(/^(23001|23503)$/);
    // a spend pointing at a deduction of another amount or manager cannot be written
    const other = await addSpend(boss, { campaign: `yd-other-${w.tag}`, month: '2026-11', amount: '100' });
    expect(await sqlState(sql`UPDATE mkt_ad_spend SET used_by = ${m.userId}, deduction_id = ${used.deductionId} WHERE id = ${other.id}`.execute(d.db))).toMatch(/^(23503|23505)$/);
    expect(await sqlState(sql`UPDATE mkt_ad_spend SET used_by = ${m.userId} WHERE id = ${other.id}`.execute(d.db))).toBe('23514');
  });
  it('over HTTP every marketing answer matches its declared schema (the harness checks them)', async () => {
    const app = await testServer(d);
    try {
      const { headers } = await loginAs(app, d, 'admin');
      const t = `http-${w.tag.toLowerCase()}`;
      const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => {
        const r = await app.inject({ method, url: `/api/v1/marketing${url}`, headers, ...(payload ? { payload } : {}) });
        expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
        return r.statusCode === 204 ? null : r.json();
      };
      expect((await call('PUT', '/settings', { staleDays: 60, tolerancePct: 10 })).staleDays).toBe(60);
      await call('GET', '/settings');
      await call('POST', '/competitor-offers', offer({ competitor: `Конкурент ${t}`, observedOn: '2026-11-21' }));
      expect((await call('GET', '/competitor-offers')).items.length).toBeGreaterThan(0);
      expect((await call('GET', '/price-comparison')).rows.length).toBeGreaterThan(0);
      expect((await call('POST', '/competitor-offers/import?fileName=o.csv&dryRun=true', { contentBase64: Buffer.from(`date;source_url;competitor;kind;location;params;monthly_price;setup_fee;vat_included\n2026-11-25;https://r.example/h;Ромашка;dedicated;${w.site.code};"cores=8; ramGb=64; uplinkMbps=1000; ipv4=2; trafficTb=30";20000;0;нет\n`).toString('base64') })).count).toBe(1);
      const spend = await call('POST', '/spend', { campaign: `yd-${t}`, month: '2026-11', amount: '500' });
      expect((await call('GET', '/spend?from=2026-10&to=2026-11')).items.length).toBeGreaterThan(0);
      expect((await call('GET', '/attribution?from=2026-10&to=2026-11')).rows.length).toBeGreaterThan(0);
      expect((await call('GET', '/demand?from=2026-10&to=2026-11')).rows).toBeInstanceOf(Array);
      expect(await call('DELETE', `/spend/${spend.id}`)).toBeNull();
    } finally {
      await app.close();
    }
  });
});
