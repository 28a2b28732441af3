import { repriceLine } from '../../domain/pricing/pricing.ts';
import { versionBlockers, type Blocker, type SendFacts, type SendRule } from '../../domain/quoting/send-rules.ts';
import { findCurrentFormula, findLinesInForce } from '../../db/queries/pricing.ts';
import { validApprovals, type LineRow, type VersionRow } from '../../db/queries/quoting.ts';
import { todayOf, type Ctx } from '../context.ts';
import { explainFeasibilityGap } from '../feasibility/explain-gap.ts';
import { feasibilityBackings, type LineBacking } from './feasibility-gate.ts';

/** A line with what the decider needs from its money (see `linesWithMoney`). */
export type CheckedLine = LineRow & { belowFloor: boolean };

/**
 * Rules that need facts of their own, beyond what `SendFacts` carries: each gathers its facts here and
 * returns a `SendRule` closing over them; `versionBlockers` runs them after the built-in rules.
 */
async function extraRules(_ctx: Ctx, _v: VersionRow, _lines: readonly CheckedLine[]): Promise<SendRule[]> {
  return [];
}

/**
 * Gathers the facts about a version and asks the one decider (`versionBlockers`) whether it may go out.
 * For `sent` it also returns the feasibility answer backing each line, which sending records; with
 * `repricing` it compares the lines with today's supplier prices (the send path does, the card does not).
 */
export async function versionChecks(
  ctx: Ctx, v: VersionRow, lines: readonly CheckedLine[], to: 'sent' | 'accepted', opts: { repricing?: boolean } = {},
): Promise<{ blockers: Blocker[]; backings: LineBacking[] }> {
  const anyBelow = lines.some((l) => l.belowFloor);
  const facts: SendFacts = {
    to, today: todayOf(ctx), validUntil: v.validUntil,
    lines: lines.map((l) => ({ position: l.position, belowFloor: l.belowFloor })),
    approved: anyBelow && (await validApprovals(ctx.db, v.id)).length > 0,
  };
  let backings: LineBacking[] = [];
  // Each line no answer covers, explained the way a manager can act on it (which parameter, which answer).
  const gaps: Blocker[] = [];
  if (to === 'sent') {
    const companyId = (await ctx.db.selectFrom('proposal').select('company_id').where('id', '=', v.proposalId).executeTakeFirstOrThrow()).company_id;
    backings = await feasibilityBackings(ctx, companyId, lines);
    facts.unbacked = backings.filter((b) => !b.answerId).map((b) => b.position);
    for (const l of lines.filter((x) => facts.unbacked!.includes(x.position))) gaps.push({ ...(await explainFeasibilityGap(ctx, companyId, l)), code: 'rule' });
  }
  if (opts.repricing) {
    const formula = await findCurrentFormula(ctx.db);
    const prices = await findLinesInForce(ctx.db, facts.today, [...new Set(lines.flatMap((l) => l.components.map((c) => c.sku)))]);
    const missingSkus = new Set<string>();
    const stale: number[] = [];
    for (const l of lines) {
      const r = repriceLine(l, prices, formula);
      r.costing.missing.forEach((s) => missingSkus.add(s));
      if (r.changed) stale.push(l.position);
    }
    facts.repricing = { missingSkus: [...missingSkus], stale };
  }
  return { blockers: [...versionBlockers(facts, await extraRules(ctx, v, lines)), ...gaps], backings };
}
