import { dateInZone, formatDate } from '../../domain/dates.ts';
import type { ServiceKind } from '../../domain/catalog/service-kinds.ts';
import { findParam, paramMessageKey } from '../../domain/catalog/service-params.ts';
import { coverageGap, gapSize, type CoverageGap, type Outcome } from '../../domain/feasibility/feasibility.ts';
import type { Ctx } from '../context.ts';

export interface GapLine { position: number; description: string; siteId: string | null; serviceKind: ServiceKind; params: Record<string, unknown>; quantity: number }
export interface GapMessage { key: string; params: Record<string, string | number> }

const show = (v: unknown): string => (v === undefined || v === null || v === '' ? '—' : typeof v === 'number' ? String(v).replace('.', ',') : String(v));

/**
 * Why no answer backs this line, named the way a manager can act on it: no request at all, no answer yet,
 * a negative or expired answer, too small a quantity, or the first parameter the closest answer does not
 * confirm (with both values). Looks at the newest answer of each request of the same client, site and kind.
 */
export async function explainFeasibilityGap(ctx: Ctx, companyId: string, line: GapLine): Promise<GapMessage> {
  const base = { line: line.position, description: line.description };
  let q = ctx.db.selectFrom('feas_request as r').leftJoin('feas_answer as a', 'a.request_id', 'r.id')
    .select(['r.id as request_id', 'a.id as answer_id', 'a.outcome', 'a.valid_until', 'a.params', 'a.quantity', 'a.answered_at'])
    .where('r.company_id', '=', companyId).where('r.service_kind', '=', line.serviceKind).where('r.status', '<>', 'cancelled');
  q = line.siteId === null ? q.where('r.site_id', 'is', null) : q.where('r.site_id', '=', line.siteId);
  const rows = await q.orderBy('a.answered_at', 'desc').limit(500).execute();
  if (!rows.length) return { key: 'e.feas.lineNoRequest', params: { ...base, kind: `servicekind.${line.serviceKind}` } };
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const seen = new Set<string>();
  let best: { gap: CoverageGap; answer: { validUntil: string; quantity: number; params: Record<string, unknown> } } | null = null;
  for (const r of rows) {
    if (seen.has(r.request_id) || !r.answer_id) continue;
    seen.add(r.request_id);
    const answer = { outcome: r.outcome as Outcome, validUntil: r.valid_until!, quantity: r.quantity!, params: (r.params ?? {}) as Record<string, unknown> };
    const gap = coverageGap(answer, line, today);
    if (!best || gapSize(gap) < gapSize(best.gap)) best = { gap, answer };
  }
  if (!best) return { key: 'e.feas.lineUnanswered', params: base };
  const { gap, answer } = best;
  if (gap.outcome) return { key: 'e.feas.lineNegative', params: base };
  if (gap.expired) return { key: 'e.feas.lineExpired', params: { ...base, date: formatDate(answer.validUntil, 'ru') } };
  const key = gap.params[0];
  if (key !== undefined) {
    return { key: 'e.feas.lineParam', params: { ...base, param: findParam(line.serviceKind, key) ? paramMessageKey(line.serviceKind, key) : key, asked: show(line.params[key]), confirmed: show(answer.params[key]) } };
  }
  return { key: 'e.feas.lineQuantity', params: { ...base, asked: line.quantity, confirmed: answer.quantity } };
}
