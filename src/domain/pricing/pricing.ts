import { z } from 'zod';
import { parseDecimal, roundDiv, type Kopecks } from '../money.ts';
import type { Component } from '../catalog/catalog.schemas.ts';

/** Kinds of supplier cost components (C2). */
export const costComponents = ['hardware', 'part', 'rack', 'power', 'channel', 'ip', 'licence', 'installment'] as const;
export type CostComponent = (typeof costComponents)[number];
/** How a supplier line is paid: every month, once (amortized), or by installments (monthly payment for N months). */
export const billings = ['monthly', 'one_time', 'installment'] as const;
export type Billing = (typeof billings)[number];

/** The profitability formula: data, versioned, edited by management. */
export interface Formula {
  version: number;
  minMarginPct: string;
  overheadPct: string;
  amortizationMonths: number;
  /** The floor is rounded up to a multiple of this many kopecks. */
  floorStep: Kopecks;
}

const pct = (max: number) => z.string({ error: 'v.required' }).trim().regex(/^\d{1,3}([.,]\d{1,2})?$/, { error: 'v.percent' })
  .transform((s) => s.replace(',', '.')).refine((s) => Number(s) <= max, { error: 'v.percent' });

export const FormulaInputSchema = z.object({
  minMarginPct: pct(99.99), overheadPct: pct(500),
  amortizationMonths: z.number({ error: 'v.required' }).int({ error: 'v.invalid' }).min(1, { error: 'v.invalid' }).max(120, { error: 'v.invalid' }),
  floorStep: z.union([z.string().regex(/^\d{1,9}$/), z.number().int(), z.bigint()], { error: 'v.money' }).transform((v) => BigInt(v)).refine((v) => v >= 1n, { error: 'v.money' }),
  note: z.string().trim().max(500, { error: 'v.tooLong' }).nullish().transform((v) => v || null),
}).strict();

/** One line of a supplier price list, as the cost model needs it. */
export interface PriceLine {
  id: string;
  supplierId: string;
  priceListId: string;
  effectiveFrom: string;
  sku: string;
  component: CostComponent;
  billing: Billing;
  price: Kopecks;
  installmentMonths: number | null;
}

/** What one unit of a price line costs us per month under `formula`. */
export function monthlyCostOf(line: Pick<PriceLine, 'billing' | 'price'>, formula: Pick<Formula, 'amortizationMonths'>): Kopecks {
  if (line.billing === 'one_time') return roundDiv(line.price, BigInt(formula.amortizationMonths));
  return line.price;
}

/** One component's cost, traceable to the supplier line it came from. */
export interface CostTraceEntry {
  sku: string;
  quantity: number;
  priceLineId: string;
  priceListId: string;
  supplierId: string;
  component: CostComponent;
  billing: Billing;
  unitPrice: string;
  monthly: string;
}

export interface Costing {
  direct: Kopecks;
  overhead: Kopecks;
  cost: Kopecks;
  floor: Kopecks;
  formulaVersion: number;
  trace: CostTraceEntry[];
  /** SKUs with no price in force: the configuration cannot be priced. */
  missing: string[];
}

/** The cheapest line in force for a SKU (ties by id, so the choice is stable). */
export function pickLine(candidates: readonly PriceLine[], formula: Formula): PriceLine | undefined {
  let best: PriceLine | undefined;
  let bestCost = 0n;
  for (const c of candidates) {
    const m = monthlyCostOf(c, formula);
    if (!best || m < bestCost || (m === bestCost && c.id < best.id)) { best = c; bestCost = m; }
  }
  return best;
}

/**
 * Floor = cost / (1 − margin), rounded up to the formula's step: rounding up keeps the minimum margin
 * guaranteed at the floor price. Exact rational arithmetic; one rounding.
 */
export function floorOf(cost: Kopecks, formula: Pick<Formula, 'minMarginPct' | 'floorStep'>): Kopecks {
  if (cost <= 0n) return 0n;
  const { num, den } = parseDecimal(formula.minMarginPct);
  const n = cost * 100n * den;
  const d = (100n * den - num) * formula.floorStep;
  if (d <= 0n) throw new RangeError('margin must be below 100%');
  return ((n + d - 1n) / d) * formula.floorStep;
}

/** Monthly cost of one unit of a configuration: Σ component costs + overhead, and its floor. */
export function costConfiguration(components: readonly Component[], linesBySku: ReadonlyMap<string, readonly PriceLine[]>, formula: Formula): Costing {
  const trace: CostTraceEntry[] = [];
  const missing: string[] = [];
  let direct = 0n;
  for (const c of components) {
    const line = pickLine(linesBySku.get(c.sku) ?? [], formula);
    if (!line) { missing.push(c.sku); continue; }
    const monthly = monthlyCostOf(line, formula) * BigInt(c.quantity);
    direct += monthly;
    trace.push({
      sku: c.sku, quantity: c.quantity, priceLineId: line.id, priceListId: line.priceListId, supplierId: line.supplierId,
      component: line.component, billing: line.billing, unitPrice: line.price.toString(), monthly: monthly.toString(),
    });
  }
  const { num, den } = parseDecimal(formula.overheadPct);
  const overhead = roundDiv(direct * num, den * 100n);
  const cost = direct + overhead;
  return { direct, overhead, cost, floor: floorOf(cost, formula), formulaVersion: formula.version, trace, missing };
}

/** What identifies a trace (jsonb does not keep key order, so compare the facts, not the text). */
const traceKey = (t: readonly CostTraceEntry[]) => t.map((e) => `${e.sku}:${e.quantity}:${e.priceLineId}:${e.monthly}`).join('|');

/** A line as it was priced: its configuration and the cost, floor, formula and trace it holds. */
export interface PricedLine {
  components: readonly Component[];
  unitCost: Kopecks;
  unitFloor: Kopecks;
  formulaVersion: number;
  costTrace: readonly CostTraceEntry[];
}

/**
 * THE repricing decision: today's costing of a priced line and whether it differs from what the line holds
 * (cost, floor, formula version or the supplier lines the cost came from). With SKUs nobody prices,
 * `missing` is filled and the line keeps its figures. Creating, repricing and the send check all use this.
 */
export function repriceLine(line: PricedLine, linesBySku: ReadonlyMap<string, readonly PriceLine[]>, formula: Formula): { costing: Costing; changed: boolean } {
  const costing = costConfiguration(line.components, linesBySku, formula);
  if (costing.missing.length) return { costing, changed: false };
  const changed = costing.cost !== line.unitCost || costing.floor !== line.unitFloor || costing.formulaVersion !== line.formulaVersion
    || traceKey(costing.trace) !== traceKey(line.costTrace);
  return { costing, changed };
}

/** Margin in percent of the price, one decimal ("23.4"), or null when the price is zero. */
export function marginPct(price: Kopecks, cost: Kopecks): string | null {
  if (price <= 0n) return null;
  const tenths = roundDiv((price - cost) * 1000n, price);
  const neg = tenths < 0n;
  const a = neg ? -tenths : tenths;
  return `${neg ? '-' : ''}${a / 10n}.${a % 10n}`;
}
