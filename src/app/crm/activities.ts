import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { ActivityLogSchema, EmailSendSchema, inquirySources, type ContactPurpose } from '../../domain/crm/crm.schemas.ts';
import { activityFromRow, findDeal, type Activity } from '../../db/queries/crm.ts';
import { runPage } from '../../db/queries/list.ts';
import { containsPattern, type ListQuery, type Page } from '../../domain/lists/list-query.ts';
import { checkConsent } from '../parties/consents.ts';
import { formatInstant } from '../../domain/dates.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx } from '../context.ts';
import { guardError } from '../guard-errors.ts';
import { guardCodes } from '../../domain/sqlstate.ts';
import { assertContactOfCompany } from './deals.ts';

/** Did this contact come to us first (an inbound contact, or a deal from their own inquiry)? */
async function contactInquired(ctx: Ctx, contactId: string): Promise<boolean> {
  const inbound = await ctx.db.selectFrom('activity').select('id').where('contact_id', '=', contactId).where('direction', '=', 'inbound')
    .where('at', '<=', ctx.now()).limit(1).executeTakeFirst();
  if (inbound) return true;
  const deal = await ctx.db.selectFrom('deal').select('id').where('contact_id', '=', contactId).where('source', 'in', [...inquirySources]).limit(1).executeTakeFirst();
  return Boolean(deal);
}

/**
 * Advertising by this channel needs consent to personal-data processing and to advertising; either missing
 * reads to a manager as one thing: "no consent to advertising calls for this contact".
 */
async function assertAdvertisingConsent(ctx: Ctx, contactId: string, channel: 'call' | 'email'): Promise<void> {
  const d = await checkConsent(ctx, contactId, channel, 'advertising');
  if (d.allowed) return;
  const contact = await ctx.db.selectFrom('contact').select('full_name').where('id', '=', contactId).executeTakeFirst();
  const params = { contact: contact?.full_name ?? '—', what: `adv.${channel}` };
  const extra = { contactId, channel, purpose: d.purpose };
  if (d.reason === 'withdrawn' && d.at) {
    const when = formatInstant(d.at, 'ru', ctx.timeZone);
    throw new AppError('rule', 'e.crm.adConsentWithdrawn', { ...params, when }, [{ path: 'contactId', key: 'e.crm.adConsentWithdrawn', params: { ...params, when } }], extra);
  }
  throw new AppError('rule', 'e.crm.noAdConsent', params, [{ path: 'contactId', key: 'e.crm.noAdConsent', params }], extra);
}

/**
 * The no-spam gate for outbound contact. Advertising by call or e-mail needs consent in force on that
 * channel; a reply needs the contact's own inquiry; service messages (invoices, outages) pass.
 */
export async function assertOutboundAllowed(ctx: Ctx, o: { kind: string; contactId: string | null; purpose: ContactPurpose }): Promise<void> {
  if (o.purpose === 'service') return;
  if (!o.contactId) {
    if (o.purpose === 'advertising' && (o.kind === 'call' || o.kind === 'email')) {
      throw new AppError('validation', 'e.crm.noContactChosen', {}, [{ path: 'contactId', key: 'e.crm.noContactChosen' }]);
    }
    return;
  }
  if (o.purpose === 'advertising') {
    if (o.kind === 'call' || o.kind === 'email') await assertAdvertisingConsent(ctx, o.contactId, o.kind);
    return;
  }
  if (!(await contactInquired(ctx, o.contactId))) {
    const c = await ctx.db.selectFrom('contact').select('full_name').where('id', '=', o.contactId).executeTakeFirst();
    throw new AppError('rule', 'e.crm.notReply', { contact: c?.full_name ?? o.contactId }, [], { contactId: o.contactId });
  }
}

/** The database's consent check runs per statement from here on (it is deferred to commit by default, for dump imports). */
async function consentCheckNow(ctx: Ctx): Promise<void> {
  await sql`SET CONSTRAINTS activity_consent IMMEDIATE`.execute(ctx.db);
}

/** Where an activity belongs: the deal's company, or the company given. */
async function scopeOf(ctx: Ctx, dealId: string | null, companyId: string | undefined) {
  if (dealId) {
    const deal = await findDeal(ctx.db, dealId);
    if (!deal) throw new AppError('not_found', 'e.notFound', { entity: 'deal', id: dealId });
    return { deal, companyId: deal.companyId };
  }
  const c = await ctx.db.selectFrom('company').select('id').where('id', '=', companyId!).executeTakeFirst();
  if (!c) throw new AppError('not_found', 'e.notFound', { entity: 'company', id: companyId! });
  return { deal: null, companyId: c.id };
}

/** The trigger refused (consent withdrawn between our check and the insert): explain with the app's message. */
async function explainRefusal(ctx: Ctx, e: unknown, o: { kind: string; contactId: string | null; purpose: ContactPurpose }): Promise<never> {
  if (sqlStateOf(e) === guardCodes.crmNoConsent.code) await assertOutboundAllowed(ctx, o);
  throw guardError(e);
}

/** Logs a call, e-mail, visit, meeting or conference talk; outbound advertising passes the consent gate first. */
export async function logActivity(ctx: Ctx, input: unknown): Promise<Activity> {
  requirePermission(ctx, 'crm.write');
  const data = parseInput(ActivityLogSchema, input);
  const at = data.at ? new Date(data.at) : ctx.now();
  try {
    return await inTransaction(ctx, async (tx) => {
      const { deal, companyId } = await scopeOf(tx, data.dealId, data.companyId);
      await assertContactOfCompany(tx, companyId, data.contactId);
      if (data.direction === 'outbound') await assertOutboundAllowed(tx, data);
      await consentCheckNow(tx);
      const row = await tx.db.insertInto('activity').values({
        id: newId('ac'), kind: data.kind, direction: data.direction, purpose: data.purpose, deal_id: data.dealId, company_id: companyId,
        contact_id: data.contactId, owner_id: tx.actor.id, at, subject: data.subject, outcome: data.outcome, body: data.body,
        email_to: null, email_message_id: null,
      }).returningAll().executeTakeFirstOrThrow();
      if (deal && data.nextStep) {
        await tx.db.updateTable('deal').set({ next_step: data.nextStep, next_step_due: data.nextStepDue, status_updated_at: tx.now(), updated_at: tx.now() })
          .where('id', '=', deal.id).execute();
      }
      const a = activityFromRow(row);
      await writeAudit(tx, { entityType: 'activity', entityId: a.id, scopeId: companyId, action: 'log', after: a });
      return a;
    });
  } catch (e) {
    return explainRefusal(ctx, e, data);
  }
}

/**
 * Sends an e-mail to a contact through SMTP and stores it on the deal/company timeline. Advertising
 * needs e-mail consent; a reply needs the contact's own inquiry; service messages always go.
 */
export async function sendEmail(ctx: Ctx, input: unknown): Promise<Activity> {
  requirePermission(ctx, 'crm.write');
  const data = parseInput(EmailSendSchema, input);
  const mailer = ctx.services.mailer;
  try {
    return await inTransaction(ctx, async (tx) => {
      const { companyId } = await scopeOf(tx, data.dealId, data.companyId);
      if (!data.contactId) throw new AppError('validation', 'e.crm.noContactChosen', {}, [{ path: 'contactId', key: 'e.crm.noContactChosen' }]);
      const contactId = data.contactId;
      await assertContactOfCompany(tx, companyId, contactId);
      const contact = await tx.db.selectFrom('contact').select(['full_name', 'emails']).where('id', '=', contactId).executeTakeFirstOrThrow();
      const to = data.to ?? contact.emails[0];
      if (!to || !contact.emails.map((x) => x.toLowerCase()).includes(to.toLowerCase())) {
        throw new AppError('validation', 'e.crm.noEmail', { contact: contact.full_name, email: to ?? '' }, [{ path: 'to', key: 'e.crm.noEmail', params: { contact: contact.full_name, email: to ?? '' } }]);
      }
      await assertOutboundAllowed(tx, { kind: 'email', contactId: contactId, purpose: data.purpose });
      // Only now: a message that may not go out at all says why (consent) rather than that SMTP is missing.
      if (!mailer) throw new AppError('not_configured', 'e.crm.noMailer');
      const id = newId('ac');
      await consentCheckNow(tx);
      // Stored first so the consent trigger has the last word; a failed send rolls the record back.
      await tx.db.insertInto('activity').values({
        id, kind: 'email', direction: 'outbound', purpose: data.purpose, deal_id: data.dealId, company_id: companyId, contact_id: contactId,
        owner_id: tx.actor.id, at: tx.now(), subject: data.subject, outcome: null, body: data.text, email_to: to, email_message_id: null,
      }).execute();
      let messageId: string;
      try {
        messageId = (await mailer.send({ to, subject: data.subject, text: data.text })).messageId;
      } catch (e) {
        throw new AppError('rule', 'e.crm.mailFailed', { error: e instanceof Error ? e.message : String(e) });
      }
      const row = await tx.db.updateTable('activity').set({ email_message_id: messageId }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      const a = activityFromRow(row);
      await writeAudit(tx, { entityType: 'activity', entityId: id, scopeId: companyId, action: 'email', after: { ...a, body: undefined } });
      return a;
    });
  } catch (e) {
    return explainRefusal(ctx, e, { kind: 'email', contactId: data.contactId, purpose: data.purpose });
  }
}

export interface ActivityFilter extends ListQuery { dealId?: string; companyId?: string; kind?: string }

const activitySorts = { columns: { at: 'at', kind: 'kind', subject: sql`lower(subject)` }, default: '-at', tieBreaker: 'id' };

/**
 * Activities of a deal or a company (its timeline; one's own when neither is given), newest first by
 * default: q (subject, outcome, text), kind; sorted and paged on the server.
 */
export async function pageActivities(ctx: Ctx, filter: ActivityFilter): Promise<Page<Activity>> {
  requirePermission(ctx, 'crm.read');
  let q = ctx.db.selectFrom('activity').selectAll();
  if (filter.dealId) q = q.where('deal_id', '=', filter.dealId);
  if (filter.companyId) q = q.where('company_id', '=', filter.companyId);
  if (!filter.dealId && !filter.companyId) q = q.where('owner_id', '=', ctx.actor.id ?? '');
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  const term = filter.q?.trim();
  if (term) q = q.where((eb) => eb.or(['subject', 'outcome', 'body'].map((c) => eb(eb.fn('lower', [c as 'subject']), 'like', containsPattern(term)))));
  return runPage(q, filter, activitySorts, activityFromRow);
}
