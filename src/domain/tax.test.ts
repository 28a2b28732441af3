import { describe, expect, it } from 'vitest';
import { taxModes, vatOf, vatRateFor, vatRateOn } from './tax.ts';

describe('VAT by date and tax mode', () => {
  it('the general rate is 20 % through 31.12.2025 and 22 % from 01.01.2026', () => {
    expect([vatRateOn('2025-12-31'), vatRateOn('2026-01-01'), vatRateOn('2026-01-02'), vatRateOn('2019-06-30')]).toEqual(['20', '22', '22', '20']);
  });

  it('each tax mode charges its own rate, on any date; УСН without VAT charges none', () => {
    const on = (date: string) => Object.fromEntries(taxModes.map((m) => [m, vatRateFor(m, date)]));
    expect(on('2025-12-31')).toEqual({ osn: '20', usn: null, usn_vat5: '5', usn_vat7: '7' });
    expect(on('2026-01-01')).toEqual({ osn: '22', usn: null, usn_vat5: '5', usn_vat7: '7' });
  });

  it('the amount is net × rate / 100 rounded once, half away from zero; none without VAT', () => {
    expect(vatOf(100_000n, '22')).toBe(22_000n);
    expect(vatOf(50n, '5')).toBe(3n); // 2,5 kopecks → 3
    expect(vatOf(-50n, '5')).toBe(-3n); // a correction rounds the same way down
    expect(vatOf(7n, '7')).toBe(0n); // 0,49 → 0
    expect(vatOf(123_456n, null)).toBe(0n);
  });
});
