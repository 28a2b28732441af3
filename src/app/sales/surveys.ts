import { sql } from 'kysely';
import { addDays } from '../../domain/billing/billing.ts';
import { dateInZone, formatDate } from '../../domain/dates.ts';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { translate } from '../../domain/messages.ts';
import { isLowScore, SurveyAnswerSchema } from '../../domain/sales/sales.schemas.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, systemActor, type Ctx } from '../context.ts';
import { findLink, getSalesSettings, issueLink, linkRefusal } from './links.ts';

/** Services started too long before the survey day are not asked (a first run would otherwise survey the whole base). */
const CATCH_UP_DAYS = 14;

/** Who speaks for the client (the contact of their latest won deal, else any contact with e-mail) and whose client it is. */
async function surveyTarget(ctx: Ctx, companyId: string) {
  const deal = await ctx.db.selectFrom('deal as d').leftJoin('contact as c', 'c.id', 'd.contact_id').select(['d.owner_id', 'c.id as contact_id', 'c.emails', 'c.full_name'])
    .where('d.company_id', '=', companyId).where('d.outcome', '=', 'won').orderBy('d.closed_at', 'desc').executeTakeFirst();
  let contact = deal?.contact_id && deal.emails?.length ? { id: deal.contact_id, email: deal.emails[0]!, name: deal.full_name! } : null;
  if (!contact) {
    const c = await ctx.db.selectFrom('contact').select(['id', 'emails', 'full_name']).where('company_id', '=', companyId).where(sql<boolean>`cardinality(emails) > 0`).orderBy('created_at').executeTakeFirst();
    if (c) contact = { id: c.id, email: c.emails[0]!, name: c.full_name };
  }
  const managerId = deal?.owner_id ?? (await ctx.db.selectFrom('app_user').select('id').where('active', '=', true).where('role', '=', 'management').orderBy('created_at').executeTakeFirst())?.id ?? null;
  return { contact, managerId };
}

/**
 * The satisfaction job: N days (setting) after a billing service started, its client's contact gets a
 * personal link to rate it. One survey per service, ever (unique); a failed e-mail leaves nothing behind
 * and is tried again next run; one refused address does not hold back the others. Returns what was sent
 * and the services whose e-mail failed (with the reason).
 */
export async function sendSurveys(ctx: Ctx, publicBase: string): Promise<{ sent: number; failed: { serviceId: string; error: string }[] }> {
  const mailer = ctx.services.mailer;
  const failed: { serviceId: string; error: string }[] = [];
  if (!mailer) return { sent: 0, failed };
  const settings = await getSalesSettings(ctx);
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const due = addDays(today, -settings.surveyAfterDays);
  const services = await ctx.db.selectFrom('billing_service as s').innerJoin('company as seller', 'seller.id', 's.seller_id')
    .leftJoin('satisfaction_survey as q', 'q.service_id', 's.id')
    .select(['s.id', 's.client_id', 's.title', 's.start_date', 'seller.name as seller']).where('q.id', 'is', null).where('s.status', 'in', ['active', 'closing'])
    .where('s.start_date', '<=', due).where('s.start_date', '>', addDays(due, -CATCH_UP_DAYS)).orderBy('s.start_date').limit(500).execute();
  let sent = 0;
  for (const s of services) {
    const sys: Ctx = { ...ctx, actor: { ...systemActor, name: 'satisfaction survey' } };
    const { contact, managerId } = await surveyTarget(sys, s.client_id);
    if (!contact) continue;
    await inTransaction(sys, async (tx) => {
      const id = newId('sq');
      // A concurrent run (another instance) took this service: nothing to do.
      const inserted = await tx.db.insertInto('satisfaction_survey').values({ id, service_id: s.id, company_id: s.client_id, contact_id: contact.id, manager_id: managerId, sent_at: tx.now(), score: null, comment: null, answered_at: null, task_id: null })
        .onConflict((oc) => oc.column('service_id').doNothing()).returning('id').executeTakeFirst();
      if (!inserted) return;
      const expiresAt = new Date(tx.now().getTime() + settings.linkValidDays * 86_400_000);
      const link = await issueLink(tx, { purpose: 'survey', surveyId: id, contactId: contact.id, email: contact.email, expiresAt });
      const params = { contact: contact.name, service: s.title, start: formatDate(s.start_date), url: `${publicBase.replace(/\/+$/, '')}/survey/${link.token}`, until: formatDate(expiresAt.toISOString().slice(0, 10)), seller: s.seller };
      // A question about a service the client uses is a service message, not advertising.
      await tx.db.insertInto('activity').values({
        id: newId('ac'), kind: 'email', direction: 'outbound', purpose: 'service', deal_id: null, company_id: s.client_id, contact_id: contact.id, owner_id: null, at: tx.now(),
        subject: translate('ru', 'sales.survey.subject', params), outcome: null, body: translate('ru', 'sales.survey.body', { ...params, url: '…' }), email_to: contact.email, email_message_id: null,
      }).execute();
      await mailer.send({ to: contact.email, subject: translate('ru', 'sales.survey.subject', params), text: translate('ru', 'sales.survey.body', params) });
      await writeAudit(tx, { entityType: 'satisfaction_survey', entityId: id, scopeId: s.client_id, action: 'send', after: { serviceId: s.id, contactId: contact.id, linkId: link.id } });
      sent++;
    }).catch((e: unknown) => { failed.push({ serviceId: s.id, error: e instanceof Error ? e.message : String(e) }); });
  }
  return { sent, failed };
}

/** What the public survey page shows for a token. */
export async function publicSurvey(ctx: Ctx, token: string) {
  const link = await findLink(ctx, token, 'survey');
  const refusal = linkRefusal(link, ctx.now());
  if (!link) return { state: 'unknown' as const, refusal, service: null, score: null };
  const s = await ctx.db.selectFrom('satisfaction_survey as q').innerJoin('billing_service as s', 's.id', 'q.service_id')
    .select(['s.title', 'q.score']).where('q.id', '=', link.survey_id!).executeTakeFirstOrThrow();
  const state = s.score !== null ? 'answered' as const : refusal ? 'expired' as const : 'open' as const;
  return { state, refusal, service: s.title, score: s.score };
}

/** The client's score (1–5) and comment; a score at or below the threshold becomes a task for the manager. */
export async function answerSurvey(ctx: Ctx, token: string, input: unknown) {
  const d = parseInput(SurveyAnswerSchema, input);
  const sys: Ctx = { ...ctx, actor: { ...systemActor, name: 'client (survey)' } };
  return inTransaction(sys, async (tx) => {
    const link = await findLink(tx, token, 'survey', true);
    const refusal = linkRefusal(link, tx.now());
    if (refusal) throw refusal;
    const q = await tx.db.selectFrom('satisfaction_survey as q').innerJoin('company as c', 'c.id', 'q.company_id').selectAll('q').select('c.name as company')
      .where('q.id', '=', link!.survey_id!).forUpdate().executeTakeFirstOrThrow();
    if (q.answered_at) throw new AppError('rule', 'e.sales.surveyAnswered');
    const { lowScoreThreshold } = await getSalesSettings(tx);
    let taskId: string | null = null;
    if (isLowScore(d.score, lowScoreThreshold) && q.manager_id) {
      taskId = newId('tk');
      await tx.db.insertInto('task').values({
        id: taskId, title: translate('ru', 'sales.survey.task', { company: q.company, score: d.score, comment: d.comment ?? '—' }).slice(0, 500), deal_id: null, company_id: q.company_id,
        assignee_id: q.manager_id, created_by: null, due_date: dateInZone(tx.now(), tx.timeZone), remind_at: tx.now(), reminded_at: null, done_at: null,
      }).execute();
    }
    await tx.db.updateTable('satisfaction_survey').set({ score: d.score, comment: d.comment, answered_at: tx.now(), task_id: taskId }).where('id', '=', q.id).execute();
    await tx.db.updateTable('public_link').set({ used_at: tx.now() }).where('id', '=', link!.id).execute();
    await writeAudit(tx, { entityType: 'satisfaction_survey', entityId: q.id, scopeId: q.company_id, action: 'answer', after: { score: d.score, comment: d.comment, taskId } });
    return { score: d.score, taskId };
  });
}

/** Surveys, newest first (of one client when given): service, contact, score, comment, the task a low score opened. */
export async function listSurveys(ctx: Ctx, f: { companyId?: string } = {}) {
  requirePermission(ctx, 'crm.read');
  let q = ctx.db.selectFrom('satisfaction_survey as q').innerJoin('billing_service as s', 's.id', 'q.service_id').innerJoin('company as c', 'c.id', 'q.company_id')
    .innerJoin('contact as ct', 'ct.id', 'q.contact_id')
    .select(['q.id', 'q.service_id', 's.title', 's.start_date', 'q.company_id', 'c.name', 'ct.full_name', 'q.sent_at', 'q.score', 'q.comment', 'q.answered_at', 'q.task_id']);
  if (f.companyId) q = q.where('q.company_id', '=', f.companyId);
  const rows = await q.orderBy('q.sent_at', 'desc').limit(500).execute();
  return rows.map((r) => ({
    id: r.id, serviceId: r.service_id, serviceTitle: r.title, startDate: r.start_date, companyId: r.company_id, companyName: r.name, contactName: r.full_name,
    sentAt: r.sent_at, score: r.score, comment: r.comment, answeredAt: r.answered_at, taskId: r.task_id,
  }));
}
