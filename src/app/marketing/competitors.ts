import { sql } from 'kysely';
import { AppError, type FieldError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import {
  compareOffers, CompetitorOfferSchema, DEFAULT_STALE_DAYS, DEFAULT_TOLERANCE_PCT, isStale, MarketingSettingsSchema, netOf, parseCompetitorRows,
  type CompetitorOfferInput, type CompetitorPrice,
} from '../../domain/marketing/competitors.ts';
import type { ServiceKind } from '../../domain/catalog/service-kinds.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { readTable } from '../documents/tabular.ts';
import { guardError } from '../guard-errors.ts';
import { inTransaction, parseInput, requirePermission, todayOf, type Ctx, type Tx } from '../context.ts';

export interface MarketingSettings { staleDays: number; tolerancePct: number }

/** How old a competitor's price may be before it is stale, and how far numeric parameters may differ to compare. */
export async function marketingSettings(ctx: Ctx): Promise<MarketingSettings> {
  requirePermission(ctx, 'marketing.read');
  return readSettings(ctx);
}

async function readSettings(ctx: Ctx): Promise<MarketingSettings> {
  const r = await ctx.db.selectFrom('mkt_settings').selectAll().executeTakeFirst();
  return { staleDays: r?.stale_days ?? DEFAULT_STALE_DAYS, tolerancePct: r?.tolerance_pct ?? DEFAULT_TOLERANCE_PCT };
}

export async function setMarketingSettings(ctx: Ctx, input: unknown): Promise<MarketingSettings> {
  requirePermission(ctx, 'marketing.write');
  const s = parseInput(MarketingSettingsSchema, input);
  return inTransaction(ctx, async (tx) => {
    const before = await readSettings(tx);
    const row = { stale_days: s.staleDays, tolerance_pct: s.tolerancePct };
    await tx.db.insertInto('mkt_settings').values({ id: true, ...row }).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
    await writeAudit(tx, { entityType: 'mkt_settings', entityId: 'marketing', action: 'update', before, after: s });
    return s;
  });
}

async function competitorId(tx: Tx, name: string): Promise<string> {
  const found = await tx.db.selectFrom('mkt_competitor').select('id').where(sql<string>`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
  if (found) return found.id;
  const id = newId('mc');
  await tx.db.insertInto('mkt_competitor').values({ id, name }).onConflict((oc) => oc.doNothing()).execute();
  // a concurrent insert of the same name wins: read whichever row is there
  return (await tx.db.selectFrom('mkt_competitor').select('id').where(sql<string>`lower(name)`, '=', name.toLowerCase()).executeTakeFirstOrThrow()).id;
}

async function siteIds(ctx: Ctx): Promise<Map<string, string>> {
  const rows = await ctx.db.selectFrom('site').select(['id', 'code']).execute();
  return new Map(rows.map((r) => [r.code.toLowerCase(), r.id]));
}

async function insertOffers(tx: Tx, offers: (CompetitorOfferInput & { siteId: string })[]): Promise<string[]> {
  const ids: string[] = [];
  for (const o of offers) {
    const id = newId('mo');
    await tx.db.insertInto('mkt_competitor_offer').values({
      id, competitor_id: await competitorId(tx, o.competitor), observed_on: o.observedOn, source_url: o.sourceUrl, service_kind: o.serviceKind,
      site_id: o.siteId, location_note: o.locationNote, params: JSON.stringify(o.params), monthly_price: o.monthlyPrice, setup_fee: o.setupFee,
      vat_included: o.vatIncluded, created_by: tx.actor.id,
    }).execute();
    ids.push(id);
  }
  return ids;
}

/** Records one competitor offer seen on a date (manual entry). */
export async function createCompetitorOffer(ctx: Ctx, input: unknown): Promise<{ id: string }> {
  requirePermission(ctx, 'marketing.write');
  const o = parseInput(CompetitorOfferSchema, input);
  const today = todayOf(ctx);
  if (o.observedOn > today) throw new AppError('validation', 'e.validation', {}, [{ path: 'observedOn', key: 'e.mkt.futureObservation', params: { date: o.observedOn } }]);
  const siteId = (await siteIds(ctx)).get(o.siteCode.toLowerCase());
  if (!siteId) throw new AppError('validation', 'e.validation', {}, [{ path: 'siteCode', key: 'e.mkt.unknownSite', params: { code: o.siteCode } }]);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [id] = await insertOffers(tx, [{ ...o, siteId }]);
      await writeAudit(tx, { entityType: 'mkt_competitor_offer', entityId: id!, action: 'create', after: o });
      return { id: id! };
    });
  } catch (e) { throw guardError(e); }
}

/**
 * Imports competitor offers from CSV or XLSX, all or nothing: every bad line is named (`line N.column`), an
 * unknown site code and a date after today included. `dryRun` checks without saving.
 */
export async function importCompetitorOffers(ctx: Ctx, file: Buffer | string, fileName: string, dryRun = false): Promise<{ count: number; rows: CompetitorOfferInput[] }> {
  requirePermission(ctx, 'marketing.write');
  const table = await readTable(file, fileName);
  const { rows, errors } = parseCompetitorRows(table.header, table.rows);
  const sites = await siteIds(ctx);
  const today = todayOf(ctx);
  const more: FieldError[] = [];
  for (const r of rows) {
    if (!sites.has(r.siteCode.toLowerCase())) more.push({ path: `line ${r.line}.location`, key: 'e.mkt.unknownSite', params: { code: r.siteCode } });
    if (r.observedOn > today) more.push({ path: `line ${r.line}.date`, key: 'e.mkt.futureObservation', params: { date: r.observedOn } });
  }
  const lineOf = (f: FieldError) => Number(/^line (\d+)/.exec(f.path)?.[1] ?? 0);
  const all = [...errors, ...more].sort((a, b) => lineOf(a) - lineOf(b));
  if (all.length) throw new AppError('validation', 'e.importFailed', {}, all);
  const clean = rows.map(({ line: _line, ...r }) => r);
  if (dryRun) return { count: clean.length, rows: clean };
  try {
    return await inTransaction(ctx, async (tx) => {
      await insertOffers(tx, clean.map((r) => ({ ...r, siteId: sites.get(r.siteCode.toLowerCase())! })));
      await writeAudit(tx, { entityType: 'mkt_competitor_offer', entityId: 'import', action: 'import', after: { file: fileName, count: clean.length } });
      return { count: clean.length, rows: clean };
    });
  } catch (e) { throw guardError(e); }
}

async function competitorPrices(ctx: Ctx): Promise<(CompetitorPrice & { competitorId: string; monthlyPrice: bigint; vatIncluded: boolean; sourceUrl: string; locationNote: string | null; siteName: string })[]> {
  const rows = await ctx.db.selectFrom('mkt_competitor_offer as o').innerJoin('mkt_competitor as c', 'c.id', 'o.competitor_id').innerJoin('site as s', 's.id', 'o.site_id')
    .select(['o.id', 'o.competitor_id', 'c.name', 'o.observed_on', 'o.source_url', 'o.service_kind', 'o.site_id', 's.name as site_name', 'o.location_note', 'o.params', 'o.monthly_price', 'o.setup_fee', 'o.vat_included'])
    .orderBy('o.observed_on', 'desc').orderBy('c.name').limit(5000).execute();
  return rows.map((r) => ({
    id: r.id, competitorId: r.competitor_id, competitor: r.name, observedOn: r.observed_on, sourceUrl: r.source_url, serviceKind: r.service_kind, siteId: r.site_id,
    siteName: r.site_name, locationNote: r.location_note, params: (r.params ?? {}) as Record<string, unknown>, monthlyPrice: r.monthly_price, setupFee: r.setup_fee,
    vatIncluded: r.vat_included, monthlyNet: netOf(r.monthly_price, r.vat_included, r.observed_on),
  }));
}

/** Competitor offers, newest first, each with its price without VAT and whether it is stale today. */
export async function listCompetitorOffers(ctx: Ctx, filter: { serviceKind?: string; siteId?: string } = {}) {
  requirePermission(ctx, 'marketing.read');
  const s = await readSettings(ctx);
  const today = todayOf(ctx);
  const all = await competitorPrices(ctx);
  return {
    settings: s, today,
    items: all.filter((o) => (!filter.serviceKind || o.serviceKind === filter.serviceKind) && (!filter.siteId || o.siteId === filter.siteId))
      .map((o) => ({ ...o, stale: isStale(o.observedOn, today, s.staleDays) })),
  };
}

/**
 * The comparison report: for each published catalog offer, our monthly price (without VAT) vs the minimum and
 * median of the fresh comparable competitor offers (see `comparable`), with stale ones counted apart.
 */
export async function priceComparison(ctx: Ctx) {
  requirePermission(ctx, 'marketing.read');
  const s = await readSettings(ctx);
  const today = todayOf(ctx);
  const [offers, theirs, sites] = await Promise.all([
    ctx.db.selectFrom('offer').select(['id', 'code', 'name', 'service_kind', 'site_id', 'params', 'monthly_price']).where('published', '=', true).orderBy('service_kind').orderBy('code').execute(),
    competitorPrices(ctx),
    ctx.db.selectFrom('site').select(['id', 'name']).execute(),
  ]);
  const rows = compareOffers(offers.map((o) => ({
    id: o.id, code: o.code, name: o.name, serviceKind: o.service_kind as ServiceKind, siteId: o.site_id, params: (o.params ?? {}) as Record<string, unknown>, monthlyPrice: o.monthly_price,
  })), theirs, today, s);
  const siteName = new Map(sites.map((x) => [x.id, x.name]));
  return { settings: s, today, rows: rows.map((r) => ({ ...r, siteName: siteName.get(r.siteId) ?? r.siteId })) };
}
