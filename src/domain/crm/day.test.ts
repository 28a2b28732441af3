import { describe, expect, it } from 'vitest';
import { conversionPercent, dayBounds, isWorkingDay } from './day.ts';

describe('crm day arithmetic', () => {
  it('a Moscow day starts at 21:00 UTC the evening before', () => {
    const b = dayBounds('2026-11-27', 'Europe/Moscow');
    expect(b.start.toISOString()).toBe('2026-11-26T21:00:00.000Z');
    expect(b.end.toISOString()).toBe('2026-11-27T21:00:00.000Z');
  });
  it('a day across a DST change is 23 hours long', () => {
    const b = dayBounds('2026-03-29', 'Europe/Berlin');
    expect(b.start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(b.end.getTime() - b.start.getTime()).toBe(23 * 3600_000);
  });
  it('weekends are not working days', () => {
    expect(isWorkingDay('2026-11-27')).toBe(true);
    expect(isWorkingDay('2026-11-28')).toBe(false);
    expect(isWorkingDay('2026-11-29')).toBe(false);
  });
  it('conversion is a percent with one decimal', () => {
    expect(conversionPercent(1, 3)).toBe('33.3');
    expect(conversionPercent(1, 2)).toBe('50');
    expect(conversionPercent(0, 0)).toBe('0');
  });
});
