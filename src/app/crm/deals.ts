import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { DealCreateSchema, DealPatchSchema, kopecksOf, StageMoveSchema } from '../../domain/crm/crm.schemas.ts';
import { activityFromRow, dealFromRow, ensureCrmDefaults, findDeal, findStage, taskFromRow, type Activity, type Deal } from '../../db/queries/crm.ts';
import { findCompany } from '../../db/queries/parties.ts';
import { can } from '../../domain/parties/permissions.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, requireOwnership, type Ctx } from '../context.ts';
import { dealClientError, winningRevenue } from '../sales/deal-links.ts';
import { runPage } from '../../db/queries/list.ts';
import { containsPattern, type ListQuery, type Page } from '../../domain/lists/list-query.ts';

/** The first active open stage: where new leads land. */
async function firstStage(ctx: Ctx) {
  const s = await ctx.db.selectFrom('crm_stage').selectAll().where('outcome', '=', 'open').where('active', '=', true)
    .orderBy('position').executeTakeFirst();
  if (!s) throw new AppError('rule', 'e.crm.unknownStage', { stage: '—' });
  return s;
}

async function assertActiveUser(ctx: Ctx, id: string): Promise<void> {
  const u = await ctx.db.selectFrom('app_user').select('active').where('id', '=', id).executeTakeFirst();
  if (!u?.active) throw new AppError('validation', 'e.crm.inactiveUser', { id }, [{ path: 'ownerId', key: 'e.crm.inactiveUser', params: { id } }]);
}

export async function assertContactOfCompany(ctx: Ctx, companyId: string, contactId: string | null, path = 'contactId'): Promise<void> {
  if (!contactId) return;
  const c = await ctx.db.selectFrom('contact').select('company_id').where('id', '=', contactId).executeTakeFirst();
  if (c?.company_id !== companyId) {
    throw new AppError('validation', 'e.crm.contactNotOfCompany', { contactId }, [{ path, key: 'e.crm.contactNotOfCompany', params: { contactId } }]);
  }
}

async function assertPartner(ctx: Ctx, partnerId: string | null): Promise<void> {
  if (!partnerId) return;
  const p = await findCompany(ctx.db, partnerId);
  if (!p) throw new AppError('not_found', 'e.notFound', { entity: 'company', id: partnerId });
  if (!p.roles.includes('partner')) throw new AppError('validation', 'e.crm.notPartner', { name: p.name }, [{ path: 'partnerId', key: 'e.crm.notPartner', params: { name: p.name } }]);
}

/** Registers a lead (a deal in the first stage) with its source, owner, company and service interest. */
export async function createDeal(ctx: Ctx, input: unknown): Promise<Deal> {
  requirePermission(ctx, 'crm.write');
  const data = parseInput(DealCreateSchema, input);
  const ownerId = data.ownerId ?? ctx.actor.id;
  if (!ownerId) throw new AppError('validation', 'e.validation', {}, [{ path: 'ownerId', key: 'v.required' }]);
  await ensureCrmDefaults(ctx.db);
  return inTransaction(ctx, async (tx) => {
    const company = await findCompany(tx.db, data.companyId);
    if (!company) throw new AppError('not_found', 'e.notFound', { entity: 'company', id: data.companyId });
    await assertActiveUser(tx, ownerId);
    await assertContactOfCompany(tx, data.companyId, data.contactId);
    await assertPartner(tx, data.partnerId);
    const stage = data.stage ? await findStage(tx.db, data.stage) : await firstStage(tx);
    if (!stage) throw new AppError('validation', 'e.crm.unknownStage', { stage: data.stage ?? '' }, [{ path: 'stage', key: 'e.crm.unknownStage', params: { stage: data.stage ?? '' } }]);
    if (stage.outcome !== 'open') throw new AppError('rule', 'e.crm.createClosed', { stage: stage.name_ru, stageEn: stage.name_en });
    const now = tx.now();
    const row = await tx.db.insertInto('deal').values({
      id: newId('dl'), title: data.title, source: data.source,
      utm_source: data.utmSource, utm_medium: data.utmMedium, utm_campaign: data.utmCampaign, utm_content: data.utmContent, utm_term: data.utmTerm,
      partner_id: data.partnerId, owner_id: ownerId, company_id: data.companyId, contact_id: data.contactId,
      service_kind: data.serviceKind, site_id: data.siteId, parameters: data.parameters,
      expected_monthly_revenue: data.expectedMonthlyRevenue ? kopecksOf(data.expectedMonthlyRevenue) : 0n, stage: stage.code, probability: data.probability ?? stage.probability,
      next_step: data.nextStep, next_step_due: data.nextStepDue,
      stage_changed_at: now, status_updated_at: now, created_at: now, updated_at: now,
    }).returningAll().executeTakeFirstOrThrow();
    await tx.db.insertInto('deal_stage_change').values({ deal_id: row.id, from_stage: null, from_entered_at: null, to_stage: stage.code, at: now, actor_id: tx.actor.id }).execute();
    const deal = dealFromRow(row);
    await writeAudit(tx, { entityType: 'deal', entityId: deal.id, scopeId: deal.companyId, action: 'create', after: deal });
    return deal;
  });
}

/** Changes a deal's details, next step or blocker; every change counts as today's status update. */
export async function updateDeal(ctx: Ctx, id: string, input: unknown): Promise<Deal> {
  requirePermission(ctx, 'crm.write');
  const data = parseInput(DealPatchSchema, input);
  return inTransaction(ctx, async (tx) => {
    const before = await findDeal(tx.db, id, true);
    if (!before) throw new AppError('not_found', 'e.notFound', { entity: 'deal', id });
    requireOwnership(tx, before.ownerId);
    if (data.version !== undefined && data.version !== before.version) throw new AppError('conflict', 'e.staleVersion');
    if (data.ownerId && data.ownerId !== before.ownerId) {
      // Handing a deal to someone else is the team lead's call (management), not the manager's.
      if (!can(tx.actor.role, 'crm.team')) throw new AppError('forbidden', 'e.crm.reassignTeamOnly', {}, [{ path: 'ownerId', key: 'e.crm.reassignTeamOnly' }]);
      await assertActiveUser(tx, data.ownerId);
    }
    if (data.contactId !== undefined) await assertContactOfCompany(tx, before.companyId, data.contactId);
    if (data.partnerId !== undefined) await assertPartner(tx, data.partnerId);
    const now = tx.now();
    const row = await tx.db.updateTable('deal').set({
      ...(data.title !== undefined ? { title: data.title } : {}),
      ...(data.ownerId !== undefined ? { owner_id: data.ownerId } : {}),
      ...(data.contactId !== undefined ? { contact_id: data.contactId } : {}),
      ...(data.partnerId !== undefined ? { partner_id: data.partnerId } : {}),
      ...(data.serviceKind !== undefined ? { service_kind: data.serviceKind } : {}),
      ...(data.siteId !== undefined ? { site_id: data.siteId } : {}),
      ...(data.parameters !== undefined ? { parameters: data.parameters } : {}),
      ...(data.expectedMonthlyRevenue !== undefined ? { expected_monthly_revenue: kopecksOf(data.expectedMonthlyRevenue) } : {}),
      ...(data.probability !== undefined ? { probability: data.probability } : {}),
      ...(data.nextStep !== undefined ? { next_step: data.nextStep } : {}),
      ...(data.nextStepDue !== undefined ? { next_step_due: data.nextStepDue } : {}),
      ...(data.blockedReason !== undefined ? { blocked_reason: data.blockedReason } : {}),
      status_updated_at: now, updated_at: now, version: sql<number>`version + 1`,
    }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    const deal = dealFromRow(row);
    await writeAudit(tx, { entityType: 'deal', entityId: id, scopeId: deal.companyId, action: 'update', before, after: deal });
    return deal;
  });
}

/**
 * Moves a deal to another stage. Lost needs a refusal reason from the managed list and a comment;
 * won needs the accepted proposal of this client that won it, whose monthly total becomes the revenue
 * (the database refuses any other «won»). Closed deals do not move.
 */
export async function moveDealStage(ctx: Ctx, id: string, input: unknown): Promise<Deal> {
  requirePermission(ctx, 'crm.write');
  const data = parseInput(StageMoveSchema, input);
  await ensureCrmDefaults(ctx.db);
  // The database has the last word (won guard, one win per proposal); its refusals read like the app's.
  return inTransaction(ctx, async (tx) => {
    const before = await findDeal(tx.db, id, true);
    if (!before) throw new AppError('not_found', 'e.notFound', { entity: 'deal', id });
    requireOwnership(tx, before.ownerId);
    const stage = await findStage(tx.db, data.stage);
    if (!stage) throw new AppError('validation', 'e.crm.unknownStage', { stage: data.stage }, [{ path: 'stage', key: 'e.crm.unknownStage', params: { stage: data.stage } }]);
    if (!stage.active) throw new AppError('rule', 'e.crm.stageInactive', { stage: stage.name_ru });
    if (before.outcome !== 'open') {
      const closedIn = await findStage(tx.db, before.stage);
      throw new AppError('rule', 'e.crm.closed', { stage: closedIn?.name_ru ?? before.stage, stageEn: closedIn?.name_en ?? before.stage });
    }
    if (stage.outcome === 'lost') {
      const errs = [];
      if (!data.lostReason) errs.push({ path: 'lostReason', key: 'v.required' });
      if (!data.lostComment) errs.push({ path: 'lostComment', key: 'v.required' });
      if (errs.length) throw new AppError('rule', 'e.crm.lostReasonRequired', {}, errs);
      const reason = await tx.db.selectFrom('refusal_reason').selectAll().where('code', '=', data.lostReason!).executeTakeFirst();
      if (!reason?.active) {
        throw new AppError('validation', 'e.crm.unknownReason', { reason: data.lostReason! }, [{ path: 'lostReason', key: 'e.crm.unknownReason', params: { reason: data.lostReason! } }]);
      }
    } else if (data.lostReason || data.lostComment) {
      throw new AppError('validation', 'e.crm.lostFieldsOnlyWhenLost', {}, [{ path: 'lostReason', key: 'e.crm.lostFieldsOnlyWhenLost' }]);
    }
    const wonRevenue = stage.outcome === 'won' ? await winningRevenue(tx, data.proposalId, before) : null;
    const now = tx.now();
    const closing = stage.outcome !== 'open';
    const row = await tx.db.updateTable('deal').set({
      stage: stage.code, probability: stage.probability,
      lost_reason: stage.outcome === 'lost' ? data.lostReason : null,
      lost_comment: stage.outcome === 'lost' ? data.lostComment : null,
      proposal_id: stage.outcome === 'won' ? data.proposalId : before.proposalId,
      ...(wonRevenue !== null ? { expected_monthly_revenue: wonRevenue } : {}),
      closed_at: closing ? now : null,
      ...(closing ? { next_step: null, next_step_due: null, blocked_reason: null }
        : data.nextStep ? { next_step: data.nextStep, next_step_due: data.nextStepDue } : {}),
      stage_changed_at: before.stage === stage.code ? before.stageChangedAt : now,
      status_updated_at: now, updated_at: now, version: sql<number>`version + 1`,
    }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    if (before.stage !== stage.code) {
      await tx.db.insertInto('deal_stage_change').values({ deal_id: id, from_stage: before.stage, from_entered_at: before.stageChangedAt, to_stage: stage.code, at: now, actor_id: tx.actor.id }).execute();
    }
    const deal = dealFromRow(row);
    await writeAudit(tx, { entityType: 'deal', entityId: id, scopeId: deal.companyId, action: `stage:${stage.code}`, before, after: deal });
    return deal;
  }).catch((e: unknown) => { throw dealClientError(e, id); });
}

export interface DealListItem extends Deal {
  companyName: string;
  ownerName: string;
  lastActivityAt: Date | null;
}

export interface DealFilter extends ListQuery { ownerId?: string; outcome?: 'open' | 'won' | 'lost' | 'all' | 'board'; stage?: string; companyId?: string }

function dealsQuery(ctx: Ctx, filter: DealFilter) {
  let q = ctx.db.selectFrom('deal as d').innerJoin('company as c', 'c.id', 'd.company_id').innerJoin('app_user as u', 'u.id', 'd.owner_id');
  const outcome = filter.outcome ?? 'open';
  // The board: open deals plus those closed in the last 30 days, so a just-lost deal stays in sight.
  if (outcome === 'board') q = q.where((eb) => eb.or([eb('d.outcome', '=', 'open'), eb('d.closed_at', '>=', new Date(ctx.now().getTime() - 30 * 86_400_000))]));
  else if (outcome !== 'all') q = q.where('d.outcome', '=', outcome);
  if (filter.ownerId) q = q.where('d.owner_id', '=', filter.ownerId);
  if (filter.stage) q = q.where('d.stage', '=', filter.stage);
  if (filter.companyId) q = q.where('d.company_id', '=', filter.companyId);
  const term = filter.q?.trim();
  if (term) {
    const like = containsPattern(term);
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['d.title']), 'like', like), eb(eb.fn('lower', ['c.name']), 'like', like), eb(sql<string>`lower(coalesce(d.next_step, ''))`, 'like', like)]));
  }
  return q;
}

const withDealColumns = (q: ReturnType<typeof dealsQuery>) => q.selectAll('d').select(['c.name as company_name', 'u.full_name as owner_name'])
  .select((eb) => eb.selectFrom('activity as a').whereRef('a.deal_id', '=', 'd.id').select((e) => e.fn.max('a.at').as('m')).as('last_activity_at'));

const dealListItem = (r: Awaited<ReturnType<ReturnType<typeof withDealColumns>['execute']>>[number]): DealListItem =>
  ({ ...dealFromRow(r), companyName: r.company_name, ownerName: r.owner_name, lastActivityAt: (r.last_activity_at as Date | null) ?? null });

/** Deals of a company or an owner, newest change first (all of them unless `limit` is given). */
export async function listDeals(ctx: Ctx, filter: DealFilter = {}): Promise<DealListItem[]> {
  requirePermission(ctx, 'crm.read');
  const rows = await withDealColumns(dealsQuery(ctx, filter)).orderBy('d.updated_at', 'desc').orderBy('d.id')
    .$if(filter.limit !== undefined, (b) => b.limit(filter.limit!)).execute();
  return rows.map(dealListItem);
}

const dealSorts = {
  columns: {
    title: sql`lower(d.title)`, company: sql`lower(c.name)`, stage: sql`(SELECT s.position FROM crm_stage s WHERE s.code = d.stage)`,
    revenue: 'd.expected_monthly_revenue', nextStepDue: 'd.next_step_due', owner: sql`lower(u.full_name)`, updatedAt: 'd.updated_at',
  },
  default: '-revenue', tieBreaker: 'd.id',
};

/** Per stage: how many deals the filter leaves and their expected monthly revenue. */
export interface StageSum { stage: string; count: number; revenue: bigint }

/**
 * The deal list beside the board (and the board itself): search by title, company or next step; filters by
 * owner, stage, outcome, company; sorted and paged on the server, with the count and revenue per stage of
 * everything the filters match (not just the page).
 */
export async function pageDeals(ctx: Ctx, filter: DealFilter): Promise<Page<DealListItem> & { stages: StageSum[] }> {
  requirePermission(ctx, 'crm.read');
  const [page, sums] = await Promise.all([
    runPage(withDealColumns(dealsQuery(ctx, filter)), filter, dealSorts, dealListItem),
    dealsQuery(ctx, filter).select(['d.stage', sql<string>`count(*)`.as('n'), sql<bigint>`coalesce(sum(d.expected_monthly_revenue), 0)::int8`.as('revenue')]).groupBy('d.stage').execute(),
  ]);
  return { ...page, stages: sums.map((s) => ({ stage: s.stage, count: Number(s.n), revenue: BigInt(s.revenue) })) };
}

export type TimelineEntry =
  | { type: 'activity'; at: Date; activity: Activity; ownerName: string | null; contactName: string | null }
  | { type: 'stage'; at: Date; fromStage: string | null; toStage: string; actorName: string | null };

/** One deal with its company, contact, and timeline (activities, e-mails, stage changes, tasks), newest first. */
export async function getDeal(ctx: Ctx, id: string) {
  requirePermission(ctx, 'crm.read');
  const deal = await findDeal(ctx.db, id);
  if (!deal) throw new AppError('not_found', 'e.notFound', { entity: 'deal', id });
  const [company, contact, owner, acts, stages, tasks] = await Promise.all([
    ctx.db.selectFrom('company').select(['id', 'name', 'roles']).where('id', '=', deal.companyId).executeTakeFirstOrThrow(),
    deal.contactId ? ctx.db.selectFrom('contact').select(['id', 'full_name', 'emails', 'phones']).where('id', '=', deal.contactId).executeTakeFirst() : undefined,
    ctx.db.selectFrom('app_user').select(['id', 'full_name']).where('id', '=', deal.ownerId).executeTakeFirst(),
    ctx.db.selectFrom('activity as a').leftJoin('app_user as u', 'u.id', 'a.owner_id').leftJoin('contact as c', 'c.id', 'a.contact_id')
      .selectAll('a').select(['u.full_name as owner_name', 'c.full_name as contact_name']).where('a.deal_id', '=', id).orderBy('a.at', 'desc').limit(500).execute(),
    ctx.db.selectFrom('deal_stage_change as s').leftJoin('app_user as u', 'u.id', 's.actor_id').select(['s.from_stage', 's.to_stage', 's.at', 'u.full_name'])
      .where('s.deal_id', '=', id).orderBy('s.at', 'desc').orderBy('s.id', 'desc').execute(),
    ctx.db.selectFrom('task').selectAll().where('deal_id', '=', id).orderBy('due_date').execute(),
  ]);
  const timeline: TimelineEntry[] = [
    ...acts.map((a) => ({ type: 'activity' as const, at: a.at, activity: activityFromRow(a), ownerName: a.owner_name, contactName: a.contact_name })),
    ...stages.map((s) => ({ type: 'stage' as const, at: s.at, fromStage: s.from_stage, toStage: s.to_stage, actorName: s.full_name })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  return {
    deal, company: { id: company.id, name: company.name },
    contact: contact ? { id: contact.id, fullName: contact.full_name, emails: contact.emails, phones: contact.phones } : null,
    ownerName: owner?.full_name ?? null, timeline, tasks: tasks.map(taskFromRow),
  };
}
