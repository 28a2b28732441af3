import { formatDate, formatInstant, formatPeriod } from '../../domain/dates.ts';
import type { Lang } from '../i18n/index.ts';

export const dash = '—';

/** An API timestamp for people, in the business time zone: `27.11.2026 12:30`. */
export function fmtInstant(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return dash;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatInstant(d, lang);
}

/** Splits a textarea of phones or e-mails: commas, semicolons and new lines all separate. */
export const splitList = (text: string): string[] =>
  text.split(/[,;\n]+/).map((s) => s.trim()).filter(Boolean);

export const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

export { companyTitle } from '../../domain/parties/company.ts';

/** A calendar date (`2026-11-29`) for people: `29.11.2026` in Russian. */
export function fmtDate(date: string | null | undefined, lang: Lang): string {
  return date ? formatDate(date.slice(0, 10), lang) : dash;
}

/** A billing period (`2026-12`) for people: «декабрь 2026» / "December 2026". */
export function fmtPeriod(period: string | null | undefined, lang: Lang): string {
  if (!period || !/^\d{4}-\d{2}$/.test(period)) return period ?? dash;
  return formatPeriod(period, lang);
}
