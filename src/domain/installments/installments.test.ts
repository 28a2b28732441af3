import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashOutByMonth, customScheduleProblems, debtSummary, equalSchedule, itemMonthly, monthlyDueDate, purposeNamesAgreement, scheduleState } from './installments.ts';

const isoDay = fc.record({ y: fc.integer({ min: 2024, max: 2032 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, d }) => {
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  });
const money = fc.bigInt({ min: 1n, max: 5_000_000_000_00n });

describe('installment schedule', () => {
  it('equal payments add up to the kopeck, differ by at most one kopeck, and come monthly', () => {
    fc.assert(fc.property(money, fc.bigInt({ min: 0n, max: 100_000_000_00n }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 120 }), isoDay,
      (total, fees, downPct, months, first) => {
        const downPayment = (total * BigInt(downPct)) / 100n;
        const s = equalSchedule({ total, fees, downPayment, signedOn: first, firstDueOn: first, months });
        expect(s.reduce((a, e) => a + e.amount, 0n)).toBe(total + fees);
        const regular = s.filter((e) => e.seq > 0).map((e) => e.amount);
        if (regular.length) expect(regular.reduce((a, b) => (a > b ? a : b)) - regular.reduce((a, b) => (a < b ? a : b))).toBeLessThanOrEqual(1n);
        const dates = s.filter((e) => e.seq > 0).map((e) => e.dueOn);
        for (let i = 1; i < dates.length; i++) expect(dates[i]! > dates[i - 1]!).toBe(true);
      }));
  });

  it('month ends stay month ends; other days are clamped in short months and come back', () => {
    expect([0, 1, 2, 3].map((i) => monthlyDueDate('2026-01-31', i))).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
    expect([0, 1, 2].map((i) => monthlyDueDate('2026-01-30', i))).toEqual(['2026-01-30', '2026-02-28', '2026-03-30']);
    expect([0, 1, 2].map((i) => monthlyDueDate('2027-11-30', i))).toEqual(['2027-11-30', '2027-12-31', '2028-01-31']);
    expect(monthlyDueDate('2028-01-31', 1)).toBe('2028-02-29');
  });

  it('100 000,00 ₽ over 3 months: 33 333,34 + 33 333,33 + 33 333,33', () => {
    const s = equalSchedule({ total: 10_000_000n, fees: 0n, downPayment: 0n, signedOn: '2026-01-15', firstDueOn: '2026-02-15', months: 3 });
    expect(s.map((e) => e.amount)).toEqual([3_333_334n, 3_333_333n, 3_333_333n]);
  });

  it('a custom schedule must add up exactly and ascend', () => {
    expect(customScheduleProblems([{ dueOn: '2026-02-01', amount: 100n }, { dueOn: '2026-03-01', amount: 200n }], 300n, '2026-01-10')).toEqual([]);
    expect(customScheduleProblems([{ dueOn: '2026-02-01', amount: 100n }, { dueOn: '2026-03-01', amount: 199n }], 300n, '2026-01-10').map((p) => p.key)).toEqual(['v.inst.scheduleSum']);
    expect(customScheduleProblems([{ dueOn: '2026-03-01', amount: 100n }, { dueOn: '2026-02-01', amount: 200n }], 300n, '2026-01-10').map((p) => p.index)).toEqual([1]);
    expect(customScheduleProblems([{ dueOn: '2025-12-01', amount: 300n }], 300n, '2026-01-10').map((p) => p.key)).toEqual(['v.inst.datesAscending']);
  });

  it('payments fill the schedule in order; unpaid entries past their date are overdue; the debt is exact', () => {
    fc.assert(fc.property(money, fc.integer({ min: 1, max: 36 }), fc.integer({ min: 0, max: 100 }), (total, months, paidPct) => {
      const s = equalSchedule({ total, fees: 0n, downPayment: 0n, signedOn: '2026-01-10', firstDueOn: '2026-02-10', months });
      const paid = (total * BigInt(paidPct)) / 100n;
      const st = scheduleState(s, paid, '2026-06-01');
      expect(st.reduce((a, e) => a + e.paid, 0n)).toBe(paid);
      const d = debtSummary(s, paid, '2026-06-01');
      expect(d.remaining).toBe(total - paid);
      expect(d.overdue).toBe(st.filter((e) => e.dueOn < '2026-06-01').reduce((a, e) => a + e.amount - e.paid, 0n));
      const cal = [...cashOutByMonth(s, paid, '2026-06-01').values()].reduce((a, b) => a + b, 0n);
      expect(cal).toBe(total - paid);
    }));
    const s = equalSchedule({ total: 300n, fees: 0n, downPayment: 0n, signedOn: '2026-01-10', firstDueOn: '2026-02-10', months: 3 });
    expect(scheduleState(s, 150n, '2026-03-11').map((e) => e.status)).toEqual(['paid', 'overdue', 'due']);
  });

  it('an item\'s monthly installment is its share of the regular payment', () => {
    expect(itemMonthly(600_000n, 1_000_000n, 1_200_000n, 12)).toBe(60_000n);
    expect(itemMonthly(1n, 3n, 100n, 1)).toBe(33n);
  });

  it('the agreement number is found as a whole word in a payment purpose', () => {
    expect(purposeNamesAgreement('Оплата по договору рассрочки № РЛ-17/2026 от 01.02.2026, 3-й платёж', 'РЛ-17/2026')).toBe(true);
    expect(purposeNamesAgreement('Оплата по договору РЛ-17/20261', 'РЛ-17/2026')).toBe(false);
    expect(purposeNamesAgreement('Оплата по договору 17', '7')).toBe(false);
    expect(purposeNamesAgreement('по дог.(17) за сервер', '17')).toBe(true);
  });
});
