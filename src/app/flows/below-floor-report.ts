import type { Component } from '../../domain/catalog/catalog.schemas.ts';
import { companyFullName } from '../../domain/parties/company.ts';
import { costConfiguration } from '../../domain/pricing/pricing.ts';
import { lineMoney, openStatuses } from '../../domain/quoting/quote.ts';
import { findCurrentFormula, findLinesInForce } from '../../db/queries/pricing.ts';
import { lineFromRow } from '../../db/queries/quoting.ts';
import { requirePermission, todayOf, type Ctx } from '../context.ts';
import { listOffers } from '../catalog/catalog.ts';

/**
 * After a supplier raises a price: which offers and which open proposals (draft … sent) are now
 * priced below the floor computed from today's supplier prices and formula.
 */
export async function belowFloorReport(ctx: Ctx) {
  requirePermission(ctx, 'proposal.read');
  const offers = (await listOffers(ctx)).filter((o) => o.belowFloor).map((o) => ({
    id: o.id, code: o.code, name: o.name, published: o.published, monthlyPrice: o.monthlyPrice, unitCost: o.unitCost, unitFloor: o.unitFloor,
  }));
  const rows = await ctx.db.selectFrom('proposal_line as l').innerJoin('proposal_version as v', 'v.id', 'l.version_id')
    .innerJoin('proposal as p', (j) => j.onRef('p.id', '=', 'v.proposal_id').onRef('p.current_version', '=', 'v.version'))
    .innerJoin('company as c', 'c.id', 'p.company_id')
    .selectAll('l').select(['p.id as proposal_id', 'p.number', 'v.status', 'v.version', 'c.name as company_name', 'c.kind', 'c.legal_form'])
    .where('v.status', 'in', [...openStatuses]).execute();
  const formula = await findCurrentFormula(ctx.db);
  const prices = await findLinesInForce(ctx.db, todayOf(ctx), [...new Set(rows.flatMap((r) => (r.components as Component[]).map((c) => c.sku)))]);
  const proposals = [];
  for (const r of rows) {
    const l = lineFromRow(r);
    const c = costConfiguration(l.components, prices, formula);
    if (c.missing.length) continue;
    const m = lineMoney({ ...l, unitCost: c.cost, unitFloor: c.floor });
    if (!m.belowFloor) continue;
    proposals.push({
      proposalId: r.proposal_id, number: r.number, version: r.version, status: r.status,
      companyName: companyFullName({ kind: r.kind, legalForm: r.legal_form, name: r.company_name }),
      position: l.position, description: l.description, unitNet: m.unitNet, floorThen: l.unitFloor, floorNow: c.floor, costNow: c.cost,
    });
  }
  return { onDate: todayOf(ctx), formulaVersion: formula.version, offers, proposals };
}
