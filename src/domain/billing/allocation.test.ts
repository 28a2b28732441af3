import { describe, expect, it } from 'vitest';
import { allocate } from './billing.ts';

describe('allocate: a payment spread over open invoices in the order given', () => {
  it('a settled invoice (nothing outstanding) gets no allocation, not even of zero', () => {
    expect(allocate(100n, [{ id: 'paid', outstanding: 0n }, { id: 'open', outstanding: 60n }, { id: 'next', outstanding: 80n }]))
      .toEqual({ allocations: [{ id: 'open', amount: 60n }, { id: 'next', amount: 40n }], rest: 0n });
    expect(allocate(30n, [{ id: 'credit', outstanding: -10n }, { id: 'paid', outstanding: 0n }])).toEqual({ allocations: [], rest: 30n });
  });

  it('what exceeds every invoice stays on the balance; a negative payment is refused', () => {
    expect(allocate(500n, [{ id: 'a', outstanding: 120n }])).toEqual({ allocations: [{ id: 'a', amount: 120n }], rest: 380n });
    expect(() => allocate(-1n, [])).toThrow(RangeError);
  });
});
