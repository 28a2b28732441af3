import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { updateOffer } from '../../src/app/catalog/catalog.ts';
import { holdResource } from '../../src/app/inventory/allocations.ts';
import { exportAds, generateAds, listAds, regenerateAd, saveTemplate, updateAd } from '../../src/app/marketing/ads.ts';
import { YANDEX_COLUMNS } from '../../src/app/marketing/ads-export.ts';
import type { Database } from '../../src/db/connect.ts';
import { AppError } from '../../src/domain/errors.ts';
import { checkAd, checkKeyword, NARROW_CHARS } from '../../src/domain/marketing/ads-limits.ts';
import { makeCtx } from '../../src/app/context.ts';
import { freeCapacity } from '../../src/app/inventory/forecast.ts';
import type { ServiceKind } from '../../src/domain/catalog/service-kinds.ts';
import { demandOfParams, serviceParams } from '../../src/domain/catalog/service-params.ts';
import { capacityShortfall } from '../../src/domain/marketing/pricelist.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aStockedSite } from '../inventory/fixtures.ts';
import { ctxAs } from '../helpers/factories.ts';
import { adsWorld, type AdsWorld } from './ads-world.ts';

const code = (e: unknown) => (e instanceof AppError ? `${e.code}:${e.key}` : `db:${(e as { code?: string }).code}`);
const refusal = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => e);

describe(`ads: generation, limits, truth and export (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); }, 240_000);
  // Each test makes its own site, server, offer and templates (adsWorld tags them), so no test leans on another's leftovers.
  const world = async (): Promise<AdsWorld> => adsWorld(d.db);
  const adsOf = async (w: AdsWorld, campaignId: string) => (await listAds(w.mkt, { campaignId })).campaigns[0]!.groups.flatMap((g) => g.ads);

  it('makes a Yandex ad from the template with the price as the client pays it, exports it, flags it after a price change, refuses the export, and exports again after regeneration', async () => {
    const w = await world();
    const made = await generateAds(w.mkt, { templateId: w.yandex.id, offerIds: [w.offer.id], campaign: `Серверы ${w.tag}` });
    const [ad] = await adsOf(w, made.campaignId);
    expect(ad!.fields).toEqual({ title: 'Выделенный сервер в Москва', title2: 'за 14 640 ₽ в месяц', text: '16 ядер, 64 ГБ ОЗУ, 2×960 ГБ SSD. Подключение 3 660 ₽. Звоните!' });
    expect(ad!.untrue).toEqual([]);
    expect(ad!.claim).toEqual({ price: 1_464_000n, setup: 366_000n });

    const file = await exportAds(w.mkt, { network: 'yandex', campaignId: made.campaignId });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual([...YANDEX_COLUMNS]);
    expect(rows[1]!.slice(0, 10)).toEqual(['-', 'Текстово-графическое', `Серверы ${w.tag}`, `Сервер ${w.tag} · Москва`, 1, 'аренда выделенного сервера Москва', 'Выделенный сервер в Москва', 'за 14 640 ₽ в месяц', (ad!.fields as { text: string }).text, `https://example.ru/prices/Сервер ${w.tag}`]);
    expect(rows[2]!.slice(0, 6)).toEqual(['', '', `Серверы ${w.tag}`, `Сервер ${w.tag} · Москва`, 1, 'выделенный сервер 16 ядер']);

    await updateOffer(w.mkt, w.offer.id, { monthlyPrice: 1_300_000 });
    const [untrue] = await adsOf(w, made.campaignId);
    expect(untrue!.untrue).toEqual([{ key: 'ads.untrue.price', params: { claimed: '14 640 ₽', now: '15 860 ₽' } }]);
    expect((await listAds(w.mkt)).untrue.map((u) => u.adId)).toContain(ad!.id);
    const refused = await refusal(exportAds(w.mkt, { network: 'yandex', campaignId: made.campaignId }));
    expect(code(refused)).toBe('rule:e.ads.untrueList');
    expect((refused as AppError).extra.untrue).toMatchObject([{ adId: ad!.id }]);
    expect(await d.db.selectFrom('ad_export_line').select('ad_id').where('ad_id', '=', ad!.id).execute()).toHaveLength(1);

    // Editing the text to the new price does not make it true: the claim still says the old catalog price.
    const edited = await updateAd(w.mkt, ad!.id, { fields: { ...ad!.fields, title2: 'за 15 860 ₽ в месяц' }, version: ad!.version });
    expect(edited.untrue.map((u) => u.key)).toContain('ads.untrue.price');
    const fixed = await regenerateAd(w.mkt, ad!.id);
    expect(fixed.untrue).toEqual([]);
    expect(fixed.fields).toMatchObject({ title2: 'за 15 860 ₽ в месяц' });
    expect((await exportAds(w.mkt, { network: 'yandex', campaignId: made.campaignId })).count).toBe(1);
  });

  it('a Google ad exports as a Google Ads Editor CSV; its limits are checked on edit with field paths', async () => {
    const w = await world();
    const made = await generateAds(w.mkt, { templateId: w.google.id, offerIds: [w.offer.id], campaign: `Google ${w.tag}` });
    const [ad] = await adsOf(w, made.campaignId);
    const csv = (await exportAds(w.mkt, { network: 'google', campaignId: made.campaignId })).body.toString('utf8');
    const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 6)).toEqual(['Campaign', 'Ad group', 'Keyword', 'Criterion Type', 'Ad type', 'Headline 1']);
    expect(lines[1]).toBe(`Google ${w.tag},Сервер ${w.tag} · Москва,аренда сервера Москва,Phrase${','.repeat(23)}`);
    expect(lines[2]).toContain(`Google ${w.tag},Сервер ${w.tag} · Москва,,,Responsive search ad,Сервер в Москва,`);
    const tooLong = await refusal(updateAd(w.mkt, ad!.id, { fields: { ...(ad!.fields as object), headlines: ['Сервер', 'ж'.repeat(31)] }, version: ad!.version }));
    expect(code(tooLong)).toBe('validation:e.validation');
    expect((tooLong as AppError).fieldErrors).toEqual([
      { path: 'fields.headlines', key: 'ads.v.count', params: { count: 2, min: 3, max: 15 } },
      { path: 'fields.headlines.1', key: 'ads.v.tooLong', params: { count: 31, max: 30 } },
    ]);
    // A city typed by hand: the offer is in Moscow, so «в Санкт-Петербурге» is untrue and blocks the export.
    const typed = await updateAd(w.mkt, ad!.id, { fields: { ...(ad!.fields as object), headlines: ['Сервер в Санкт-Петербурге', 'Сервер в Москве', 'Подключим за день'] }, version: ad!.version });
    expect(typed.untrue).toEqual([{ key: 'ads.untrue.city', params: { stated: 'Санкт-Петербурге', now: 'Москва' } }]);
    expect(code(await refusal(exportAds(w.mkt, { network: 'google', campaignId: made.campaignId })))).toBe('rule:e.ads.untrueList');
  });

  it('a template with an unknown placeholder is refused with its field path; a rendering over the limit names the offer', async () => {
    const w = await world();
    const bad = await refusal(saveTemplate(w.mkt, { name: `Плохой ${w.tag}`, network: 'yandex', finalUrl: 'https://example.ru', fields: { title: 'Сервер за {prise}', text: 'x' }, keywords: ['{город}'] }));
    expect((bad as AppError).fieldErrors.map((f) => f.path)).toEqual(['fields.title', 'keywords.0']);
    const long = await saveTemplate(w.mkt, { name: `Длинный ${w.tag}`, network: 'yandex', finalUrl: 'https://example.ru', fields: { title: '{config} {config}', text: 'x' } });
    const e = await refusal(generateAds(w.mkt, { templateId: long.id, offerIds: [w.offer.id], campaign: `Длинный ${w.tag}` }));
    expect((e as AppError).fieldErrors[0]).toMatchObject({ path: 'offers.0.title', key: 'ads.v.tooLong' });
    expect(code(await refusal(saveTemplate(w.manager, { name: 'x', network: 'yandex', finalUrl: 'https://e.ru', fields: { title: 'a', text: 'b' } })))).toBe('forbidden:e.forbidden');
  });

  it('the database refuses, by raw SQL, an ad over a limit, a keyword of 8 words, an export line of an untrue ad, and changes to export records', async () => {
    const w = await world();
    const made = await generateAds(w.mkt, { templateId: w.google.id, offerIds: [w.offer.id], campaign: `SQL ${w.tag}` });
    const [ad] = await adsOf(w, made.campaignId);
    const over = await refusal(sql`UPDATE ad SET fields = jsonb_set(fields, '{headlines,0}', to_jsonb(repeat('ж', 31))) WHERE id = ${ad!.id}`.execute(d.db));
    expect(code(over)).toBe('db:RD950');
    expect(JSON.parse((over as { detail: string }).detail)).toEqual({ path: 'headlines.0', what: 'chars', count: 31, max: 30 });
    const group = (await d.db.selectFrom('ad').select('group_id').where('id', '=', ad!.id).executeTakeFirstOrThrow()).group_id;
    expect(code(await refusal(sql`INSERT INTO ad_keyword (id, group_id, network, phrase) VALUES ('adk_sql1', ${group}, 'yandex', 'один два три четыре пять шесть семь восемь')`.execute(d.db)))).toBe('db:RD952');
    await sql`INSERT INTO ad_keyword (id, group_id, network, phrase) VALUES ('adk_sql2', ${group}, 'yandex', '"один !два" + три [четыре пять] шесть семь')`.execute(d.db);
    await sql`UPDATE offer SET setup_fee = setup_fee + 100 WHERE id = ${w.offer.id}`.execute(d.db);
    await sql`INSERT INTO ad_export (id, network, ad_count, exported_by_name) VALUES ('adx_sql1', 'google', 1, 'sql')`.execute(d.db);
    const line = await refusal(sql`INSERT INTO ad_export_line (export_id, ad_id, ad_version) VALUES ('adx_sql1', ${ad!.id}, ${ad!.version})`.execute(d.db));
    expect(code(line)).toBe('db:RD951');
    expect(JSON.parse((line as { detail: string }).detail)).toEqual({ ad: ad!.id, reason: 'ads.untrue.price' });
    await sql`UPDATE offer SET setup_fee = setup_fee - 100 WHERE id = ${w.offer.id}`.execute(d.db);
    expect(code(await refusal(sql`INSERT INTO ad_export_line (export_id, ad_id, ad_version) VALUES ('adx_sql1', ${ad!.id}, ${ad!.version - 1})`.execute(d.db)))).toBe('db:RD951');
    await sql`INSERT INTO ad_export_line (export_id, ad_id, ad_version) VALUES ('adx_sql1', ${ad!.id}, ${ad!.version})`.execute(d.db);
    expect(code(await refusal(sql`DELETE FROM ad_export_line WHERE export_id = 'adx_sql1'`.execute(d.db)))).toBe('db:P0001');
    expect(code(await refusal(sql`UPDATE ad_export SET ad_count = 2 WHERE id = 'adx_sql1'`.execute(d.db)))).toBe('db:P0001');
  });
  it('an ad becomes untrue when its site runs out of capacity or the offer is unpublished; no ad is made for such an offer', async () => {
    const w = await world();
    const made = await generateAds(w.mkt, { templateId: w.yandex.id, offerIds: [w.offer.id], campaign: `Ёмкость ${w.tag}` });
    const [fresh] = await adsOf(w, made.campaignId);
    await sql`INSERT INTO ad_export (id, network, ad_count, exported_by_name) VALUES (${`adx_${w.tag}`}, 'yandex', 1, 'sql')`.execute(d.db);
    await holdResource(w.tech, { target: { resource: 'equipment', equipmentId: w.stock.server.id }, companyId: w.client.id });
    const [ad] = await adsOf(w, made.campaignId);
    expect(ad!.untrue.map((u) => u.key)).toEqual(['ads.untrue.noCapacity']);
    // The database refuses it too (migration 0030): its offer's site has no free server now.
    const line = await refusal(sql`INSERT INTO ad_export_line (export_id, ad_id, ad_version) VALUES (${`adx_${w.tag}`}, ${fresh!.id}, ${fresh!.version})`.execute(d.db));
    expect(code(line)).toBe('db:RD951');
    expect(JSON.parse((line as { detail: string }).detail)).toEqual({ ad: fresh!.id, reason: 'ads.untrue.noCapacity', short: ['servers'] });
    expect((await sql<{ s: string[] }>`SELECT offer_capacity_shortfall('dedicated', ${JSON.stringify(w.offer.params)}::jsonb, ${w.stock.site.id}) AS s`.execute(d.db)).rows[0]!.s).toEqual(['servers']);
    expect(code(await refusal(exportAds(w.mkt, { network: 'yandex', campaignId: made.campaignId })))).toBe('rule:e.ads.untrueList');
    expect(code(await refusal(generateAds(w.mkt, { templateId: w.yandex.id, offerIds: [w.offer.id], campaign: `Ещё ${w.tag}` })))).toBe('rule:e.ads.offerNotShown');
    const off = await updateOffer(w.mkt, w.offer.id, { published: false });
    expect((await adsOf(w, made.campaignId))[0]!.untrue.map((u) => u.key)).toEqual(['ads.untrue.unpublished', 'ads.untrue.noCapacity']);
    await updateOffer(w.mkt, w.offer.id, { published: true, version: off.version });
  });

});

describe(`ad limits: the domain and the SQL guard agree on generated texts (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); await aStockedSite(d.db, await ctxAs(d.db, 'tech')); }, 240_000);
  const ch = fc.oneof(fc.constantFrom(...'жЖaZ7 -₽«»\t'.split('')), fc.constantFrom(...NARROW_CHARS), fc.constantFrom('😀', '𝔸', '\u00a0'));
  const txt = (max: number) => fc.array(ch, { maxLength: max }).map((a) => a.join(''));
  const problemSql = async (network: string, fields: unknown) =>
    (await sql<{ p: { path: string } | null }>`SELECT ad_fields_problem(${network}, ${JSON.stringify(fields)}::jsonb) AS p`.execute(d.db)).rows[0]!.p;

  it('Yandex: the same first broken field, or none', async () => {
    await fc.assert(fc.asyncProperty(fc.record({ title: txt(70), title2: txt(40), text: txt(100) }), async (f) => {
      const dom = checkAd('yandex', f);
      const db = await problemSql('yandex', f);
      expect(db?.path ?? null).toBe(dom[0]?.path ?? null);
    }), { numRuns: 120 });
  });
  it('Google: the same first broken field, or none', async () => {
    await fc.assert(fc.asyncProperty(fc.record({ headlines: fc.array(txt(36), { maxLength: 17 }), descriptions: fc.array(txt(96), { maxLength: 5 }), path1: txt(18), path2: txt(18) }), async (f) => {
      const dom = checkAd('google', f);
      const db = await problemSql('google', f);
      expect(db?.path ?? null).toBe(dom[0]?.path ?? null);
    }), { numRuns: 120 });
  });
  it('capacity: offer_demand is demandOfParams and offer_capacity_shortfall is capacityShortfall over the free-capacity view', async () => {
    const num = fc.oneof(fc.integer({ min: -2, max: 50 }), fc.constantFrom('4', ' 2 ', '0.5', 'x', '', '-3', null));
    const kinds = Object.keys(serviceParams) as ServiceKind[];
    const siteIds = (await d.db.selectFrom('site').select('id').execute()).map((s) => s.id).concat(['no-such-site']);
    const free = await freeCapacity(makeCtx(d.db));
    await fc.assert(fc.asyncProperty(fc.constantFrom(...kinds), fc.dictionary(fc.constantFrom('units', 'kw', 'vcpu', 'ramGb', 'mbps', 'ipv4', 'cores'), num), fc.constantFrom(...siteIds), async (kind, params, siteId) => {
      const rows = (await sql<{ resource: string; amount: string }>`SELECT resource, amount::text AS amount FROM offer_demand(${kind}, ${JSON.stringify(params)}::jsonb) ORDER BY ord`.execute(d.db)).rows;
      expect(rows.map((r) => ({ resource: r.resource, amount: Number(r.amount) }))).toEqual(demandOfParams(kind, params));
      const short = (await sql<{ s: string[] }>`SELECT offer_capacity_shortfall(${kind}, ${JSON.stringify(params)}::jsonb, ${siteId}) AS s`.execute(d.db)).rows[0]!.s;
      expect(short).toEqual(capacityShortfall(kind, params, new Map(free.filter((f) => f.siteId === siteId).map((f) => [f.resource, f.free]))));
    }), { numRuns: 120 });
  });
  it('keywords: the word count agrees', async () => {
    const word = fc.oneof(txt(6), fc.constantFrom('+', '!', '"', '[', ']', '"слово"', '[два слова]'));
    await fc.assert(fc.asyncProperty(fc.array(word, { maxLength: 12 }).map((a) => a.join(' ')), async (phrase) => {
      const n = (await sql<{ n: number }>`SELECT ad_keyword_words(${phrase}) AS n`.execute(d.db)).rows[0]!.n;
      const tooMany = checkKeyword('yandex', phrase).some((p) => p.key === 'ads.v.words');
      expect(n > 7).toBe(tooMany);
    }), { numRuns: 150 });
  });
});
