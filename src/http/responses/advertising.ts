import { z } from 'zod';
import { networks } from '../../domain/marketing/ads-limits.ts';

const Price = z.object({ net: z.bigint(), vatRate: z.string().nullable(), vat: z.bigint(), gross: z.bigint() });

/** An offer of the catalog as the price list shows it, with why it is hidden (if it is). */
const PriceListOffer = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kindName: z.string(),
  serviceKind: z.enum(['dedicated', 'colocation', 'vps', 'internet']),
  published: z.boolean(),
  siteId: z.string(),
  siteName: z.string(),
  location: z.string(),
  config: z.string(),
  params: z.record(z.string(), z.unknown()),
  net: z.bigint(),
  setupNet: z.bigint(),
  gross: z.bigint(),
  setupGross: z.bigint(),
  price: Price,
  setup: Price,
  available: z.boolean(),
  shortfall: z.array(z.string()),
  hidden: z.array(z.enum(['unpublished', 'noCapacity'])),
});

/** GET /marketing/pricelist (200) */
export const getMarketingPricelist = z.object({
  publicUrl: z.string(),
  today: z.string(),
  taxMode: z.enum(['osn', 'usn', 'usn_vat5', 'usn_vat7']),
  sellerName: z.string(),
  shown: z.array(PriceListOffer),
  hidden: z.array(PriceListOffer),
});

const network = z.enum(networks);
const AdText = z.union([
  z.object({ title: z.string(), title2: z.string(), text: z.string() }),
  z.object({ headlines: z.array(z.string()), descriptions: z.array(z.string()), path1: z.string(), path2: z.string() }),
]);
/** Why an ad says what is no longer true (a message key and its parameters). */
const Untrue = z.object({ key: z.string(), params: z.record(z.string(), z.string()) });

/** An ad template (POST 201, PUT 200); GET /ads/templates lists them. */
export const Template = z.object({
  id: z.string(), name: z.string(), network, fields: AdText, keywords: z.array(z.string()), finalUrl: z.string(), version: z.number(),
});

/** One ad with its limit problems and why it is untrue now (PATCH /ads/:id, POST /ads/:id/regenerate). */
export const Ad = z.object({
  id: z.string(),
  groupId: z.string(),
  network,
  offerId: z.string(),
  templateId: z.string().nullable(),
  fields: AdText,
  finalUrl: z.string(),
  version: z.number(),
  claim: z.object({ price: z.bigint(), setup: z.bigint() }),
  problems: z.array(z.object({ path: z.string(), key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })),
  untrue: z.array(Untrue),
});

/** POST /ads/generate (201) */
export const postAdsGenerate = z.object({ campaignId: z.string(), adIds: z.array(z.string()) });

/** GET /ads (200) */
export const getAds = z.object({
  campaigns: z.array(z.object({
    id: z.string(),
    network,
    name: z.string(),
    groups: z.array(z.object({
      id: z.string(), name: z.string(), offerId: z.string(), offerCode: z.string(), offerName: z.string(), keywords: z.array(z.string()), ads: z.array(Ad),
    })),
  })),
  untrue: z.array(z.object({ adId: z.string(), campaign: z.string(), group: z.string(), network, reasons: z.array(Untrue) })),
});
