import { recordBackings, type LineBacking } from './feasibility-gate.ts';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { Company } from '../../domain/parties/company.ts';
import { companyFullName } from '../../domain/parties/company.ts';
import { ApprovalSchema, canTransition, editableStatuses, type ProposalStatus } from '../../domain/quoting/quote.ts';
import { findCompany } from '../../db/queries/parties.ts';
import { contentHash, findLines, findVersion, type VersionRow } from '../../db/queries/quoting.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, todayOf, type Ctx } from '../context.ts';
import { guardError as mapGuardError } from '../guard-errors.ts';
import { versionChecks } from './blockers.ts';
import { getProposal, linesWithMoney, settleVersion } from './proposals.ts';
import { repriceVersion } from './recompute.ts';
import { assertPromisedDates } from '../sales/promised-dates.ts';
import { recordDecision, type DecisionRecord } from '../sales/decisions.ts';
import { winDealByProposal } from '../sales/deal-links.ts';


async function lockCurrent(tx: Ctx, proposalId: string): Promise<VersionRow> {
  const v = await findVersion(tx.db, proposalId, undefined, true);
  if (!v) throw new AppError('not_found', 'e.notFound', { entity: 'proposal', id: proposalId });
  return v;
}

function requireTransition(v: VersionRow, to: ProposalStatus) {
  if (!canTransition(v.status, to)) throw new AppError('rule', 'e.quote.transition', { from: `status.${v.status}`, to: `status.${to}` });
}

/**
 * Refuses a version that may not leave our hands (`sent`) or bind us (`accepted`): the facts are gathered
 * by `versionChecks` and decided by `versionBlockers` (domain/quoting/send-rules.ts), with today's supplier
 * prices compared on send. The first blocker is thrown; all of them ride along in `extra.blockers`.
 * On send it returns the feasibility answer backing each line, which `sendProposal` records.
 */
export async function assertSendable(tx: Ctx, v: VersionRow, to: 'sent' | 'accepted' = 'sent'): Promise<LineBacking[]> {
  const lines = linesWithMoney(await findLines(tx.db, v.id));
  const { blockers, backings } = await versionChecks(tx, v, lines, to, { repricing: to === 'sent' });
  const first = blockers[0];
  if (first) throw new AppError(first.code, first.key, first.params, [], { blockers });
  return backings;
}

/** Requisites of a party for the frozen document. */
const requisites = (c: Company) => ({
  id: c.id, fullName: companyFullName(c), inn: c.inn, kpp: c.kpp, ogrn: c.ogrn, legalAddress: c.legalAddress, postalAddress: c.postalAddress,
  bankName: c.bankName, bik: c.bik, settlementAccount: c.settlementAccount, corrAccount: c.corrAccount, phone: c.phone, email: c.email,
});

/** Manager asks management to approve a version with lines below floor. */
export async function submitForApproval(ctx: Ctx, proposalId: string) {
  requirePermission(ctx, 'proposal.write');
  await inTransaction(ctx, async (tx) => {
    const v = await lockCurrent(tx, proposalId);
    requireTransition(v, 'pending_approval');
    const lines = linesWithMoney(await findLines(tx.db, v.id));
    if (!lines.some((l) => l.belowFloor)) throw new AppError('rule', 'e.quote.notBelowFloor');
    await tx.db.updateTable('proposal_version').set({ status: 'pending_approval', updated_at: tx.now() }).where('id', '=', v.id).execute();
    await writeAudit(tx, { entityType: 'proposal', entityId: proposalId, scopeId: await scope(tx, proposalId), action: 'submit', after: { version: v.version } });
  });
  return getProposal(ctx, proposalId);
}

const scope = async (tx: Ctx, proposalId: string) =>
  (await tx.db.selectFrom('proposal').select('company_id').where('id', '=', proposalId).executeTakeFirstOrThrow()).company_id;

/**
 * Management approves exactly the current content of a pending version (reason required); the approval
 * binds to the content hash `expectedHash` the approver saw, so a concurrent edit makes it fail.
 */
export async function approveProposal(ctx: Ctx, proposalId: string, input: unknown, expectedHash?: string) {
  requirePermission(ctx, 'proposal.approve');
  const { reason } = parseInput(ApprovalSchema, input);
  if (!ctx.actor.id) throw new AppError('forbidden', 'e.quote.notApprover');
  try {
    await inTransaction(ctx, async (tx) => {
      const v = await lockCurrent(tx, proposalId);
      requireTransition(v, 'approved');
      const hash = await contentHash(tx.db, v.id);
      if (expectedHash && expectedHash !== hash) throw new AppError('conflict', 'e.quote.approvalStale');
      const id = newId('qa');
      await tx.db.insertInto('proposal_approval').values({ id, version_id: v.id, content_hash: hash, approver_id: tx.actor.id!, approver_name: tx.actor.name, reason }).execute();
      await tx.db.updateTable('proposal_version').set({ status: 'approved', updated_at: tx.now() }).where('id', '=', v.id).execute();
      await writeAudit(tx, { entityType: 'proposal', entityId: proposalId, scopeId: await scope(tx, proposalId), action: 'approve', after: { version: v.version, approvalId: id, reason, contentHash: hash } });
    });
  } catch (e) { throw mapGuardError(e); }
  return getProposal(ctx, proposalId);
}

/** Management returns a pending version to the manager (reason required). */
export async function rejectApproval(ctx: Ctx, proposalId: string, input: unknown) {
  requirePermission(ctx, 'proposal.approve');
  const { reason } = parseInput(ApprovalSchema, input);
  await inTransaction(ctx, async (tx) => {
    const v = await lockCurrent(tx, proposalId);
    if (v.status !== 'pending_approval') throw new AppError('rule', 'e.quote.transition', { from: `status.${v.status}`, to: 'status.draft' });
    await tx.db.updateTable('proposal_version').set({ status: 'draft', updated_at: tx.now() }).where('id', '=', v.id).execute();
    await writeAudit(tx, { entityType: 'proposal', entityId: proposalId, scopeId: await scope(tx, proposalId), action: 'reject', after: { version: v.version, reason } });
  });
  return getProposal(ctx, proposalId);
}

/**
 * Sends the current version: checks it (assertSendable), freezes prices, costs, floors, both sides'
 * requisites and VAT. Stale costs are repriced first and the send refused so the manager sees new figures.
 * `deliver` runs in the same transaction once the version is frozen (e-mail to the client): if it
 * fails, nothing was sent.
 */
export async function sendProposal(ctx: Ctx, proposalId: string, deliver?: (tx: Ctx, v: VersionRow) => Promise<void>) {
  requirePermission(ctx, 'proposal.write');
  const repriced = await inTransaction(ctx, async (tx) => {
    const v = await lockCurrent(tx, proposalId);
    return repriceVersion(tx, v.id);
  });
  if (repriced) throw new AppError('conflict', 'e.quote.stalePrices', { line: '' });
  try {
    await inTransaction(ctx, async (tx) => {
      const v = await lockCurrent(tx, proposalId);
      if (v.status === 'pending_approval') throw new AppError('rule', 'e.quote.pendingApproval');
      requireTransition(v, 'sent');
      const backings = await assertSendable(tx, v, 'sent');
      await assertPromisedDates(tx, v.serviceDate, backings);
      const p = await tx.db.selectFrom('proposal').selectAll().where('id', '=', proposalId).executeTakeFirstOrThrow();
      // Each line keeps the answer it rests on; the database checks them again when the status changes.
      await recordBackings(tx, backings);
      const [client, seller] = await Promise.all([findCompany(tx.db, p.company_id), findCompany(tx.db, p.seller_company_id)]);
      const snapshot = { client: requisites(client!), seller: requisites(seller!), taxMode: v.taxMode, vatRate: v.vatRate, number: p.number };
      const hash = await contentHash(tx.db, v.id);
      await tx.db.updateTable('proposal_version').set({ status: 'sent', snapshot: JSON.stringify(snapshot), sent_hash: hash, sent_at: tx.now(), updated_at: tx.now() }).where('id', '=', v.id).execute();
      await writeAudit(tx, { entityType: 'proposal', entityId: proposalId, scopeId: p.company_id, action: 'send', after: { version: v.version, contentHash: hash, gross: v.grossTotal } });
      if (deliver) await deliver(tx, (await findVersion(tx.db, proposalId))!);
    });
  } catch (e) { throw mapGuardError(e); }
  return getProposal(ctx, proposalId);
}

/**
 * Records the client's answer to a sent version (on paper by default, or online through a personal link).
 * Acceptance repeats the floor guard (and the DB does too) and wins the proposal's deal.
 */
export async function decideProposal(ctx: Ctx, proposalId: string, decision: 'accepted' | 'declined', record: DecisionRecord = { channel: 'paper' }) {
  requirePermission(ctx, 'proposal.write');
  try {
    await inTransaction(ctx, async (tx) => {
      const v = await lockCurrent(tx, proposalId);
      requireTransition(v, decision);
      if (decision === 'accepted') await assertSendable(tx, v, 'accepted');
      const decisionId = await recordDecision(tx, v, decision, record);
      await tx.db.updateTable('proposal_version').set({ status: decision, decided_at: tx.now(), updated_at: tx.now() }).where('id', '=', v.id).execute();
      await writeAudit(tx, { entityType: 'proposal', entityId: proposalId, scopeId: await scope(tx, proposalId), action: decision, after: { version: v.version, decisionId, channel: record.channel } });
      if (decision === 'accepted') await winDealByProposal(tx, proposalId);
    });
  } catch (e) { throw mapGuardError(e); }
  return getProposal(ctx, proposalId);
}

/** Starts a new draft version from a sent, declined or expired one (sent versions never change). */
export async function reviseProposal(ctx: Ctx, proposalId: string) {
  requirePermission(ctx, 'proposal.write');
  await inTransaction(ctx, async (tx) => {
    // Revisions of one proposal take turns: the proposal row is locked before its current version is read, so a
    // revise that waited sees the draft the first one made (not the version it replaced) and says so.
    const head = await tx.db.selectFrom('proposal').select('number').where('id', '=', proposalId).forNoKeyUpdate().executeTakeFirst();
    if (!head) throw new AppError('not_found', 'e.notFound', { entity: 'proposal', id: proposalId });
    const v = await lockCurrent(tx, proposalId);
    if (!['sent', 'declined', 'expired'].includes(v.status)) {
      if (v.version > 1 && editableStatuses.includes(v.status)) throw new AppError('conflict', 'e.quote.alreadyRevised', { number: head.number, version: v.version });
      throw new AppError('rule', 'e.quote.reviseNotNeeded', { status: `status.${v.status}` });
    }
    const today = todayOf(tx);
    const vid = newId('qv');
    const version = v.version + 1;
    await tx.db.insertInto('proposal_version').values({
      id: vid, proposal_id: proposalId, version, service_date: v.serviceDate, valid_until: v.validUntil < today ? today : v.validUntil,
      tax_mode: v.taxMode, vat_rate: v.vatRate, snapshot: null, sent_hash: null, sent_at: null, decided_at: null, updated_at: tx.now(),
    }).execute();
    for (const l of await findLines(tx.db, v.id)) {
      await tx.db.insertInto('proposal_line').values({
        id: newId('ql'), version_id: vid, position: l.position, offer_id: l.offerId, site_id: l.siteId, service_kind: l.serviceKind,
        description: l.description, params: JSON.stringify(l.params), components: JSON.stringify(l.components), quantity: l.quantity,
        unit_price: l.unitPrice, discount_pct: l.discountPct, setup_fee: l.setupFee, unit_cost: l.unitCost, unit_floor: l.unitFloor,
        cost_trace: JSON.stringify(l.costTrace), formula_version: l.formulaVersion,
      }).execute();
    }
    await tx.db.updateTable('proposal').set({ current_version: version }).where('id', '=', proposalId).execute();
    await repriceVersion(tx, vid);
    await settleVersion(tx, (await findVersion(tx.db, proposalId, version))!);
    await writeAudit(tx, { entityType: 'proposal', entityId: proposalId, scopeId: await scope(tx, proposalId), action: 'revise', after: { version } });
  });
  return getProposal(ctx, proposalId);
}

/** Marks sent versions whose validity has passed as expired (daily job). */
export async function expireProposals(ctx: Ctx): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const rows = await tx.db.updateTable('proposal_version').set({ status: 'expired', updated_at: tx.now() })
      .where('status', '=', 'sent').where('valid_until', '<', todayOf(tx)).returning(['id', 'proposal_id', 'version']).execute();
    for (const r of rows) await writeAudit(tx, { entityType: 'proposal', entityId: r.proposal_id, action: 'expire', after: { version: r.version } });
    return rows.length;
  });
}

/** Management's inbox: versions waiting for approval, with their below-floor lines. */
export async function approvalInbox(ctx: Ctx) {
  requirePermission(ctx, 'proposal.approve');
  const rows = await ctx.db.selectFrom('proposal_version as v').innerJoin('proposal as p', 'p.id', 'v.proposal_id')
    .innerJoin('company as c', 'c.id', 'p.company_id')
    .select(['p.id', 'p.number', 'p.title', 'v.id as version_id', 'v.version', 'v.updated_at', 'v.gross_total', 'c.name', 'c.kind', 'c.legal_form'])
    .where('v.status', '=', 'pending_approval').orderBy('v.updated_at').execute();
  const out = [];
  for (const r of rows) {
    const lines = linesWithMoney(await findLines(ctx.db, r.version_id)).filter((l) => l.belowFloor);
    out.push({
      proposalId: r.id, number: r.number, title: r.title, version: r.version, companyName: companyFullName({ kind: r.kind, legalForm: r.legal_form, name: r.name }),
      grossTotal: r.gross_total, waitingSince: r.updated_at, contentHash: await contentHash(ctx.db, r.version_id),
      belowFloor: lines.map((l) => ({ position: l.position, description: l.description, unitNet: l.unitNet, unitFloor: l.unitFloor, unitCost: l.unitCost, quantity: l.quantity })),
    });
  }
  return out;
}
