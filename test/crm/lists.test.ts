/**
 * Lists that grow are sorted, filtered and paged on the server: the catalog's offers, a user's open tasks and
 * a timeline's activities answer one page with the total, like every other list.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { createOffer, pageOffers } from '../../src/app/catalog/catalog.ts';
import { createTask, pageTasks } from '../../src/app/crm/tasks.ts';
import { logActivity, pageActivities } from '../../src/app/crm/activities.ts';
import { createContact } from '../../src/app/parties/contacts.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import { pricingWorld, type World } from '../quoting/world.ts';

describe(`lists on the server: offers, tasks, activities (${engineName})`, () => {
  let database: Database;
  let w: World;
  beforeAll(async () => { database = await testDb(); w = await pricingWorld(database.db); });

  it('offers: searched by code or name, filtered, sorted and paged; only the page is priced', async () => {
    for (const [i, price] of [3_000_000, 1_000_000, 2_000_000].entries()) {
      await createOffer(w.management, { code: `LS-${w.tag}-${i}`, name: `Листинг ${w.tag} ${i}`, serviceKind: 'dedicated', siteId: w.site.id, params: w.params, components: w.components, monthlyPrice: price, setupFee: 0, published: i !== 2 });
    }
    const first = await pageOffers(w.manager, { q: `ls-${w.tag.toLowerCase()}`, sort: 'monthlyPrice', limit: 2 });
    expect(first.total).toBe(3);
    expect(first.items.map((o) => o.code)).toEqual([`LS-${w.tag}-1`, `LS-${w.tag}-2`]);
    expect(first.items[0]!.unitFloor).not.toBeNull();
    const second = await pageOffers(w.manager, { q: `ls-${w.tag.toLowerCase()}`, sort: 'monthlyPrice', limit: 2, offset: 2 });
    expect(second.items.map((o) => o.code)).toEqual([`LS-${w.tag}-0`]);
    expect((await pageOffers(w.manager, { q: `Листинг ${w.tag}`, published: 'false' })).items.map((o) => o.code)).toEqual([`LS-${w.tag}-2`]);
    expect((await pageOffers(w.manager, { q: `LS-${w.tag}`, sort: '-code' })).items[0]!.code).toBe(`LS-${w.tag}-2`);
    expect((await pageOffers(w.manager, { q: `LS-${w.tag}`, serviceKind: 'vps' })).total).toBe(0);
  });

  it('open tasks: today, overdue or all, searched, sorted by due date and paged', async () => {
    const dates = ['2020-01-03', '2020-01-01', '2099-01-02'];
    for (const [i, dueDate] of dates.entries()) await createTask(w.manager, { title: `Задача ${w.tag} ${i}`, companyId: w.client.id, dueDate });
    const all = await pageTasks(w.manager, { view: 'all', q: `задача ${w.tag.toLowerCase()}`, limit: 2 });
    expect(all.total).toBe(3);
    expect(all.items.map((t) => t.dueDate)).toEqual(['2020-01-01', '2020-01-03']);
    expect(all.items[0]).toMatchObject({ overdue: true, companyName: w.client.name });
    expect((await pageTasks(w.manager, { view: 'all', q: `Задача ${w.tag}`, limit: 2, offset: 2 })).items.map((t) => t.dueDate)).toEqual(['2099-01-02']);
    expect((await pageTasks(w.manager, { view: 'overdue', q: `Задача ${w.tag}`, sort: '-dueDate' })).items.map((t) => t.dueDate)).toEqual(['2020-01-03', '2020-01-01']);
    // someone else's tasks are not in one's own list
    expect((await pageTasks(w.management, { view: 'all', q: `Задача ${w.tag}` })).total).toBe(0);
  });

  it('a timeline: newest first, filtered by kind, paged', async () => {
    const contact = await createContact(w.manager, w.client.id, { fullName: 'Вера Листова', emails: [`vera-${w.tag.toLowerCase()}@client.test`] });
    for (const kind of ['call', 'meeting', 'call']) await logActivity(w.manager, { kind, direction: 'inbound', purpose: 'reply', companyId: w.client.id, contactId: contact.id, outcome: `Итог ${kind}` });
    const page = await pageActivities(w.manager, { companyId: w.client.id, limit: 2 });
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(2);
    expect(page.sort).toBe('-at');
    expect(page.items[0]!.at >= page.items[1]!.at).toBe(true);
    expect((await pageActivities(w.manager, { companyId: w.client.id, kind: 'meeting' })).items.map((a) => a.outcome)).toEqual(['Итог meeting']);
    expect((await pageActivities(w.manager, { companyId: w.client.id, limit: 2, offset: 2 })).items).toHaveLength(1);
  });

  it('over HTTP: a page with its total; an unknown sort is a 400 naming query.sort', async () => {
    const app = await testServer(database);
    try {
      const s = await loginAs(app, database, 'manager');
      const offers = await app.inject({ method: 'GET', url: `/api/v1/catalog/offers?q=${encodeURIComponent(`LS-${w.tag}`)}&limit=1`, headers: s.headers });
      expect(offers.statusCode).toBe(200);
      expect(offers.json()).toMatchObject({ total: 3, limit: 1, offset: 0, sort: 'code' });
      for (const path of ['/catalog/offers?sort=cost', '/tasks?sort=nope', '/activities?sort=nope']) {
        const bad = await app.inject({ method: 'GET', url: `/api/v1${path}`, headers: s.headers });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['query.sort']);
      }
      expect((await app.inject({ method: 'GET', url: '/api/v1/tasks?view=today&limit=5', headers: s.headers })).json()).toMatchObject({ limit: 5, sort: 'dueDate' });
    } finally { await app.close(); }
  });
});
