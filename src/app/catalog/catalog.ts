import { sql, type Selectable } from 'kysely';
import { runPage } from '../../db/queries/list.ts';
import { containsPattern, type ListQuery, type Page } from '../../domain/lists/list-query.ts';
import { AppError, type FieldError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { checkParams, OfferCreateSchema, OfferPatchSchema, OptionCreateSchema, type Component } from '../../domain/catalog/catalog.schemas.ts';
import type { ServiceKind } from '../../domain/catalog/service-kinds.ts';
import { marginPct } from '../../domain/pricing/pricing.ts';
import type { CatalogOptionTable, OfferTable } from '../../db/types.ts';
import { fieldErrorsOf, inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx } from '../context.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { priceConfigurations } from '../pricing/price-configurations.ts';

const optionFromRow = (r: Selectable<CatalogOptionTable>) => ({
  id: r.id, code: r.code, name: r.name, serviceKind: r.service_kind as ServiceKind | null, unit: r.unit,
  monthlyPrice: r.monthly_price, setupFee: r.setup_fee, sku: r.sku, active: r.active,
});

export const offerFromRow = (r: Selectable<OfferTable>) => ({
  id: r.id, code: r.code, name: r.name, serviceKind: r.service_kind as ServiceKind, siteId: r.site_id,
  params: r.params as Record<string, unknown>, components: r.components as Component[],
  monthlyPrice: r.monthly_price, setupFee: r.setup_fee, published: r.published, version: r.version,
});
export type Offer = ReturnType<typeof offerFromRow>;

const duplicate = (code: string) => new AppError('conflict', 'e.catalog.duplicateCode', { code }, [{ path: 'code', key: 'e.catalog.duplicateCode', params: { code } }]);

function paramsOrThrow(kind: ServiceKind, params: unknown): Record<string, unknown> {
  const r = checkParams(kind, params);
  if (!r.success) throw new AppError('validation', 'e.validation', {}, fieldErrorsOf(r.error.issues as never, 'params.'));
  return r.data as Record<string, unknown>;
}

/** Adds an option / add-on (extra IPv4, power, traffic…) with its unit, monthly price and setup fee. */
export async function createOption(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'catalog.write');
  const d = parseInput(OptionCreateSchema, input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const row = await tx.db.insertInto('catalog_option').values({
        id: newId('op'), code: d.code, name: d.name, service_kind: d.serviceKind, unit: d.unit, monthly_price: d.monthlyPrice,
        setup_fee: d.setupFee, sku: d.sku, active: d.active, updated_at: tx.now(),
      }).returningAll().executeTakeFirstOrThrow();
      const o = optionFromRow(row);
      await writeAudit(tx, { entityType: 'catalog_option', entityId: o.id, action: 'create', after: o });
      return o;
    });
  } catch (e) {
    if (sqlStateOf(e) === '23505') throw duplicate(d.code);
    throw e;
  }
}

export async function listOptions(ctx: Ctx) {
  requirePermission(ctx, 'proposal.read');
  return (await ctx.db.selectFrom('catalog_option').selectAll().orderBy('code').execute()).map(optionFromRow);
}

async function checkSite(ctx: Ctx, siteId: string) {
  const s = await ctx.db.selectFrom('site').select('id').where('id', '=', siteId).executeTakeFirst();
  if (!s) throw new AppError('validation', 'e.validation', {}, [{ path: 'siteId', key: 'e.catalog.noSite' } satisfies FieldError]);
}

/** Adds an offer: a ready configuration of one service kind at a site, published or not. */
export async function createOffer(ctx: Ctx, input: unknown): Promise<Offer> {
  requirePermission(ctx, 'catalog.write');
  const d = parseInput(OfferCreateSchema, input);
  const params = paramsOrThrow(d.serviceKind, d.params);
  try {
    return await inTransaction(ctx, async (tx) => {
      await checkSite(tx, d.siteId);
      const row = await tx.db.insertInto('offer').values({
        id: newId('of'), code: d.code, name: d.name, service_kind: d.serviceKind, site_id: d.siteId, params: JSON.stringify(params),
        components: JSON.stringify(d.components), monthly_price: d.monthlyPrice, setup_fee: d.setupFee, published: d.published, updated_at: tx.now(),
      }).returningAll().executeTakeFirstOrThrow();
      const o = offerFromRow(row);
      await writeAudit(tx, { entityType: 'offer', entityId: o.id, action: 'create', after: o });
      return o;
    });
  } catch (e) {
    if (sqlStateOf(e) === '23505') throw duplicate(d.code);
    throw e;
  }
}

/** Changes an offer (including publishing it); `version` guards against lost updates. */
export async function updateOffer(ctx: Ctx, id: string, input: unknown): Promise<Offer> {
  requirePermission(ctx, 'catalog.write');
  const patch = parseInput(OfferPatchSchema, input);
  return inTransaction(ctx, async (tx) => {
    const beforeRow = await tx.db.selectFrom('offer').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!beforeRow) throw new AppError('not_found', 'e.notFound', { entity: 'offer', id });
    const before = offerFromRow(beforeRow);
    if (patch.version !== undefined && patch.version !== before.version) throw new AppError('conflict', 'e.staleVersion', {}, [], { currentVersion: before.version });
    const kind = patch.serviceKind ?? before.serviceKind;
    const params = paramsOrThrow(kind, patch.params ?? before.params);
    if (patch.siteId) await checkSite(tx, patch.siteId);
    try {
      const row = await tx.db.updateTable('offer').set({
        ...(patch.code !== undefined ? { code: patch.code } : {}), ...(patch.name !== undefined ? { name: patch.name } : {}),
        service_kind: kind, params: JSON.stringify(params), ...(patch.siteId ? { site_id: patch.siteId } : {}),
        ...(patch.components ? { components: JSON.stringify(patch.components) } : {}),
        ...(patch.monthlyPrice !== undefined ? { monthly_price: patch.monthlyPrice } : {}),
        ...(patch.setupFee !== undefined ? { setup_fee: patch.setupFee } : {}),
        ...(patch.published !== undefined ? { published: patch.published } : {}),
        version: before.version + 1, updated_at: tx.now(),
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      const after = offerFromRow(row);
      await writeAudit(tx, { entityType: 'offer', entityId: id, action: 'update', before, after });
      return after;
    } catch (e) {
      if (sqlStateOf(e) === '23505') throw duplicate(patch.code ?? before.code);
      throw e;
    }
  });
}

/** Offers with their cost, floor and margin this month (`published` filters). */
/** Offers with this month's cost, floor and margin (components without a supplier price are named). */
async function priced(ctx: Ctx, offers: Offer[]) {
  const costs = await priceConfigurations(ctx, offers.map((o) => o.components));
  return offers.map((o, i) => {
    const c = costs[i]!;
    const ok = c.missing.length === 0;
    return {
      ...o, unitCost: ok ? c.cost : null, unitFloor: ok ? c.floor : null, missingSkus: c.missing,
      marginPct: ok ? marginPct(o.monthlyPrice, c.cost) : null, belowFloor: ok && o.monthlyPrice < c.floor, costTrace: c.trace,
    };
  });
}
export type PricedOffer = Awaited<ReturnType<typeof priced>>[number];

/** Every offer (for reports that must see the whole catalog, e.g. offers below the floor). */
export async function listOffers(ctx: Ctx, opts: { published?: boolean } = {}) {
  requirePermission(ctx, 'proposal.read');
  let q = ctx.db.selectFrom('offer').selectAll();
  if (opts.published !== undefined) q = q.where('published', '=', opts.published);
  return priced(ctx, (await q.orderBy('code').execute()).map(offerFromRow));
}

export interface OfferFilter extends ListQuery { published?: 'true' | 'false'; serviceKind?: string; siteId?: string }

const offerSorts = { columns: { code: 'code', name: sql`lower(name)`, serviceKind: 'service_kind', monthlyPrice: 'monthly_price', updatedAt: 'updated_at' }, default: 'code', tieBreaker: 'id' };

/**
 * The catalog as a list: q (code or name), published, service kind and site; sorted and paged on the
 * server, and only the page's offers are priced.
 */
export async function pageOffers(ctx: Ctx, f: OfferFilter): Promise<Page<PricedOffer>> {
  requirePermission(ctx, 'proposal.read');
  let q = ctx.db.selectFrom('offer').selectAll();
  const term = f.q?.trim();
  if (term) q = q.where((eb) => eb.or([eb(eb.fn('lower', ['code']), 'like', containsPattern(term)), eb(eb.fn('lower', ['name']), 'like', containsPattern(term))]));
  if (f.published) q = q.where('published', '=', f.published === 'true');
  if (f.serviceKind) q = q.where('service_kind', '=', f.serviceKind);
  if (f.siteId) q = q.where('site_id', '=', f.siteId);
  const page = await runPage(q, f, offerSorts, offerFromRow);
  return { ...page, items: await priced(ctx, page.items) };
}

export async function getOffer(ctx: Ctx, id: string): Promise<Offer> {
  requirePermission(ctx, 'proposal.read');
  const r = await ctx.db.selectFrom('offer').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('not_found', 'e.notFound', { entity: 'offer', id });
  return offerFromRow(r);
}
