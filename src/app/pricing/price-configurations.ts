import { AppError } from '../../domain/errors.ts';
import type { Component } from '../../domain/catalog/catalog.schemas.ts';
import { costConfiguration, type Costing, type Formula } from '../../domain/pricing/pricing.ts';
import { findCurrentFormula, findLinesInForce } from '../../db/queries/pricing.ts';
import { todayOf, type Ctx } from '../context.ts';

/**
 * Prices many configurations at once: one query for the supplier lines in force, then pure arithmetic.
 * Configurations with SKUs nobody prices come back with `missing` filled.
 */
export async function priceConfigurations(ctx: Ctx, configs: readonly (readonly Component[])[], onDate = todayOf(ctx), formula?: Formula): Promise<Costing[]> {
  const f = formula ?? await findCurrentFormula(ctx.db);
  const skus = [...new Set(configs.flatMap((c) => c.map((x) => x.sku)))];
  const lines = await findLinesInForce(ctx.db, onDate, skus);
  return configs.map((c) => costConfiguration(c, lines, f));
}

/** Prices one configuration; refuses when some SKU has no supplier price in force. */
export async function priceConfiguration(ctx: Ctx, components: readonly Component[], onDate = todayOf(ctx)): Promise<Costing> {
  const [c] = await priceConfigurations(ctx, [components], onDate);
  if (c!.missing.length) throw new AppError('rule', 'e.pricing.noPrice', { skus: c!.missing.join(', ') }, [], { missing: c!.missing });
  return c!;
}
