import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  averagedTariff, capPenalties, correctionKey, coverDeductions, paidByEntitlement, readableParams, retentionBonus, shareOf, splitBonus, statementChanges, tariffOn,
} from './pay.ts';

const kop = fc.bigInt({ min: 0n, max: 100_000_000_00n });
const rate = fc.integer({ min: 0, max: 100_000 }).map((n) => (n / 1000).toString());
const fraction = fc.integer({ min: 1, max: 12 }).chain((den) => fc.integer({ min: 1, max: den }).map((num) => ({ firstPartNum: num, firstPartDen: den })));

describe('pay rules', () => {
  it('the parts of a bonus add up exactly to the bonus on the averaged tariff (unless nothing is left to pay)', () => {
    fc.assert(fc.property(rate, kop, kop, fraction, (r, start, avg, f) => {
      const p = splitBonus(r, start, avg, f);
      expect(p.total).toBe(shareOf(avg, r));
      if (p.total >= p.first) expect(p.first + p.second).toBe(p.total);
      else expect(p.second).toBe(0n);
      expect(p.second >= 0n).toBe(true);
    }));
  });

  it('the first part is the fraction of the bonus on the starting tariff, rounded once', () => {
    expect(splitBonus('50', 1_000_000n, 1_000_000n, { firstPartNum: 1, firstPartDen: 3 })).toEqual({ first: 166_667n, second: 333_333n, total: 500_000n });
    // A tariff raised in the second month: the average is by days, the rest is what remains after the first part.
    expect(splitBonus('20', 1_000_000n, 1_500_000n, { firstPartNum: 1, firstPartDen: 3 })).toEqual({ first: 66_667n, second: 233_333n, total: 300_000n });
  });

  it('averages the tariff by days, adding services that overlap and counting days without service as zero', () => {
    const segs = [
      { from: '2026-01-01', to: '2026-02-01', amount: 3_100n },
      { from: '2026-02-01', to: null, amount: 6_200n },
      { from: '2026-03-01', to: '2026-03-11', amount: 1_000n },
    ];
    // Jan 31 days × 3 100 + Feb 28 × 6 200 + Mar 31 × 6 200 + 10 × 1 000, over 90 days.
    expect(averagedTariff(segs, '2026-01-01', '2026-04-01')).toBe((31n * 3_100n + 28n * 6_200n + 31n * 6_200n + 10n * 1_000n + 45n) / 90n);
    expect(tariffOn(segs, '2026-03-05')).toBe(7_200n);
    expect(tariffOn(segs, '2025-12-31')).toBe(0n);
  });

  it('an average of one constant tariff is that tariff, whatever the period', () => {
    fc.assert(fc.property(kop, fc.integer({ min: 1, max: 400 }), (amount, days) => {
      const to = new Date(Date.UTC(2026, 0, 1 + days)).toISOString().slice(0, 10);
      expect(averagedTariff([{ from: '2025-06-01', to: null, amount }], '2026-01-01', to)).toBe(amount);
    }));
  });

  it('penalties never take more than the bonuses of the month, in order', () => {
    fc.assert(fc.property(fc.bigInt({ min: -1_000_000n, max: 10_000_000n }), fc.array(kop, { maxLength: 6 }), (bonuses, pens) => {
      const taken = capPenalties(bonuses, pens);
      const sum = taken.reduce((a, b) => a + b, 0n);
      expect(sum <= (bonuses > 0n ? bonuses : 0n)).toBe(true);
      taken.forEach((t, i) => { expect(t >= 0n && t <= pens[i]!).toBe(true); });
    }));
    expect(capPenalties(10_000n, [6_000n, 6_000n, 1n])).toEqual([6_000n, 4_000n, 0n]);
  });

  it('deductions are covered by the acquisition bonuses and the rest is carried', () => {
    fc.assert(fc.property(fc.bigInt({ min: -5n, max: 10_000_000n }), kop, (acq, ded) => {
      const r = coverDeductions(acq, ded);
      expect(r.covered + r.carried).toBe(ded);
      expect(r.covered <= (acq > 0n ? acq : 0n)).toBe(true);
    }));
  });

  it('retention is a share of revenue less agent fees, never negative', () => {
    expect(retentionBonus('3', 50_000_000n, 0n)).toBe(1_500_000n);
    expect(retentionBonus('5', 100_000n, 10_000n)).toBe(4_500n);
    expect(retentionBonus('5', 100_000n, 200_000n)).toBe(0n);
  });

  it('shows parameters as people read them', () => {
    expect(readableParams({ tariff: '1000000', month: '2026-11', from: '2026-11-16', rate: '2.5' }, 'ru'))
      .toEqual({ tariff: '10\u00a0000,00\u00a0₽', month: 'ноябрь 2026', from: '16.11.2026', rate: '2,5' });
  });

  it('an entitlement is paid the sum of its line and its corrections, whatever their order', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: -1_000_000n, max: 1_000_000n }), { minLength: 1, maxLength: 6 }), (amounts) => {
      const rows = amounts.map((amount, i) => ({ key: i === 0 ? 'retention:c1:2026-10' : correctionKey('retention:c1:2026-10', `2026-${String(10 + i).padStart(2, '0')}`), amount }));
      const paid = paidByEntitlement([...rows].reverse());
      expect([...paid.keys()]).toEqual(['retention:c1:2026-10']);
      expect(paid.get('retention:c1:2026-10')).toBe(amounts.reduce((a, b) => a + b, 0n));
    }));
  });

  it('says what changed since the previous statement: totals by kind, clients that came and went, corrections', () => {
    const line = (key: string, kind: string, companyId: string | null, amount: bigint) => ({ key, kind, companyId, companyName: companyId, amount });
    const before = [line('base:2026-10', 'base', null, 100n), line('handling:a:1', 'handling', 'a', 10n), line('retention:b:2026-10', 'retention', 'b', 5n)];
    const now = [line('base:2026-11', 'base', null, 100n), line('handling:a:1@2026-11', 'handling', 'a', 3n), line('acquisition:c:1', 'acquisition', 'c', 7n)];
    const ch = statementChanges('2026-10', before, now, ['base', 'acquisition', 'handling', 'retention', 'penalty']);
    expect(ch.previousTotal).toBe(115n);
    expect(ch.byKind).toEqual([
      { kind: 'base', before: 100n, now: 100n }, { kind: 'acquisition', before: 0n, now: 7n }, { kind: 'handling', before: 10n, now: 3n }, { kind: 'retention', before: 5n, now: 0n },
    ]);
    expect(ch.newClients.map((c) => c.companyId)).toEqual(['c']);
    expect(ch.goneClients.map((c) => c.companyId)).toEqual(['b']);
    expect(ch.corrections.map((c) => c.key)).toEqual(['handling:a:1@2026-11']);
  });
});
