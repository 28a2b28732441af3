import { z } from 'zod';

export const Formula = z.object({
  version: z.number(),
  minMarginPct: z.string(),
  overheadPct: z.string(),
  amortizationMonths: z.number(),
  floorStep: z.bigint(),
});

export const CostTraceEntry = z.object({
  sku: z.string(),
  quantity: z.number(),
  priceLineId: z.string(),
  priceListId: z.string(),
  supplierId: z.string(),
  component: z.enum(['hardware', 'part', 'rack', 'power', 'channel', 'ip', 'licence', 'installment']),
  billing: z.enum(['installment', 'monthly', 'one_time']),
  unitPrice: z.string(),
  monthly: z.string(),
});

export const Costing = z.object({
  direct: z.bigint(),
  overhead: z.bigint(),
  cost: z.bigint(),
  floor: z.bigint(),
  formulaVersion: z.number(),
  trace: z.array(CostTraceEntry),
  missing: z.array(z.string()),
});

/** GET /pricing/formula (200) */
export const getPricingFormula = Formula;

/** GET /pricing/formula/versions (200) */
export const getPricingFormulaVersions = z.object({
  items: z.array(z.object({
    version: z.number(),
    min_margin_pct: z.string(),
    overhead_pct: z.string(),
    amortization_months: z.number(),
    floor_step: z.bigint(),
    note: z.string().nullable(),
    created_by: z.string().nullable(),
    created_by_name: z.string(),
    created_at: z.date(),
  })),
});

/** PUT /pricing/formula (200) */
export const putPricingFormula = Formula;

/** POST /pricing/cost (200) */
export const postPricingCost = Costing;

/** GET /pricing/below-floor (200) */
export const getPricingBelowFloor = z.object({
  onDate: z.string(),
  formulaVersion: z.number(),
  offers: z.array(z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    published: z.boolean(),
    monthlyPrice: z.bigint(),
    unitCost: z.bigint().nullable(),
    unitFloor: z.bigint().nullable(),
  })),
  proposals: z.array(z.object({
    proposalId: z.string(),
    number: z.string(),
    version: z.number(),
    status: z.string(),
    companyName: z.string(),
    position: z.number(),
    description: z.string(),
    unitNet: z.bigint(),
    floorThen: z.bigint(),
    floorNow: z.bigint(),
    costNow: z.bigint(),
  })),
});
