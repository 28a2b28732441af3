import type { Ctx } from '../context.ts';
import { storeFormula } from '../pricing/formula.ts';
import { recomputeOpenProposals } from '../quoting/recompute.ts';
import { storePriceList } from '../suppliers/price-lists.ts';

/**
 * Flow "cost changed": what we pay moved (a supplier price list or the profitability formula), so every open
 * draft is repriced in the same transaction — approvals given on the old figures no longer match.
 * Flows are the one place where a write crosses contexts; the contexts themselves do not import each other.
 */
export function importPriceList(ctx: Ctx, input: unknown, file: Buffer | string) {
  return storePriceList(ctx, input, file, recomputeOpenProposals);
}

/** Management sets a new version of the formula; open drafts are repriced at once. */
export function setFormula(ctx: Ctx, input: unknown) {
  return storeFormula(ctx, input, recomputeOpenProposals);
}
