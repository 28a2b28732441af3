import { invoicedRevenue, paidRevenue, type RevenueSource } from '../../db/queries/billing-revenue.ts';
import type { PayLineKind } from '../../db/types.ts';
import { addDays } from '../../domain/billing/billing.ts';
import { AppError } from '../../domain/errors.ts';
import { percentOf, type Kopecks } from '../../domain/money.ts';
import {
  addMonth, averagedTariff, capPenalties, correctableKinds, correctionKey, coverDeductions, monthOf, monthStart, paidByEntitlement, retentionBonus,
  shareOf, splitBonus, statementChanges, tariffOn, type StatementChanges,
} from '../../domain/compensation/pay.ts';
import { addMonths } from '../../domain/dates.ts';
import { partnerTermsOn } from '../crm/partners.ts';
import type { Ctx } from '../context.ts';
import { bonusOwner, handlerOn, loadBook, type BookClient } from './book.ts';
import { planOfMonth, type PlanOfMonth } from './plans.ts';

/**
 * A line of a pay statement. `key` names the entitlement it pays (a bonus part of a client, a month's
 * retention, a deduction): an approved statement records it, and a key is paid once per manager. Lines that
 * are not payable yet (`waiting`) or never (`not_paid`) carry zero and say why.
 */
export interface PayLine {
  key: string;
  kind: PayLineKind;
  dueMonth: string;
  companyId: string | null;
  companyName: string | null;
  amount: Kopecks;
  status: 'due' | 'waiting' | 'not_paid';
  /** Message key and parameters explaining the figure in the reader's language. */
  note: { key: string; params: Record<string, string | number> };
  /** Where the figure comes from: tariffs and months averaged, invoices, payments, entries. */
  sources: Record<string, unknown>;
}

export interface PayStatement {
  userId: string;
  userName: string;
  month: string;
  plan: { id: string; name: string; versionId: string; terms: PlanOfMonth['terms'] } | null;
  lines: PayLine[];
  total: Kopecks;
  /** Deductions the month's acquisition bonuses could not cover; approval moves them to the next month. */
  carried: Kopecks;
  approved: { at: Date; by: string } | null;
  /** Against the manager's previous approved statement; null when there is none. */
  changes: StatementChanges | null;
}

const lineOrder: PayLineKind[] = ['base', 'management', 'acquisition', 'handling', 'retention', 'deduction', 'penalty'];
const k = (n: bigint) => n.toString();

/**
 * What a manager earns for a month: computed from the sources, or as approved when it was. `book` lets a
 * caller computing many statements load the clients once.
 */
export async function computeStatement(ctx: Ctx, userId: string, month: string, book?: BookClient[]): Promise<PayStatement> {
  const st = await statementOf(ctx, userId, month, book);
  return { ...st, changes: await changesSincePrevious(ctx, st) };
}

/** The statement's lines and total without the comparison with the previous one (summaries, approval). */
export async function statementOf(ctx: Ctx, userId: string, month: string, preloaded?: BookClient[]): Promise<Omit<PayStatement, 'changes'>> {
  const user = await ctx.db.selectFrom('app_user').select(['id', 'full_name']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AppError('not_found', 'e.notFound', { entity: 'user', id: userId });
  const approved = await ctx.db.selectFrom('pay_statement').selectAll().where('user_id', '=', userId).where('month', '=', month).executeTakeFirst();
  const plan = await planOfMonth(ctx, userId, month);
  if (approved) return storedStatement(ctx, approved, user.full_name, plan);
  if (!plan) throw new AppError('rule', 'e.pay.noPlan', { name: user.full_name, month });
  const terms = plan.terms;
  const from = monthOf(plan.assignedFrom) > addMonth(month, -24) ? monthOf(plan.assignedFrom) : addMonth(month, -24);

  const [paid, mgmt, reports, deductions, penalties, book] = await Promise.all([
    ctx.db.selectFrom('pay_statement_line').select(['key', 'amount']).where('user_id', '=', userId).execute().then(paidByEntitlement),
    ctx.db.selectFrom('pay_management_bonus').selectAll().where('user_id', '=', userId).where('month', '=', month).executeTakeFirst(),
    ctx.db.selectFrom('pay_report').select('month').where('user_id', '=', userId).execute().then((r) => new Set(r.map((x) => x.month))),
    ctx.db.selectFrom('pay_deduction as d').leftJoin('company as c', 'c.id', 'd.company_id').select(['d.id', 'd.month', 'd.kind', 'd.amount', 'd.company_id', 'c.name', 'd.note'])
      .where('d.user_id', '=', userId).where('d.month', '<=', month).where('d.month', '>=', from).orderBy('d.month').orderBy('d.created_at').execute(),
    ctx.db.selectFrom('pay_penalty as p').innerJoin('company as c', 'c.id', 'p.company_id').select(['p.id', 'p.month', 'p.tariff', 'p.company_id', 'c.name', 'p.reason'])
      .where('p.user_id', '=', userId).where('p.month', '<=', month).where('p.month', '>=', from).orderBy('p.month').orderBy('p.created_at').execute(),
    preloaded ?? loadBook(ctx),
  ]);
  // A partner's terms on a day, asked once per partner and day (retention looks at every client-month).
  const termsCache = new Map<string, ReturnType<typeof partnerTermsOn>>();
  const termsOn = (partnerId: string, day: string) => {
    const key = `${partnerId}:${day}`;
    if (!termsCache.has(key)) termsCache.set(key, partnerTermsOn(ctx, partnerId, day));
    return termsCache.get(key)!;
  };
  const lines: PayLine[] = [];
  // A new entitlement is added as computed; a paid one whose sources changed since gets a correction line.
  const add = (l: PayLine) => {
    const before = paid.get(l.key);
    if (before === undefined) { lines.push(l); return; }
    if (!correctableKinds.includes(l.kind) || l.status === 'waiting' || l.amount === before) return;
    lines.push({
      ...l, key: correctionKey(l.key, month), amount: l.amount - before, status: 'due',
      note: { key: 'pay.note.correction', params: { month: l.dueMonth, paid: k(before), now: k(l.amount) } },
      sources: { ...l.sources, corrects: l.key, paidBefore: k(before), recomputed: k(l.amount) },
    });
  };

  add({ key: `base:${month}`, kind: 'base', dueMonth: month, companyId: null, companyName: null, amount: terms.baseSalary, status: 'due',
    note: { key: 'pay.note.base', params: { plan: plan.planName } }, sources: { planVersion: plan.versionId } });
  if (mgmt) {
    add({ key: `management:${month}`, kind: 'management', dueMonth: month, companyId: null, companyName: null, amount: mgmt.amount, status: 'due',
      note: { key: 'pay.note.management', params: { comment: mgmt.comment } }, sources: { decidedBy: mgmt.decided_by, cap: k(terms.managementBonusCap) } });
  }

  // Acquisition and handling bonuses: the first part in the client's first month, the rest after the deferral.
  for (const c of book) {
    const owner = bonusOwner(c);
    if (!owner || owner.userId !== userId) continue;
    const startMonth = monthOf(c.start);
    if (startMonth > month) continue;
    const rate = owner.kind === 'acquisition' ? terms.acquisitionRate : terms.handlingRate;
    const deferEnd = addMonths(c.start, terms.deferralMonths);
    const startTariff = tariffOn(c.segments, c.start);
    const average = averagedTariff(c.segments, c.start, deferEnd);
    const parts = splitBonus(rate, startTariff, average, terms);
    const waits = (due: string) => owner.kind === 'acquisition' && !reports.has(due);
    const base = { kind: owner.kind, companyId: c.companyId, companyName: c.companyName };
    if (startMonth >= from) add({
      ...base, key: `${owner.kind}:${c.companyId}:1`, dueMonth: startMonth, amount: waits(startMonth) ? 0n : parts.first, status: waits(startMonth) ? 'waiting' : 'due',
      note: waits(startMonth)
        ? { key: 'pay.note.waitsReport', params: { month: startMonth } }
        : { key: 'pay.note.firstPart', params: { rate, tariff: k(startTariff), num: terms.firstPartNum, den: terms.firstPartDen } },
      sources: { start: c.start, tariff: k(startTariff), rate, dealId: c.dealId, origin: c.origin, segments: c.segments.map((s) => ({ ...s, amount: k(s.amount) })) },
    });
    const secondDue = monthOf(deferEnd);
    if (terms.deferralMonths > 0 && secondDue <= month && secondDue >= from) {
      const left = c.endedOn !== null && c.endedOn < addDays(deferEnd, -1);
      const notPaid = left && !terms.payDeferredIfClosedEarly;
      const wait = !notPaid && waits(startMonth);
      add({
        ...base, key: `${owner.kind}:${c.companyId}:2`, dueMonth: secondDue, amount: notPaid || wait ? 0n : parts.second,
        status: notPaid ? 'not_paid' : wait ? 'waiting' : 'due',
        note: notPaid
          ? { key: 'pay.note.leftEarly', params: { date: c.endedOn! } }
          : wait ? { key: 'pay.note.waitsReport', params: { month: startMonth } }
            : { key: 'pay.note.secondPart', params: { rate, average: k(average), first: k(parts.first), from: c.start, to: addDays(deferEnd, -1) } },
        sources: { averagedFrom: c.start, averagedTo: addDays(deferEnd, -1), averaged: k(average), first: k(parts.first), total: k(parts.total), rate },
      });
    }
  }

  // Retention: each month after the client's first months, a share of its revenue less agreed agent fees.
  const retentionMonths: { c: BookClient; m: string }[] = [];
  for (const c of book) {
    const firstMonth = monthOf(addMonths(c.start, terms.deferralMonths));
    const earliest = firstMonth > from ? firstMonth : from;
    for (let m = earliest; m <= month; m = addMonth(m, 1)) {
      if (handlerOn(c, monthStart(m)) === userId) retentionMonths.push({ c, m });
    }
  }
  if (retentionMonths.length > 0) {
    const ids = [...new Set(retentionMonths.map((r) => r.c.companyId))];
    const months = [...new Set(retentionMonths.map((r) => r.m))];
    const revenue = terms.revenueBasis === 'paid' ? await paidRevenue(ctx.db, ids, months) : await invoicedRevenue(ctx.db, ids, months);
    const byKey = new Map<string, RevenueSource[]>();
    for (const r of revenue) byKey.set(`${r.clientId}:${r.month}`, [...(byKey.get(`${r.clientId}:${r.month}`) ?? []), r]);
    for (const { c, m } of retentionMonths) {
      const refs = byKey.get(`${c.companyId}:${m}`) ?? [];
      const net = refs.reduce((s, r) => s + r.net, 0n);
      const terms2 = c.partnerId ? await termsOn(c.partnerId, monthStart(m)) : null;
      const fees = terms2?.agentFeePercent && net > 0n ? percentOf(net, terms2.agentFeePercent) : 0n;
      const amount = retentionBonus(terms.retentionRate, net, fees);
      if (net === 0n && !paid.has(`retention:${c.companyId}:${m}`)) continue;
      add({
        key: `retention:${c.companyId}:${m}`, kind: 'retention', dueMonth: m, companyId: c.companyId, companyName: c.companyName, amount, status: 'due',
        note: { key: fees > 0n ? 'pay.note.retentionFees' : 'pay.note.retention', params: { rate: terms.retentionRate, revenue: k(net), fees: k(fees), month: m } },
        sources: { basis: terms.revenueBasis, revenue: k(net), agentFees: k(fees), agentFeePercent: terms2?.agentFeePercent ?? null, documents: refs.map((r) => r.ref) },
      });
    }
  }

  // Deductions (ad spend, partner bonuses, carried remainders) come out of the acquisition bonuses due now.
  const partnerFees: PayLine[] = [];
  for (const l of lines) {
    if (l.kind !== 'acquisition' || l.status !== 'due' || !l.key.endsWith(':1')) continue;
    const c = book.find((b) => b.companyId === l.companyId)!;
    if (!c.partnerId) continue;
    const pt = await termsOn(c.partnerId, c.start);
    if (pt?.agentFeeFixed) {
      partnerFees.push({ key: `partner_fee:${c.companyId}`, kind: 'deduction', dueMonth: l.dueMonth, companyId: c.companyId, companyName: c.companyName,
        amount: pt.agentFeeFixed, status: 'due', note: { key: 'pay.note.partnerFee', params: { agreement: pt.number ?? '' } }, sources: { partnerAgreement: pt.id } });
    }
  }
  const wanted = [
    ...deductions.map((d): PayLine => ({
      key: `deduction:${d.id}`, kind: 'deduction', dueMonth: d.month, companyId: d.company_id, companyName: d.name, amount: d.amount, status: 'due',
      note: { key: `pay.note.deduction.${d.kind}`, params: { note: d.note } }, sources: { entry: d.id },
    })),
    ...partnerFees,
  ].filter((d) => !paid.has(d.key));
  const acquisition = lines.filter((l) => l.kind === 'acquisition').reduce((s, l) => s + l.amount, 0n);
  const asked = wanted.reduce((s, d) => s + d.amount, 0n);
  const { covered, carried } = coverDeductions(acquisition, asked);
  let room = covered;
  for (const d of wanted) {
    const take = d.amount < room ? d.amount : room;
    room -= take;
    lines.push({ ...d, amount: -take, sources: { ...d.sources, asked: k(d.amount), covered: k(take) } });
  }

  // Penalties take only from the bonuses of this statement.
  const bonuses = lines.filter((l) => l.kind !== 'base').reduce((s, l) => s + l.amount, 0n);
  const penaltyAmounts = penalties.map((p) => shareOf(p.tariff, terms.acquisitionRate));
  const taken = capPenalties(bonuses, penaltyAmounts);
  penalties.forEach((p, i) => {
    add({
      key: `penalty:${p.id}`, kind: 'penalty', dueMonth: p.month, companyId: p.company_id, companyName: p.name, amount: -taken[i]!, status: 'due',
      note: { key: taken[i]! < penaltyAmounts[i]! ? 'pay.note.penaltyCapped' : 'pay.note.penalty', params: { reason: p.reason, full: k(penaltyAmounts[i]!) } },
      sources: { penalty: p.id, tariff: k(p.tariff), rate: terms.acquisitionRate, full: k(penaltyAmounts[i]!) },
    });
  });

  lines.sort((a, b) => lineOrder.indexOf(a.kind) - lineOrder.indexOf(b.kind) || a.dueMonth.localeCompare(b.dueMonth) || (a.companyName ?? '').localeCompare(b.companyName ?? ''));
  const total = lines.reduce((s, l) => s + l.amount, 0n);
  return { userId, userName: user.full_name, month, plan: { id: plan.planId, name: plan.planName, versionId: plan.versionId, terms }, lines, total, carried, approved: null };
}

/** What changed since the manager's previous approved statement (null before the first one). */
async function changesSincePrevious(ctx: Ctx, st: Omit<PayStatement, 'changes'>): Promise<StatementChanges | null> {
  const prev = await ctx.db.selectFrom('pay_statement as s').select(['s.id', 's.month']).where('s.user_id', '=', st.userId).where('s.month', '<', st.month)
    .orderBy('s.month', 'desc').limit(1).executeTakeFirst();
  if (!prev) return null;
  const rows = await ctx.db.selectFrom('pay_statement_line as l').leftJoin('company as c', 'c.id', 'l.company_id')
    .select(['l.key', 'l.kind', 'l.company_id', 'c.name', 'l.amount']).where('l.statement_id', '=', prev.id).execute();
  return statementChanges(prev.month, rows.map((r) => ({ key: r.key, kind: r.kind, companyId: r.company_id, companyName: r.name, amount: r.amount })), st.lines, lineOrder);
}

async function storedStatement(ctx: Ctx, s: { id: string; month: string; user_id: string; total: bigint; approved_at: Date; approved_by_name: string }, userName: string, plan: PlanOfMonth | null): Promise<Omit<PayStatement, 'changes'>> {
  const rows = await ctx.db.selectFrom('pay_statement_line as l').leftJoin('company as c', 'c.id', 'l.company_id')
    .select(['l.key', 'l.kind', 'l.due_month', 'l.company_id', 'c.name', 'l.amount', 'l.sources']).where('l.statement_id', '=', s.id).orderBy('l.id').execute();
  const lines = rows.map((r): PayLine => {
    const src = (r.sources ?? {}) as { note?: PayLine['note']; status?: PayLine['status']; sources?: Record<string, unknown> };
    return { key: r.key, kind: r.kind, dueMonth: r.due_month, companyId: r.company_id, companyName: r.name, amount: r.amount,
      status: src.status ?? 'due', note: src.note ?? { key: `pay.kind.${r.kind}`, params: {} }, sources: src.sources ?? {} };
  });
  const carried = await ctx.db.selectFrom('pay_deduction').select('amount').where('user_id', '=', s.user_id).where('month', '=', addMonth(s.month, 1))
    .where('kind', '=', 'carried').executeTakeFirst();
  return {
    userId: s.user_id, userName, month: s.month, plan: plan ? { id: plan.planId, name: plan.planName, versionId: plan.versionId, terms: plan.terms } : null,
    lines, total: s.total, carried: carried?.amount ?? 0n, approved: { at: s.approved_at, by: s.approved_by_name },
  };
}
