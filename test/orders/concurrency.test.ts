import { beforeAll, describe, expect, it } from 'vitest';
import { engineName, testDb } from '../helpers/db.ts';
import { createOrder, listOrders } from '../../src/app/orders/orders.ts';
import { AppError } from '../../src/domain/errors.ts';
import { acceptedProposal, orderWorld, type OrderWorld } from './world.ts';

describe(`one order per accepted version, however many try at once (${engineName})`, () => {
  let w: OrderWorld;
  beforeAll(async () => { w = await orderWorld((await testDb()).db); });

  it('of eight parallel attempts exactly one creates the order; the others are told its number; numbers have no gaps', async () => {
    const p = await acceptedProposal(w);
    const tries = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => createOrder(i % 2 ? w.manager : w.assistant, { proposalId: p.id })));
    const won = tries.filter((t) => t.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const t of tries.filter((x) => x.status === 'rejected')) {
      const e = (t as PromiseRejectedResult).reason;
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).key).toBe('e.order.exists');
    }
    expect((await listOrders(w.manager, { proposalId: p.id }))).toHaveLength(1);

    // Orders of different versions in parallel: every one succeeds, numbers are consecutive.
    const ps = await Promise.all(Array.from({ length: 4 }, () => acceptedProposal(w)));
    const made = await Promise.all(ps.map((x) => createOrder(w.manager, { proposalId: x.id })));
    const nums = made.map((o) => Number(o.number.slice(-5))).sort((a, b) => a - b);
    expect(nums).toEqual(nums.map((_, i) => nums[0]! + i));
    const appendices = made.map((o) => o.contract.appendixNo).sort((a, b) => a - b);
    expect(new Set(appendices).size).toBe(4);
  });
});
