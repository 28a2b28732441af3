import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { changeTariff, closeService } from '../../src/app/billing/changes.ts';
import { listInvoices } from '../../src/app/billing/invoices.ts';
import { recordPayment } from '../../src/app/billing/payments.ts';
import { createPartnerAgreement } from '../../src/app/crm/partners.ts';
import { makeCtx, type Ctx } from '../../src/app/context.ts';
import { approveStatement } from '../../src/app/compensation/approve.ts';
import { acceptReport, addDeduction, addPenalty, handOver, setAttribution, setManagementBonus } from '../../src/app/compensation/inputs.ts';
import { assignPlan, createPlan } from '../../src/app/compensation/plans.ts';
import { payrollSummary, viewStatement } from '../../src/app/compensation/reports.ts';
import { computeStatement } from '../../src/app/compensation/statement.ts';
import { setOwnEntity } from '../../src/app/reference/own-entities.ts';
import type { Database } from '../../src/db/connect.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, freshDatabase, onPostgres } from '../helpers/db.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { aService } from '../billing/helpers.ts';

const at = <T extends Ctx>(c: T, iso: string): T => ({ ...c, now: () => new Date(iso) });
const planVersion = (over: Record<string, unknown> = {}) => ({
  validFrom: '2026-01-01', baseSalary: '50 000', managementBonusCap: '10 000', acquisitionRate: '50', handlingRate: '20', retentionRate: '5',
  firstPartNum: 1, firstPartDen: 3, deferralMonths: 3, revenueBasis: 'invoiced', ...over,
});

describe(`payroll (${engineName})`, () => {
  let d: Database;
  let mgmt: Ctx;
  let acc: Ctx;
  let sellerId: string;
  beforeAll(async () => {
    // Billing runs bill every service in the database: this file keeps its own.
    d = await freshDatabase();
    mgmt = at(await ctxAs(d.db, 'management'), '2026-12-15T09:00:00Z');
    acc = at(await ctxAs(d.db, 'accounting'), '2026-12-15T09:00:00Z');
    const seller = await aCompany(makeCtx(d.db), { roles: ['own'] });
    await setOwnEntity(makeCtx(d.db), { companyId: seller.id, taxMode: 'osn', isDefault: true });
    sellerId = seller.id;
  });
  afterAll(async () => { await d.close(); });

  async function aManager(planOver: Record<string, unknown> = {}, from = '2026-11-01') {
    const m = await ctxAs(d.db, 'manager');
    const plan = await createPlan(mgmt, { name: `План ${m.userId}`, version: planVersion(planOver) });
    await assignPlan(mgmt, { userId: m.userId, planId: plan.id, validFrom: from });
    return { ...at(m, '2026-12-15T09:00:00Z'), planId: plan.id };
  }
  async function aClientOf(managerId: string, broughtBy: 'manager' | 'other', monthly: number, startDate: string) {
    const c = await aCompany(makeCtx(d.db), { roles: ['client'] });
    const s = await aService(acc, c.id, sellerId, { monthlyPrice: monthly, startDate });
    await setAttribution(mgmt, c.id, broughtBy === 'manager'
      ? { broughtBy, acquiredBy: managerId, handledBy: managerId, note: 'нашёл сам' }
      : { broughtBy, handledBy: managerId, note: 'входящий звонок' });
    return { company: c, service: s };
  }

  it("reproduces the company's worked example: 113 000 ₽", async () => {
    // The text's simplification: everything counted in one month, so the first part is the whole bonus;
    // its example uses 3 % for retention.
    const m = await aManager({ retentionRate: '3', firstPartNum: 1, firstPartDen: 1 });
    for (let i = 0; i < 10; i++) await aClientOf(m.userId, 'manager', 1_000_000, '2026-11-01');
    // The earlier book: 500 000 ₽ a month of services from clients past their first three months.
    for (let i = 0; i < 5; i++) await aClientOf(m.userId, 'other', 10_000_000, '2026-06-01');
    await runBilling(acc, { period: '2026-11' });
    await acceptReport(mgmt, { userId: m.userId, month: '2026-11' });
    await addDeduction(mgmt, { userId: m.userId, month: '2026-11', kind: 'ad_spend', amount: '10 000', note: 'онлайн-реклама' });
    await addDeduction(mgmt, { userId: m.userId, month: '2026-11', kind: 'ad_spend', amount: '2 000', note: 'объявления в печати' });
    await setManagementBonus(mgmt, { userId: m.userId, month: '2026-11', amount: '10 000', comment: 'без ошибок' });

    const s = await viewStatement(m, m.userId, '2026-11');
    const sum = (kind: string) => s.lines.filter((l) => l.kind === kind).reduce((a, l) => a + l.amount, 0n);
    expect(sum('base')).toBe(5_000_000n);
    expect(sum('management')).toBe(1_000_000n);
    expect(sum('acquisition')).toBe(5_000_000n); // 10 × 10 000 × 50 %
    expect(sum('deduction')).toBe(-1_200_000n); // 10 000 + 2 000
    expect(sum('retention')).toBe(1_500_000n); // 500 000 × 3 %
    expect(sum('handling')).toBe(0n);
    expect(s.total).toBe(11_300_000n);
    expect(s.lines.reduce((a, l) => a + l.amount, 0n)).toBe(s.total);
    // Every retention line names the invoice it came from.
    for (const l of s.lines.filter((x) => x.kind === 'retention')) expect((l.sources.documents as unknown[]).length).toBeGreaterThan(0);
  });

  it('pays a third in the first month and the rest after three months on the averaged tariff, once', async () => {
    const m = await aManager();
    const { company, service } = await aClientOf(m.userId, 'manager', 3_000_000, '2026-08-01');
    await acceptReport(mgmt, { userId: m.userId, month: '2026-08' });
    // The tariff rises in the second month: the deferred part uses the average by days.
    await changeTariff(acc, service.id, { date: '2026-09-01', monthlyPrice: '60 000', quantity: 1, reason: 'апгрейд' });
    const s8 = await computeStatement(mgmt, m.userId, '2026-11');
    const parts = s8.lines.filter((l) => l.companyId === company.id);
    // The plan of this manager starts in November: the first part (due in August) is out of its reach.
    expect(parts.map((l) => l.key)).toEqual([`acquisition:${company.id}:2`]);
    // Aug 31 d × 30 000 + Sep 30 d × 60 000 + Oct 31 d × 60 000 over 92 days; 50 % of it, minus the first part
    const avg = (31n * 3_000_000n + 61n * 6_000_000n + 46n) / 92n;
    const first = (3_000_000n * 50n + 150n) / 300n;
    expect(parts[0]!.amount).toBe((avg * 50n + 50n) / 100n - first);
  });

  it('keeps the acquisition bonus waiting until the report is accepted, then pays it once', async () => {
    const m = await aManager();
    const { company } = await aClientOf(m.userId, 'manager', 1_200_000, '2026-11-01');
    let s = await computeStatement(mgmt, m.userId, '2026-11');
    const line = s.lines.find((l) => l.companyId === company.id)!;
    expect(line.status).toBe('waiting');
    expect(line.amount).toBe(0n);
    await approveStatement(mgmt, m.userId, '2026-11');
    await acceptReport(mgmt, { userId: m.userId, month: '2026-11' });
    s = await computeStatement(mgmt, m.userId, '2026-12');
    const paid = s.lines.find((l) => l.companyId === company.id)!;
    expect(paid).toMatchObject({ status: 'due', dueMonth: '2026-11', amount: 200_000n }); // 1/3 of 50 % of 12 000
    await approveStatement(mgmt, m.userId, '2026-12');
    const again = await computeStatement(mgmt, m.userId, '2026-12');
    expect(again.approved).not.toBeNull();
    // Nothing is paid twice: the key is recorded, and the database refuses a second row with it.
    const before = await d.db.selectFrom('pay_statement_line').select('statement_id').where('key', '=', `acquisition:${company.id}:1`).executeTakeFirstOrThrow();
    await expect(sql`INSERT INTO pay_statement_line (statement_id, user_id, key, kind, due_month, amount) VALUES (${before.statement_id}, ${m.userId}, ${`acquisition:${company.id}:1`}, 'acquisition', '2026-11', 1)`.execute(d.db))
      .rejects.toMatchObject({ code: '23505' });
  });

  it('does not pay the deferred part for a client who left before three months, and says why', async () => {
    const m = await aManager({}, '2026-09-01');
    const { company, service } = await aClientOf(m.userId, 'other', 900_000, '2026-09-01');
    await closeService(acc, service.id, { lastDay: '2026-10-15', reasonCode: 'moved_to_cloud', note: 'ушёл в облако' });
    const s = await computeStatement(mgmt, m.userId, '2026-12');
    const lines = s.lines.filter((l) => l.companyId === company.id);
    expect(lines.find((l) => l.key.endsWith(':1'))).toMatchObject({ kind: 'handling', amount: 60_000n, status: 'due' }); // 1/3 of 20 % of 9 000
    expect(lines.find((l) => l.key.endsWith(':2'))).toMatchObject({ status: 'not_paid', amount: 0n, note: { key: 'pay.note.leftEarly' } });
  });

  it('corrects a paid bonus in the next open statement when its source changes after approval, and only once', async () => {
    const m = await aManager({}, '2026-06-01');
    const { company, service } = await aClientOf(m.userId, 'other', 2_000_000, '2026-05-01');
    await runBilling(acc, { period: '2026-10' });
    const oct = await approveStatement(mgmt, m.userId, '2026-10');
    expect(oct.lines.find((l) => l.key === `retention:${company.id}:2026-10`)!.amount).toBe(100_000n); // 5 % of 20 000
    // A tariff change from 16.10 is entered in December: October is corrected by a УКД; the approved October stays.
    await changeTariff(acc, service.id, { date: '2026-10-16', monthlyPrice: '40 000', quantity: 1, reason: 'цена по подписанному договору' });
    expect((await computeStatement(mgmt, m.userId, '2026-10')).total).toBe(oct.total);
    const nov = await computeStatement(mgmt, m.userId, '2026-11');
    const corr = nov.lines.find((l) => l.key === `retention:${company.id}:2026-10@2026-11`)!;
    const revenue = BigInt(corr.sources.revenue as string);
    expect(revenue).toBeGreaterThan(2_000_000n);
    expect(corr).toMatchObject({ kind: 'retention', dueMonth: '2026-10', amount: (revenue * 5n + 50n) / 100n - 100_000n, note: { key: 'pay.note.correction' } });
    expect(corr.sources).toMatchObject({ corrects: `retention:${company.id}:2026-10`, paidBefore: '100000' });
    expect(nov.total).toBe(nov.lines.reduce((a, l) => a + l.amount, 0n));
    expect(nov.changes).toMatchObject({ previousMonth: '2026-10', previousTotal: oct.total, newClients: [], goneClients: [] });
    expect(nov.changes!.corrections.map((c) => c.key)).toEqual([corr.key]);
    await approveStatement(mgmt, m.userId, '2026-11');
    // Paid with its correction: December has nothing more to correct for October.
    const dec = await computeStatement(mgmt, m.userId, '2026-12');
    expect(dec.lines.filter((l) => l.key.startsWith(`retention:${company.id}:2026-10`))).toEqual([]);
    expect(dec.changes!.previousMonth).toBe('2026-11');
  });

  it('takes penalties only within the bonuses of the month; a line never drives the statement below the base', async () => {
    const m = await aManager();
    const { company } = await aClientOf(m.userId, 'other', 1_500_000, '2026-11-01');
    await addPenalty(mgmt, { userId: m.userId, month: '2026-11', companyId: company.id, reason: 'сорвал срок подключения' });
    const s = await computeStatement(mgmt, m.userId, '2026-11');
    const handling = s.lines.find((l) => l.kind === 'handling')!.amount; // 1/3 of 20 % of 15 000 = 1 000
    const penalty = s.lines.find((l) => l.kind === 'penalty')!;
    expect(handling).toBe(100_000n);
    expect(penalty.amount).toBe(-100_000n); // the full penalty is 50 % of 15 000 = 7 500, capped at the bonuses
    expect(penalty.note.key).toBe('pay.note.penaltyCapped');
    expect(s.total).toBe(5_000_000n);
  });

  it('moves what the acquisition bonus cannot cover to the next month', async () => {
    const m = await aManager();
    await aClientOf(m.userId, 'manager', 600_000, '2026-11-01');
    await acceptReport(mgmt, { userId: m.userId, month: '2026-11' });
    await addDeduction(mgmt, { userId: m.userId, month: '2026-11', kind: 'ad_spend', amount: '2 500', note: 'Яндекс Директ' });
    const s = await approveStatement(mgmt, m.userId, '2026-11');
    expect(s.lines.find((l) => l.kind === 'deduction')!.amount).toBe(-100_000n); // covered by 1/3 of 50 % of 6 000
    expect(s.carried).toBe(150_000n);
    const next = await computeStatement(mgmt, m.userId, '2026-12');
    expect(next.lines.find((l) => l.kind === 'deduction')).toMatchObject({ amount: 0n, dueMonth: '2026-12' });
    expect(next.carried).toBe(150_000n);
  });

  it('pays retention to whoever handles the client that month (handover)', async () => {
    const a = await aManager({}, '2026-06-01');
    const b = await aManager({}, '2026-06-01');
    const { company } = await aClientOf(a.userId, 'other', 2_000_000, '2026-06-01');
    await runBilling(acc, { period: '2026-10' });
    await handOver(mgmt, company.id, { toUserId: b.userId, fromDate: '2026-10-01', reason: 'отпуск по уходу' });
    const sa = await computeStatement(mgmt, a.userId, '2026-10');
    const sb = await computeStatement(mgmt, b.userId, '2026-10');
    expect(sa.lines.some((l) => l.kind === 'retention' && l.companyId === company.id)).toBe(false);
    expect(sb.lines.find((l) => l.kind === 'retention' && l.companyId === company.id)!.amount).toBe(100_000n); // 5 % of 20 000
  });

  it('counts paid revenue for retention (a part-payment, net share), less the partner\'s agent fee; a fixed partner fee comes out of the acquisition bonus', async () => {
    const m = await aManager({ revenueBasis: 'paid' }, '2026-10-01');
    const partnerPct = await aCompany(makeCtx(d.db), { roles: ['partner'] });
    await createPartnerAgreement(mgmt, partnerPct.id, { agentFeePercent: '10', validFrom: '2026-01-01' });
    const partnerFix = await aCompany(makeCtx(d.db), { roles: ['partner'] });
    await createPartnerAgreement(mgmt, partnerFix.id, { agentFeeFixed: '1 500', validFrom: '2026-01-01' });
    const old = await aClientOf(m.userId, 'other', 4_000_000, '2026-05-01');
    await setAttribution(mgmt, old.company.id, { broughtBy: 'other', handledBy: m.userId, partnerId: partnerPct.id, note: 'через агента' });
    const fresh = await aClientOf(m.userId, 'manager', 1_800_000, '2026-10-01');
    await setAttribution(mgmt, fresh.company.id, { broughtBy: 'manager', acquiredBy: m.userId, handledBy: m.userId, partnerId: partnerFix.id, note: 'через веб-студию' });
    await acceptReport(mgmt, { userId: m.userId, month: '2026-10' });
    await runBilling(acc, { period: '2026-10' });
    const [inv] = await listInvoices(acc, { clientId: old.company.id });
    // Half of the invoice is paid in October.
    await recordPayment(acc, { clientId: old.company.id, amount: Number(inv!.total) / 2, paidOn: '2026-10-20', invoiceId: inv!.id, docNumber: '77' });
    const s = await computeStatement(mgmt, m.userId, '2026-10');
    const ret = s.lines.find((l) => l.kind === 'retention' && l.companyId === old.company.id)!;
    // net share of the half payment: 20 000; agent fee 10 % = 2 000; retention 5 % of 18 000 = 900
    expect(ret.amount).toBe(90_000n);
    expect(ret.sources).toMatchObject({ basis: 'paid', revenue: '2000000', agentFees: '200000' });
    expect((ret.sources.documents as { kind: string; number: string }[])[0]).toMatchObject({ kind: 'payment', number: '77' });
    const acq = s.lines.find((l) => l.kind === 'acquisition' && l.companyId === fresh.company.id)!;
    expect(acq.amount).toBe(300_000n); // 1/3 of 50 % of 18 000
    const fee = s.lines.find((l) => l.key === `partner_fee:${fresh.company.id}`)!;
    expect(fee.amount).toBe(-150_000n);
    expect(s.total).toBe(5_000_000n + 90_000n + 300_000n - 150_000n);
  });

  it('refuses a management bonus over the cap, in the app and in the database', async () => {
    const m = await aManager();
    await expect(setManagementBonus(mgmt, { userId: m.userId, month: '2026-11', amount: '10 000,01', comment: 'x' })).rejects.toMatchObject({ key: 'e.pay.overCap' });
    await expect(sql`INSERT INTO pay_management_bonus (user_id, month, amount, comment) VALUES (${m.userId}, '2026-11', 1000001, 'в обход')`.execute(d.db))
      .rejects.toMatchObject({ code: 'RD702' });
  });

  it('locks an approved statement: no SQL update or delete, no inputs for that month, total = lines', async () => {
    const m = await aManager();
    const s = await approveStatement(mgmt, m.userId, '2026-11');
    expect(s.total).toBe(5_000_000n);
    await expect(sql`UPDATE pay_statement_line SET amount = amount + 1 WHERE user_id = ${m.userId}`.execute(d.db)).rejects.toThrow(/cannot|append-only|изменить|forbid/i);
    await expect(sql`DELETE FROM pay_statement WHERE user_id = ${m.userId}`.execute(d.db)).rejects.toThrow(/cannot|append-only|изменить|forbid/i);
    await expect(setManagementBonus(mgmt, { userId: m.userId, month: '2026-11', amount: '1 000', comment: 'поздно' })).rejects.toMatchObject({ key: 'e.pay.monthApproved' });
    await expect(d.db.transaction().execute(async (tx) => {
      await sql`INSERT INTO pay_statement (id, user_id, month, total, approved_by_name) VALUES ('pst_bad', ${m.userId}, '2026-10', 999, 'x')`.execute(tx);
    })).rejects.toMatchObject({ code: 'RD700' });
  });

  it('a manager sees only their own statement; only management approves', async () => {
    const m = await aManager();
    const other = await aManager();
    await expect(viewStatement(m, other.userId, '2026-11')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(approveStatement(m, m.userId, '2026-11')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(approveStatement(acc, m.userId, '2026-11')).rejects.toMatchObject({ code: 'forbidden' });
    expect((await viewStatement(acc, m.userId, '2026-11')).total).toBe(5_000_000n);
    const summary = await payrollSummary(acc, '2026-11');
    expect(summary.rows.find((r) => r.userId === m.userId)!.total).toBe(5_000_000n);
  });

  it.runIf(onPostgres)('two approvals of the same month at once: exactly one wins', async () => {
    const m = await aManager();
    const r = await Promise.allSettled(Array.from({ length: 6 }, () => approveStatement(mgmt, m.userId, '2026-11')));
    expect(r.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    for (const x of r) if (x.status === 'rejected') expect(x.reason).toBeInstanceOf(AppError);
    expect(await d.db.selectFrom('pay_statement').select('id').where('user_id', '=', m.userId).execute()).toHaveLength(1);
  });
});
