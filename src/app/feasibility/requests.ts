import { sql, type Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import { dateInZone, endOfDayIn } from '../../domain/dates.ts';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { translate } from '../../domain/messages.ts';
import type { ServiceKind } from '../../domain/catalog/service-kinds.ts';
import { checkAskedParams } from '../../domain/catalog/service-params.ts';
import { FeasibilityAnswerSchema, FeasibilityRequestSchema } from '../../domain/feasibility/feasibility.schemas.ts';
import type { Outcome, Priority, RequestStatus } from '../../domain/feasibility/feasibility.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx } from '../context.ts';
import { allocationFromRow, holdNextIps, holdResource, type Allocation } from '../inventory/allocations.ts';
import { dealClientError } from '../sales/deal-links.ts';
import { runPage } from '../../db/queries/list.ts';
import { containsPattern, type ListQuery, type Page } from '../../domain/lists/list-query.ts';

export interface FeasibilityAnswer {
  id: string;
  requestId: string;
  outcome: Outcome;
  limits: string | null;
  leadDays: number | null;
  validUntil: string;
  params: Record<string, unknown>;
  quantity: number;
  answeredBy: string | null;
  answeredAt: Date;
}

export interface FeasibilityRequest {
  id: string;
  companyId: string;
  companyName?: string;
  /** Who asked (the manager's full name). */
  requesterName?: string | null;
  siteId: string | null;
  address: string | null;
  serviceKind: ServiceKind;
  params: Record<string, unknown>;
  quantity: number;
  desiredOn: string | null;
  priority: Priority;
  probability: string | null;
  status: RequestStatus;
  comment: string | null;
  createdBy: string | null;
  createdAt: Date;
  dealId: string | null;
  answer: FeasibilityAnswer | null;
}

export const answerFromRow = (r: Selectable<DB['feas_answer']>): FeasibilityAnswer => ({
  id: r.id, requestId: r.request_id, outcome: r.outcome as Outcome, limits: r.limits, leadDays: r.lead_days, validUntil: r.valid_until,
  params: (r.params ?? {}) as Record<string, unknown>, quantity: r.quantity, answeredBy: r.answered_by, answeredAt: r.answered_at,
});

const requestFromRow = (r: Selectable<DB['feas_request']> & { company_name?: string; requester_name?: string | null }, answer: FeasibilityAnswer | null): FeasibilityRequest => ({
  id: r.id, companyId: r.company_id, ...(r.company_name ? { companyName: r.company_name } : {}), ...(r.requester_name !== undefined ? { requesterName: r.requester_name } : {}), siteId: r.site_id, address: r.address,
  serviceKind: r.service_kind as ServiceKind, params: (r.params ?? {}) as Record<string, unknown>, quantity: r.quantity, desiredOn: r.desired_on,
  priority: r.priority, probability: r.probability, status: r.status, comment: r.comment, createdBy: r.created_by,
  createdAt: r.created_at, dealId: r.deal_id, answer,
});

/** Newest answer of each request. */
async function latestAnswers(ctx: Ctx, ids: string[]): Promise<Map<string, FeasibilityAnswer>> {
  if (!ids.length) return new Map();
  const rows = await ctx.db.selectFrom('feas_answer').selectAll().where('request_id', 'in', ids).orderBy('answered_at').orderBy('id').execute();
  return new Map(rows.map((r) => [r.request_id, answerFromRow(r)]));
}

/** A manager asks the tech department: can we give this client this, there, by then? */
export async function createFeasibilityRequest(ctx: Ctx, input: unknown): Promise<FeasibilityRequest> {
  requirePermission(ctx, 'feasibility.request');
  const d = parseInput(FeasibilityRequestSchema, input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const row = await tx.db.insertInto('feas_request').values({
        id: newId('fr'), company_id: d.companyId, site_id: d.siteId, address: d.address, service_kind: d.serviceKind, params: JSON.stringify(d.params),
        quantity: d.quantity, desired_on: d.desiredOn, priority: d.priority, probability: d.probability === null ? null : String(d.probability),
        comment: d.comment, created_by: tx.actor.id, updated_at: tx.now(), deal_id: d.dealId,
      }).returningAll().executeTakeFirstOrThrow();
      const req = requestFromRow(row, null);
      await writeAudit(tx, { entityType: 'feasibility_request', entityId: req.id, scopeId: req.companyId, action: 'create', after: req });
      return req;
    });
  } catch (e) {
    if (sqlStateOf(e) === '23503') throw new AppError('not_found', 'e.inv.referenced', { entity: 'company/site/deal', ref: d.siteId ?? d.dealId ?? d.companyId });
    throw dealClientError(e, d.dealId);
  }
}

export interface FeasibilityFilter extends ListQuery { status?: string; mine?: boolean; companyId?: string; dealId?: string }

function requestsQuery(ctx: Ctx, f: FeasibilityFilter) {
  let q = ctx.db.selectFrom('feas_request as r').innerJoin('company as c', 'c.id', 'r.company_id').leftJoin('app_user as u', 'u.id', 'r.created_by')
    .selectAll('r').select(['c.name as company_name', 'u.full_name as requester_name']);
  if (f.status === 'all') { /* every status */ } else if (f.status) q = q.where('r.status', '=', f.status as RequestStatus);
  if (f.mine) q = q.where('r.created_by', '=', ctx.actor.id ?? '');
  if (f.companyId) q = q.where('r.company_id', '=', f.companyId);
  if (f.dealId) q = q.where('r.deal_id', '=', f.dealId);
  const term = f.q?.trim();
  if (term) {
    const like = containsPattern(term);
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['c.name']), 'like', like), eb(sql<string>`lower(coalesce(r.address, ''))`, 'like', like), eb(sql<string>`lower(coalesce(r.comment, ''))`, 'like', like)]));
  }
  return q;
}

/** The queue's order: open first, then by priority, then the oldest. */
const queueOrder = sql`(CASE WHEN r.status = 'open' THEN 0 ELSE 1 END, CASE r.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, r.created_at)`;

/** The tech queue (open first, by priority and age) or a manager's own requests (`mine`, newest first); all of them. */
export async function listFeasibilityRequests(ctx: Ctx, f: FeasibilityFilter = {}): Promise<FeasibilityRequest[]> {
  requirePermission(ctx, 'inventory.read');
  const rows = await requestsQuery(ctx, f).orderBy(f.mine ? sql`r.created_at DESC` : queueOrder).orderBy('r.id')
    .$if(f.limit !== undefined, (b) => b.limit(f.limit!)).execute();
  const answers = await latestAnswers(ctx, rows.map((r) => r.id));
  return rows.map((r) => requestFromRow(r, answers.get(r.id) ?? null));
}

const requestSorts = {
  columns: { queue: queueOrder, createdAt: 'r.created_at', company: sql`lower(c.name)`, desiredOn: 'r.desired_on', priority: sql`CASE r.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`, status: 'r.status', kind: 'r.service_kind' },
  default: 'queue', tieBreaker: 'r.id',
};

/** The requests list: the queue order by default (a manager's own: newest first), any column, filters and search, paged on the server. */
export async function pageFeasibilityRequests(ctx: Ctx, f: FeasibilityFilter): Promise<Page<FeasibilityRequest>> {
  requirePermission(ctx, 'inventory.read');
  const page = await runPage(requestsQuery(ctx, f), { ...f, sort: f.sort ?? (f.mine ? '-createdAt' : 'queue') }, requestSorts, (r) => r);
  const answers = await latestAnswers(ctx, page.items.map((r) => r.id));
  return { ...page, items: page.items.map((r) => requestFromRow(r, answers.get(r.id) ?? null)) };
}

/** One request with its newest answer and the holds placed by it. */
export async function getFeasibilityRequest(ctx: Ctx, id: string): Promise<FeasibilityRequest & { answers: FeasibilityAnswer[]; holds: Allocation[] }> {
  requirePermission(ctx, 'inventory.read');
  const row = await ctx.db.selectFrom('feas_request as r').innerJoin('company as c', 'c.id', 'r.company_id').leftJoin('app_user as u', 'u.id', 'r.created_by')
    .selectAll('r').select(['c.name as company_name', 'u.full_name as requester_name']).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'e.inv.notFound', { entity: 'feasibility_request', id });
  const answers = (await ctx.db.selectFrom('feas_answer').selectAll().where('request_id', '=', id).orderBy('answered_at').orderBy('id').execute()).map(answerFromRow);
  const holds = answers.length
    ? (await ctx.db.selectFrom('inv_allocation').selectAll().where('answer_id', 'in', answers.map((a) => a.id)).orderBy('created_at').execute()).map(allocationFromRow)
    : [];
  return { ...requestFromRow(row, answers.at(-1) ?? null), answers, holds };
}

/**
 * The tech department answers: feasible / conditional / not feasible, limits, lead time in working days,
 * validity, and optionally holds on resources for the client until the answer's validity ends. The
 * requesting manager is e-mailed when mail is configured.
 */
export async function answerFeasibilityRequest(ctx: Ctx, requestId: string, input: unknown): Promise<FeasibilityRequest & { answers: FeasibilityAnswer[]; holds: Allocation[] }> {
  requirePermission(ctx, 'feasibility.answer');
  const d = parseInput(FeasibilityAnswerSchema, input);
  const today = dateInZone(ctx.now(), ctx.timeZone);
  if (d.validUntil < today) throw new AppError('validation', 'e.validation', {}, [{ path: 'validUntil', key: 'v.invalid' }]);
  const result = await inTransaction(ctx, async (tx) => {
    const req = await tx.db.selectFrom('feas_request').selectAll().where('id', '=', requestId).forUpdate().executeTakeFirst();
    if (!req) throw new AppError('not_found', 'e.inv.notFound', { entity: 'feasibility_request', id: requestId });
    if (req.status === 'cancelled' || req.status === 'closed') throw new AppError('rule', 'e.feas.closed');
    if (d.params) {
      const p = checkAskedParams(req.service_kind as ServiceKind, d.params);
      if (!p.success) throw new AppError('validation', 'e.validation', {}, p.error.issues.map((i) => ({ path: ['params', ...i.path.map(String), ...(i.code === 'unrecognized_keys' ? i.keys : [])].join('.'), key: i.code === 'unrecognized_keys' ? 'v.feas.unknownParam' : i.message })));
    }
    const row = await tx.db.insertInto('feas_answer').values({
      id: newId('fa'), request_id: requestId, outcome: d.outcome, limits: d.limits, lead_days: d.leadDays, valid_until: d.validUntil,
      params: JSON.stringify(d.params ?? req.params ?? {}), quantity: d.quantity ?? (d.outcome === 'not_feasible' ? 0 : req.quantity), answered_by: tx.actor.id,
    }).returningAll().executeTakeFirstOrThrow();
    const answer = answerFromRow(row);
    await tx.db.updateTable('feas_request').set({ status: 'answered', updated_at: tx.now() }).where('id', '=', requestId).execute();
    await writeAudit(tx, { entityType: 'feasibility_request', entityId: requestId, scopeId: req.company_id, action: 'answer', after: answer });
    // A hold lasts to the end of the answer's last valid day in the business time zone.
    const heldUntil = endOfDayIn(d.validUntil, tx.timeZone);
    for (const target of d.holds) await holdResource(tx, { target, companyId: req.company_id, heldUntil, answerId: answer.id });
    for (const h of d.ipHolds) await holdNextIps(tx, h, { companyId: req.company_id, heldUntil, answerId: answer.id });
    return req;
  });
  const full = await getFeasibilityRequest(ctx, requestId);
  await notifyRequester(ctx, result.created_by, full);
  return full;
}

async function notifyRequester(ctx: Ctx, userId: string | null, req: FeasibilityRequest): Promise<void> {
  if (!ctx.services.mailer || !userId || !req.answer) return;
  const user = await ctx.db.selectFrom('app_user').select(['email', 'locale']).where('id', '=', userId).executeTakeFirst();
  if (!user) return;
  const loc = user.locale === 'en' ? 'en' : 'ru';
  const params = {
    company: req.companyName ?? req.companyId, outcome: translate(loc, `feas.outcome.${req.answer.outcome}`), id: req.id, kind: req.serviceKind,
    lead: req.answer.leadDays ?? '—', validUntil: req.answer.validUntil, limits: req.answer.limits ?? '—',
  };
  try {
    await ctx.services.mailer.send({ to: user.email, subject: translate(loc, 'mail.feas.subject', params), text: translate(loc, 'mail.feas.body', params) });
  } catch {
    // The answer is recorded either way; the manager still sees it in "my requests".
  }
}

/** The requesting manager withdraws a request (the client lost interest). */
export async function cancelFeasibilityRequest(ctx: Ctx, id: string): Promise<FeasibilityRequest> {
  requirePermission(ctx, 'feasibility.request');
  return inTransaction(ctx, async (tx) => {
    const row = await tx.db.updateTable('feas_request').set({ status: 'cancelled', updated_at: tx.now() })
      .where('id', '=', id).where('status', 'in', ['open', 'answered']).returningAll().executeTakeFirst();
    if (!row) throw new AppError('rule', 'e.feas.closed');
    await writeAudit(tx, { entityType: 'feasibility_request', entityId: id, scopeId: row.company_id, action: 'cancel', after: { status: 'cancelled' } });
    return requestFromRow(row, null);
  });
}
