import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { dateInZone } from '../../domain/dates.ts';
import { kopecksOf, PartnerAgreementSchema } from '../../domain/crm/crm.schemas.ts';
import { agreementFromRow, type PartnerAgreement } from '../../db/queries/crm.ts';
import { findCompany } from '../../db/queries/parties.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx } from '../context.ts';

/** Records a partner's agreement (agent fee % or fixed per client, reseller discount %, term, conditions). */
export async function createPartnerAgreement(ctx: Ctx, partnerId: string, input: unknown): Promise<PartnerAgreement> {
  requirePermission(ctx, 'partner.manage');
  const data = parseInput(PartnerAgreementSchema, input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const p = await findCompany(tx.db, partnerId);
      if (!p) throw new AppError('not_found', 'e.notFound', { entity: 'company', id: partnerId });
      if (!p.roles.includes('partner')) throw new AppError('rule', 'e.crm.notPartner', { name: p.name });
      const row = await tx.db.insertInto('partner_agreement').values({
        id: newId('pa'), partner_id: partnerId, number: data.number, agent_fee_percent: data.agentFeePercent,
        agent_fee_fixed: data.agentFeeFixed === null ? null : kopecksOf(data.agentFeeFixed), reseller_discount_percent: data.resellerDiscountPercent,
        valid_from: data.validFrom, valid_to: data.validTo, conditions: data.conditions,
      }).returningAll().executeTakeFirstOrThrow();
      const a = agreementFromRow(row);
      await writeAudit(tx, { entityType: 'partner_agreement', entityId: a.id, scopeId: partnerId, action: 'create', after: a });
      return a;
    });
  } catch (e) {
    // Exclusion constraint: two agreements in force on the same day (also when created concurrently).
    if (sqlStateOf(e) === '23P01') throw new AppError('conflict', 'e.crm.agreementOverlap', {}, [{ path: 'validFrom', key: 'e.crm.agreementOverlap' }]);
    throw e;
  }
}

/** Every agreement of a partner, newest first. */
export async function listPartnerAgreements(ctx: Ctx, partnerId: string): Promise<PartnerAgreement[]> {
  requirePermission(ctx, 'crm.read');
  const rows = await ctx.db.selectFrom('partner_agreement').selectAll().where('partner_id', '=', partnerId).orderBy('valid_from', 'desc').execute();
  return rows.map(agreementFromRow);
}

/** The terms in force for a partner on a date — what pricing and compensation read. */
export async function partnerTermsOn(ctx: Ctx, partnerId: string, date?: string): Promise<PartnerAgreement | null> {
  const d = date ?? dateInZone(ctx.now(), ctx.timeZone);
  const row = await ctx.db.selectFrom('partner_agreement').selectAll().where('partner_id', '=', partnerId).where('valid_from', '<=', d)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', d)])).executeTakeFirst();
  return row ? agreementFromRow(row) : null;
}

/** Partners with their terms in force today and how many deals (open / won) they brought. */
export async function listPartners(ctx: Ctx) {
  requirePermission(ctx, 'crm.read');
  const today = dateInZone(ctx.now(), ctx.timeZone);
  const rows = await ctx.db.selectFrom('company as c')
    .leftJoin('partner_agreement as a', (j) => j.onRef('a.partner_id', '=', 'c.id').on('a.valid_from', '<=', today)
      .on((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)])))
    .select(['c.id', 'c.name', 'a.id as agreement_id', 'a.agent_fee_percent', 'a.agent_fee_fixed', 'a.reseller_discount_percent', 'a.valid_from', 'a.valid_to'])
    .select((eb) => [
      eb.selectFrom('deal').whereRef('deal.partner_id', '=', 'c.id').where('deal.outcome', '=', 'open').select((e) => e.fn.countAll<string>().as('n')).as('open_deals'),
      eb.selectFrom('deal').whereRef('deal.partner_id', '=', 'c.id').where('deal.outcome', '=', 'won').select((e) => e.fn.countAll<string>().as('n')).as('won_deals'),
    ])
    .where(({ eb, val }) => eb(val('partner'), '=', eb.fn.any('c.roles'))).orderBy('c.name').execute();
  return rows.map((r) => ({
    id: r.id, name: r.name,
    terms: r.agreement_id ? {
      agreementId: r.agreement_id, agentFeePercent: r.agent_fee_percent, agentFeeFixed: r.agent_fee_fixed,
      resellerDiscountPercent: r.reseller_discount_percent, validFrom: r.valid_from, validTo: r.valid_to,
    } : null,
    openDeals: Number(r.open_deals ?? 0), wonDeals: Number(r.won_deals ?? 0),
  }));
}
