import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bigIntToIp, canTransition, firstFreeBlock, firstFreeUnits, ipToBigInt, isCidr, isIp, isPolygonGeometry, normalizeAddress, pointInGeometry } from './inventory.ts';
import { answerCovers, requestProbability } from '../feasibility/feasibility.ts';

describe('allocation states', () => {
  it('allows only the documented path and nothing out of closed states', () => {
    expect(canTransition('held', 'assigned')).toBe(true);
    expect(canTransition('assigned', 'releasing')).toBe(true);
    expect(canTransition('releasing', 'cooldown')).toBe(true);
    expect(canTransition('assigned', 'released')).toBe(false);
    expect(canTransition('held', 'releasing')).toBe(false);
    for (const s of ['expired', 'cancelled', 'released'] as const) expect(canTransition(s, 'held')).toBe(false);
  });
});

describe('rack units', () => {
  it('finds the lowest contiguous run, respecting faces', () => {
    expect(firstFreeUnits(10, [], 3)).toBe(1);
    expect(firstFreeUnits(10, [{ from: 2, height: 2, face: 'both' }], 2)).toBe(4);
    expect(firstFreeUnits(10, [{ from: 1, height: 10, face: 'front' }], 1, 'rear')).toBe(1);
    expect(firstFreeUnits(10, [{ from: 1, height: 10, face: 'front' }], 1, 'both')).toBeNull();
    expect(firstFreeUnits(4, [{ from: 2, height: 1, face: 'both' }], 3)).toBeNull();
  });
});

describe('IP arithmetic', () => {
  it('parses and prints IPv4 and IPv6 round trip', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (n) => ipToBigInt(bigIntToIp(6, n)).n === n));
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), (n) => ipToBigInt(bigIntToIp(4, n)).n === n));
    expect(bigIntToIp(6, ipToBigInt('2001:db8:0:0:1:0:0:1').n)).toBe('2001:db8::1:0:0:1');
    expect(ipToBigInt('::ffff:192.0.2.1').n).toBe(0xffffc0000201n);
  });
  it('validates addresses and prefixes', () => {
    expect(isIp('10.0.0.1')).toBe(true);
    expect(isIp('10.0.0.256')).toBe(false);
    expect(isIp('2001:db8::1')).toBe(true);
    expect(isCidr('10.0.0.0/24')).toBe(true);
    expect(isCidr('10.0.0.0/33')).toBe(false);
    expect(isCidr('2001:db8::/129')).toBe(false);
  });
  it('next free block: skips network/broadcast for single IPv4, fills gaps, aligns sub-prefixes', () => {
    const occ = (pairs: [string, string][]) => pairs.map(([a, b]) => ({ start: ipToBigInt(a).n, end: ipToBigInt(b).n }));
    expect(firstFreeBlock('10.0.0.0/24', 32, [])).toBe('10.0.0.1/32');
    expect(firstFreeBlock('10.0.0.0/24', 32, occ([['10.0.0.1', '10.0.0.1'], ['10.0.0.3', '10.0.0.3']]))).toBe('10.0.0.2/32');
    expect(firstFreeBlock('10.0.0.0/24', 29, occ([['10.0.0.1', '10.0.0.1']]))).toBe('10.0.0.8/29');
    expect(firstFreeBlock('10.0.0.0/30', 32, occ([['10.0.0.1', '10.0.0.2']]))).toBeNull();
    expect(firstFreeBlock('10.0.0.0/31', 32, [])).toBe('10.0.0.0/32');
    expect(firstFreeBlock('2001:db8::/64', 128, [])).toBe('2001:db8::/128');
    expect(firstFreeBlock('10.0.0.0/24', 16, [])).toBeNull();
  });
  it('never returns an occupied or out-of-prefix address (property)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: 254 }), (taken) => {
      const sorted = [...taken].sort((a, b) => a - b);
      const got = firstFreeBlock('10.1.2.0/24', 32, sorted.map((t) => ({ start: BigInt(0x0a010200 + t), end: BigInt(0x0a010200 + t) })));
      const free = Array.from({ length: 254 }, (_, i) => i + 1).filter((i) => !taken.includes(i));
      if (free.length === 0) return got === null;
      return got === `10.1.2.${free[0]}/32`;
    }));
  });
});

describe('coverage geometry', () => {
  const square = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]] };
  it('point in polygon honours holes and multipolygons', () => {
    expect(pointInGeometry(square, 1, 1)).toBe(true);
    expect(pointInGeometry(square, 5, 5)).toBe(false);
    expect(pointInGeometry(square, 11, 1)).toBe(false);
    expect(pointInGeometry({ type: 'MultiPolygon', coordinates: [square.coordinates, [[[20, 20], [30, 20], [30, 30], [20, 20]]]] }, 29, 21)).toBe(true);
  });
  it('accepts only closed numeric polygons', () => {
    expect(isPolygonGeometry(square)).toBe(true);
    expect(isPolygonGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })).toBe(false);
    expect(isPolygonGeometry({ type: 'Point', coordinates: [0, 0] })).toBe(false);
    expect(isPolygonGeometry({ type: 'Polygon', coordinates: [[[0, 0], ['a', 0], [1, 1], [0, 0]]] })).toBe(false);
  });
  it('addresses compare loosely', () => {
    expect(normalizeAddress('Москва,  ул. Лёвы Толстого, д.16')).toBe(normalizeAddress('москва ул  Левы Толстого д 16'));
  });
});

describe('feasibility rules', () => {
  const ans = { outcome: 'feasible' as const, validUntil: '2026-12-01', quantity: 2, params: { vcpu: 8, os: 'Linux' } };
  it('an answer covers up to its limits, quantity and validity day', () => {
    expect(answerCovers(ans, { quantity: 2, params: { vcpu: 8 } }, '2026-12-01')).toBe(true);
    expect(answerCovers(ans, { quantity: 2, params: { vcpu: '4' } }, '2026-11-27')).toBe(true);
    expect(answerCovers(ans, { quantity: 3, params: {} }, '2026-11-27')).toBe(false);
    expect(answerCovers(ans, { quantity: 1, params: { vcpu: 9 } }, '2026-11-27')).toBe(false);
    expect(answerCovers(ans, { quantity: 1, params: { os: 'Windows' } }, '2026-11-27')).toBe(false);
    expect(answerCovers(ans, { quantity: 1, params: { gpu: 1 } }, '2026-11-27')).toBe(false);
    expect(answerCovers(ans, { quantity: 1, params: {} }, '2026-12-02')).toBe(false);
    expect(answerCovers({ ...ans, outcome: 'not_feasible' }, { quantity: 1, params: {} }, '2026-11-27')).toBe(false);
  });
  it('probability: manager estimate, else derived from the answer; zero when negative, expired or closed', () => {
    expect(requestProbability({ probability: '0.7', status: 'open' }, null, '2026-11-27')).toBe(0.7);
    expect(requestProbability({ probability: null, status: 'open' }, null, '2026-11-27')).toBe(0.2);
    expect(requestProbability({ probability: null, status: 'answered' }, { outcome: 'feasible', validUntil: '2026-12-01' }, '2026-11-27')).toBe(0.5);
    expect(requestProbability({ probability: '0.9', status: 'answered' }, { outcome: 'not_feasible', validUntil: '2026-12-01' }, '2026-11-27')).toBe(0);
    expect(requestProbability({ probability: '0.9', status: 'answered' }, { outcome: 'feasible', validUntil: '2026-11-01' }, '2026-11-27')).toBe(0);
    expect(requestProbability({ probability: '0.9', status: 'cancelled' }, null, '2026-11-27')).toBe(0);
  });
});
