import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { updateOffer } from '../../src/app/catalog/catalog.ts';
import { holdResource } from '../../src/app/inventory/allocations.ts';
import { generateAds } from '../../src/app/marketing/ads.ts';
import { catalogNow } from '../../src/app/marketing/pricelist.ts';
import type { Database } from '../../src/db/connect.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { newCliEnv, removeCliEnvsAfterAll, runCliCapture } from '../helpers/cli.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import { adsWorld, type AdsWorld } from './ads-world.ts';

/** Every JSON-LD block of a page, parsed. */
const ldOf = (html: string): Record<string, unknown>[] => [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);

describe(`public price list over HTTP (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  // Each test builds its own offer (its own site, server and code), so the tests hold in any order.
  beforeAll(async () => { d = await testDb(); app = await testServer(d); }, 240_000);
  afterAll(async () => { await app.close(); });
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('the offer page needs no login, states the catalog price with VAT in JSON-LD, has a canonical URL; the index, feed and sitemap list it', async () => {
    const w = await adsWorld(d.db);
    const page = await get(`/prices/${w.offer.code}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['x-frame-options']).toBe('DENY');
    const html = page.body;
    expect(html).toContain(`<link rel="canonical" href="http://localhost:80/prices/${w.offer.code}">`);
    expect(html).toMatch(/<title>Сервер [0-9A-F]+ — 14\u00a0640,00\u00a0₽ в месяц/);
    expect(html).toContain('в т.ч. НДС 22 % — 2\u00a0640,00\u00a0₽');
    const [ld] = ldOf(html);
    const catalog = (await catalogNow(w.mkt)).offers.find((o) => o.id === w.offer.id)!;
    expect(ld).toMatchObject({ '@context': 'https://schema.org', '@type': 'Product', sku: w.offer.code, name: w.offer.name,
      offers: { '@type': 'Offer', price: '14640.00', priceCurrency: 'RUB', availability: 'https://schema.org/InStock', areaServed: 'Москва' } });
    expect(BigInt(((ld!.offers as { price: string }).price).replace('.', ''))).toBe(catalog.gross);
    expect((ld!.offers as { priceSpecification: { price: string; valueAddedTaxIncluded: boolean }[] }).priceSpecification.map((s) => [s.price, s.valueAddedTaxIncluded])).toEqual([['14640.00', true], ['3660.00', true]]);

    const index = await get('/prices');
    const items = (ldOf(index.body)[0]!.itemListElement as { item: { sku: string; offers: { price: string } } }[]).map((i) => i.item);
    expect(items.find((i) => i.sku === w.offer.code)?.offers.price).toBe('14640.00');
    const feed = (await get('/prices/feed.json')).json() as { offers: { code: string; monthly: { net: string; vatRate: string; gross: string } }[] };
    expect(feed.offers.find((o) => o.code === w.offer.code)?.monthly).toEqual({ net: '1200000', vatRate: '22', vat: '264000', gross: '1464000' });
    const sitemap = await get('/sitemap.xml');
    expect(sitemap.headers['content-type']).toContain('application/xml');
    expect(sitemap.body).toContain(`<loc>http://localhost:80/prices/${w.offer.code}</loc>`);
    expect(sitemap.body).toContain('<loc>http://localhost:80/prices</loc>');
  });

  it('the widget may be framed by any site, the pages may not', async () => {
    const w = await adsWorld(d.db);
    const widget = await get('/prices/widget.html');
    expect(widget.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(widget.headers['x-frame-options']).toBeUndefined();
    expect(widget.body).toContain(`data-code="${w.offer.code}"`);
    expect((await get('/prices')).headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('ETag and 304 while nothing changed; a new ETag after a price change; an offer without capacity or unpublished disappears everywhere', async () => {
    const w = await adsWorld(d.db);
    const first = await get(`/prices/${w.offer.code}`);
    const etag = first.headers.etag as string;
    expect(first.headers['cache-control']).toBe('public, no-cache');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(`/prices/${w.offer.code}`, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const updated = await updateOffer(w.mkt, w.offer.id, { monthlyPrice: 1_250_000 });
    const changed = await get(`/prices/${w.offer.code}`, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(ldOf(changed.body)[0]).toMatchObject({ offers: { price: '15250.00' } });
    // A second server over the same database agrees on the validator.
    const other = await testServer(d);
    try { expect((await other.inject({ method: 'GET', url: `/prices/${w.offer.code}`, headers: { 'if-none-match': changed.headers.etag as string } })).statusCode).toBe(304); } finally { await other.close(); }

    const off = await updateOffer(w.mkt, w.offer.id, { published: false, version: updated.version });
    expect((await get(`/prices/${w.offer.code}`)).statusCode).toBe(404);
    await updateOffer(w.mkt, w.offer.id, { published: true, version: off.version });
    expect((await get(`/prices/${w.offer.code}`)).statusCode).toBe(200);

    const beforeHold = (await get('/sitemap.xml')).headers.etag;
    await holdResource(w.tech, { target: { resource: 'equipment', equipmentId: w.stock.server.id }, companyId: w.client.id });
    expect((await get(`/prices/${w.offer.code}`)).statusCode).toBe(404);
    const sitemap = await get('/sitemap.xml', { 'if-none-match': beforeHold as string });
    expect(sitemap.statusCode).toBe(200);
    expect(sitemap.body).not.toContain(w.offer.code);
    expect(((await get('/prices/feed.json')).json() as { offers: { code: string }[] }).offers.map((o) => o.code)).not.toContain(w.offer.code);
    expect(ldOf((await get('/prices')).body).flatMap((l) => (l.itemListElement as { item: { sku: string } }[]).map((i) => i.item.sku))).not.toContain(w.offer.code);
  });

  it('staff see why an offer is hidden; a manager may read, not write; export refuses an untrue ad over HTTP with 422', async () => {
    const w = await adsWorld(d.db);
    await holdResource(w.tech, { target: { resource: 'equipment', equipmentId: w.stock.server.id }, companyId: w.client.id });
    const mgr = await loginAs(app, d, 'manager');
    const pl = (await app.inject({ method: 'GET', url: '/api/v1/marketing/pricelist', headers: mgr.headers })).json() as { hidden: { code: string; hidden: string[] }[]; publicUrl: string };
    expect(pl.hidden.find((o) => o.code === w.offer.code)?.hidden).toEqual(['noCapacity']);
    expect(pl.publicUrl).toBe('http://localhost:80/prices');
    expect((await app.inject({ method: 'POST', url: '/api/v1/ads/templates', headers: mgr.headers, payload: {} })).statusCode).toBe(403);
    const boss = await loginAs(app, d, 'management');
    const bad = await app.inject({ method: 'POST', url: '/api/v1/ads/templates', headers: boss.headers, payload: { name: '', network: 'bing', finalUrl: 'ftp://x' } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(['fields', 'finalUrl', 'name', 'network']);
    expect((await app.inject({ method: 'GET', url: '/api/v1/ads/export?network=bing', headers: boss.headers })).statusCode).toBe(400);
    const paths = Object.keys(((await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, unknown> }).paths);
    for (const p of ['/api/v1/ads', '/api/v1/ads/templates', '/api/v1/ads/generate', '/api/v1/ads/export', '/api/v1/ads/{id}', '/api/v1/marketing/pricelist']) expect(paths).toContain(p);
  });
});

describe(`pricelist and ads CLI (${engineName})`, () => {
  removeCliEnvsAfterAll();

  it('publish writes the static pages with canonical links; ads export writes the file, and refuses (exit 6) after a price change', async () => {
    const env = await newCliEnv({ prefix: 'rackdesk-ads-cli-' });
    const database = await openDatabase(loadConfig(env));
    let w: AdsWorld;
    try {
      w = await adsWorld(database.db);
      await generateAds(w.mkt, { templateId: w.google.id, offerIds: [w.offer.id], campaign: 'CLI' });
    } finally { await database.close(); }
    const out = join(env.RACKDESK_DATA_DIR, 'site');
    const cli = (...argv: string[]) => runCliCapture(env, ...argv);
    expect((await cli('pricelist', 'publish', out)).code).toBe(2);
    const pub = await cli('pricelist', 'publish', out, '--base-url', 'https://hoster.example/');
    expect(pub.code).toBe(0);
    expect(pub.out).toMatch(/^Записано файлов: 5 \(предложений: 1\)/);
    const page = readFileSync(join(out, 'prices', w.offer.code, 'index.html'), 'utf8');
    expect(page).toContain(`<link rel="canonical" href="https://hoster.example/prices/${w.offer.code}">`);
    expect(ldOf(page)[0]).toMatchObject({ offers: { price: '14640.00' } });
    expect(readFileSync(join(out, 'sitemap.xml'), 'utf8')).toContain(`<loc>https://hoster.example/prices/${w.offer.code}</loc>`);
    for (const f of ['prices/index.html', 'prices/feed.json', 'prices/widget.html']) expect(existsSync(join(out, f))).toBe(true);

    const file = join(env.RACKDESK_DATA_DIR, 'google.csv');
    const ok = await cli('ads', 'export', '--network', 'google', file);
    expect(ok.code).toBe(0);
    expect(ok.out).toBe(`Выгружено объявлений: 1 → ${file}`);
    expect(readFileSync(file, 'utf8')).toContain('Responsive search ad,Сервер в Москва,14 640 ₽ в месяц');
    expect((await cli('ads', 'export', '--network', 'bing', file)).code).toBe(64);

    const again = await openDatabase(loadConfig(env));
    try { await updateOffer({ ...w.mkt, db: again.db }, w.offer.id, { monthlyPrice: 1_100_000 }); } finally { await again.close(); }
    const refused = await cli('ads', 'export', '--network', 'google', join(env.RACKDESK_DATA_DIR, 'again.csv'));
    expect(refused.code).toBe(6);
    expect(refused.err).toContain('Цена изменилась: в объявлении 14 640 ₽, в каталоге 13 420 ₽');
    expect(existsSync(join(env.RACKDESK_DATA_DIR, 'again.csv'))).toBe(false);
  }, 400_000);
});
