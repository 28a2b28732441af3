import { z } from 'zod';

const Settings = z.object({ staleDays: z.number(), tolerancePct: z.number() });
const IdOnly = z.object({ id: z.string() });
const ByMonth = z.object({ from: z.string(), to: z.string() });

/** GET, PUT /marketing/settings (200) */
export const MarketingSettings = Settings;

/** GET /marketing/competitor-offers (200) */
export const getMarketingCompetitorOffers = z.object({
  settings: Settings,
  today: z.string(),
  items: z.array(z.object({
    id: z.string(),
    competitorId: z.string(),
    competitor: z.string(),
    observedOn: z.string(),
    sourceUrl: z.string(),
    serviceKind: z.string(),
    siteId: z.string(),
    siteName: z.string(),
    locationNote: z.string().nullable(),
    params: z.record(z.string(), z.unknown()),
    monthlyPrice: z.bigint(),
    vatIncluded: z.boolean(),
    monthlyNet: z.bigint(),
    setupFee: z.bigint(),
    stale: z.boolean(),
  })),
});

/** POST /marketing/competitor-offers (201), POST /marketing/spend (201) */
export const Created = IdOnly;

/** POST /marketing/competitor-offers/import (201; 200 with dryRun): the rows read, as they would be stored. */
export const postMarketingCompetitorOffersImport = z.object({
  count: z.number(),
  rows: z.array(z.object({
    competitor: z.string(),
    observedOn: z.string(),
    sourceUrl: z.string(),
    serviceKind: z.enum(['dedicated', 'colocation', 'vps', 'internet']),
    siteCode: z.string(),
    locationNote: z.string().nullable(),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    monthlyPrice: z.bigint(),
    setupFee: z.bigint(),
    vatIncluded: z.boolean(),
  })),
});

/** GET /marketing/price-comparison (200) */
export const getMarketingPriceComparison = z.object({
  settings: Settings,
  today: z.string(),
  rows: z.array(z.object({
    offerId: z.string(),
    code: z.string(),
    name: z.string(),
    serviceKind: z.string(),
    siteId: z.string(),
    siteName: z.string(),
    ours: z.bigint(),
    min: z.bigint().nullable(),
    median: z.bigint().nullable(),
    count: z.number(),
    stale: z.number(),
    diffPct: z.number().nullable(),
    competitorIds: z.array(z.string()),
  })),
});

/** GET /marketing/demand (200, JSON) */
export const getMarketingDemand = ByMonth.extend({
  rows: z.array(z.object({
    month: z.string(),
    serviceKind: z.string(),
    siteId: z.string(),
    leads: z.number(),
    requests: z.number(),
    won: z.number(),
    lost: z.number(),
    refused: z.number(),
    open: z.number(),
    budget: z.bigint(),
    quantity: z.number(),
    reasons: z.array(z.object({ reason: z.string(), count: z.number() })),
  })),
  sites: z.record(z.string(), z.string()),
  reasonNames: z.record(z.string(), z.object({ ru: z.string(), en: z.string() })),
  sources: z.array(z.object({ source: z.string(), count: z.number() })),
});

const Named = z.object({ id: z.string(), name: z.string() });

/** GET /marketing/spend (200) */
export const getMarketingSpend = z.object({
  items: z.array(z.object({
    id: z.string(),
    campaign: z.string(),
    month: z.string(),
    amount: z.bigint(),
    channel: z.string().nullable(),
    note: z.string().nullable(),
    usedBy: Named.nullable(),
    company: Named.nullable(),
    deductionId: z.string().nullable(),
  })),
});

/** POST /marketing/spend/import (201) */
export const postMarketingSpendImport = z.object({ count: z.number() });

/** POST /marketing/spend/:id/use (201) */
export const postMarketingSpendIdUse = z.object({ deductionId: z.string() });

/** GET /marketing/attribution (200) */
export const getMarketingAttribution = ByMonth.extend({
  rows: z.array(z.object({
    campaign: z.string(),
    spend: z.bigint(),
    leads: z.number(),
    won: z.number(),
    lost: z.number(),
    revenue: z.bigint(),
    invoiced: z.bigint(),
    invoicedByMonth: z.array(z.object({ month: z.string(), net: z.bigint() })),
    invoicedMonthly: z.bigint(),
    clients: z.number(),
    costPerLead: z.bigint().nullable(),
    costPerClient: z.bigint().nullable(),
  })),
  total: z.object({
    spend: z.bigint(), leads: z.number(), won: z.number(), revenue: z.bigint(), invoiced: z.bigint(), invoicedMonthly: z.bigint(), clients: z.number(),
  }),
});
