import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { addMonth } from '../../domain/compensation/pay.ts';
import { dateInZone } from '../../domain/dates.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, requirePermission, sqlStateOf, type Ctx } from '../context.ts';
import { computeStatement, statementOf, type PayStatement } from './statement.ts';

/**
 * Management approves a manager's statement: its lines are stored and locked, each entitlement is marked paid
 * (a key can be paid once — the database refuses a second, also when two months are approved at once), and
 * what deductions could not take from this month's acquisition bonuses moves to the next month.
 */
export async function approveStatement(ctx: Ctx, userId: string, month: string): Promise<PayStatement> {
  requirePermission(ctx, 'payroll.manage');
  if (month > dateInZone(ctx.now(), ctx.timeZone).slice(0, 7)) throw new AppError('rule', 'e.pay.futureMonth', { month });
  try {
    return await inTransaction(ctx, async (tx) => {
      const st = await statementOf(tx, userId, month);
      if (st.approved) throw new AppError('conflict', 'e.pay.alreadyApproved', { name: st.userName, month });
      const recorded = st.lines.filter((l) => l.status !== 'waiting');
      const id = newId('pst');
      const total = recorded.reduce((s, l) => s + l.amount, 0n);
      await tx.db.insertInto('pay_statement').values({ id, user_id: userId, month, total, approved_by: ctx.actor.id, approved_by_name: ctx.actor.name }).execute();
      if (recorded.length > 0) {
        await tx.db.insertInto('pay_statement_line').values(recorded.map((l) => ({
          statement_id: id, user_id: userId, key: l.key, kind: l.kind, due_month: l.dueMonth, company_id: l.companyId, amount: l.amount,
          sources: JSON.stringify({ status: l.status, note: l.note, sources: l.sources }),
        }))).execute();
      }
      if (st.carried > 0n) {
        await tx.db.insertInto('pay_deduction').values({
          id: newId('pdd'), user_id: userId, month: addMonth(month, 1), kind: 'carried', amount: st.carried, company_id: null,
          note: `перенос из ${month}`, created_by: ctx.actor.id,
        }).execute();
      }
      await writeAudit(tx, { entityType: 'pay_statement', entityId: id, scopeId: userId, action: 'approve', after: { month, total: total.toString(), lines: recorded.length } });
      return computeStatement(tx, userId, month);
    });
  } catch (e) {
    if (sqlStateOf(e) === '23505') throw new AppError('conflict', 'e.pay.alreadyApproved', { name: userId, month });
    throw e;
  }
}

/** Approves every manager's statement of a month who has a plan and no approved statement yet. */
export async function closeMonth(ctx: Ctx, month: string): Promise<{ approved: { userId: string; name: string; total: bigint }[] }> {
  requirePermission(ctx, 'payroll.manage');
  const users = await ctx.db.selectFrom('pay_assignment as a').innerJoin('app_user as u', 'u.id', 'a.user_id')
    .where('a.valid_from', '<=', `${addMonth(month, 1)}-01`).where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>', `${month}-01`)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('pay_statement as s').whereRef('s.user_id', '=', 'a.user_id').where('s.month', '=', month).select('s.id'))))
    .select(['u.id', 'u.full_name']).distinct().orderBy('u.full_name').execute();
  const approved: { userId: string; name: string; total: bigint }[] = [];
  for (const u of users) {
    const st = await approveStatement(ctx, u.id, month);
    approved.push({ userId: u.id, name: u.full_name, total: st.total });
  }
  return { approved };
}
