import { z } from 'zod';
import { page } from './common.ts';

export const PriceListRow = z.object({
  lineNo: z.number(),
  sku: z.string(),
  component: z.enum(['hardware', 'part', 'rack', 'power', 'channel', 'ip', 'licence', 'installment']),
  description: z.string().nullable(),
  unit: z.string().nullable(),
  billing: z.enum(['installment', 'monthly', 'one_time']),
  price: z.bigint(),
  installmentMonths: z.number().nullable(),
});

export const PriceListPreview = z.object({ supplierId: z.string(), effectiveFrom: z.string(), rows: z.array(PriceListRow) });

/** GET /price-lists (200) */
export const getPriceLists = page(z.object({
  id: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  effectiveFrom: z.string(),
  sourceName: z.string().nullable(),
  lineCount: z.number(),
  importedBy: z.string(),
  importedAt: z.date(),
}));

/** GET /price-lists/:id/lines (200) */
export const getPriceListsIdLines = z.object({
  items: z.array(z.object({
    id: z.string(),
    lineNo: z.number(),
    sku: z.string(),
    component: z.string(),
    description: z.string().nullable(),
    unit: z.string().nullable(),
    billing: z.string(),
    price: z.bigint(),
    installmentMonths: z.number().nullable(),
  })),
});

/** POST /price-lists/preview (200) */
export const postPriceListsPreview = PriceListPreview;

/** POST /price-lists (201) */
export const postPriceLists = z.object({
  id: z.string(),
  supplierId: z.string(),
  effectiveFrom: z.string(),
  lines: z.number(),
  repricedVersions: z.number(),
});
