import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, ProposalLineTable, ProposalVersionTable } from '../types.ts';
import type { Component } from '../../domain/catalog/catalog.schemas.ts';
import type { ServiceKind } from '../../domain/catalog/service-kinds.ts';
import type { CostTraceEntry } from '../../domain/pricing/pricing.ts';
import type { ProposalStatus } from '../../domain/quoting/quote.ts';

export const versionFromRow = (r: Selectable<ProposalVersionTable>) => ({
  id: r.id, proposalId: r.proposal_id, version: r.version, status: r.status as ProposalStatus, serviceDate: r.service_date,
  validUntil: r.valid_until, taxMode: r.tax_mode, vatRate: r.vat_rate === null ? null : String(Number(r.vat_rate)),
  monthlyTotal: r.monthly_total, setupTotal: r.setup_total, netTotal: r.net_total, vatTotal: r.vat_total, grossTotal: r.gross_total,
  snapshot: r.snapshot as Record<string, unknown> | null, sentHash: r.sent_hash, sentAt: r.sent_at, decidedAt: r.decided_at,
  createdAt: r.created_at, updatedAt: r.updated_at,
});
export type VersionRow = ReturnType<typeof versionFromRow>;

/** A discount or rate as people write it: "5", "12.5" (numeric(5,2) comes back as "5.00"). */
export const trimDecimal = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);

export const lineFromRow = (r: Selectable<ProposalLineTable>) => ({
  id: r.id, versionId: r.version_id, position: r.position, offerId: r.offer_id, siteId: r.site_id, serviceKind: r.service_kind as ServiceKind,
  description: r.description, params: r.params as Record<string, unknown>, components: r.components as Component[], quantity: r.quantity,
  unitPrice: r.unit_price, discountPct: trimDecimal(r.discount_pct), setupFee: r.setup_fee, unitCost: r.unit_cost,
  unitFloor: r.unit_floor, costTrace: r.cost_trace as CostTraceEntry[], formulaVersion: r.formula_version, feasibilityAnswerId: r.feasibility_answer_id,
});
export type LineRow = ReturnType<typeof lineFromRow>;

export async function findVersion(db: Kysely<DB>, proposalId: string, version?: number, forUpdate = false) {
  let q = db.selectFrom('proposal_version').selectAll().where('proposal_id', '=', proposalId);
  q = version === undefined
    ? q.where('version', '=', (eb) => eb.selectFrom('proposal').select('current_version').where('id', '=', proposalId))
    : q.where('version', '=', version);
  if (forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? versionFromRow(r) : undefined;
}

export async function findLines(db: Kysely<DB>, versionId: string): Promise<LineRow[]> {
  return (await db.selectFrom('proposal_line').selectAll().where('version_id', '=', versionId).orderBy('position').execute()).map(lineFromRow);
}

/** The content hash an approval binds to, computed by the database (the same function its guard uses). */
export async function contentHash(db: Kysely<DB>, versionId: string): Promise<string> {
  const r = await sql<{ h: string }>`SELECT proposal_version_hash(${versionId}) AS h`.execute(db);
  return r.rows[0]!.h;
}

/** Approvals of a version whose hash matches its current content. */
export async function validApprovals(db: Kysely<DB>, versionId: string) {
  return db.selectFrom('proposal_approval').selectAll().where('version_id', '=', versionId)
    .where(sql<boolean>`content_hash = proposal_version_hash(${versionId})`).orderBy('approved_at').execute();
}
