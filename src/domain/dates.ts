/** Calendar dates are `YYYY-MM-DD` strings; instants are `Date`. Business time zone is configuration. */
export type IsoDate = string;

/**
 * The business time zone when configuration says nothing (RACKDESK_TIME_ZONE, read by config.ts); the one
 * place it is written. SQL gets the configured zone as the setting `rackdesk.time_zone`.
 */
export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

/** The calendar date of an instant in a time zone (default: the business one). */
export function dateInZone(instant: Date, timeZone = DEFAULT_TIME_ZONE): IsoDate {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
  return parts;
}

/** `27.11.2026` for Russian, `27/11/2026` for English. */
export function formatDate(date: IsoDate, locale: 'ru' | 'en' = 'ru'): string {
  const [y, m, d] = date.split('-');
  // English as en-GB writes it (and as `formatInstant` does): 29/11/2026; never the ISO form in front of people.
  return locale === 'ru' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
}

/** A month (`2026-12`) for people: «декабрь 2026» / "December 2026". */
export function formatPeriod(period: string, locale: 'ru' | 'en' = 'ru'): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const month = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)));
  return `${month} ${y}`;
}

/** `27.11.2026 12:30` in the business time zone. */
export function formatInstant(instant: Date, locale: 'ru' | 'en' = 'ru', timeZone = DEFAULT_TIME_ZONE): string {
  const fmt = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  });
  return fmt.format(instant).replace(',', '');
}

/** Adds months without overflowing: Jan 31 + 1 month = Feb 28/29. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  const nd = Math.min(d, last);
  return `${String(ny).padStart(4, '0')}-${String(nm + 1).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
}

export const isIsoDate = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** The instant a local date ends in a time zone (next local midnight). */
export function endOfDayIn(date: string, timeZone: string): Date {
  const guess = new Date(`${date}T23:59:59.999Z`);
  const local = new Date(guess.toLocaleString('en-US', { timeZone }));
  const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(guess.getTime() - (local.getTime() - utc.getTime()));
}
