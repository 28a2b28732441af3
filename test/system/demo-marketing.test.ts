import { beforeAll, describe, expect, it } from 'vitest';
import { makeCtx, systemActor } from '../../src/app/context.ts';
import { listAds } from '../../src/app/marketing/ads.ts';
import { listCompetitorOffers } from '../../src/app/marketing/competitors.ts';
import { publicPriceList } from '../../src/app/marketing/pricelist.ts';
import { attribution, listSpend } from '../../src/app/marketing/spend.ts';
import { seedDemo } from '../../src/app/system/seed-demo.ts';
import type { Database } from '../../src/db/connect.ts';
import { addMonth } from '../../src/domain/compensation/pay.ts';
import { dateInZone } from '../../src/domain/dates.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { ctxAs } from '../helpers/factories.ts';

/** The demo provider shows marketing something on every screen: the public list, ads (one untrue), spend over months, competitors (some stale). */
describe(`demo data for marketing (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => {
    d = await testDb();
    await seedDemo(makeCtx(d.db, systemActor), 'demo-password-1');
  }, 240_000);

  it('the public price list shows published offers with capacity', async () => {
    const list = await publicPriceList(makeCtx(d.db));
    expect(list.items.map((o) => o.code)).toEqual(expect.arrayContaining(['COLO-1U-DC1', 'INET-100-DC1', 'VPS-2-4-DC1']));
    expect(list.items.every((o) => o.published && o.available)).toBe(true);
  });

  it('ads were generated from demo offers in campaigns, groups and keywords; the colocation ad is untrue after the price change', async () => {
    const ads = await listAds(await ctxAs(d.db, 'management'));
    expect(ads.campaigns.map((c) => `${c.network}:${c.name}`).sort()).toEqual(['google:ga-internet', 'yandex:yd-colocation', 'yandex:yd-vps-shops']);
    for (const c of ads.campaigns) {
      expect(c.groups.length).toBeGreaterThan(0);
      for (const g of c.groups) { expect(g.keywords.length).toBeGreaterThan(0); expect(g.ads.length).toBe(1); expect(g.ads[0]!.problems).toEqual([]); }
    }
    expect(ads.untrue).toHaveLength(1);
    expect(ads.untrue[0]).toMatchObject({ campaign: 'yd-colocation', reasons: [{ key: 'ads.untrue.price', params: { claimed: '10 858 ₽', now: '11 468 ₽' } }] });
  });

  it('ad spend per campaign over past months; competitor offers, some stale', async () => {
    const m = await ctxAs(d.db, 'management');
    const month = dateInZone(new Date(), 'Europe/Moscow').slice(0, 7);
    const spend = await listSpend(m, { from: addMonth(month, -2), to: month });
    expect(new Set(spend.map((s) => s.month)).size).toBe(3);
    for (const c of ['yd-vps-shops', 'yd-colocation', 'ga-internet', 'ga-dedicated']) expect(spend.filter((s) => s.campaign === c).length).toBeGreaterThanOrEqual(2);
    const attr = await attribution(m, { from: addMonth(month, -2), to: month });
    expect(attr.rows.find((r) => r.campaign === 'yd-vps-shops')).toMatchObject({ leads: 4 });
    // The won deal from the Google campaign was ordered and handed off: what it brought is invoiced, not just expected.
    const dedicated = attr.rows.find((r) => r.campaign === 'ga-dedicated');
    expect(dedicated?.won).toBe(1);
    expect(dedicated?.invoiced).toBeGreaterThan(0n);
    const offers = (await listCompetitorOffers(m)).items;
    expect(offers.filter((o) => o.stale).length).toBeGreaterThanOrEqual(2);
    expect(offers.filter((o) => !o.stale).length).toBeGreaterThanOrEqual(5);
  });
});
