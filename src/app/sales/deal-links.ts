import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import type { Deal } from '../../db/queries/crm.ts';
import { dealFromRow, ensureCrmDefaults, findDeal } from '../../db/queries/crm.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, requirePermission, sqlStateOf, type Ctx } from '../context.ts';

/** The deal-client trigger (RD201) and the one-win index, said the way the app says them. */
export function dealClientError(e: unknown, dealId: string | null): unknown {
  const s = sqlStateOf(e);
  if (s === 'RD201') return new AppError('validation', 'e.sales.dealOtherClient', { deal: dealId ?? '' }, [{ path: 'dealId', key: 'e.sales.dealOtherClient', params: { deal: dealId ?? '' } }]);
  if (s === 'RD202' || s === 'RD203' || s === 'RD204') return new AppError('rule', s === 'RD204' ? 'e.sales.revenueMismatch' : 'e.sales.wonOnlyByAcceptance', {}, [], { sqlState: s });
  if (s === '23505' && String((e as { constraint?: string }).constraint ?? (e as Error).message).includes('deal_one_win_per_proposal')) {
    return new AppError('conflict', 'e.sales.proposalAlreadyWon', { number: '' });
  }
  return e;
}

/** A proposal or feasibility request created for a deal must be for the deal's client. */
export async function assertDealOfClient(ctx: Ctx, dealId: string | null, companyId: string): Promise<void> {
  if (!dealId) return;
  const d = await findDeal(ctx.db, dealId);
  if (!d) throw new AppError('validation', 'e.notFound', { entity: 'deal', id: dealId }, [{ path: 'dealId', key: 'e.notFound', params: { entity: 'deal', id: dealId } }]);
  if (d.companyId !== companyId) throw new AppError('validation', 'e.sales.dealOtherClient', { deal: d.title }, [{ path: 'dealId', key: 'e.sales.dealOtherClient', params: { deal: d.title } }]);
}

/**
 * What winning `deal` with `proposalId` means: the proposal is of the deal's client (and of this deal, when
 * it names one), its version is accepted, no other deal was won by it. Returns the revenue the deal takes:
 * the accepted version's monthly total. A bare «won» without a proposal is refused.
 */
export async function winningRevenue(ctx: Ctx, proposalId: string | null, deal: Pick<Deal, 'id' | 'companyId'>): Promise<bigint> {
  if (!proposalId) throw new AppError('rule', 'e.sales.wonOnlyByAcceptance', {}, [{ path: 'proposalId', key: 'e.sales.wonOnlyByAcceptance' }]);
  const p = await ctx.db.selectFrom('proposal').select(['id', 'number', 'company_id', 'deal_id']).where('id', '=', proposalId).executeTakeFirst();
  if (!p) throw new AppError('validation', 'e.notFound', { entity: 'proposal', id: proposalId }, [{ path: 'proposalId', key: 'e.notFound', params: { entity: 'proposal', id: proposalId } }]);
  const accepted = await ctx.db.selectFrom('proposal_version').select('monthly_total').where('proposal_id', '=', proposalId).where('status', '=', 'accepted')
    .orderBy('version', 'desc').executeTakeFirst();
  if (p.company_id !== deal.companyId || !accepted) {
    throw new AppError('rule', 'e.crm.proposalNotAccepted', { number: p.number }, [{ path: 'proposalId', key: 'e.crm.proposalNotAccepted', params: { number: p.number } }]);
  }
  if (p.deal_id && p.deal_id !== deal.id) throw new AppError('rule', 'e.sales.proposalOfOtherDeal', { number: p.number }, [{ path: 'proposalId', key: 'e.sales.proposalOfOtherDeal', params: { number: p.number } }]);
  const other = await ctx.db.selectFrom('deal').select('id').where('proposal_id', '=', proposalId).where('outcome', '=', 'won').where('id', '<>', deal.id).executeTakeFirst();
  if (other) throw new AppError('conflict', 'e.sales.proposalAlreadyWon', { number: p.number }, [{ path: 'proposalId', key: 'e.sales.proposalAlreadyWon', params: { number: p.number } }]);
  return accepted.monthly_total;
}

/**
 * The client accepted a proposal of a deal: the deal is won by it, with its monthly total as revenue.
 * Runs inside the acceptance's transaction; a deal already closed is left as it is (the manager sees both).
 */
export async function winDealByProposal(tx: Ctx, proposalId: string): Promise<Deal | null> {
  const p = await tx.db.selectFrom('proposal').select(['deal_id']).where('id', '=', proposalId).executeTakeFirstOrThrow();
  if (!p.deal_id) return null;
  await ensureCrmDefaults(tx.db);
  const before = await findDeal(tx.db, p.deal_id, true);
  if (!before || before.outcome !== 'open') return null;
  const revenue = await winningRevenue(tx, proposalId, before);
  const won = await tx.db.selectFrom('crm_stage').selectAll().where('outcome', '=', 'won').executeTakeFirstOrThrow();
  const now = tx.now();
  const row = await tx.db.updateTable('deal').set({
    stage: won.code, probability: won.probability, proposal_id: proposalId, expected_monthly_revenue: revenue, closed_at: now,
    next_step: null, next_step_due: null, blocked_reason: null, stage_changed_at: now, status_updated_at: now, updated_at: now,
    version: sql<number>`version + 1`,
  }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
  await tx.db.insertInto('deal_stage_change').values({ deal_id: before.id, from_stage: before.stage, from_entered_at: before.stageChangedAt, to_stage: won.code, at: now, actor_id: tx.actor.id }).execute();
  const deal = dealFromRow(row);
  await writeAudit(tx, { entityType: 'deal', entityId: deal.id, scopeId: deal.companyId, action: `stage:${won.code}`, before, after: { ...deal, wonBy: proposalId } });
  return deal;
}

/** The deal card's sales side: its proposals (current version, status, totals) and feasibility requests. */
export async function dealSales(ctx: Ctx, dealId: string) {
  requirePermission(ctx, 'crm.read');
  const deal = await findDeal(ctx.db, dealId);
  if (!deal) throw new AppError('not_found', 'e.notFound', { entity: 'deal', id: dealId });
  const [proposals, requests] = await Promise.all([
    ctx.db.selectFrom('proposal as p')
      .innerJoin('proposal_version as v', (j) => j.onRef('v.proposal_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
      .select(['p.id', 'p.number', 'p.title', 'v.version', 'v.status', 'v.service_date', 'v.valid_until', 'v.monthly_total', 'v.gross_total', 'v.sent_at', 'v.decided_at'])
      .where('p.deal_id', '=', dealId).orderBy('p.created_at', 'desc').execute(),
    ctx.db.selectFrom('feas_request').select(['id', 'service_kind', 'quantity', 'status', 'desired_on', 'created_at']).where('deal_id', '=', dealId).orderBy('created_at', 'desc').execute(),
  ]);
  return {
    dealId, wonBy: deal.outcome === 'won' ? deal.proposalId : null,
    proposals: proposals.map((r) => ({
      id: r.id, number: r.number, title: r.title, version: r.version, status: r.status, serviceDate: r.service_date, validUntil: r.valid_until,
      monthlyTotal: r.monthly_total, grossTotal: r.gross_total, sentAt: r.sent_at, decidedAt: r.decided_at,
    })),
    feasibilityRequests: requests.map((r) => ({ id: r.id, serviceKind: r.service_kind, quantity: r.quantity, status: r.status, desiredOn: r.desired_on, createdAt: r.created_at })),
  };
}

/** Links an existing proposal to a deal of the same client (or unlinks it with null); an accepted one that won a deal stays put. */
export async function linkProposalToDeal(ctx: Ctx, proposalId: string, dealId: string | null) {
  requirePermission(ctx, 'proposal.write');
  return inTransaction(ctx, async (tx) => {
    const p = await tx.db.selectFrom('proposal').select(['id', 'number', 'company_id', 'deal_id']).where('id', '=', proposalId).forUpdate().executeTakeFirst();
    if (!p) throw new AppError('not_found', 'e.notFound', { entity: 'proposal', id: proposalId });
    const won = await tx.db.selectFrom('deal').select('id').where('proposal_id', '=', proposalId).where('outcome', '=', 'won').executeTakeFirst();
    if (won && won.id !== dealId) throw new AppError('rule', 'e.sales.proposalAlreadyWon', { number: p.number });
    await assertDealOfClient(tx, dealId, p.company_id);
    await tx.db.updateTable('proposal').set({ deal_id: dealId }).where('id', '=', proposalId).execute();
    await writeAudit(tx, { entityType: 'proposal', entityId: proposalId, scopeId: p.company_id, action: 'link.deal', before: { dealId: p.deal_id }, after: { dealId } });
    return { proposalId, dealId };
  }).catch((e: unknown) => { throw dealClientError(e, dealId); });
}
