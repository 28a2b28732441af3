import { describe, expect, it } from 'vitest';
import { addBusinessDays, earliestPromisableDate, earliestServiceDate, promisedDateProblems } from './promised-date.ts';

const none = new Set<string>();

describe('promised dates: working days from the tech department’s answer', () => {
  it('counts working days, skipping weekends and the company’s non-working dates', () => {
    expect(addBusinessDays('2026-11-27', 1, none)).toBe('2026-11-30'); // Friday + 1 → Monday
    expect(addBusinessDays('2026-11-29', 3, none)).toBe('2026-12-02'); // Sunday + 3 → Wednesday
    expect(addBusinessDays('2026-11-29', 3, new Set(['2026-12-01']))).toBe('2026-12-03');
    expect(addBusinessDays('2026-12-30', 2, new Set(['2026-12-31', '2027-01-01', '2027-01-04', '2027-01-05']))).toBe('2027-01-07');
    expect(earliestServiceDate('2026-11-29', 0, none)).toBe('2026-11-29');
  });

  it('the case found in use: «Услуги с 01.01.2026» sent on 29.11.2026 on a 3-day answer is refused twice over', () => {
    const lines = [{ position: 1, answeredOn: '2026-11-26', leadDays: 3 }];
    expect(promisedDateProblems('2026-01-01', '2026-11-29', lines, none)).toEqual([
      { key: 'e.quote.serviceDatePast', params: { date: '2026-01-01', today: '2026-11-29' } },
      { key: 'e.quote.serviceDateTooEarly', params: { line: 1, date: '2026-01-01', earliest: '2026-12-01' } },
    ]);
    expect(promisedDateProblems('2026-12-01', '2026-11-29', lines, none)).toEqual([]);
    expect(promisedDateProblems('2026-12-01', '2026-11-29', [{ position: 2, answeredOn: null, leadDays: null }], none)).toEqual([]);
    expect(earliestPromisableDate('2026-11-29', [...lines, { position: 2, answeredOn: '2026-11-29', leadDays: 5 }], none)).toBe('2026-12-04');
  });
});
