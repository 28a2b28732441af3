import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { accrued, addDays, agingBucket, allocate, changeAdjustment, daysInPeriod, invoiceNumbersIn, lineVat, periodEnd, prorate } from './billing.ts';
import { addMonths } from '../dates.ts';

const month = fc.record({ y: fc.integer({ min: 2024, max: 2030 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`);
const money = fc.bigInt({ min: 0n, max: 100_000_000_00n });
const day = (p: string, d: number) => `${p}-${String(Math.min(d, daysInPeriod(p))).padStart(2, '0')}`;

describe('proration', () => {
  it('a full month costs exactly the monthly price', () => {
    fc.assert(fc.property(money, month, (m, p) => prorate(m, `${p}-01`, periodEnd(p)) === m));
  });

  it('however a month is cut into pieces, the pieces add up to the monthly price (no kopeck lost or created)', () => {
    fc.assert(fc.property(money, month, fc.uniqueArray(fc.integer({ min: 2, max: 31 }), { maxLength: 6 }), (m, p, cuts) => {
      const dim = daysInPeriod(p);
      const starts = [1, ...cuts.filter((c) => c <= dim).sort((a, b) => a - b)];
      let sum = 0n;
      starts.forEach((s, i) => { sum += prorate(m, day(p, s), day(p, (starts[i + 1] ?? dim + 1) - 1)); });
      return sum === m;
    }));
  });

  it('a tariff change credits the old and charges the new so the period equals old-before plus new-after', () => {
    fc.assert(fc.property(money, money, month, fc.integer({ min: 1, max: 31 }), (oldM, newM, p, cd) => {
      const dim = daysInPeriod(p);
      const change = day(p, Math.min(cd, dim));
      const billed = prorate(oldM, `${p}-01`, periodEnd(p));
      const { credit, charge } = changeAdjustment(oldM, newM, change, periodEnd(p));
      const expected = (change > `${p}-01` ? prorate(oldM, `${p}-01`, addDays(change, -1)) : 0n) + prorate(newM, change, periodEnd(p));
      return billed + credit + charge === expected && credit <= 0n && charge >= 0n;
    }));
  });

  it('rounds half away from zero once: 100 ₽ for 1 of 3 days is 33,33 ₽, 2 of 3 days 66,67 ₽', () => {
    expect(accrued(10_000n, 1, 3)).toBe(3_333n);
    expect(accrued(10_000n, 2, 3)).toBe(6_667n);
    expect(accrued(1n, 1, 2)).toBe(1n);
  });

  it('month arithmetic does not overflow: Jan 31 + 1 month = Feb 28/29', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(daysInPeriod('2028-02')).toBe(29);
  });
});

describe('VAT per line', () => {
  it('total is net plus VAT rounded once; no VAT for «без НДС»', () => {
    fc.assert(fc.property(money, fc.constantFrom('22', '20', '5', '7', null), (net, rate) => {
      const { vat, total } = lineVat(net, rate);
      if (rate === null) return vat === 0n && total === net;
      const exact = net * BigInt(rate);
      // |vat × 100 − net × rate| ≤ 50: rounded to the nearest kopeck
      const diff = vat * 100n - exact;
      return total === net + vat && diff <= 50n && diff >= -50n;
    }));
    expect(lineVat(5n, '22')).toEqual({ vat: 1n, total: 6n }); // 1.1 → 1
    expect(lineVat(25n, '22')).toEqual({ vat: 6n, total: 31n }); // 5.5 → 6 (half away from zero)
  });
});

describe('payment allocation', () => {
  it('allocations plus the rest equal the payment; no invoice gets more than it owes', () => {
    fc.assert(fc.property(money, fc.array(money, { maxLength: 8 }), (amount, owed) => {
      const open = owed.map((o, i) => ({ id: `i${i}`, outstanding: o }));
      const { allocations, rest } = allocate(amount, open);
      const sum = allocations.reduce((s, a) => s + a.amount, 0n);
      const totalOwed = owed.reduce((s, o) => s + o, 0n);
      return sum + rest === amount
        && allocations.every((a) => a.amount > 0n && a.amount <= open.find((o) => o.id === a.id)!.outstanding)
        && (rest === 0n || sum === totalOwed);
    }));
  });

  it('pays the oldest first', () => {
    expect(allocate(150n, [{ id: 'a', outstanding: 100n }, { id: 'b', outstanding: 100n }])).toEqual({ allocations: [{ id: 'a', amount: 100n }, { id: 'b', amount: 50n }], rest: 0n });
  });
});

describe('aging and purpose parsing', () => {
  it('puts days past due into buckets', () => {
    expect([0, 1, 30, 31, 60, 61].map(agingBucket)).toEqual(['current', 'd1_30', 'd1_30', 'd31_60', 'd31_60', 'd60plus']);
  });

  it('finds invoice numbers in a payment purpose, but not account numbers or dates', () => {
    expect(invoiceNumbersIn('Оплата по счету № 123 от 01.12.2026 за услуги, в т.ч. НДС 22% 1234.56')).toEqual([123]);
    expect(invoiceNumbersIn('Оплата по сч. 45 за декабрь')).toEqual([45]);
    expect(invoiceNumbersIn('Счет на оплату №0042 от 01.12.2026')).toEqual([42]);
    expect(invoiceNumbersIn('Оплата по договору 15, р/сч 40702810900000000001')).toEqual([]);
    expect(invoiceNumbersIn('Оплата по счетам 1 и 2')).toEqual([1, 2]);
  });
});

describe('amount in words', () => {
  it('spells rubles and kopecks with the right forms', async () => {
    const { rublesInWords } = await import('./words.ts');
    expect(rublesInWords(122_000n)).toBe('Одна тысяча двести двадцать рублей 00 копеек');
    expect(rublesInWords(2_100_101n)).toBe('Двадцать одна тысяча один рубль 01 копейка');
    expect(rublesInWords(1_234_567_812n)).toBe('Двенадцать миллионов триста сорок пять тысяч шестьсот семьдесят восемь рублей 12 копеек');
    expect(rublesInWords(0n)).toBe('Ноль рублей 00 копеек');
    expect(rublesInWords(1_100n)).toBe('Одиннадцать рублей 00 копеек');
  });
});
