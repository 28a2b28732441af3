import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { engineName, onPostgres, testDb } from '../helpers/db.ts';
import type { Database } from '../../src/db/connect.ts';
import { getOrder } from '../../src/app/orders/orders.ts';
import { handOffOrder } from '../../src/app/flows/order-handoff.ts';
import { cancelHandedOffOrder, cancelOrder } from '../../src/app/flows/order-cancel.ts';
import { checkItem, completeProvisioning, delaysReport, provisioningQueue, startProvisioning } from '../../src/app/provisioning/provisioning.ts';
import { recordPayment } from '../../src/app/billing/payments.ts';
import { clientLedger } from '../../src/app/billing/receivables.ts';
import { getInvoice } from '../../src/app/billing/invoices.ts';
import { createEquipment } from '../../src/app/inventory/resources.ts';
import { holdResource, listAllocations } from '../../src/app/inventory/allocations.ts';
import { listTasks } from '../../src/app/crm/tasks.ts';
import { cancelPermission, cancelRefusal } from '../../src/domain/orders/orders.ts';
import { AppError } from '../../src/domain/errors.ts';
import { orderWorld, rejects, signedOrder, sqlRefusal, type OrderWorld } from './world.ts';

describe(`cancelling a handed-off order before provisioning is completed (${engineName})`, () => {
  let d: Database;
  let w: OrderWorld;
  beforeAll(async () => { d = await testDb(); w = await orderWorld(d.db); });

  const handedOff = async () => handOffOrder(w.assistant, (await signedOrder(w)).id);
  const due = async (invoiceId: string) => (await sql<{ corrected_total: bigint; paid: bigint }>`SELECT corrected_total, paid FROM invoice_due WHERE id = ${invoiceId}`.execute(d.db)).rows[0];
  const corrections = async (invoiceId: string) => d.db.selectFrom('invoice').select(['id', 'total', 'kind']).where('corrects_invoice_id', '=', invoiceId).execute();
  /** A handed-off order paid in full and taken into work by the tech department, every checklist item ticked. */
  async function inProgress() {
    const o = await handedOff();
    await recordPayment(w.accounting, { clientId: w.client.id, amount: Number(o.invoice!.total), paidOn: '2026-11-27', invoiceId: o.invoice!.id });
    const s = await startProvisioning(w.tech, o.id);
    for (const i of s.provisioning!.checklist) await checkItem(w.tech, o.id, i.position, true);
    return s;
  }

  it('the decider: cancellable until provisioning is done; after the hand-off only by management', () => {
    expect(cancelRefusal('new')).toBeNull();
    expect(cancelRefusal('handed_off')).toBeNull();
    expect(cancelRefusal('cancelled')).toBe('e.order.cancelled');
    for (const s of ['provisioned', 'active'] as const) expect(cancelRefusal(s)).toBe('e.order.cancelAfterProvisioning');
    expect(cancelPermission('new')).toBe('order.write');
    expect(cancelPermission('handed_off')).toBe('order.cancel');
  });

  it('unpaid: services closed before their first day, the initial invoice credited to zero by one УКД, provisioning cancelled, resources to release — with who, when, why', async () => {
    const server = await createEquipment(w.tech, { kind: 'server', model: 'Dell R650', serial: `SN-${Math.random().toString(36).slice(2)}`, cpuCores: 8, ramGb: 64, disks: '2×960', siteId: w.site.id });
    await holdResource(w.tech, { target: { resource: 'equipment', equipmentId: server.id }, companyId: w.client.id, answerId: w.feasibility });
    const o = await handedOff();
    const serviceId = o.services[0]!.id;
    expect((await listAllocations(w.tech, { assignedKind: 'service', assignedRef: serviceId })).map((a) => a.state)).toEqual(['assigned']);
    const ledgerBefore = await clientLedger(w.accounting, w.client.id);

    expect((await rejects(cancelOrder(w.manager, o.id, { reason: 'Клиент передумал' }))).code).toBe('forbidden');
    expect((await rejects(cancelOrder(w.management, o.id, { reason: '' }))).fieldErrors.map((f) => f.path)).toEqual(['reason']);
    const c = await cancelOrder(w.management, o.id, { reason: 'Клиент отказался до начала работ' });
    expect(c).toMatchObject({ status: 'cancelled', cancelReason: 'Клиент отказался до начала работ', cancelledBy: w.management.actor.name });
    expect(c.services.map((s) => s.status)).toEqual(['closed']);
    expect(c.provisioning?.status).toBe('cancelled');
    // One correction document brings the whole initial invoice (setup fee and first period) to zero: nothing is owed.
    const inv = await getInvoice(w.accounting, o.invoice!.id);
    const corr = await corrections(inv.id);
    expect(corr).toHaveLength(1);
    expect(corr[0]!.total).toBe(-inv.total);
    const lines = (await getInvoice(w.accounting, corr[0]!.id)).lines;
    expect(lines.map((l) => [l.net, l.quantity])).toEqual(inv.lines.map((l) => [-l.net, 0]));
    expect(await due(inv.id)).toEqual({ corrected_total: 0n, paid: 0n });
    expect((await clientLedger(w.accounting, w.client.id)).balance).toBe(ledgerBefore.balance - inv.total);
    expect((await listAllocations(w.tech, { assignedKind: 'service', assignedRef: serviceId })).map((a) => a.state)).toEqual(['releasing']);
    expect((await provisioningQueue(w.tech, { limit: 500 })).items.some((q) => q.orderId === o.id)).toBe(false);
    const audit = await d.db.selectFrom('audit_log').select(['action', 'actor_name']).where('entity_id', '=', o.id).where('action', '=', 'cancel').execute();
    expect(audit).toEqual([{ action: 'cancel', actor_name: w.management.actor.name }]);
    // Nothing moves afterwards, by the app or by SQL.
    expect((await rejects(cancelOrder(w.management, o.id, { reason: 'ещё раз' }))).key).toBe('e.order.cancelled');
    expect((await rejects(startProvisioning(w.tech, o.id))).key).toBe('e.prov.transition');
    expect(await sqlRefusal(sql`UPDATE billing_service SET status = 'active' WHERE id = ${serviceId}`.execute(d.db))).toBe('RD333');
    expect(await sqlRefusal(sql`UPDATE prov_request SET status = 'ready', gate_opened_on = '2026-12-01', deadline = '2026-12-08' WHERE order_id = ${o.id}`.execute(d.db))).toBe('RD313');
  });

  it('paid and in progress: the payment stays with the client as a credit, the technician is told to stop, nothing is billed later', async () => {
    const o = await inProgress();
    const inv = await getInvoice(w.accounting, o.invoice!.id);
    const before = await clientLedger(w.accounting, w.client.id);
    const c = await cancelHandedOffOrder(w.management, o.id, { reason: 'Клиент расторг договор до начала услуг' });
    expect([c.status, c.provisioning?.status]).toEqual(['cancelled', 'cancelled']);
    expect(await due(inv.id)).toEqual({ corrected_total: 0n, paid: inv.total });
    // The ledger now owes the client what it paid (a negative balance is the client's credit).
    expect((await clientLedger(w.accounting, w.client.id)).balance).toBe(before.balance - inv.total);
    const tasks = await listTasks(w.tech, { view: 'all' });
    expect(tasks.some((t) => t.title.includes(`Заказ ${o.number} отменён`))).toBe(true);
    expect((await rejects(completeProvisioning(w.tech, o.id))).key).toBe('e.prov.transition');
    expect((await delaysReport(w.management)).some((r) => r.orderId === o.id)).toBe(false);
    // The billing run never bills a service closed before its first day (start − 1).
    const svc = await d.db.selectFrom('billing_service').select(['status', 'start_date', 'end_date']).where('id', '=', c.services[0]!.id).executeTakeFirstOrThrow();
    expect(svc.status).toBe('closed');
    expect(svc.end_date! < svc.start_date).toBe(true);
  });

  it('refused once provisioning is completed, or when a service has already started; nothing changes', async () => {
    const o = await inProgress();
    const done = await completeProvisioning(w.tech, o.id);
    expect(done.status).toBe('provisioned');
    expect((await rejects(cancelOrder(w.management, o.id, { reason: 'Поздно' }))).key).toBe('e.order.cancelAfterProvisioning');
    expect(await sqlRefusal(sql`UPDATE sales_order SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'sql', cancel_reason = 'обход' WHERE id = ${o.id}`.execute(d.db))).toBe('RD303');

    const o2 = await handedOff();
    await sql`UPDATE billing_service SET status = 'active' WHERE id = ${o2.services[0]!.id}`.execute(d.db);
    const e = await rejects(cancelOrder(w.management, o2.id, { reason: 'Клиент отказался' }));
    expect([e.key, e.params.service]).toEqual(['e.order.cancelServiceStarted', o2.services[0]!.title]);
    const after = await getOrder(w.manager, o2.id);
    expect([after.status, after.provisioning?.status, await corrections(o2.invoice!.id)]).toEqual(['handed_off', 'waiting_payment', []]);
  });

  it('the database settles a cancellation at commit: open services, an open request or an uncorrected invoice are refused', async () => {
    const o = await handedOff();
    const cancel = sql`UPDATE sales_order SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'sql', cancel_reason = 'обход' WHERE id = ${o.id}`;
    const e = await d.db.transaction().execute(async (trx) => { await cancel.execute(trx); }).then(() => null, (x: unknown) => x as { code?: string; detail?: string });
    expect(e?.code).toBe('RD333');
    expect(JSON.parse(e!.detail!)).toEqual({ number: o.number, service: o.services[0]!.title });
    const closed = (trx: Parameters<typeof cancel.execute>[0]) => sql`UPDATE billing_service SET status = 'closed', end_date = start_date - 1 WHERE id = ${o.services[0]!.id}`.execute(trx);
    expect(await sqlRefusal(d.db.transaction().execute(async (trx) => { await closed(trx); await cancel.execute(trx); }))).toBe('RD334');
    expect(await sqlRefusal(d.db.transaction().execute(async (trx) => {
      await closed(trx);
      await sql`UPDATE prov_request SET status = 'cancelled' WHERE order_id = ${o.id}`.execute(trx);
      await cancel.execute(trx);
    }))).toBe('RD335');
    expect((await getOrder(w.manager, o.id)).status).toBe('handed_off');
  });

  it.runIf(onPostgres)('concurrently: of eight cancellations one takes effect (one УКД); cancel against completion — exactly one wins', async () => {
    const o = await handedOff();
    const tries = await Promise.allSettled(Array.from({ length: 8 }, () => cancelOrder(w.management, o.id, { reason: 'Клиент отказался' })));
    expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
    for (const t of tries.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) expect((t.reason as AppError).key).toBe('e.order.cancelled');
    expect(await corrections(o.invoice!.id)).toHaveLength(1);
    expect(await d.db.selectFrom('audit_log').select('id').where('entity_id', '=', o.id).where('action', '=', 'cancel').execute()).toHaveLength(1);

    for (let i = 0; i < 3; i++) {
      const p = await inProgress();
      const [cancel, complete] = await Promise.allSettled([cancelOrder(w.management, p.id, { reason: 'Клиент отказался' }), completeProvisioning(w.tech, p.id)]);
      expect([cancel.status, complete.status].filter((s) => s === 'fulfilled')).toHaveLength(1);
      const after = await getOrder(w.manager, p.id);
      if (cancel.status === 'fulfilled') {
        expect([after.status, after.provisioning?.status, ((complete as PromiseRejectedResult).reason as AppError).key]).toEqual(['cancelled', 'cancelled', 'e.prov.transition']);
      } else {
        expect([after.status, after.provisioning?.status, (cancel.reason as AppError).key]).toEqual(['provisioned', 'done', 'e.order.cancelAfterProvisioning']);
        expect(await corrections(p.invoice!.id)).toEqual([]);
      }
    }
  });
});
