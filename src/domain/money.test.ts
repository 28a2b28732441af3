import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatRubles, parseRubles, percentOf, roundDiv } from './money.ts';
import { vatRateOn } from './tax.ts';

describe('money', () => {
  it('rounds half away from zero, once', () => {
    expect(roundDiv(5n, 2n)).toBe(3n);
    expect(roundDiv(-5n, 2n)).toBe(-3n);
    expect(roundDiv(4n, 3n)).toBe(1n);
    expect(roundDiv(149n, 100n)).toBe(1n);
    expect(roundDiv(150n, 100n)).toBe(2n);
    expect(roundDiv(7n, -2n)).toBe(-4n);
  });
  it('rounding error never exceeds half a kopeck', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
      const q = roundDiv(n, d);
      const diff = q * d - n;
      expect(2n * (diff < 0n ? -diff : diff) <= d).toBe(true);
    }));
  });
  it('formats Russian money as 1 234,56 ₽ and English as ₽1,234.56', () => {
    expect(formatRubles(123456n)).toBe('1\u00a0234,56\u00a0₽');
    expect(formatRubles(5n)).toBe('0,05\u00a0₽');
    expect(formatRubles(-100000000n)).toBe('-1\u00a0000\u00a0000,00\u00a0₽');
    expect(formatRubles(123456n, 'en')).toBe('₽1,234.56');
  });
  it('parses what people type', () => {
    expect(parseRubles('1 234,56')).toBe(123456n);
    expect(parseRubles('1234.5')).toBe(123450n);
    expect(parseRubles('10 ₽')).toBe(1000n);
    expect(parseRubles('12,345')).toBeNull();
    expect(parseRubles('abc')).toBeNull();
  });
  it('VAT is 22% for 2026 dates and 20% before', () => {
    expect(vatRateOn('2025-12-31')).toBe('20');
    expect(vatRateOn('2026-01-01')).toBe('22');
    expect(percentOf(100000n, vatRateOn('2026-11-27'))).toBe(22000n);
    expect(percentOf(333n, '22')).toBe(73n); // 73.26 → 73
    expect(percentOf(25n, '22')).toBe(6n); // 5.5 → 6
  });
});
