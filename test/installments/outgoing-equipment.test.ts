import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../../src/domain/errors.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import type { Ctx } from '../../src/app/context.ts';
import { createAgreement, resolveOutgoing } from '../../src/app/flows/installments.ts';
import { importStatement } from '../../src/app/flows/statement-import.ts';
import { getAgreement } from '../../src/app/installments/agreements.ts';
import { ignoreOutgoing, listOutgoingQueue } from '../../src/app/installments/outgoing.ts';
import { equipmentHistory, updateEquipment } from '../../src/app/inventory/equipment-edit.ts';
import { createEquipment, rackElevation } from '../../src/app/inventory/resources.ts';
import { holdResource } from '../../src/app/inventory/allocations.ts';
import { engineName, freshDatabase, onPostgres } from '../helpers/db.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { anOwnEntity } from '../billing/helpers.ts';
import { statementText, toCp1251 } from '../billing/statement-fixture.ts';
import { aStockedSite } from '../inventory/fixtures.ts';
import { code, installmentsWorld } from './helpers.ts';

describe(`installments from bank statements, equipment edits (${engineName})`, () => {
  let d: Database;
  let acc: Ctx;
  let tech: Ctx;
  beforeAll(async () => { ({ d, acc, tech } = await installmentsWorld()); });

  it('outgoing documents: the supplier\'s ИНН + the agreement number pay the schedule; the rest waits in a queue; a re-import adds nothing', async () => {
    const us = await anOwnEntity(d.db);
    const supplier = await aCompany(acc, { roles: ['supplier'] });
    const other = await aCompany(acc, { roles: ['supplier'] });
    const s = await aStockedSite(d.db, tech);
    const tag = randomBytes(3).toString('hex');
    const eq = await createEquipment(tech, { kind: 'switch', model: 'Juniper QFX5120', serial: `OUT-${tag}`, siteId: s.site.id });
    const eq2 = await createEquipment(tech, { kind: 'switch', model: 'Juniper QFX5120', serial: `OUT2-${tag}`, siteId: s.site.id });
    const number = `ЛС-${tag}`;
    const ag = await createAgreement(acc, { supplierId: supplier.id, number, signedOn: '2026-10-01', items: [{ equipmentId: eq.id, price: '30 000,00' }], schedule: { kind: 'equal', months: 3, firstDueOn: '2026-11-01' } });
    await createAgreement(acc, { supplierId: supplier.id, number: `${number}-B`, signedOn: '2026-10-01', items: [{ equipmentId: eq2.id, price: '10 000,00' }], schedule: { kind: 'equal', months: 1, firstDueOn: '2026-11-01' } });
    const out = (n: string, amount: string, payee: { settlementAccount: string | null; inn: string | null }, purpose: string) =>
      ({ number: n, date: '02.12.2026', amount, payerAccount: us.settlementAccount!, payerInn: us.inn!, payerName: us.name, payeeAccount: payee.settlementAccount!, payeeInn: payee.inn ?? '', payeeName: 'Поставщик', purpose });
    const docs = [
      out('501', '10000.00', supplier, `Оплата по договору рассрочки № ${number} от 01.10.2026, платёж 1`),
      out('502', '10000.00', other, `Оплата по договору № ${number}`), // another supplier's ИНН: never matched
      out('503', '5000.00', supplier, 'Оплата за оборудование'), // no agreement named
      out('504', '99000.00', supplier, `Оплата по договору ${number}`), // more than the debt
    ];
    const text = statementText([us.settlementAccount!], docs, 'Windows');
    const r = await importStatement(acc, toCp1251(text), 'kl_to_1c.txt');
    expect(r.outgoing).toEqual({ documents: 4, duplicates: 0, matched: 1, queued: 3 });
    expect(r).toMatchObject({ incoming: 0, matched: 0, skipped: 4 });
    const view = await getAgreement(acc, ag.id);
    expect(view.payments).toMatchObject([{ amount: 1_000_000n, paidOn: '2026-12-02', source: 'statement', docNumber: '501' }]);
    expect(view.remaining).toBe(2_000_000n);
    const again = await importStatement(acc, toCp1251(text), 'kl_to_1c.txt');
    expect(again.outgoing).toEqual({ documents: 4, duplicates: 4, matched: 0, queued: 0 });

    const queue = (await listOutgoingQueue(acc)).filter((q) => ['502', '503', '504'].includes(q.docNumber ?? '') && q.payeeAccount !== '' && [supplier.inn, other.inn].includes(q.payeeInn));
    expect(queue.map((q) => q.docNumber).sort()).toEqual(['502', '503', '504']);
    const byNo = (n: string) => queue.find((q) => q.docNumber === n)!;
    await expect(resolveOutgoing(acc, byNo('502').id, { agreementId: ag.id })).rejects.toSatisfy((e) => code(e) === 'rule:e.inst.otherSupplier');
    await expect(resolveOutgoing(acc, byNo('504').id, { agreementId: ag.id })).rejects.toSatisfy((e) => code(e) === 'rule:e.inst.overpay');
    const res = await resolveOutgoing(acc, byNo('503').id, { agreementId: ag.id, note: 'платёж 2' });
    expect(res.remaining).toBe(1_500_000n);
    await expect(resolveOutgoing(acc, byNo('503').id, { agreementId: ag.id })).rejects.toSatisfy((e) => code(e) === 'rule:e.inst.notInQueue');
    await ignoreOutgoing(acc, byNo('502').id, { note: 'платёж по другому договору' });
    expect((await listOutgoingQueue(acc)).map((q) => q.id)).not.toContain(byNo('502').id);
  });

  it('editing equipment: move within and between racks through the guards; an occupied place is refused; history kept', async () => {
    const s = await aStockedSite(d.db, tech);
    const tag = randomBytes(3).toString('hex');
    const a = await createEquipment(tech, { kind: 'server', model: 'Dell R640', serial: `MV-A-${tag}`, rackId: s.rack.id, uFrom: 1, uHeight: 1 });
    const b = await createEquipment(tech, { kind: 'server', model: 'Dell R640', serial: `MV-B-${tag}`, rackId: s.rack.id, uFrom: 5, uHeight: 2 });
    // The refusal names the rack, the units and who stands there, on the field being edited.
    await expect(updateEquipment(tech, a.id, { location: { rackId: s.rack.id, uFrom: 6 } })).rejects.toSatisfy((e) => code(e) === 'conflict:e.equipment.unitsTaken'
      && (e as AppError).params.whom === `Dell R640 MV-B-${tag}` && (e as AppError).params.units === '5–6' && (e as AppError).fieldErrors[0]?.path === 'location.uFrom');
    const client = await aCompany(acc, { roles: ['client'] });
    await holdResource(tech, { target: { resource: 'rack_units', rackId: s.rack.id, uFrom: 20, uHeight: 2, face: 'both', powerAW: 0, powerBW: 0 }, companyId: client.id });
    await expect(updateEquipment(tech, a.id, { location: { rackId: s.rack.id, uFrom: 21 } })).rejects.toSatisfy((e) => code(e) === 'conflict:e.equipment.unitsTaken' && (e as AppError).params.whom === client.name);
    const moved = await updateEquipment(tech, a.id, { location: { rackId: s.rack.id, uFrom: 10 }, status: 'repair', project: 'Внутренний мониторинг', reason: 'перестановка' });
    expect(moved).toMatchObject({ rackId: s.rack.id, uFrom: 10, uHeight: 1, status: 'repair', project: 'Внутренний мониторинг' });
    const stock = await updateEquipment(tech, b.id, { location: { stock: true } });
    expect(stock).toMatchObject({ rackId: null, location: 'stock', siteId: s.site.id });
    const el = await rackElevation(tech, s.rack.id);
    expect(el.items.filter((i) => i.device).map((i) => [i.device!.serial, i.uFrom])).toEqual(expect.arrayContaining([[`MV-A-${tag}`, 10]]));
    expect(el.items.some((i) => i.device?.id === b.id)).toBe(false);
    const h = await equipmentHistory(tech, a.id);
    expect(h.allocations.map((x) => [x.uFrom, x.state])).toEqual([[1, 'released'], [10, 'assigned']]);
    expect(h.audit.map((x) => x.action)).toEqual(['create', 'move']);
    await expect(updateEquipment(await ctxAs(d.db, 'manager'), a.id, { status: 'spare' })).rejects.toSatisfy((e) => code(e) === 'forbidden:e.forbidden');
  });

  it('the owner of a unit being paid for cannot be edited away from the supplier', async () => {
    const s = await aStockedSite(d.db, tech);
    const supplier = await aCompany(acc, { roles: ['supplier'] });
    const eq = await createEquipment(tech, { kind: 'server', model: 'Dell R640', serial: `OW-${randomBytes(3).toString('hex')}`, siteId: s.site.id });
    await createAgreement(acc, { supplierId: supplier.id, number: `OW-${eq.id}`, signedOn: '2026-10-01', items: [{ equipmentId: eq.id, price: '1 000,00' }], schedule: { kind: 'equal', months: 2, firstDueOn: '2026-11-01' } });
    await expect(updateEquipment(tech, eq.id, { owner: 'us' })).rejects.toSatisfy((e) => code(e) === 'rule:e.inst.ownerWhilePaying');
  });

  it('by SQL, a rack position without its allocation, or a released allocation under a mounted unit, is refused at commit', async () => {
    const s = await aStockedSite(d.db, tech);
    const a = await createEquipment(tech, { kind: 'server', model: 'Dell R640', serial: `SQL-${randomBytes(3).toString('hex')}`, rackId: s.rack.id, uFrom: 30, uHeight: 1 });
    // straight onto the switch's unit 42: the exclusion constraints were never asked
    await expect(d.db.transaction().execute((trx) => sql`UPDATE inv_equipment SET u_from = 42 WHERE id = ${a.id}`.execute(trx))).rejects.toSatisfy((e) => code(e) === 'db:RD607');
    await expect(d.db.transaction().execute((trx) => sql`UPDATE inv_equipment SET rack_id = NULL, u_from = NULL, u_height = NULL WHERE id = ${a.id}`.execute(trx))).rejects.toSatisfy((e) => code(e) === 'db:RD607');
    await expect(d.db.transaction().execute(async (trx) => {
      await sql`UPDATE inv_allocation SET state = 'releasing', release_reason = 'x' WHERE assigned_ref = ${a.id} AND resource = 'rack_units' AND state = 'assigned'`.execute(trx);
      await sql`UPDATE inv_allocation SET state = 'released' WHERE assigned_ref = ${a.id} AND resource = 'rack_units' AND state = 'releasing'`.execute(trx);
    })).rejects.toSatisfy((e) => code(e) === 'db:RD607');
    await expect(d.db.transaction().execute((trx) => sql`INSERT INTO inv_equipment (id, kind, model, site_id, rack_id, u_from, u_height) VALUES (${`eq_sql_${a.id}`}, 'server', 'X', ${s.site.id}, ${s.rack.id}, 35, 1)`.execute(trx)))
      .rejects.toSatisfy((e) => code(e) === 'db:RD607');
    expect((await d.db.selectFrom('inv_equipment').select('u_from').where('id', '=', a.id).executeTakeFirstOrThrow()).u_from).toBe(30);
  });

  it.runIf(onPostgres)('concurrently: 20 units moved onto the same free place at once — exactly one gets it', async () => {
    const db2 = await freshDatabase();
    try {
      const t = await ctxAs(db2.db, 'tech');
      const s = await aStockedSite(db2.db, t);
      const units = [];
      for (let i = 0; i < 20; i++) units.push(await createEquipment(t, { kind: 'server', model: 'Dell R640', serial: `CC-${i}-${randomBytes(3).toString('hex')}`, rackId: s.rack.id, uFrom: i + 1, uHeight: 1 }));
      const results = await Promise.allSettled(units.map((u) => updateEquipment(t, u.id, { location: { rackId: s.rack.id, uFrom: 30 } })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      // Queued on the rack lock, the losers see the winner and are refused by name; the constraint backs it up.
      const refusals = new Set(results.filter((r) => r.status === 'rejected').map((r) => code((r as PromiseRejectedResult).reason)));
      expect([...refusals].filter((c) => c !== 'conflict:e.equipment.unitsTaken' && c !== 'conflict:e.inv.taken')).toEqual([]);
      const at30 = await db2.db.selectFrom('inv_equipment').select('id').where('rack_id', '=', s.rack.id).where('u_from', '=', 30).execute();
      expect(at30).toHaveLength(1);
    } finally { await db2.close(); }
  });
});
