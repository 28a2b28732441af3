import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { engineName, testDb } from '../helpers/db.ts';
import type { Database } from '../../src/db/connect.ts';
import { createOrder, getOrder } from '../../src/app/orders/orders.ts';
import { cancelOrder } from '../../src/app/flows/order-cancel.ts';
import { advanceSigning } from '../../src/app/contracts/contracts.ts';
import { handOffOrder } from '../../src/app/flows/order-handoff.ts';
import { cancelRefusal } from '../../src/domain/orders/orders.ts';
import { acceptedProposal, orderWorld, rejects, signedOrder, sqlRefusal, type OrderWorld } from './world.ts';

describe(`order cancellation before the hand-off (${engineName})`, () => {
  let d: Database;
  let w: OrderWorld;
  beforeAll(async () => { d = await testDb(); w = await orderWorld(d.db); });

  it('the decider: a new order can be cancelled, a cancelled one not again', () => {
    expect(cancelRefusal('new')).toBeNull();
    expect(cancelRefusal('cancelled')).toBe('e.order.cancelled');
  });

  it('a new order is cancelled with the reason, who and when (audit too); then neither it nor its signing moves', async () => {
    const o = await createOrder(w.manager, { proposalId: (await acceptedProposal(w)).id });
    await advanceSigning(w.manager, o.id, 'sent', { channel: 'edo' });
    expect((await rejects(cancelOrder(w.manager, o.id, { reason: '' }))).fieldErrors.map((f) => f.path)).toEqual(['reason']);
    expect((await rejects(cancelOrder(w.tech, o.id, { reason: 'Клиент передумал' }))).code).toBe('forbidden');
    const c = await cancelOrder(w.manager, o.id, { reason: 'Клиент выбрал другого провайдера' });
    expect(c).toMatchObject({ status: 'cancelled', cancelReason: 'Клиент выбрал другого провайдера', cancelledBy: w.manager.actor.name });
    expect(c.cancelledAt).toBeInstanceOf(Date);
    const audit = await d.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', o.id).where('action', '=', 'cancel').execute();
    expect(audit).toHaveLength(1);
    expect((await rejects(cancelOrder(w.manager, o.id, { reason: 'ещё раз' }))).key).toBe('e.order.cancelled');
    expect((await rejects(advanceSigning(w.manager, o.id, 'client_signed', {}))).key).toBe('e.order.cancelled');
    expect((await rejects(handOffOrder(w.assistant, o.id))).key).toBe('e.order.transition');
    // By SQL: a cancelled order and its contract are frozen.
    expect(await sqlRefusal(sql`UPDATE sales_order SET priority = 'urgent' WHERE id = ${o.id}`.execute(d.db))).toBe('RD332');
    expect(await sqlRefusal(sql`UPDATE contract_doc SET status = 'client_signed', client_signed_at = now() WHERE order_id = ${o.id}`.execute(d.db))).toBe('RD332');
    expect((await getOrder(w.manager, o.id)).contract.status).toBe('sent');
  });

  it('the database refuses a cancellation without a reason; after the hand-off the manager is refused (management cancels: cancel-after-handoff.test.ts)', async () => {
    const o = await createOrder(w.manager, { proposalId: (await acceptedProposal(w)).id });
    expect(await sqlRefusal(sql`UPDATE sales_order SET status = 'cancelled' WHERE id = ${o.id}`.execute(d.db))).toBe('RD331');
    expect(await sqlRefusal(sql`UPDATE sales_order SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'sql', cancel_reason = '  ' WHERE id = ${o.id}`.execute(d.db))).toBe('RD331');
    const h = await handOffOrder(w.assistant, (await signedOrder(w)).id);
    const e = await rejects(cancelOrder(w.manager, h.id, { reason: 'Клиент отказался после оплаты' }));
    expect([e.code, e.params.permission]).toEqual(['forbidden', 'order.cancel']);
    expect(await sqlRefusal(sql`UPDATE sales_order SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'sql', cancel_reason = 'обход' WHERE id = ${h.id}`.execute(d.db))).toBe('RD333');
    expect((await getOrder(w.manager, h.id)).status).toBe('handed_off');
  });
});
