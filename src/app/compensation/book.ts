import { clientTariffs } from '../../db/queries/billing-revenue.ts';
import { firstWonDeals } from '../../db/queries/crm.ts';
import type { BroughtBy } from '../../db/types.ts';
import { addDays } from '../../domain/billing/billing.ts';
import type { DealSource } from '../../domain/crm/crm.schemas.ts';
import type { TariffSegment } from '../../domain/compensation/pay.ts';
import type { Ctx } from '../context.ts';

/**
 * Deal sources where the manager did the attracting (his calls, conferences, paid ads or partners he chose to
 * use); the rest (inbound calls and mail, the website form, visits, referrals) came by other means, so the
 * manager who set the client up earns the handling bonus. Management corrects any client by hand.
 */
const attractedByManager: readonly DealSource[] = ['cold_call', 'conference', 'ad_campaign', 'partner'];

/** What payroll knows of a client: who brought it, who handles it, when it started, what it pays per month. */
export interface BookClient {
  companyId: string;
  companyName: string;
  broughtBy: BroughtBy;
  acquiredBy: string | null;
  handledBy: string | null;
  partnerId: string | null;
  campaign: string | null;
  /** 'management' when corrected by hand, 'crm' when derived from the first won deal. */
  origin: 'crm' | 'management';
  dealId: string | null;
  /** The first day of its first started service. */
  start: string;
  segments: TariffSegment[];
  /** Set when every service has ended: the last day served. */
  endedOn: string | null;
  handovers: { toUserId: string; fromDate: string }[];
}

/**
 * Every client that has started a service (or just those named), with its attribution (stored correction,
 * else the CRM's won deal).
 */
export async function loadBook(ctx: Ctx, only: readonly string[] | null = null): Promise<BookClient[]> {
  const tariffs = await clientTariffs(ctx.db, only);
  const byClient = new Map<string, typeof tariffs>();
  for (const t of tariffs) byClient.set(t.clientId, [...(byClient.get(t.clientId) ?? []), t]);
  const ids = [...byClient.keys()];
  if (ids.length === 0) return [];
  const [deals, stored, names, handovers] = await Promise.all([
    firstWonDeals(ctx.db, ids),
    ctx.db.selectFrom('pay_client').selectAll().where('company_id', 'in', ids).execute(),
    ctx.db.selectFrom('company').select(['id', 'name']).where('id', 'in', ids).execute(),
    ctx.db.selectFrom('pay_handover').select(['company_id', 'to_user_id', 'from_date']).where('company_id', 'in', ids).orderBy('from_date').execute(),
  ]);
  const dealOf = new Map(deals.map((d) => [d.company_id, d]));
  const storedOf = new Map(stored.map((s) => [s.company_id, s]));
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const out: BookClient[] = [];
  for (const [companyId, rows] of byClient) {
    const segments: TariffSegment[] = [];
    for (const r of rows) {
      const from = r.validFrom > r.startDate ? r.validFrom : r.startDate;
      const endEx = r.endDate ? addDays(r.endDate, 1) : null;
      const to = r.validTo && endEx ? (r.validTo < endEx ? r.validTo : endEx) : (r.validTo ?? endEx);
      if (to === null || to > from) segments.push({ from, to, amount: r.amount });
    }
    const start = rows.map((r) => r.startDate).sort()[0]!;
    const allEnded = rows.every((r) => r.endDate !== null);
    const endedOn = allEnded ? rows.map((r) => r.endDate!).sort().at(-1)! : null;
    const s = storedOf.get(companyId);
    const d = dealOf.get(companyId);
    const attribution = s
      ? { broughtBy: s.brought_by, acquiredBy: s.acquired_by, handledBy: s.handled_by, partnerId: s.partner_id, campaign: s.campaign, origin: 'management' as const }
      : d
        ? attractedByManager.includes(d.source as DealSource)
          ? { broughtBy: 'manager' as const, acquiredBy: d.owner_id, handledBy: d.owner_id, partnerId: d.partner_id, campaign: d.utm_campaign, origin: 'crm' as const }
          : { broughtBy: 'other' as const, acquiredBy: null, handledBy: d.owner_id, partnerId: d.partner_id, campaign: d.utm_campaign, origin: 'crm' as const }
        : { broughtBy: 'other' as const, acquiredBy: null, handledBy: null, partnerId: null, campaign: null, origin: 'crm' as const };
    out.push({
      companyId, companyName: nameOf.get(companyId) ?? companyId, ...attribution, dealId: d?.id ?? null, start, segments, endedOn,
      handovers: handovers.filter((h) => h.company_id === companyId).map((h) => ({ toUserId: h.to_user_id, fromDate: h.from_date })),
    });
  }
  return out;
}

/** Who earns a client's acquisition or handling bonus, and which. */
export function bonusOwner(c: BookClient): { userId: string; kind: 'acquisition' | 'handling' } | null {
  if (c.broughtBy === 'manager' && c.acquiredBy) return { userId: c.acquiredBy, kind: 'acquisition' };
  if (c.broughtBy !== 'manager' && c.handledBy) return { userId: c.handledBy, kind: 'handling' };
  return null;
}

/** The manager in charge of a client on a day: the latest handover by then, else whoever set it up. */
export function handlerOn(c: BookClient, day: string): string | null {
  let who = c.handledBy ?? c.acquiredBy;
  for (const h of c.handovers) if (h.fromDate <= day) who = h.toUserId;
  return who;
}
