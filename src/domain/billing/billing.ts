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

/** An invoice named in a payment purpose: its number and, when the purpose gives it, its date («от 02.12.2026»). */
export interface InvoiceRef { number: number; date: string | null }

const INVOICE_WORD = String.raw`(?<!\p{L})(?:сч[её]т\p{L}*|сч\.?|invoices?|inv\.?)(?:\s*-?\s*(?:на\s+оплату|оферт\p{L}*))?`;
const INVOICE_ITEM = String.raw`(?:№+|N|#|No\.?|номер)?\s*(\d{1,9})(?!\d|[.,/]\d)(?:\s*(?:от|from)?\s*(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?!\d))?`;

/**
 * Invoices named in a payment purpose: «оплата по счету № 123 от 01.12.2026», «сч. 45», «счет-оферта 7»,
 * «по счетам № 18 и № 19», «счета 5, 6 от 01.12.26». A date that follows a number belongs to it.
 */
export function invoiceRefsIn(purpose: string): InvoiceRef[] {
  const out = new Map<string, InvoiceRef>();
  const head = new RegExp(`${INVOICE_WORD}\\s*`, 'giu');
  const item = new RegExp(`^${INVOICE_ITEM}`, 'iu');
  const sep = /^\s*(?:,|;|и|and|&)\s*/iu;
  for (const m of purpose.matchAll(head)) {
    let rest = purpose.slice(m.index + m[0].length);
    for (;;) {
      const it = item.exec(rest);
      if (!it) break;
      const [, no, d, mo, y] = it;
      const year = y ? (y.length === 2 ? `20${y}` : y) : null;
      const date = year && d && mo ? `${year}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}` : null;
      const ref = { number: Number(no), date: date && !Number.isNaN(Date.parse(date)) ? date : null };
      out.set(`${ref.number}|${ref.date ?? ''}`, ref);
      rest = rest.slice(it[0].length);
      const s = sep.exec(rest);
      if (!s) break;
      rest = rest.slice(s[0].length);
    }
  }
  // A number named once with and once without its date is one invoice.
  return [...out.values()].filter((r) => r.date !== null || ![...out.values()].some((o) => o.number === r.number && o.date !== null));
}

/** Invoice numbers mentioned in a payment purpose (see `invoiceRefsIn`). */
export function invoiceNumbersIn(purpose: string): number[] {
  return [...new Set(invoiceRefsIn(purpose).map((r) => r.number))];
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

/** What a client was billed for one tariff segment of a service in one period (after any corrections). */
export interface BilledSegment {
  key: string; tariffId: string | null; dateFrom: string; dateTo: string;
  quantity: number; unitPrice: Kopecks; net: Kopecks; vat: Kopecks; vatRate: string | null;
}
export interface TariffSegment { id: string; validFrom: IsoDate; validTo: IsoDate | null; unitMonthly: Kopecks; quantity: number }
export interface CorrectionLine {
  key: string; tariffId: string | null; dateFrom: string; dateTo: string; describe: string;
  /** After the correction (quantity × unitPrice = before.net + net). */
  quantity: number; unitPrice: Kopecks;
  /** The change: after − before (negative for a decrease). */
  net: Kopecks; vat: Kopecks; vatRate: string | null;
  before: { quantity: number; unitPrice: Kopecks; net: Kopecks; vat: Kopecks };
}

const ddmmyyyy = (d: IsoDate) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;

/**
 * The lines of a correction document for one billed period of a service: for every segment billed or
 * now due, the values before and after, when they differ. The days are those already billed in that period
 * (clipped to the service's last day), priced as the run prices them: per unit, the price of the days.
 */
export function correctionLines(billed: BilledSegment[], tariffs: TariffSegment[], service: { startDate: IsoDate; endDate: IsoDate | null }, period: Period): CorrectionLine[] {
  if (!billed.length) return [];
  const from = billed.reduce((m, b) => (b.dateFrom < m ? b.dateFrom : m), billed[0]!.dateFrom);
  const billedTo = billed.reduce((m, b) => (b.dateTo > m ? b.dateTo : m), billed[0]!.dateTo);
  const to = service.endDate && service.endDate < billedTo ? service.endDate : billedTo;
  const rate = billed.find((b) => b.vatRate !== null)?.vatRate ?? null;
  const dim = daysInPeriod(period);
  const after = new Map<string, { tariffId: string; dateFrom: string; dateTo: string; quantity: number; unitPrice: Kopecks }>();
  for (const t of tariffs) {
    const f = [from, t.validFrom, service.startDate].reduce((a, b) => (a > b ? a : b));
    const last = t.validTo ? addDays(t.validTo, -1) : to;
    const e = last < to ? last : to;
    if (f > e || t.quantity === 0) continue;
    after.set(t.id, { tariffId: t.id, dateFrom: f, dateTo: e, quantity: t.quantity, unitPrice: prorate(t.unitMonthly, f, e) });
  }
  const keys = [...new Set([...billed.map((b) => b.key), ...after.keys()])];
  const out: CorrectionLine[] = [];
  for (const key of keys) {
    const b = billed.find((x) => x.key === key);
    const a = after.get(key);
    const beforeNet = b?.net ?? 0n;
    const beforeVat = b?.vat ?? 0n;
    const qty = a?.quantity ?? 0;
    const price = a?.unitPrice ?? 0n;
    const afterNet = price * BigInt(qty);
    if (afterNet === beforeNet && qty === (b?.quantity ?? 0)) continue;
    const afterVat = lineVat(afterNet, rate).vat;
    // Lines billed before amounts were quantity × price are shown as one unit at their amount.
    const consistent = b !== undefined && b.unitPrice * BigInt(b.quantity) === b.net;
    const dateFrom = a?.dateFrom ?? b!.dateFrom;
    const dateTo = a?.dateTo ?? b!.dateTo;
    const days = a ? `${ddmmyyyy(a.dateFrom)}–${ddmmyyyy(a.dateTo)}, ${daysInclusive(a.dateFrom, a.dateTo)} из ${dim} дн.` : `${ddmmyyyy(b!.dateFrom)}–${ddmmyyyy(b!.dateTo)} — не оказывается`;
    out.push({
      key, tariffId: a?.tariffId ?? b?.tariffId ?? null, dateFrom, dateTo, describe: days, quantity: qty, unitPrice: price,
      net: afterNet - beforeNet, vat: afterVat - beforeVat, vatRate: rate,
      before: { quantity: consistent ? b.quantity : b ? 1 : 0, unitPrice: consistent ? b.unitPrice : beforeNet, net: beforeNet, vat: beforeVat },
    });
  }
  return out;
}
