import { createHash } from 'node:crypto';
import type { ServiceKind } from '../../domain/catalog/service-kinds.ts';
import { translate } from '../../domain/messages.ts';
import { capacityShortfall, configSummary, hiddenBecause, publicPriceOf, type PublicPrice } from '../../domain/marketing/pricelist.ts';
import { locationOf } from '../../domain/marketing/ads-templates.ts';
import type { OfferNow } from '../../domain/marketing/ads-truth.ts';
import type { TaxMode } from '../../domain/tax.ts';
import { requirePermission, todayOf, type Ctx } from '../context.ts';
import { freeCapacity } from '../inventory/forecast.ts';
import { getOwnEntity } from '../reference/own-entities.ts';

/** One offer as the catalog has it now, with its public prices, place and whether its site has room. */
export interface CatalogOffer extends OfferNow {
  code: string;
  name: string;
  kindName: string;
  siteName: string;
  config: string;
  price: PublicPrice;
  setup: PublicPrice;
  shortfall: string[];
  hidden: ('unpublished' | 'noCapacity')[];
}

/** `cities`: every site's city, the places an ad may name (each only for an offer there). */
export interface CatalogNow { today: string; taxMode: TaxMode; sellerName: string; offers: CatalogOffer[]; cities: string[] }

/**
 * The catalog of now, as the public list and the ads' truth check both read it: every offer with its price
 * as the client pays it (the default seller's tax mode, VAT of today) and free capacity at its site.
 * One read of offers, sites, the seller and free capacity; nothing is stored, so nothing goes stale.
 */
export async function catalogNow(ctx: Ctx): Promise<CatalogNow> {
  const today = todayOf(ctx);
  const [seller, offers, sites, free] = await Promise.all([
    getOwnEntity(ctx),
    ctx.db.selectFrom('offer').selectAll().orderBy('service_kind').orderBy('monthly_price').orderBy('code').execute(),
    ctx.db.selectFrom('site').select(['id', 'name', 'address']).execute(),
    freeCapacity(ctx),
  ]);
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const freeBySite = new Map<string, Map<string, number>>();
  for (const f of free) (freeBySite.get(f.siteId) ?? freeBySite.set(f.siteId, new Map()).get(f.siteId)!).set(f.resource, f.free);
  return {
    today, taxMode: seller.taxMode, sellerName: seller.company.name, cities: [...new Set(sites.map(locationOf))],
    offers: offers.map((o) => {
      const kind = o.service_kind as ServiceKind;
      const params = o.params as Record<string, unknown>;
      const site = siteById.get(o.site_id)!;
      const shortfall = capacityShortfall(kind, params, freeBySite.get(o.site_id) ?? new Map());
      const price = publicPriceOf(o.monthly_price, seller.taxMode, today);
      const setup = publicPriceOf(o.setup_fee, seller.taxMode, today);
      return {
        id: o.id, code: o.code, name: o.name, serviceKind: kind, kindName: translate('ru', `servicekind.${kind}`), published: o.published,
        siteId: o.site_id, siteName: site.name, location: locationOf(site), params, config: configSummary(kind, params),
        net: o.monthly_price, setupNet: o.setup_fee, gross: price.gross, setupGross: setup.gross, price, setup,
        available: shortfall.length === 0, shortfall, hidden: hiddenBecause({ published: o.published, shortfall }),
      };
    }),
  };
}

export interface PublicPriceList { today: string; taxMode: TaxMode; sellerName: string; items: CatalogOffer[]; etag: string }

/** A strong validator of what the public sees: a hash of every shown figure, so any catalog, price or capacity change gives a new one. */
export function etagOf(view: Omit<PublicPriceList, 'etag'>): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ t: view.taxMode, s: view.sellerName, v: view.items.map((o) => [o.code, o.name, o.serviceKind, o.siteName, o.location, o.params, o.price, o.setup]) }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  return `"pl-${h.digest('base64url').slice(0, 27)}"`;
}

/**
 * The public price list (no login): published offers whose site has capacity for them now, priced as the
 * client pays. Rule 5: what is unpublished or cannot be delivered now is not shown.
 */
export async function publicPriceList(ctx: Ctx): Promise<PublicPriceList> {
  const c = await catalogNow(ctx);
  const view = { today: c.today, taxMode: c.taxMode, sellerName: c.sellerName, items: c.offers.filter((o) => o.hidden.length === 0) };
  return { ...view, etag: etagOf(view) };
}

/** The staff's view of the list: what is shown, and every other offer with why it is not. */
export async function staffPriceList(ctx: Ctx) {
  requirePermission(ctx, 'marketing.read');
  const c = await catalogNow(ctx);
  const shown = c.offers.filter((o) => o.hidden.length === 0);
  return { today: c.today, taxMode: c.taxMode, sellerName: c.sellerName, shown, hidden: c.offers.filter((o) => o.hidden.length > 0) };
}
