import { describe, expect, it } from 'vitest';
import { addMonths, dateInZone, formatDate, isIsoDate } from './dates.ts';

describe('dates', () => {
  it('month arithmetic never overflows: Jan 31 + 1 month = Feb 28/29', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });
  it('business date is taken in Europe/Moscow', () => {
    expect(dateInZone(new Date('2026-11-27T21:30:00Z'))).toBe('2026-11-28');
    expect(dateInZone(new Date('2026-11-27T20:59:00Z'))).toBe('2026-11-27');
  });
  it('formats 27.11.2026', () => {
    expect(formatDate('2026-11-27')).toBe('27.11.2026');
    expect(formatDate('2026-11-27', 'en')).toBe('27/11/2026');
  });
  it('validates calendar dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
  });
});
