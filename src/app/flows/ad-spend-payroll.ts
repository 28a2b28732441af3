import { parseInput, inTransaction, requirePermission, type Ctx } from '../context.ts';
import { addDeduction } from '../compensation/inputs.ts';
import { lockFreeSpend, markSpendUsed } from '../marketing/spend.ts';
import { SpendUseSchema } from '../../domain/marketing/spend.ts';

const rubles = (k: bigint) => `${k / 100n}.${(k % 100n).toString().padStart(2, '0')}`;

/**
 * A manager chose to use a campaign's spend (for a client): in one transaction the spend becomes an `ad_spend`
 * deduction of that manager's payroll for the spend's month (compensation) and the spend row points at it
 * (marketing). The foreign key `mkt_ad_spend → pay_deduction (id, user, month, amount, kind)` keeps the two equal.
 */
export async function useSpendForPayroll(ctx: Ctx, spendId: string, input: unknown): Promise<{ deductionId: string }> {
  requirePermission(ctx, 'marketing.write');
  requirePermission(ctx, 'payroll.manage');
  const u = parseInput(SpendUseSchema, input);
  return inTransaction(ctx, async (tx) => {
    const s = await lockFreeSpend(tx, spendId);
    const note = `${s.campaign}${s.channel ? ` (${s.channel})` : ''}`;
    const { id } = await addDeduction(tx, { userId: u.userId, month: s.month, kind: 'ad_spend', amount: rubles(s.amount), companyId: u.companyId, note });
    await markSpendUsed(tx, spendId, u.userId, u.companyId, id);
    return { deductionId: id };
  });
}
