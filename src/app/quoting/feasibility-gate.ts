import type { LineRow } from '../../db/queries/quoting.ts';
import { findFeasibilityBacking } from '../feasibility/find-feasibility-backing.ts';
import type { Ctx } from '../context.ts';

export interface LineBacking { lineId: string; position: number; answerId: string | null }

/**
 * The feasibility gate (C5, never-break rule 4): for each line, the tech department's positive,
 * unexpired answer for this client, site, kind, parameters and quantity — or null where there is none.
 */
export async function feasibilityBackings(ctx: Ctx, companyId: string, lines: readonly LineRow[]): Promise<LineBacking[]> {
  const out: LineBacking[] = [];
  for (const l of lines) {
    const b = await findFeasibilityBacking(ctx, { companyId, siteId: l.siteId, serviceKind: l.serviceKind, params: l.params, quantity: l.quantity });
    out.push({ lineId: l.id, position: l.position, answerId: b?.answerId ?? null });
  }
  return out;
}

/** Lines (positions) that no valid answer backs; empty when the proposal may go out. */
export const unbackedPositions = (backings: readonly LineBacking[]): number[] => backings.filter((b) => !b.answerId).map((b) => b.position);

/** Records on each line which answer it rests on (before the version is frozen by sending). */
export async function recordBackings(tx: Ctx, backings: readonly LineBacking[]): Promise<void> {
  for (const b of backings) {
    await tx.db.updateTable('proposal_line').set({ feasibility_answer_id: b.answerId }).where('id', '=', b.lineId).execute();
  }
}
