import { describe, expect, it } from 'vitest';
import { statusAfterEdit, versionBlockers, type SendFacts } from './send-rules.ts';

const base: SendFacts = { to: 'sent', today: '2026-11-27', validUntil: '2026-12-31', lines: [{ position: 1, belowFloor: false }], approved: false, unbacked: [] };

describe('may this proposal version go out (one decider)', () => {
  it('a priced, confirmed, valid version has no blockers', () => {
    expect(versionBlockers(base)).toEqual([]);
  });

  it('names the lines below floor, the unconfirmed lines, the passed date, in rule order', () => {
    const b = versionBlockers({ ...base, validUntil: '2026-11-26', lines: [{ position: 1, belowFloor: true }, { position: 2, belowFloor: false }, { position: 3, belowFloor: true }], unbacked: [2, 3] });
    expect(b.map((x) => [x.key, x.params])).toEqual([
      ['e.quote.belowFloor', { lines: '1, 3' }], ['e.quote.validityPassed', { date: '2026-11-26' }], ['e.quote.noFeasibility', { lines: '2, 3' }],
    ]);
  });

  it('an approval of the current content lets lines below floor through', () => {
    expect(versionBlockers({ ...base, lines: [{ position: 1, belowFloor: true }], approved: true })).toEqual([]);
  });

  it('stale supplier prices are a conflict, missing ones a rule; both come first', () => {
    const b = versionBlockers({ ...base, lines: [], repricing: { missingSkus: ['A', 'B'], stale: [4] } });
    expect(b.map((x) => [x.code, x.key])).toEqual([['rule', 'e.pricing.noPrice'], ['conflict', 'e.quote.stalePrices'], ['rule', 'e.quote.noLines']]);
    expect(b[0]!.params).toEqual({ skus: 'A, B' });
  });

  it('acceptance checks the floor and validity, not feasibility or emptiness', () => {
    expect(versionBlockers({ ...base, to: 'accepted', lines: [], unbacked: [1] })).toEqual([]);
    expect(versionBlockers({ ...base, to: 'accepted', lines: [{ position: 2, belowFloor: true }] }).map((x) => x.key)).toEqual(['e.quote.belowFloor']);
  });

  it('extra rules run after the built-in ones', () => {
    const b = versionBlockers(base, [() => ({ key: 'e.x', params: { lines: '1' }, code: 'rule' })]);
    expect(b.map((x) => x.key)).toEqual(['e.x']);
  });

  it('an edit voids an approval: approved/pending go to draft or pending, other statuses stay', () => {
    expect(statusAfterEdit('approved', false, false)).toBe('draft');
    expect(statusAfterEdit('approved', true, false)).toBe('pending_approval');
    expect(statusAfterEdit('pending_approval', true, true)).toBe('approved');
    expect(statusAfterEdit('draft', true, false)).toBe('draft');
  });
});
