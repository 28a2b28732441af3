import { findCurrentFormula, findLinesInForce } from '../../db/queries/pricing.ts';
import { findLines, findVersion, versionFromRow } from '../../db/queries/quoting.ts';
import { repriceLine } from '../../domain/pricing/pricing.ts';
import { editableStatuses } from '../../domain/quoting/quote.ts';
import { todayOf, type Ctx } from '../context.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { settleVersion } from './proposals.ts';

/**
 * Reprices the lines of one editable version at today's supplier prices and formula. Changed costs or
 * floors change the content hash, so an approval given before no longer counts. Returns whether anything changed.
 * Lines whose SKUs lost every price keep their last cost (the send check reports them).
 */
export async function repriceVersion(tx: Ctx, versionId: string): Promise<boolean> {
  const vr = await tx.db.selectFrom('proposal_version').selectAll().where('id', '=', versionId).forUpdate().executeTakeFirst();
  if (!vr) return false;
  const v = versionFromRow(vr);
  if (!editableStatuses.includes(v.status)) return false;
  const lines = await findLines(tx.db, v.id);
  const formula = await findCurrentFormula(tx.db);
  const prices = await findLinesInForce(tx.db, todayOf(tx), [...new Set(lines.flatMap((l) => l.components.map((c) => c.sku)))]);
  let changed = false;
  for (const l of lines) {
    const { costing: c, changed: moved } = repriceLine(l, prices, formula);
    if (!moved) continue;
    changed = true;
    await tx.db.updateTable('proposal_line').set({ unit_cost: c.cost, unit_floor: c.floor, formula_version: c.formulaVersion, cost_trace: JSON.stringify(c.trace) }).where('id', '=', l.id).execute();
  }
  if (changed) {
    await settleVersion(tx, v);
    const scope = await tx.db.selectFrom('proposal').select('company_id').where('id', '=', v.proposalId).executeTakeFirstOrThrow();
    await writeAudit(tx, { entityType: 'proposal', entityId: v.proposalId, scopeId: scope.company_id, action: 'reprice', after: { version: v.version } });
  }
  return changed;
}

/** Reprices every open draft (after a price-list import or a formula change); returns how many versions changed. */
export async function recomputeOpenProposals(tx: Ctx): Promise<number> {
  // one lock order for every repricing run, so two imports at once wait for each other instead of deadlocking
  const ids = await tx.db.selectFrom('proposal_version').select('id').where('status', 'in', [...editableStatuses]).orderBy('id').execute();
  let n = 0;
  for (const { id } of ids) if (await repriceVersion(tx, id)) n++;
  return n;
}

export { findVersion };
