import { addMonths, type IsoDate } from '../dates.ts';
import { roundDiv, type Kopecks } from '../money.ts';
import { vatOf } from '../tax.ts';

/** Lifecycle of a client service (subscription). */
export const serviceStatuses = ['pending', 'active', 'suspended', 'closing', 'closed'] as const;
export type ServiceStatus = (typeof serviceStatuses)[number];

/** Which status changes a person (or a rule) may make. */
export const serviceTransitions: Record<ServiceStatus, readonly ServiceStatus[]> = {
  pending: ['active', 'closed'],
  active: ['suspended', 'closing', 'closed'],
  suspended: ['active', 'closing', 'closed'],
  closing: ['closed'],
  closed: [],
};

/** A billing period `YYYY-MM`. */
export type Period = string;

export const isPeriod = (p: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(p);

export function periodStart(p: Period): IsoDate { return `${p}-01`; }
export function daysInPeriod(p: Period): number {
  const [y, m] = p.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
export function periodEnd(p: Period): IsoDate { return `${p}-${String(daysInPeriod(p)).padStart(2, '0')}`; }
export const periodOf = (d: IsoDate): Period => d.slice(0, 7);
export const nextPeriod = (p: Period): Period => periodOf(addMonths(periodStart(p), 1));
export const dayOf = (d: IsoDate): number => Number(d.slice(8, 10));

/** Days between two dates, inclusive of both. */
export function daysInclusive(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}
export function addDays(d: IsoDate, n: number): IsoDate {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The monthly charge accrued by the end of day `day` of a month of `dim` days, rounded once.
 * Proration is the difference of two accrued amounts, so the parts of a month always add up to the
 * monthly price exactly — no kopeck is lost or created however a month is split.
 * The billing run computes it in SQL (app/billing/billing-sql.ts); this function is its tested oracle.
 */
export function accrued(monthly: Kopecks, day: number, dim: number): Kopecks {
  return roundDiv(monthly * BigInt(day), BigInt(dim));
}

/** The charge for days `from`..`to` (inclusive, same month) of a monthly amount. */
export function prorate(monthly: Kopecks, from: IsoDate, to: IsoDate): Kopecks {
  const p = periodOf(from);
  if (periodOf(to) !== p || to < from) throw new RangeError(`bad proration range ${from}..${to}`);
  const dim = daysInPeriod(p);
  return accrued(monthly, dayOf(to), dim) - accrued(monthly, dayOf(from) - 1, dim);
}

/** Net amount and VAT of one line; prices are without VAT, VAT is added on top and rounded once. */
export function lineVat(net: Kopecks, vatRate: string | null): { vat: Kopecks; total: Kopecks } {
  const vat = vatOf(net, vatRate);
  return { vat, total: net + vat };
}

/**
 * The part of a billed period from `changeDate` on, credited at the old monthly amount and charged
 * at the new one (tariff/composition change or closure with new = 0).
 */
export function changeAdjustment(oldMonthly: Kopecks, newMonthly: Kopecks, changeDate: IsoDate, billedTo: IsoDate): { credit: Kopecks; charge: Kopecks } {
  if (changeDate > billedTo) return { credit: 0n, charge: 0n };
  return { credit: -prorate(oldMonthly, changeDate, billedTo), charge: prorate(newMonthly, changeDate, billedTo) };
}

/** Spreads a payment over open invoices in the given order (oldest first); what remains stays on the balance. */
export function allocate(amount: Kopecks, open: { id: string; outstanding: Kopecks }[]): { allocations: { id: string; amount: Kopecks }[]; rest: Kopecks } {
  if (amount < 0n) throw new RangeError('negative payment');
  let rest = amount;
  const allocations: { id: string; amount: Kopecks }[] = [];
  for (const inv of open) {
    if (rest === 0n) break;
    if (inv.outstanding <= 0n) continue;
    const a = inv.outstanding < rest ? inv.outstanding : rest;
    allocations.push({ id: inv.id, amount: a });
    rest -= a;
  }
  return { allocations, rest };
}

/** Aging buckets of overdue debt. */
export const agingBuckets = ['current', 'd1_30', 'd31_60', 'd60plus'] as const;
export type AgingBucket = (typeof agingBuckets)[number];
export function agingBucket(daysOverdue: number): AgingBucket {
  if (daysOverdue <= 0) return 'current';
  if (daysOverdue <= 30) return 'd1_30';
  if (daysOverdue <= 60) return 'd31_60';
  return 'd60plus';
}

/** Invoice numbers mentioned in a payment purpose: «оплата по счету № 123 от 01.12.2026», «сч. 45», «счет-оферта 7». */
export function invoiceNumbersIn(purpose: string): number[] {
  const out = new Set<number>();
  const re = /(?<!\p{L})(?:сч[её]т(?:а|у|е)?|сч\.?|invoice|inv\.?)(?:\s*-?\s*(?:на\s+оплату|оферт\p{L}*))?\s*(?:№|N|#|No\.?|номер)?\s*(\d{1,9})(?!\d|[.,/]\d)/giu;
  for (const m of purpose.matchAll(re)) out.add(Number(m[1]));
  return [...out];
}

/** The closure/downsizing reasons a new installation starts with; people add and switch off reasons later. */
export const defaultClosureReasons: { code: string; nameRu: string; nameEn: string }[] = [
  { code: 'price', nameRu: 'Цена выше, чем у конкурентов', nameEn: 'Price higher than competitors' },
  { code: 'quality', nameRu: 'Качество связи или сервиса', nameEn: 'Quality of service' },
  { code: 'moved_to_cloud', nameRu: 'Переезд в облако', nameEn: 'Moved to a cloud' },
  { code: 'moved_in_house', nameRu: 'Своя инфраструктура', nameEn: 'Moved in-house' },
  { code: 'business_closed', nameRu: 'Клиент закрыл бизнес или проект', nameEn: 'Client closed the business or project' },
  { code: 'downsizing', nameRu: 'Снижение потребности', nameEn: 'Needs less capacity' },
  { code: 'debt', nameRu: 'Неоплата', nameEn: 'Non-payment' },
  { code: 'other', nameRu: 'Другое', nameEn: 'Other' },
];

/** Receivables policy when nobody has changed it: pay in 5 days, remind 1, 7, 14 days after, propose suspension after 30. */
export const defaultBillingSettings = { paymentTermsDays: 5, reminderDays: [1, 7, 14], suspendAfterDays: 30 };
