import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparable, compareOffers, isStale, median, netOf, parseCompetitorRows, splitParams, unknownParams } from './competitors.ts';

describe('median', () => {
  it('takes the middle value, or the rounded mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([500n])).toBe(500n);
    expect(median([300n, 100n, 200n])).toBe(200n);
    expect(median([100n, 200n, 400n, 301n])).toBe(251n); // (200 + 301) / 2 = 250.5 → 251
  });
  it('lies between min and max and does not depend on order', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 30 }), (xs) => {
      const m = median(xs)!;
      const sorted = [...xs].sort((a, b) => (a < b ? -1 : 1));
      expect(m >= sorted[0]! && m <= sorted.at(-1)!).toBe(true);
      expect(median([...xs].reverse())).toBe(m);
    }));
  });
});

describe('comparable', () => {
  const ours = { serviceKind: 'vps', siteId: 'st_1', params: { vcpu: 4, ramGb: 8, diskGb: 100 } };
  it('needs the same kind and location and numeric parameters within the tolerance', () => {
    expect(comparable(ours, { ...ours, params: { vcpu: 4, ramGb: 8, diskGb: 120 } }, 25)).toBe(true);
    expect(comparable(ours, { ...ours, params: { vcpu: 4, ramGb: 8, diskGb: 126 } }, 25)).toBe(false);
    expect(comparable(ours, { ...ours, siteId: 'st_2' }, 25)).toBe(false);
    expect(comparable(ours, { ...ours, serviceKind: 'dedicated' }, 25)).toBe(false);
    // a parameter we state and they do not: cannot be compared
    expect(comparable(ours, { ...ours, params: { vcpu: 4, ramGb: 8 } }, 25)).toBe(false);
    expect(comparable(ours, { ...ours, params: { vcpu: 5, ramGb: 8, diskGb: 100 } }, 0)).toBe(false);
  });
  it('ignores text parameters (CPU model, disks)', () => {
    const d = { serviceKind: 'dedicated', siteId: 's', params: { cpuModel: 'Xeon E-2388G', cores: 8, ramGb: 64 } };
    expect(comparable(d, { ...d, params: { cpuModel: 'EPYC 4344P', cores: 8, ramGb: 64 } }, 10)).toBe(true);
  });
  it('compares decimals exactly (kW)', () => {
    const c = { serviceKind: 'colocation', siteId: 's', params: { units: 1, kw: 0.4 } };
    expect(comparable(c, { ...c, params: { units: 1, kw: 0.5 } }, 25)).toBe(true);
    expect(comparable(c, { ...c, params: { units: 1, kw: 0.51 } }, 25)).toBe(false);
  });
});

describe('stale and VAT', () => {
  it('a price seen more than N days ago is stale', () => {
    expect(isStale('2026-10-30', '2026-11-29', 30)).toBe(false);
    expect(isStale('2026-10-29', '2026-11-29', 30)).toBe(true);
  });
  it('takes VAT out at the rate of the day the price was seen', () => {
    expect(netOf(12_200n, true, '2026-03-01')).toBe(10_000n);
    expect(netOf(12_000n, true, '2025-12-31')).toBe(10_000n);
    expect(netOf(12_000n, false, '2026-03-01')).toBe(12_000n);
  });
});

describe('compareOffers', () => {
  it('min and median of fresh comparable offers; stale ones counted apart', () => {
    const ours = [{ id: 'of1', code: 'VPS-4', name: 'VPS 4', serviceKind: 'vps', siteId: 's1', params: { vcpu: 4, ramGb: 8 }, monthlyPrice: 150_000n }];
    const t = (id: string, monthlyNet: bigint, observedOn: string, params: Record<string, unknown> = { vcpu: 4, ramGb: 8 }) =>
      ({ id, competitor: 'X', serviceKind: 'vps', siteId: 's1', params, monthlyNet, setupFee: 0n, observedOn });
    const [row] = compareOffers(ours, [t('a', 100_000n, '2026-11-20'), t('b', 140_000n, '2026-11-20'), t('c', 200_000n, '2026-11-01'),
      t('old', 10_000n, '2026-08-01'), t('big', 1n, '2026-11-20', { vcpu: 16, ramGb: 64 })], '2026-11-29', { staleDays: 30, tolerancePct: 25 });
    expect(row).toMatchObject({ min: 100_000n, median: 140_000n, count: 3, stale: 1, diffPct: 7 });
    expect(row!.competitorIds).toEqual(['a', 'b', 'c']);
  });
});

describe('competitor file', () => {
  const header = ['date', 'source_url', 'competitor', 'kind', 'location', 'params', 'monthly_price', 'setup_fee'];
  it('reads good rows with parameters in the catalog vocabulary', () => {
    const r = parseCompetitorRows(header, [{ line: 2, cells: ['2026-11-20', 'https://example.ru/vps', 'Облако-1', 'vps', 'MSK1', 'vcpu=4; ramGb=8; diskGb=80', '1 490,00', '0'] }]);
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toMatchObject({ line: 2, serviceKind: 'vps', siteCode: 'MSK1', params: { vcpu: 4, ramGb: 8, diskGb: 80 }, monthlyPrice: 149_000n, vatIncluded: true });
  });
  it('names every bad line and column', () => {
    const r = parseCompetitorRows(header, [
      { line: 2, cells: ['2026-11-20', 'https://a.ru', 'A', 'vps', 'MSK1', 'vcpu=4', '100', ''] },
      { line: 3, cells: ['20.11.2026', 'ftp://a.ru', 'A', 'vps', 'MSK1', 'cpuCores=4', 'дорого', ''] },
      { line: 4, cells: ['2026-11-20', 'https://a.ru', 'A', 'tv', 'MSK1', 'ramGb 8', '100', ''] },
      { line: 5, cells: ['2026-11-20', 'https://a.ru', 'A', 'vps', 'MSK1', 'cpuCores=4; vcpu=x', '100', ''] },
    ]);
    expect(r.rows.map((x) => x.line)).toEqual([2]);
    const paths = r.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['line 3.observedOn', 'line 3.sourceUrl', 'line 3.monthlyPrice', 'line 4.params', 'line 5.params.cpuCores', 'line 5.params.vcpu']));
    expect(paths.some((p) => p.startsWith('line 2'))).toBe(false);
  });
  it('refuses a file without a required column', () => {
    expect(parseCompetitorRows(['date'], []).errors.map((e) => e.path)).toEqual(Array(5).fill('header'));
  });
  it('splits key=value pieces', () => {
    expect(splitParams('a=1; b = x')).toEqual({ a: '1', b: 'x' });
    expect(splitParams('a')).toBeNull();
  });
  it('unknown parameters are named (the SQL guard says the same)', () => {
    expect(unknownParams('vps', { vcpu: 1, cpuCores: 2, zz: 1 })).toEqual(['cpuCores', 'zz']);
  });
});
