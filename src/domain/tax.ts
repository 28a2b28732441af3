import { percentOf, type Kopecks } from './money.ts';

/**
 * VAT, in one place: which rate applies (by our entity's tax mode and the service date) and how much it is.
 * Amounts use the one rounding rule of `money.ts` (half away from zero), applied once per amount.
 * The billing run computes VAT in SQL (`vatSql` in app/billing/billing-sql.ts); `vatOf` is its tested oracle.
 */

/**
 * Tax regime of one of our legal entities: ОСН (VAT at the rate of the date), УСН without VAT,
 * or УСН with reduced VAT 5% / 7%.
 */
export const taxModes = ['osn', 'usn', 'usn_vat5', 'usn_vat7'] as const;
export type TaxMode = (typeof taxModes)[number];

/** VAT rate (percent, decimal string) in force on a date `YYYY-MM-DD`: 22% from 2026, 20% before. */
export function vatRateOn(date: string): string {
  return date >= '2026-01-01' ? '22' : '20';
}

/** VAT rate (percent, decimal string) our entity charges on a service date, or null for «без НДС». */
export function vatRateFor(taxMode: TaxMode, serviceDate: string): string | null {
  switch (taxMode) {
    case 'osn': return vatRateOn(serviceDate);
    case 'usn': return null;
    case 'usn_vat5': return '5';
    case 'usn_vat7': return '7';
  }
}

/** VAT on a net amount (prices are without VAT): net × rate / 100, rounded once; none for «без НДС». */
export function vatOf(net: Kopecks, vatRate: string | null): Kopecks {
  return vatRate === null ? 0n : percentOf(net, vatRate);
}
