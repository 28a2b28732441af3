import { FormulaInputSchema, type Formula } from '../../domain/pricing/pricing.ts';
import { findCurrentFormula } from '../../db/queries/pricing.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx, type Tx } from '../context.ts';

/** The profitability formula in force. */
export async function getFormula(ctx: Ctx): Promise<Formula> {
  requirePermission(ctx, 'proposal.read');
  return findCurrentFormula(ctx.db);
}

/** All versions of the formula, newest first. */
export async function listFormulaVersions(ctx: Ctx) {
  requirePermission(ctx, 'proposal.read');
  return ctx.db.selectFrom('pricing_formula').selectAll().orderBy('version', 'desc').execute();
}

/** Management stores a new version of the formula; `then` runs in the same transaction (the cost-changed flow reprices open drafts). */
export async function storeFormula(ctx: Ctx, input: unknown, then: (tx: Tx) => Promise<unknown> = async () => undefined): Promise<Formula> {
  requirePermission(ctx, 'pricing.formula');
  const data = parseInput(FormulaInputSchema, input);
  return inTransaction(ctx, async (tx) => {
    const before = await findCurrentFormula(tx.db);
    const version = before.version + 1;
    await tx.db.insertInto('pricing_formula').values({
      version, min_margin_pct: data.minMarginPct, overhead_pct: data.overheadPct, amortization_months: data.amortizationMonths,
      floor_step: data.floorStep, note: data.note, created_by: tx.actor.id, created_by_name: tx.actor.name,
    }).execute();
    const after = await findCurrentFormula(tx.db);
    await writeAudit(tx, { entityType: 'pricing_formula', entityId: String(version), action: 'create', before, after });
    await then(tx);
    return after;
  });
}
