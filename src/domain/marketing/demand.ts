import type { Kopecks } from '../money.ts';

/**
 * Demand (C15): what was asked for — leads (CRM deals, with their UTM source) and feasibility requests — by
 * kind, location and month, including what we refused (a "not feasible" answer) and what we lost (a lost deal
 * with its reason).
 */
export type DemandOrigin = 'lead' | 'feasibility';
export type DemandOutcome = 'open' | 'won' | 'lost' | 'refused';

export interface DemandFact {
  origin: DemandOrigin;
  month: string;
  serviceKind: string | null;
  siteId: string | null;
  outcome: DemandOutcome;
  /** The reason code of a lost deal, or the limits a refusal named. */
  reason: string | null;
  budget: Kopecks;
  quantity: number;
}

export interface DemandRow {
  month: string; serviceKind: string; siteId: string;
  leads: number; requests: number; won: number; lost: number; refused: number; open: number;
  budget: Kopecks; quantity: number;
  reasons: { reason: string; count: number }[];
}

/** Groups the facts by month, kind and location (unknown kind or location: ''), newest month first. */
export function demandReport(facts: readonly DemandFact[]): DemandRow[] {
  const rows = new Map<string, DemandRow & { why: Map<string, number> }>();
  for (const f of facts) {
    const kind = f.serviceKind ?? '';
    const site = f.siteId ?? '';
    const key = `${f.month}|${kind}|${site}`;
    let r = rows.get(key);
    if (!r) {
      r = { month: f.month, serviceKind: kind, siteId: site, leads: 0, requests: 0, won: 0, lost: 0, refused: 0, open: 0, budget: 0n, quantity: 0, reasons: [], why: new Map() };
      rows.set(key, r);
    }
    if (f.origin === 'lead') r.leads++; else r.requests++;
    r[f.outcome]++;
    r.budget += f.budget;
    r.quantity += f.quantity;
    if (f.reason && (f.outcome === 'lost' || f.outcome === 'refused')) r.why.set(f.reason, (r.why.get(f.reason) ?? 0) + 1);
  }
  return [...rows.values()].map(({ why, ...r }) => ({ ...r, reasons: [...why].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)) }))
    .sort((a, b) => b.month.localeCompare(a.month) || a.serviceKind.localeCompare(b.serviceKind) || a.siteId.localeCompare(b.siteId));
}
