import { describe, expect, it } from 'vitest';
import { daysInclusive, invoiceNumbersIn, invoiceRefsIn } from './billing.ts';

describe('invoices named in a payment purpose, and counting days', () => {
  it('a two-digit year belongs to this century', () => {
    expect(invoiceRefsIn('Оплата по счету № 12 от 05.12.26, НДС не облагается')).toEqual([{ number: 12, date: '2026-12-05' }]);
    expect(invoiceRefsIn('Оплата по сч. 3 от 1.2.2027')).toEqual([{ number: 3, date: '2027-02-01' }]);
  });

  it('a number named once with its date and once without is one invoice, the dated one', () => {
    expect(invoiceRefsIn('Оплата по сч. 7; счет № 7 от 01.12.2026')).toEqual([{ number: 7, date: '2026-12-01' }]);
    expect(invoiceNumbersIn('Оплата по сч. 7; счет № 7 от 01.12.2026')).toEqual([7]);
    // Two different dates under one number are two invoices (numbers restart each year).
    expect(invoiceRefsIn('счет 7 от 01.12.2025, счет 7 от 01.12.2026')).toHaveLength(2);
  });

  it('days are counted with both ends', () => {
    expect(daysInclusive('2026-12-15', '2026-12-15')).toBe(1);
    expect(daysInclusive('2026-12-01', '2026-12-31')).toBe(31);
    expect(daysInclusive('2028-02-01', '2028-02-29')).toBe(29);
    expect(daysInclusive('2026-03-28', '2026-04-02')).toBe(6);
  });
});
