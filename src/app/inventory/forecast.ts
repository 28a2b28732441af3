import { sql } from 'kysely';
import { dateInZone } from '../../domain/dates.ts';
import type { ServiceKind } from '../../domain/catalog/service-kinds.ts';
import { demandOf, requestProbability, type Outcome, type RequestStatus } from '../../domain/feasibility/feasibility.ts';
import { shortfallOf } from '../../domain/inventory/inventory-edits.ts';
import { requirePermission, type Ctx } from '../context.ts';

/** One weighted demand line: how much of a resource, at which site, with what chance, from where. */
export interface DemandItem { source: string; ref: string; siteId: string | null; resource: string; quantity: number; probability: number }

/** A place demand comes from. Feasibility requests now; the CPQ issue adds proposals to `demandSources`. */
export type DemandSource = (ctx: Ctx, today: string) => Promise<DemandItem[]>;

/**
 * Open feasibility requests (and answered, still valid, not yet closed) weighted by their probability.
 * A request whose answer backs a sent proposal is counted there instead (see `proposalDemand`).
 */
export const feasibilityDemand: DemandSource = async (ctx, today) => {
  const rows = await sql<{ id: string; site_id: string | null; service_kind: string; params: unknown; quantity: number; probability: string | null; status: RequestStatus; outcome: string | null; valid_until: string | null }>`
    SELECT r.id, r.site_id, r.service_kind, r.params, r.quantity, r.probability, r.status, a.outcome, a.valid_until
    FROM feas_request r
    LEFT JOIN LATERAL (SELECT outcome, valid_until FROM feas_answer WHERE request_id = r.id ORDER BY answered_at DESC, id DESC LIMIT 1) a ON true
    WHERE r.status IN ('open','answered')
      AND NOT EXISTS (
        SELECT 1 FROM feas_answer fa
        JOIN proposal_line l ON l.feasibility_answer_id = fa.id
        JOIN proposal_version v ON v.id = l.version_id AND v.status = 'sent'
        WHERE fa.request_id = r.id)`.execute(ctx.db);
  return rows.rows.flatMap((r) => {
    const p = requestProbability({ probability: r.probability, status: r.status }, r.outcome ? { outcome: r.outcome as Outcome, validUntil: r.valid_until! } : null, today);
    if (p <= 0) return [];
    const params = (typeof r.params === 'string' ? JSON.parse(r.params) : r.params ?? {}) as Record<string, unknown>;
    return demandOf(r.service_kind as ServiceKind, params).map((d) => ({ source: 'feasibility', ref: r.id, siteId: r.site_id, resource: d.resource, quantity: d.amount * r.quantity, probability: p }));
  });
};

/** Chance that a sent proposal becomes an order when no deal gives one. */
const SENT_PROPOSAL_PROBABILITY = 0.5;

/**
 * Proposals sent to clients and not yet decided: every line's resources, weighted by the probability of
 * the deal the proposal belongs to (or an even chance when it has no deal).
 */
export const proposalDemand: DemandSource = async (ctx, today) => {
  const rows = await sql<{ id: string; site_id: string; service_kind: string; params: unknown; quantity: number; probability: number | null }>`
    SELECT l.id, l.site_id, l.service_kind, l.params, l.quantity,
      (SELECT d.probability FROM deal d WHERE d.proposal_id = p.id ORDER BY d.updated_at DESC LIMIT 1) AS probability
    FROM proposal p
    JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.current_version
    JOIN proposal_line l ON l.version_id = v.id
    WHERE v.status = 'sent' AND v.valid_until >= ${today}`.execute(ctx.db);
  return rows.rows.flatMap((r) => {
    const p = r.probability === null ? SENT_PROPOSAL_PROBABILITY : r.probability / 100;
    if (p <= 0) return [];
    const params = (typeof r.params === 'string' ? JSON.parse(r.params) : r.params ?? {}) as Record<string, unknown>;
    return demandOf(r.service_kind as ServiceKind, params).map((d) => ({ source: 'proposal', ref: r.id, siteId: r.site_id, resource: d.resource, quantity: d.amount * r.quantity, probability: p }));
  });
};

/** Every demand source the forecast sums. */
export const demandSources: DemandSource[] = [feasibilityDemand, proposalDemand];

/**
 * Free capacity per site and resource now: the view `inv_free_capacity` (migration 0030), which the ads'
 * export guard reads too, so the app and the database count free capacity one way.
 */
export async function freeCapacity(ctx: Ctx): Promise<{ siteId: string; resource: string; free: number }[]> {
  const r = await sql<{ site_id: string; resource: string; free: string }>`SELECT site_id, resource, free::text AS free FROM inv_free_capacity`.execute(ctx.db);
  return r.rows.map((x) => ({ siteId: x.site_id, resource: x.resource, free: Number(x.free) }));
}

/**
 * Capacity forecast (C6): weighted demand (probability × quantity) per site and resource from every demand
 * source, against free capacity — so the tech department sees coming order volumes before they land.
 */
export async function capacityForecast(ctx: Ctx, sources: DemandSource[] = demandSources) {
  requirePermission(ctx, 'inventory.read');
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const items = (await Promise.all(sources.map((s) => s(ctx, today)))).flat();
  const free = await freeCapacity(ctx);
  const key = (s: string | null, r: string) => `${s ?? '-'}|${r}`;
  const rows = new Map<string, { siteId: string | null; resource: string; weightedDemand: number; requests: number; free: number | null }>();
  for (const f of free) rows.set(key(f.siteId, f.resource), { siteId: f.siteId, resource: f.resource, weightedDemand: 0, requests: 0, free: f.free });
  for (const d of items) {
    const k = key(d.siteId, d.resource);
    const row = rows.get(k) ?? rows.set(k, { siteId: d.siteId, resource: d.resource, weightedDemand: 0, requests: 0, free: null }).get(k)!;
    row.weightedDemand += d.probability * d.quantity;
    row.requests += 1;
  }
  // No capacity row at all means none: the demand is short by all of it (free 0), never hidden.
  const out = [...rows.values()].map((r) => {
    const missing = shortfallOf(r.weightedDemand, r.free);
    return { ...r, weightedDemand: Math.round(r.weightedDemand * 100) / 100, free: r.free ?? 0, noCapacity: r.free === null || r.free <= 0, missing, shortfall: missing > 0 };
  });
  out.sort((a, b) => (a.siteId ?? '').localeCompare(b.siteId ?? '') || a.resource.localeCompare(b.resource));
  return { today, items: out, demand: items };
}
