import { versionChecks } from './blockers.ts';
import { sql } from 'kysely';
import { AppError, type FieldError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { checkParams, type Component } from '../../domain/catalog/catalog.schemas.ts';
import { companyFullName } from '../../domain/parties/company.ts';
import { marginPct } from '../../domain/pricing/pricing.ts';
import { vatRateFor } from '../../domain/tax.ts';
import {
  editableStatuses, LineInputSchema, LinePatchSchema, lineMoney, ProposalCreateSchema, ProposalHeaderPatchSchema, totalsOf,
  type LineInput,
} from '../../domain/quoting/quote.ts';
import { findCompany } from '../../db/queries/parties.ts';
import { contentHash, findLines, findVersion, validApprovals, type LineRow, type VersionRow } from '../../db/queries/quoting.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { fieldErrorsOf, inTransaction, parseInput, requirePermission, todayOf, type Ctx, type Tx } from '../context.ts';
import { getOwnEntity } from '../reference/own-entities.ts';
import { priceConfiguration } from '../pricing/price-configurations.ts';
import { statusAfterEdit } from '../../domain/quoting/send-rules.ts';
import { assertDealOfClient } from '../sales/deal-links.ts';
import { runPage } from '../../db/queries/list.ts';
import { containsPattern, type ListQuery, type Page } from '../../domain/lists/list-query.ts';

/** Resolves a line input (offer or custom configuration) into stored columns, priced at today's supplier costs. */
async function buildLine(tx: Ctx, input: LineInput, base?: LineRow) {
  let siteId = input.siteId ?? base?.siteId;
  let serviceKind = input.serviceKind ?? base?.serviceKind;
  let description = input.description ?? base?.description;
  let params = input.params ?? base?.params ?? {};
  let components: Component[] | undefined = input.components ?? base?.components;
  let unitPrice = input.unitPrice ?? base?.unitPrice;
  let setupFee = input.setupFee ?? base?.setupFee ?? 0n;
  const offerId = input.offerId ?? base?.offerId ?? null;
  if (input.offerId) {
    const o = await tx.db.selectFrom('offer').selectAll().where('id', '=', input.offerId).executeTakeFirst();
    if (!o) throw new AppError('validation', 'e.validation', {}, [{ path: 'offerId', key: 'e.quote.noOffer' }]);
    if (!o.published) throw new AppError('rule', 'e.quote.offerNotPublished', { code: o.code });
    siteId = input.siteId ?? o.site_id;
    serviceKind = o.service_kind as typeof serviceKind;
    description = input.description ?? o.name;
    params = input.params ?? (o.params as Record<string, unknown>);
    components = input.components ?? (o.components as Component[]);
    unitPrice = input.unitPrice ?? o.monthly_price;
    setupFee = input.setupFee ?? o.setup_fee;
  }
  const missing: FieldError[] = [];
  if (!siteId) missing.push({ path: 'siteId', key: 'v.required' });
  if (!serviceKind) missing.push({ path: 'serviceKind', key: 'v.required' });
  if (!description) missing.push({ path: 'description', key: 'v.required' });
  if (!components?.length) missing.push({ path: 'components', key: 'v.catalog.components' });
  if (unitPrice === undefined) missing.push({ path: 'unitPrice', key: 'v.required' });
  if (missing.length) throw new AppError('validation', 'e.validation', {}, missing);
  const pr = checkParams(serviceKind!, params);
  if (!pr.success) throw new AppError('validation', 'e.validation', {}, fieldErrorsOf(pr.error.issues as never, 'params.'));
  const site = await tx.db.selectFrom('site').select('id').where('id', '=', siteId!).executeTakeFirst();
  if (!site) throw new AppError('validation', 'e.validation', {}, [{ path: 'siteId', key: 'e.catalog.noSite' }]);
  const costing = await priceConfiguration(tx, components!);
  return {
    offer_id: offerId, site_id: siteId!, service_kind: serviceKind!, description: description!, params: JSON.stringify(pr.data),
    components: JSON.stringify(components), quantity: input.quantity ?? base?.quantity ?? 1, unit_price: unitPrice!,
    discount_pct: input.discountPct ?? base?.discountPct ?? '0', setup_fee: setupFee, unit_cost: costing.cost, unit_floor: costing.floor,
    cost_trace: JSON.stringify(costing.trace), formula_version: costing.formulaVersion,
  };
}

/** Lines with their money: unit price after discount, monthly and setup sums, margin, below-floor flag. */
export function linesWithMoney(lines: LineRow[]) {
  return lines.map((l) => {
    const m = lineMoney(l);
    return { ...l, unitNet: m.unitNet, monthly: m.monthly, setup: m.setup, margin: m.margin, marginPct: marginPct(m.unitNet, l.unitCost), belowFloor: m.belowFloor };
  });
}

/**
 * After any change of a version's content: totals are recomputed, and the status follows the rule —
 * an edit voids an approval, so an approved version goes back to pending (still below floor) or draft.
 */
export async function settleVersion(tx: Ctx, v: VersionRow): Promise<void> {
  const lines = linesWithMoney(await findLines(tx.db, v.id));
  const t = totalsOf(lines, v.vatRate);
  const below = lines.some((l) => l.belowFloor);
  const reapprovable = below && (v.status === 'approved' || v.status === 'pending_approval');
  const status = statusAfterEdit(v.status, below, reapprovable && (await validApprovals(tx.db, v.id)).length > 0);
  await tx.db.updateTable('proposal_version').set({
    monthly_total: t.monthly, setup_total: t.setup, net_total: t.net, vat_total: t.vat, gross_total: t.gross, status, updated_at: tx.now(),
  }).where('id', '=', v.id).execute();
}

async function editableVersion(tx: Tx, proposalId: string): Promise<VersionRow> {
  const v = await findVersion(tx.db, proposalId, undefined, true);
  if (!v) throw new AppError('not_found', 'e.notFound', { entity: 'proposal', id: proposalId });
  if (!editableStatuses.includes(v.status)) throw new AppError('rule', 'e.quote.notEditable', { status: `status.${v.status}` });
  return v;
}

const scopeOf = async (tx: Ctx, proposalId: string) =>
  (await tx.db.selectFrom('proposal').select('company_id').where('id', '=', proposalId).executeTakeFirstOrThrow()).company_id;

/** Creates a proposal (version 1, draft) for a company, with lines priced at this month's supplier costs. */
export async function createProposal(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'proposal.write');
  const d = parseInput(ProposalCreateSchema, input);
  const id = await inTransaction(ctx, async (tx) => {
    const company = await findCompany(tx.db, d.companyId);
    if (!company) throw new AppError('validation', 'e.validation', {}, [{ path: 'companyId', key: 'e.quote.noCompany' }]);
    await assertDealOfClient(tx, d.dealId, company.id);
    const seller = await getOwnEntity(tx, d.sellerCompanyId ?? undefined);
    const seq = (await sql<{ n: string }>`SELECT nextval(pg_get_serial_sequence('proposal', 'seq'))::text AS n`.execute(tx.db)).rows[0]!.n;
    const id = newId('qt');
    await tx.db.insertInto('proposal').values({
      id, seq: BigInt(seq), number: `КП-${todayOf(tx).slice(0, 4)}-${seq.padStart(5, '0')}`, company_id: company.id, seller_company_id: seller.company.id,
      deal_id: d.dealId, title: d.title, created_by: tx.actor.id,
    }).execute();
    const vid = newId('qv');
    await tx.db.insertInto('proposal_version').values({
      id: vid, proposal_id: id, version: 1, service_date: d.serviceDate, valid_until: d.validUntil, tax_mode: seller.taxMode,
      vat_rate: vatRateFor(seller.taxMode, d.serviceDate), snapshot: null, sent_hash: null, sent_at: null, decided_at: null, updated_at: tx.now(),
    }).execute();
    let pos = 0;
    for (const [i, li] of d.lines.entries()) {
      let cols;
      try { cols = await buildLine(tx, li); } catch (e) { throw prefixErrors(e, `lines.${i}.`); }
      await tx.db.insertInto('proposal_line').values({ id: newId('ql'), version_id: vid, position: ++pos, ...cols }).execute();
    }
    await settleVersion(tx, (await findVersion(tx.db, id, 1))!);
    await writeAudit(tx, { entityType: 'proposal', entityId: id, scopeId: company.id, action: 'create', after: { ...d, lines: d.lines.length } });
    return id;
  });
  return getProposal(ctx, id);
}

function prefixErrors(e: unknown, prefix: string): unknown {
  if (e instanceof AppError && e.fieldErrors.length) return new AppError(e.code, e.key, e.params, e.fieldErrors.map((f) => ({ ...f, path: prefix + f.path })), e.extra);
  return e;
}

/** Adds a line to the current (editable) version. */
export async function addLine(ctx: Ctx, proposalId: string, input: unknown) {
  requirePermission(ctx, 'proposal.write');
  const li = parseInput(LineInputSchema, input);
  await inTransaction(ctx, async (tx) => {
    const v = await editableVersion(tx, proposalId);
    const cols = await buildLine(tx, li);
    const max = await tx.db.selectFrom('proposal_line').select((eb) => eb.fn.max('position').as('m')).where('version_id', '=', v.id).executeTakeFirst();
    const lineId = newId('ql');
    await tx.db.insertInto('proposal_line').values({ id: lineId, version_id: v.id, position: Number(max?.m ?? 0) + 1, ...cols }).execute();
    await settleVersion(tx, v);
    await writeAudit(tx, { entityType: 'proposal', entityId: proposalId, scopeId: await scopeOf(tx, proposalId), action: 'line.add', after: { lineId, ...cols } });
  });
  return getProposal(ctx, proposalId);
}

/** Changes a line of the current version (price, discount, quantity, configuration…); voids any approval. */
export async function updateLine(ctx: Ctx, proposalId: string, lineId: string, input: unknown) {
  requirePermission(ctx, 'proposal.write');
  const li = parseInput(LinePatchSchema, input);
  await inTransaction(ctx, async (tx) => {
    const v = await editableVersion(tx, proposalId);
    const before = (await findLines(tx.db, v.id)).find((l) => l.id === lineId);
    if (!before) throw new AppError('not_found', 'e.notFound', { entity: 'line', id: lineId });
    const cols = await buildLine(tx, li, before);
    await tx.db.updateTable('proposal_line').set(cols).where('id', '=', lineId).execute();
    await settleVersion(tx, v);
    await writeAudit(tx, { entityType: 'proposal', entityId: proposalId, scopeId: await scopeOf(tx, proposalId), action: 'line.update', before, after: cols });
  });
  return getProposal(ctx, proposalId);
}

export async function removeLine(ctx: Ctx, proposalId: string, lineId: string) {
  requirePermission(ctx, 'proposal.write');
  await inTransaction(ctx, async (tx) => {
    const v = await editableVersion(tx, proposalId);
    const r = await tx.db.deleteFrom('proposal_line').where('id', '=', lineId).where('version_id', '=', v.id).returningAll().executeTakeFirst();
    if (!r) throw new AppError('not_found', 'e.notFound', { entity: 'line', id: lineId });
    await settleVersion(tx, v);
    await writeAudit(tx, { entityType: 'proposal', entityId: proposalId, scopeId: await scopeOf(tx, proposalId), action: 'line.remove', before: r });
  });
  return getProposal(ctx, proposalId);
}

/** Changes title, service date (VAT rate follows it) or validity of the current version. */
export async function updateProposalHeader(ctx: Ctx, proposalId: string, input: unknown) {
  requirePermission(ctx, 'proposal.write');
  const p = parseInput(ProposalHeaderPatchSchema, input);
  await inTransaction(ctx, async (tx) => {
    const v = await editableVersion(tx, proposalId);
    if (p.title !== undefined) await tx.db.updateTable('proposal').set({ title: p.title || null }).where('id', '=', proposalId).execute();
    const serviceDate = p.serviceDate ?? v.serviceDate;
    const vatRate = vatRateFor(v.taxMode as never, serviceDate);
    await tx.db.updateTable('proposal_version').set({ service_date: serviceDate, valid_until: p.validUntil ?? v.validUntil, vat_rate: vatRate }).where('id', '=', v.id).execute();
    await settleVersion(tx, { ...v, serviceDate, vatRate });
    await writeAudit(tx, { entityType: 'proposal', entityId: proposalId, scopeId: await scopeOf(tx, proposalId), action: 'update', before: v, after: p });
  });
  return getProposal(ctx, proposalId);
}

/** A proposal with its current (or the given) version: lines with cost, floor and margin, totals, approvals, blockers. */
export async function getProposal(ctx: Ctx, id: string, version?: number) {
  requirePermission(ctx, 'proposal.read');
  const p = await ctx.db.selectFrom('proposal').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw new AppError('not_found', 'e.notFound', { entity: 'proposal', id });
  const v = (await findVersion(ctx.db, id, version))!;
  if (!v) throw new AppError('not_found', 'e.notFound', { entity: 'proposal_version', id: `${id}/${version}` });
  const lines = linesWithMoney(await findLines(ctx.db, v.id));
  const [company, seller, approvals, versions, hash] = await Promise.all([
    findCompany(ctx.db, p.company_id), findCompany(ctx.db, p.seller_company_id),
    ctx.db.selectFrom('proposal_approval').selectAll().where('version_id', '=', v.id).orderBy('approved_at').execute(),
    ctx.db.selectFrom('proposal_version').select(['version', 'status', 'gross_total', 'sent_at']).where('proposal_id', '=', id).orderBy('version').execute(),
    contentHash(ctx.db, v.id),
  ]);
  const editable = editableStatuses.includes(v.status);
  return {
    id: p.id, number: p.number, title: p.title, dealId: p.deal_id, companyId: p.company_id, companyName: company ? companyFullName(company) : p.company_id,
    sellerCompanyId: p.seller_company_id, sellerName: seller ? companyFullName(seller) : p.seller_company_id, currentVersion: p.current_version,
    createdAt: p.created_at, version: v, contentHash: hash, lines,
    needsApproval: lines.some((l) => l.belowFloor),
    approvals: approvals.map((a) => ({ id: a.id, approverId: a.approver_id, approverName: a.approver_name, reason: a.reason, approvedAt: a.approved_at, valid: a.content_hash === hash })),
    blockers: editable ? (await versionChecks(ctx, v, lines, 'sent')).blockers : [],
    versions: versions.map((x) => ({ version: x.version, status: x.status, grossTotal: x.gross_total, sentAt: x.sent_at })),
  };
}
export type ProposalView = Awaited<ReturnType<typeof getProposal>>;

export interface ProposalFilter extends ListQuery { companyId?: string; status?: string; dealId?: string }

function proposalsQuery(ctx: Ctx, f: ProposalFilter) {
  let q = ctx.db.selectFrom('proposal as p')
    .innerJoin('proposal_version as v', (j) => j.onRef('v.proposal_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
    .innerJoin('company as c', 'c.id', 'p.company_id')
    .select(['p.id', 'p.number', 'p.title', 'p.company_id', 'c.name as company_name', 'c.legal_form', 'c.kind', 'v.version', 'v.status', 'v.valid_until', 'v.gross_total', 'p.created_at']);
  if (f.companyId) q = q.where('p.company_id', '=', f.companyId);
  if (f.dealId) q = q.where('p.deal_id', '=', f.dealId);
  if (f.status) q = q.where('v.status', '=', f.status);
  const term = f.q?.trim();
  if (term) {
    const like = containsPattern(term);
    const digits = term.replace(/\D/g, '');
    q = q.where((eb) => eb.or([
      eb(eb.fn('lower', ['p.number']), 'like', like), eb(sql<string>`lower(coalesce(p.title, ''))`, 'like', like), eb(eb.fn('lower', ['c.name']), 'like', like),
      ...(/^\d{1,12}$/.test(term.trim()) ? [eb('p.seq', '=', BigInt(digits))] : []),
    ]));
  }
  return q;
}

type ProposalRowOf = Awaited<ReturnType<ReturnType<typeof proposalsQuery>['execute']>>[number];
const proposalListItem = (r: ProposalRowOf) => ({
  id: r.id, number: r.number, title: r.title, companyId: r.company_id, companyName: companyFullName({ kind: r.kind, legalForm: r.legal_form, name: r.company_name }),
  version: r.version, status: r.status, validUntil: r.valid_until, grossTotal: r.gross_total, createdAt: r.created_at,
});
export type ProposalListItem = ReturnType<typeof proposalListItem>;

/** Proposals, newest first, optionally of one company or in one status (all of them: the company card reads them whole). */
export async function listProposals(ctx: Ctx, opts: ProposalFilter = {}): Promise<ProposalListItem[]> {
  requirePermission(ctx, 'proposal.read');
  return (await proposalsQuery(ctx, opts).orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').execute()).map(proposalListItem);
}

const proposalSorts = {
  columns: { number: 'p.seq', createdAt: 'p.created_at', company: sql`lower(c.name)`, title: sql`lower(p.title)`, status: 'v.status', validUntil: 'v.valid_until', total: 'v.gross_total' },
  default: '-createdAt', tieBreaker: 'p.id',
};

/** The proposals list: search by number, title or client; filters by client, deal and status; sorted and paged on the server. */
export async function pageProposals(ctx: Ctx, f: ProposalFilter): Promise<Page<ProposalListItem>> {
  requirePermission(ctx, 'proposal.read');
  return runPage(proposalsQuery(ctx, f), f, proposalSorts, proposalListItem);
}
