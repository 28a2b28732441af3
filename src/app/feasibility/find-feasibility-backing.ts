import { dateInZone } from '../../domain/dates.ts';
import type { ServiceKind } from '../../domain/catalog/service-kinds.ts';
import { answerCovers, type Outcome } from '../../domain/feasibility/feasibility.ts';
import type { Ctx } from '../context.ts';

/**
 * Is this offer backed by a valid feasibility answer? Returns the newest positive answer, valid today
 * (valid_until ≥ today in the business time zone), to a request of the same company, site (null matches
 * null) and service kind that covers the asked quantity and parameters (see `answerCovers`), else null.
 * Reads only; needs no permission beyond being a signed-in actor (the proposal's send check asks it).
 */
export async function findFeasibilityBacking(
  ctx: Ctx,
  ask: { companyId: string; siteId: string | null; serviceKind: ServiceKind; params: Record<string, unknown>; quantity: number },
): Promise<{ answerId: string; outcome: 'feasible' | 'conditional'; validUntil: string } | null> {
  const today = dateInZone(ctx.now(), ctx.timeZone);
  let q = ctx.db.selectFrom('feas_answer as a').innerJoin('feas_request as r', 'r.id', 'a.request_id')
    .select(['a.id', 'a.outcome', 'a.valid_until', 'a.params', 'a.quantity', 'a.request_id', 'a.answered_at'])
    .where('r.company_id', '=', ask.companyId).where('r.service_kind', '=', ask.serviceKind)
    .where('r.status', '<>', 'cancelled')
    .where('a.valid_until', '>=', today);
  q = ask.siteId === null ? q.where('r.site_id', 'is', null) : q.where('r.site_id', '=', ask.siteId);
  const rows = await q.orderBy('a.answered_at', 'desc').orderBy('a.id', 'desc').limit(200).execute();
  // Only the newest answer of each request speaks for it: a later "not feasible" withdraws an earlier "yes".
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.request_id)) continue;
    seen.add(r.request_id);
    const terms = { outcome: r.outcome as Outcome, validUntil: r.valid_until, quantity: r.quantity, params: (r.params ?? {}) as Record<string, unknown> };
    if (answerCovers(terms, { quantity: ask.quantity, params: ask.params }, today)) {
      return { answerId: r.id, outcome: r.outcome as 'feasible' | 'conditional', validUntil: r.valid_until };
    }
  }
  return null;
}
