import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import type { Ctx } from '../../src/app/context.ts';
import { createAgreement, payInstallment } from '../../src/app/flows/installments.ts';
import { getAgreement, listAgreements, supplierDebts } from '../../src/app/installments/agreements.ts';
import { cashOutCalendar, cashOutCalendarXlsx, dueInMonth, installmentsDashboard } from '../../src/app/installments/reports.ts';
import { createEquipment, equipmentRegister, rackElevation } from '../../src/app/inventory/resources.ts';
import { assignResource } from '../../src/app/inventory/allocations.ts';
import { listAudit } from '../../src/app/audit/list-audit.ts';
import { createProposal, getProposal } from '../../src/app/quoting/proposals.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName } from '../helpers/db.ts';
import { aCompany } from '../helpers/factories.ts';
import { aStockedSite } from '../inventory/fixtures.ts';
import { code, installmentsWorld } from './helpers.ts';
import { pricingWorld, proposalInput } from '../quoting/world.ts';

describe(`installment purchases (${engineName})`, () => {
  let d: Database;
  let acc: Ctx;
  let tech: Ctx;
  beforeAll(async () => { ({ d, acc, tech } = await installmentsWorld()); });

  async function purchase(over: Record<string, unknown> = {}) {
    const s = await aStockedSite(d.db, tech);
    const supplier = await aCompany(acc, { roles: ['supplier'] });
    const tag = randomBytes(3).toString('hex');
    const a = await createEquipment(tech, { kind: 'server', model: 'Dell R760', serial: `INS-A-${tag}`, rackId: s.rack.id, uFrom: 10, uHeight: 2 });
    const b = await createEquipment(tech, { kind: 'server', model: 'Dell R760', serial: `INS-B-${tag}`, siteId: s.site.id });
    const agreement = await createAgreement(acc, {
      supplierId: supplier.id, number: `РЛ-${tag}/2026`, signedOn: '2026-06-15', downPayment: '60 000,00', fees: '12 000,00',
      items: [{ equipmentId: a.id, price: '300 000,00' }, { equipmentId: b.id, price: '300 000,00' }],
      schedule: { kind: 'equal', months: 12, firstDueOn: '2026-07-31' }, ...over,
    });
    return { s, supplier, a, b, agreement };
  }

  it('a purchase is followed from agreement to pay-off: schedule exact, overdue flagged, owner changes by itself (audited, dated)', async () => {
    const { s, supplier, a, b, agreement } = await purchase();
    expect(agreement.schedule.map((e) => e.dueOn).slice(0, 4)).toEqual(['2026-06-15', '2026-07-31', '2026-08-31', '2026-09-30']);
    expect(agreement.schedule.reduce((x, e) => x + e.amount, 0n)).toBe(61_200_000n);
    expect(agreement.schedule[1]!.amount).toBe(4_600_000n); // (600 000 + 12 000 − 60 000) / 12
    expect(agreement.items.every((i) => i.owner === 'supplier')).toBe(true);

    await payInstallment(acc, agreement.id, { amount: '60 000,00', paidOn: '2026-06-15' });
    await payInstallment(acc, agreement.id, { amount: 4_600_000, paidOn: '2026-07-30' });
    let view = await getAgreement(acc, agreement.id);
    // today 27.11.2026: August, September and October are overdue, November is not due yet
    expect(view.schedule.slice(0, 6).map((e) => e.status)).toEqual(['paid', 'paid', 'overdue', 'overdue', 'overdue', 'due']);
    expect(view.overdue).toBe(13_800_000n);
    expect(view.remaining).toBe(61_200_000n - 6_000_000n - 4_600_000n);
    expect((await listAgreements(acc, { supplierId: supplier.id }))[0]).toMatchObject({ overdueSince: '2026-08-31', payOffOn: '2027-06-30' });
    expect((await supplierDebts(acc)).find((x) => x.supplierId === supplier.id)).toMatchObject({ remaining: view.remaining, overdue: 13_800_000n });
    expect((await dueInMonth(acc, '2026-08')).filter((x) => x.agreementId === agreement.id)).toMatchObject([{ open: 4_600_000n, overdue: true }]);

    const reg = await equipmentRegister(tech, { siteId: s.site.id });
    expect(reg.find((r) => r.id === a.id)).toMatchObject({ owner: 'supplier', ownerCompanyId: supplier.id, paidOffOn: null });

    // refusals: more than the debt, before signing
    await expect(payInstallment(acc, agreement.id, { amount: Number(view.remaining + 1n), paidOn: '2026-11-20' })).rejects.toSatisfy((e) => code(e) === 'rule:e.inst.overpay');
    await expect(payInstallment(acc, agreement.id, { amount: 100, paidOn: '2026-01-01' })).rejects.toSatisfy((e) => code(e) === 'rule:e.inst.beforeSigned');
    await expect(payInstallment(tech, agreement.id, { amount: 100, paidOn: '2026-11-20' })).rejects.toSatisfy((e) => code(e) === 'forbidden:e.forbidden');

    // early pay-off: the rest in one payment; units are ours from that date
    const last = await payInstallment(acc, agreement.id, { payOff: true, paidOn: '2026-11-25' });
    expect(last).toMatchObject({ remaining: 0n, paidOff: true, amount: view.remaining });
    view = await getAgreement(acc, agreement.id);
    expect(view).toMatchObject({ status: 'paid_off', paidOffOn: '2026-11-25', remaining: 0n, overdue: 0n });
    expect(view.items.map((i) => [i.owner, i.paidOffOn])).toEqual([['us', '2026-11-25'], ['us', '2026-11-25']]);
    const el = await rackElevation(tech, s.rack.id);
    expect(el.items.find((i) => i.device?.id === a.id)?.device).toMatchObject({ owner: 'us', paidOffOn: '2026-11-25' });
    const audit = await listAudit(acc, { entityId: b.id });
    expect(audit.filter((x) => x.action === 'owner_change').map((x) => (x.after as { owner: string }).owner)).toEqual(['supplier', 'us']);
    await expect(payInstallment(acc, agreement.id, { amount: 1, paidOn: '2026-11-26' })).rejects.toSatisfy((e) => code(e) === 'rule:e.inst.paidOff');
  });

  it('the database guarantees the rules by SQL too: owner while paying, pay-off without payment, overpayment, changed terms', async () => {
    const { a, agreement } = await purchase();
    const refuse = async (q: ReturnType<typeof sql>, state: string) => {
      await expect(d.db.transaction().execute((trx) => q.execute(trx))).rejects.toSatisfy((e) => code(e) === `db:${state}`);
    };
    await refuse(sql`UPDATE inv_equipment SET owner = 'us', owner_company_id = NULL WHERE id = ${a.id}`, 'RD606');
    await refuse(sql`UPDATE inst_agreement SET status = 'paid_off', paid_off_on = '2026-11-01' WHERE id = ${agreement.id}`, 'RD604');
    await refuse(sql`UPDATE inst_agreement SET total = 1 WHERE id = ${agreement.id}`, 'RD605');
    await refuse(sql`INSERT INTO inst_payment (id, agreement_id, amount, paid_on, source, actor_name) VALUES ('iy_sql1', ${agreement.id}, 99999999999, '2026-11-01', 'manual', 'sql')`, 'RD602');
    await refuse(sql`INSERT INTO inst_payment (id, agreement_id, amount, paid_on, source, actor_name) VALUES ('iy_sql2', ${agreement.id}, 100, '2026-01-01', 'manual', 'sql')`, 'RD603');
    // paid in full by SQL: the pay-off by SQL then makes the units ours (the trigger, not the app, flips the owner)
    await sql`INSERT INTO inst_payment (id, agreement_id, amount, paid_on, source, actor_name) VALUES (${`iy_sql_${agreement.id}`}, ${agreement.id}, ${String(agreement.payable)}, '2026-11-01', 'manual', 'sql')`.execute(d.db);
    await refuse(sql`DELETE FROM inst_payment WHERE agreement_id = ${agreement.id}`, 'P0001');
    await sql`UPDATE inst_agreement SET status = 'paid_off', paid_off_on = '2026-11-01' WHERE id = ${agreement.id}`.execute(d.db);
    const eq = await d.db.selectFrom('inv_equipment').select(['owner', 'paid_off_on']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(eq).toEqual({ owner: 'us', paid_off_on: '2026-11-01' });
    await refuse(sql`UPDATE inst_agreement SET status = 'active', paid_off_on = NULL WHERE id = ${agreement.id}`, 'RD604');
  });

  it('refuses bad input with field paths and writes nothing; a custom schedule must add up to the kopeck', async () => {
    const s = await aStockedSite(d.db, tech);
    const supplier = await aCompany(acc, { roles: ['supplier'] });
    const client = await aCompany(acc, { roles: ['client'] });
    const eq = await createEquipment(tech, { kind: 'server', model: 'HPE DL380', serial: `INS-C-${randomBytes(3).toString('hex')}`, siteId: s.site.id });
    const base = { supplierId: supplier.id, number: `К-${randomBytes(3).toString('hex')}`, signedOn: '2026-03-01', items: [{ equipmentId: eq.id, price: '100 000,00' }] };
    const bad = await createAgreement(acc, { ...base, schedule: { kind: 'custom', entries: [{ dueOn: '2026-04-01', amount: '50 000,00' }, { dueOn: '2026-03-15', amount: '49 999,99' }] } }).catch((e: AppError) => e);
    expect((bad as AppError).fieldErrors.map((f) => `${f.path}:${f.key}`)).toEqual(['schedule.entries.1:v.inst.datesAscending', 'schedule.entries:v.inst.scheduleSum']);
    const bad2 = await createAgreement(acc, { ...base, currency: 'USD', downPayment: 'много', schedule: { kind: 'equal', months: 0, firstDueOn: '2026-02-30' } }).catch((e: AppError) => e);
    expect((bad2 as AppError).fieldErrors.map((f) => f.path).sort()).toEqual(['currency', 'downPayment', 'schedule.firstDueOn', 'schedule.months']);
    await expect(createAgreement(acc, { ...base, supplierId: client.id, schedule: { kind: 'equal', months: 3, firstDueOn: '2026-04-01' } })).rejects.toSatisfy((e) => code(e) === 'rule:e.inst.notSupplier');
    expect(await d.db.selectFrom('inst_agreement').select('id').where('number', '=', base.number).execute()).toEqual([]);
    const ok = await createAgreement(acc, { ...base, schedule: { kind: 'custom', entries: [{ dueOn: '2026-03-31', amount: '50 000,00' }, { dueOn: '2026-04-30', amount: '50 000,00' }] } });
    expect(ok.schedule.map((e) => e.amount)).toEqual([5_000_000n, 5_000_000n]);
    await expect(createAgreement(acc, { ...base, number: `${base.number}-2`, schedule: { kind: 'equal', months: 2, firstDueOn: '2026-04-01' } }))
      .rejects.toSatisfy((e) => code(e) === 'conflict:e.inst.equipmentTaken');
  });

  it('reports: cash-out calendar by month and supplier (XLSX too), unpaid units assigned to clients, the dashboard', async () => {
    const { a, supplier, agreement } = await purchase({ downPayment: 0, fees: 0, schedule: { kind: 'equal', months: 6, firstDueOn: '2027-01-10' } });
    const client = await aCompany(acc, { roles: ['client'] });
    await assignResource(tech, { target: { resource: 'equipment', equipmentId: a.id }, assignedKind: 'client', assignedRef: client.id });
    const cal = await cashOutCalendar(acc, '2027-01', 6);
    const row = cal.suppliers.find((x) => x.supplierId === supplier.id)!;
    expect(Object.values(row.months).reduce((x, y) => x + y, 0n)).toBe(60_000_000n);
    expect(row.months['2027-01']).toBe(10_000_000n);
    const xlsx = await cashOutCalendarXlsx(acc, '2027-01', 6);
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    const dash = await installmentsDashboard(acc, '2027-01');
    expect(dash.unpaidAssigned.find((u) => u.equipmentId === a.id)).toMatchObject({ clientId: client.id, number: agreement.number, state: 'assigned' });
    expect(dash.payOffs.find((p) => p.agreementId === agreement.id)).toMatchObject({ payOffOn: '2027-06-10', remaining: 60_000_000n });
  });

  it('cost model: the floor of a configuration using the unit moves when its installment starts and again when it is paid off', async () => {
    const w = await pricingWorld(d.db);
    const p = await createProposal(w.manager, proposalInput(w, 5_000_000));
    // catalog price: server 360 000 ₽ one-time ÷ 36 = 10 000 ₽/month → floor 21 038 ₽
    expect((await getProposal(w.manager, p.id)).lines[0]!.unitFloor).toBe(2_103_800n);
    const eq = await createEquipment(tech, { kind: 'server', model: 'Dell R650', serial: `INS-F-${w.tag}`, siteId: w.site.id });
    const ag = await createAgreement(acc, {
      supplierId: w.supplier.id, number: `F-${w.tag}`, signedOn: '2026-06-01', fees: '12 000,00',
      items: [{ equipmentId: eq.id, price: '252 000,00', sku: w.sku.srv }], schedule: { kind: 'equal', months: 12, firstDueOn: '2026-07-01' },
    });
    expect(ag.repricedVersions).toBeGreaterThanOrEqual(1);
    // while paying: (252 000 + 12 000) / 12 = 22 000 ₽/month is the hardware cost → 22 000 + 5 000 + 300 = 27 300 × 1.1 / 0.8 → 37 538 ₽
    const paying = (await getProposal(w.manager, p.id)).lines[0]!;
    expect(paying.unitFloor).toBe(3_753_800n);
    expect(paying.costTrace.find((t) => t.sku === w.sku.srv)).toMatchObject({ billing: 'installment', monthly: '2200000' });
    await payInstallment(acc, ag.id, { payOff: true, paidOn: '2026-11-01' });
    // ours: 252 000 ÷ 36 = 7 000 ₽/month → 12 300 × 1.1 / 0.8 → 16 913 ₽
    const owned = (await getProposal(w.manager, p.id)).lines[0]!;
    expect(owned.unitFloor).toBe(1_691_300n);
    expect(owned.costTrace.find((t) => t.sku === w.sku.srv)).toMatchObject({ billing: 'one_time' });
  });
});
