import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { costConfiguration, floorOf, marginPct, monthlyCostOf, pickLine, type Formula, type PriceLine } from './pricing.ts';
import { lineMoney, totalsOf, canTransition } from '../quoting/quote.ts';
import { parsePriceListRows } from '../suppliers/price-list.ts';

const formula: Formula = { version: 1, minMarginPct: '20', overheadPct: '10', amortizationMonths: 36, floorStep: 100n };
const line = (over: Partial<PriceLine>): PriceLine => ({ id: 'pn_1', supplierId: 'co_1', priceListId: 'pl_1', effectiveFrom: '2026-01-01', sku: 'A', component: 'rack', billing: 'monthly', price: 100n, installmentMonths: null, ...over });

describe('cost model and floor', () => {
  it('amortizes one-time hardware over the formula months, rounding half away from zero once', () => {
    expect(monthlyCostOf(line({ billing: 'one_time', price: 3_600_018n }), formula)).toBe(100_001n); // 100 000.5 → 100 001
    expect(monthlyCostOf(line({ billing: 'one_time', price: 3_600_017n }), formula)).toBe(100_000n); // 100 000.47
    expect(monthlyCostOf(line({ billing: 'installment', price: 700_000n, installmentMonths: 12 }), formula)).toBe(700_000n);
  });

  it('floor = cost / (1 − margin), rounded up to the step, so the margin at the floor is never below the minimum', () => {
    expect(floorOf(1_683_000n, formula)).toBe(2_103_800n);
    expect(floorOf(100n, { ...formula, floorStep: 1n })).toBe(125n);
    expect(floorOf(1n, { ...formula, floorStep: 1n })).toBe(2n); // 1.25 → up
    expect(floorOf(0n, formula)).toBe(0n);
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 0, max: 9999 }), fc.constantFrom(1n, 100n, 1000n), (cost, m, step) => {
      const pct = `${Math.floor(m / 100)}.${String(m % 100).padStart(2, '0')}`;
      const f = floorOf(cost, { minMarginPct: pct, floorStep: step });
      // (f − cost) / f ≥ margin  ⇔  (f − cost) × 10000 ≥ f × m
      expect((f - cost) * 10000n >= f * BigInt(m)).toBe(true);
      expect(f % step).toBe(0n);
      // and it is the smallest such multiple of the step
      const prev = f - step;
      if (prev > 0n) expect((prev - cost) * 10000n >= prev * BigInt(m)).toBe(false);
    }));
  });

  it('picks the cheapest line in force and traces every component to it; unpriced SKUs are reported', () => {
    const lines = new Map([['A', [line({ id: 'pn_b', price: 200n }), line({ id: 'pn_a', price: 150n })]], ['B', [line({ id: 'pn_c', sku: 'B', billing: 'one_time', price: 3600n })]]]);
    expect(pickLine(lines.get('A')!, formula)!.id).toBe('pn_a');
    const c = costConfiguration([{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }, { sku: 'Z', quantity: 1 }], lines, formula);
    expect(c.trace.map((t) => [t.priceLineId, t.monthly])).toEqual([['pn_a', '300'], ['pn_c', '100']]);
    expect([c.direct, c.overhead, c.cost]).toEqual([400n, 40n, 440n]);
    expect(c.missing).toEqual(['Z']);
  });

  it('margin percent has one decimal', () => {
    expect(marginPct(2_500_000n, 1_683_000n)).toBe('32.7');
    expect(marginPct(100n, 150n)).toBe('-50.0');
    expect(marginPct(0n, 1n)).toBeNull();
  });
});

describe('proposal money', () => {
  it('discount, monthly and setup sums, and the below-floor flag', () => {
    const m = lineMoney({ unitPrice: 2_000_000n, discountPct: '12.5', quantity: 3, setupFee: 100_000n, unitCost: 1_000_000n, unitFloor: 1_800_000n });
    expect(m).toEqual({ unitNet: 1_750_000n, monthly: 5_250_000n, setup: 300_000n, margin: 2_250_000n, belowFloor: true });
  });

  it('VAT once on the net total: 22 % for 2026, 20 % before, none for «без НДС»', () => {
    const lines = [lineMoney({ unitPrice: 333n, discountPct: '0', quantity: 1, setupFee: 0n, unitCost: 0n, unitFloor: 0n }), lineMoney({ unitPrice: 334n, discountPct: '0', quantity: 1, setupFee: 0n, unitCost: 0n, unitFloor: 0n })];
    expect(totalsOf(lines, '22')).toMatchObject({ net: 667n, vat: 147n, gross: 814n }); // 146.74 → 147
    expect(totalsOf(lines, '20')).toMatchObject({ vat: 133n, gross: 800n }); // 133.4 → 133
    expect(totalsOf(lines, null)).toMatchObject({ vat: 0n, gross: 667n, vatRate: null });
  });

  it('the status machine: nothing leaves draft for accepted, nothing comes back from sent', () => {
    expect(canTransition('draft', 'accepted')).toBe(false);
    expect(canTransition('pending_approval', 'sent')).toBe(false);
    expect(canTransition('sent', 'draft')).toBe(false);
    expect(canTransition('approved', 'sent')).toBe(true);
  });
});

describe('price-list rows', () => {
  it('reports every bad line with its number and imports nothing', () => {
    const r = parsePriceListRows(['SKU', 'Компонент', 'Оплата', 'Цена', 'installment_months'], [
      { line: 2, cells: ['A', 'rack', 'monthly', '10,50', ''] },
      { line: 3, cells: ['', 'чайник', 'monthly', 'abc', ''] },
      { line: 4, cells: ['B', 'hardware', 'installment', '1000', ''] },
      { line: 5, cells: ['A', 'рассрочка', 'рассрочка', '1000', '12'] },
    ]);
    expect(r.rows).toEqual([]);
    expect(r.errors.map((e) => e.path)).toEqual(['line 3.sku', 'line 3.component', 'line 3.price', 'line 4.installment_months', 'line 5.sku']);
  });

  it('accepts Russian headers and words; money in rubles becomes kopecks', () => {
    const r = parsePriceListRows(['Артикул', 'Тип', 'Оплата', 'Цена', 'Месяцев'], [{ line: 2, cells: ['A', 'стойка', 'ежемесячно', '1 234,56', ''] }, { line: 3, cells: ['B', 'рассрочка', 'рассрочка', '7000', '12'] }]);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.component, x.billing, x.price, x.installmentMonths])).toEqual([['rack', 'monthly', 123_456n, null], ['installment', 'installment', 700_000n, 12]]);
  });

  it('names a missing required column', () => {
    expect(parsePriceListRows(['sku', 'price'], []).errors.map((e) => e.params?.column)).toEqual(['component', 'billing']);
  });
});
