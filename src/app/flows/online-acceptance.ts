import { AppError } from '../../domain/errors.ts';
import { dayBounds } from '../../domain/crm/day.ts';
import { dateInZone, formatDate } from '../../domain/dates.ts';
import { newId } from '../../domain/ids.ts';
import { translate } from '../../domain/messages.ts';
import { PaperDecisionSchema, PublicDecisionSchema, SendByEmailSchema } from '../../domain/sales/sales.schemas.ts';
import { findVersion, type VersionRow } from '../../db/queries/quoting.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, systemActor, type Ctx } from '../context.ts';
import { assertOutboundAllowed } from '../crm/activities.ts';
import { proposalPdf } from '../quoting/documents.ts';
import { getProposal } from '../quoting/proposals.ts';
import { decideProposal, sendProposal } from '../quoting/transitions.ts';
import { findLink, getSalesSettings, issueLink, linkRefusal } from '../sales/links.ts';

/** The contact of the proposal's client and the address to write to (one of theirs; the first by default). */
async function recipient(tx: Ctx, companyId: string, contactId: string, email: string | null) {
  const c = await tx.db.selectFrom('contact').select(['id', 'full_name', 'emails', 'company_id']).where('id', '=', contactId).executeTakeFirst();
  if (c?.company_id !== companyId) throw new AppError('validation', 'e.crm.contactNotOfCompany', { contactId }, [{ path: 'contactId', key: 'e.crm.contactNotOfCompany', params: { contactId } }]);
  const to = email ?? c.emails[0];
  if (!to) throw new AppError('validation', 'e.sales.noEmail', { contact: c.full_name }, [{ path: 'contactId', key: 'e.sales.noEmail', params: { contact: c.full_name } }]);
  if (!c.emails.some((x) => x.toLowerCase() === to.toLowerCase())) {
    throw new AppError('validation', 'e.crm.noEmail', { contact: c.full_name, email: to }, [{ path: 'email', key: 'e.crm.noEmail', params: { contact: c.full_name, email: to } }]);
  }
  return { id: c.id, name: c.full_name, to };
}

/**
 * E-mails a sent version to a client contact: the PDF attached and a personal link to the public page,
 * valid for the configured days and never past the proposal's validity. A proposal is a service message
 * (the client asked for it), not advertising, so the consent gate lets it through — and it is logged on
 * the deal's timeline like every e-mail. Runs in the caller's transaction; a failed send rolls it back.
 */
async function deliver(tx: Ctx, v: VersionRow, who: { contactId: string; email: string | null }, publicBase: string): Promise<{ linkId: string; url: string; expiresAt: Date }> {
  const mailer = tx.services.mailer;
  if (!mailer) throw new AppError('not_configured', 'e.crm.noMailer');
  // A sent version past its validity (the daily expiry has not run yet) gets no new link.
  if (v.validUntil < dateInZone(tx.now(), tx.timeZone)) throw new AppError('rule', 'e.quote.validityPassed', { date: formatDate(v.validUntil) });
  const p = await tx.db.selectFrom('proposal as p').innerJoin('company as s', 's.id', 'p.seller_company_id')
    .select(['p.id', 'p.number', 'p.company_id', 'p.deal_id', 's.name as seller']).where('p.id', '=', v.proposalId).executeTakeFirstOrThrow();
  const to = await recipient(tx, p.company_id, who.contactId, who.email);
  await assertOutboundAllowed(tx, { kind: 'email', contactId: to.id, purpose: 'service' });
  const { linkValidDays } = await getSalesSettings(tx);
  const expiresAt = new Date(Math.min(tx.now().getTime() + linkValidDays * 86_400_000, dayBounds(v.validUntil, tx.timeZone).end.getTime()));
  const link = await issueLink(tx, { purpose: 'proposal', versionId: v.id, contactId: to.id, email: to.to, expiresAt });
  const url = `${publicBase.replace(/\/+$/, '')}/offer/${link.token}`;
  const doc = await proposalPdf(tx, v.proposalId, v.version);
  const params = { number: p.number, version: v.version, seller: p.seller, contact: to.name, until: formatDate(expiresAt.toISOString().slice(0, 10)), url, manager: tx.actor.name };
  const subject = translate('ru', 'sales.mail.subject', params);
  const text = translate('ru', 'sales.mail.body', params);
  const activityId = newId('ac');
  await tx.db.insertInto('activity').values({
    id: activityId, kind: 'email', direction: 'outbound', purpose: 'service', deal_id: p.deal_id, company_id: p.company_id, contact_id: to.id,
    owner_id: tx.actor.id, at: tx.now(), subject, outcome: null, body: text.replace(url, `${publicBase.replace(/\/+$/, '')}/offer/…`), email_to: to.to, email_message_id: null,
  }).execute();
  let messageId: string;
  try {
    messageId = (await mailer.send({ to: to.to, subject, text, attachments: [{ filename: doc.fileName, content: doc.pdf, contentType: 'application/pdf' }] })).messageId;
  } catch (e) {
    throw new AppError('rule', 'e.crm.mailFailed', { error: e instanceof Error ? e.message : String(e) });
  }
  await tx.db.updateTable('activity').set({ email_message_id: messageId }).where('id', '=', activityId).execute();
  await writeAudit(tx, { entityType: 'proposal', entityId: p.id, scopeId: p.company_id, action: 'link.issue', after: { version: v.version, linkId: link.id, contactId: to.id, email: to.to, expiresAt } });
  return { linkId: link.id, url, expiresAt };
}

/**
 * «Отправить клиенту»: sends the current version (all checks of sending apply) and e-mails it with a
 * personal link; for a version already sent, e-mails a fresh link. `publicBase` is the address clients
 * reach Rackdesk at.
 */
export async function emailProposal(ctx: Ctx, proposalId: string, input: unknown, publicBase: string) {
  requirePermission(ctx, 'proposal.write');
  const who = parseInput(SendByEmailSchema, input);
  if (!ctx.services.mailer) throw new AppError('not_configured', 'e.crm.noMailer');
  const current = await findVersion(ctx.db, proposalId);
  if (!current) throw new AppError('not_found', 'e.notFound', { entity: 'proposal', id: proposalId });
  let sent: { linkId: string; url: string; expiresAt: Date } | undefined;
  if (current.status === 'sent') {
    sent = await inTransaction(ctx, async (tx) => deliver(tx, (await findVersion(tx.db, proposalId, undefined, true))!, who, publicBase));
  } else {
    await sendProposal(ctx, proposalId, async (tx, v) => { sent = await deliver(tx, v, who, publicBase); });
  }
  return { proposal: await getProposal(ctx, proposalId), link: { id: sent!.linkId, expiresAt: sent!.expiresAt } };
}

/** The manager records an answer received on paper (or by phone with a scan to follow). */
export async function recordPaperDecision(ctx: Ctx, proposalId: string, decision: 'accepted' | 'declined', input: unknown) {
  const d = parseInput(PaperDecisionSchema, input);
  return decideProposal(ctx, proposalId, decision, { channel: 'paper', contactId: d.contactId, comment: d.comment });
}

/** Links and answers of a proposal for the manager: who got which link, until when, used or not, and the answer. */
export async function proposalDelivery(ctx: Ctx, proposalId: string) {
  requirePermission(ctx, 'proposal.read');
  const links = await ctx.db.selectFrom('public_link as l').innerJoin('proposal_version as v', 'v.id', 'l.version_id').innerJoin('contact as c', 'c.id', 'l.contact_id')
    .select(['l.id', 'v.version', 'l.email', 'c.full_name', 'l.expires_at', 'l.used_at', 'l.created_at']).where('v.proposal_id', '=', proposalId).orderBy('l.created_at', 'desc').execute();
  const decisions = await ctx.db.selectFrom('proposal_decision as d').innerJoin('proposal_version as v', 'v.id', 'd.version_id')
    .select(['d.id', 'v.version', 'd.decision', 'd.channel', 'd.comment', 'd.ip', 'd.content_hash', 'd.decided_at', 'd.contact_id']).where('v.proposal_id', '=', proposalId).orderBy('d.decided_at').execute();
  const now = ctx.now().getTime();
  return {
    links: links.map((l) => ({
      id: l.id, version: l.version, email: l.email, contactName: l.full_name, createdAt: l.created_at, expiresAt: l.expires_at, usedAt: l.used_at,
      state: l.used_at ? 'used' as const : l.expires_at.getTime() <= now ? 'expired' as const : 'active' as const,
    })),
    decisions: decisions.map((d) => ({ id: d.id, version: d.version, decision: d.decision, channel: d.channel, comment: d.comment, ip: d.ip, contentHash: d.content_hash, decidedAt: d.decided_at, contactId: d.contact_id })),
  };
}

/** What the public page shows for a token: the sent version exactly, or why it cannot be answered. */
export async function publicProposal(ctx: Ctx, token: string) {
  const link = await findLink(ctx, token, 'proposal');
  const refusal = linkRefusal(link, ctx.now());
  const sys: Ctx = { ...ctx, actor: { ...systemActor, name: 'public link' } };
  if (!link) return { state: 'unknown' as const, refusal };
  const v = await sys.db.selectFrom('proposal_version').select(['proposal_id', 'version', 'status']).where('id', '=', link.version_id!).executeTakeFirstOrThrow();
  const proposal = await getProposal(sys, v.proposal_id, v.version);
  const decision = await sys.db.selectFrom('proposal_decision').select(['decision', 'decided_at']).where('version_id', '=', link.version_id!).executeTakeFirst();
  const current = (await sys.db.selectFrom('proposal').select('current_version').where('id', '=', v.proposal_id).executeTakeFirstOrThrow()).current_version === v.version;
  const state = decision ? decision.decision : refusal ? (link.used_at ? 'used' as const : 'expired' as const) : v.status !== 'sent' || !current ? 'closed' as const : 'open' as const;
  return { state, refusal, proposal, decision: decision ?? null, expiresAt: link.expires_at };
}

/**
 * The client answers on the public page: the link (locked) must be unused and unexpired and point at the
 * version now on the table; the answer records time, IP and the sent version's hash. Of two answers at
 * once, one wins: the link and the version are locked, and the database keeps one answer per version.
 */
export async function answerOnline(ctx: Ctx, token: string, input: unknown, ip: string) {
  const d = parseInput(PublicDecisionSchema, input);
  const sys: Ctx = { ...ctx, actor: { ...systemActor, name: 'client (online)' } };
  return inTransaction(sys, async (tx) => {
    const link = await findLink(tx, token, 'proposal', true);
    const refusal = linkRefusal(link, tx.now());
    if (refusal) throw refusal;
    const v = await tx.db.selectFrom('proposal_version as v').innerJoin('proposal as p', 'p.id', 'v.proposal_id')
      .select(['v.proposal_id', 'v.version', 'v.status', 'p.current_version']).where('v.id', '=', link!.version_id!).forUpdate().executeTakeFirstOrThrow();
    if (v.status !== 'sent' || v.version !== v.current_version) {
      throw new AppError('rule', v.status === 'accepted' || v.status === 'declined' ? 'e.sales.alreadyDecided' : 'pub.offer.closed', { status: `status.${v.status}` });
    }
    await decideProposal(tx, v.proposal_id, d.decision, { channel: 'online', linkId: link!.id, contactId: link!.contact_id, ip, comment: d.comment });
    await tx.db.updateTable('public_link').set({ used_at: tx.now() }).where('id', '=', link!.id).execute();
    return { decision: d.decision, at: tx.now() };
  });
}

/** The PDF of exactly the version a link points at (for the client, no login). */
export async function publicProposalPdf(ctx: Ctx, token: string) {
  const link = await findLink(ctx, token, 'proposal');
  if (!link) throw new AppError('not_found', 'e.sales.linkUnknown');
  const sys: Ctx = { ...ctx, actor: { ...systemActor, name: 'public link' } };
  const v = await sys.db.selectFrom('proposal_version').select(['proposal_id', 'version']).where('id', '=', link.version_id!).executeTakeFirstOrThrow();
  return proposalPdf(sys, v.proposal_id, v.version);
}
