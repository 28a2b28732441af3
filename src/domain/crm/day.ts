import type { IsoDate } from '../dates.ts';

/** Offset of a time zone from UTC at an instant, in minutes (Moscow: +180). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a local calendar day begins in a time zone. */
export function dayStart(date: IsoDate, timeZone: string): Date {
  const naive = new Date(`${date}T00:00:00Z`);
  const first = new Date(naive.getTime() - offsetMinutes(naive, timeZone) * 60_000);
  // A second pass settles days whose offset differs from the naive guess (DST changes).
  return new Date(naive.getTime() - offsetMinutes(first, timeZone) * 60_000);
}

/** [start, end) instants of a local calendar day. */
export function dayBounds(date: IsoDate, timeZone: string): { start: Date; end: Date } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return { start: dayStart(date, timeZone), end: dayStart(next, timeZone) };
}

/** Saturday and Sunday are days off (production-calendar holidays are not modelled yet). */
export function isWorkingDay(date: IsoDate): boolean {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6;
}

/** Whole days between two instants, rounded down; time spent in a stage. */
export const daysBetween = (from: Date, to: Date): number => Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86_400_000));

/** Conversion in percent with one decimal, as a string ("33.3"); "0" when nothing entered. */
export function conversionPercent(reached: number, entered: number): string {
  if (entered <= 0) return '0';
  const tenths = Math.round((reached * 1000) / entered);
  return tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
}
