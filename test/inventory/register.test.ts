import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import type { Ctx } from '../../src/app/context.ts';
import { assignResource } from '../../src/app/inventory/allocations.ts';
import { createEquipment, equipmentRegister, getSettings, updateSettings } from '../../src/app/inventory/resources.ts';
import { answerFeasibilityRequest, createFeasibilityRequest } from '../../src/app/feasibility/requests.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { aSite, aStockedSite } from './fixtures.ts';

describe(`equipment register, permissions and table rules (${engineName})`, () => {
  let d: Database;
  let tech: Ctx;
  let manager: Ctx;
  beforeAll(async () => {
    d = await testDb();
    tech = await ctxAs(d.db, 'tech');
    manager = await ctxAs(d.db, 'manager');
  });

  it('every piece of equipment has an owner, a location and an assignment', async () => {
    const s = await aStockedSite(d.db, tech);
    const client = await aCompany(manager);
    const supplier = await aCompany(manager, { roles: ['supplier'] });
    const colo = await createEquipment(tech, { kind: 'server', model: 'Client 1U', owner: 'client', ownerCompanyId: client.id, rackId: s.rack.id, uFrom: 5, uHeight: 1 });
    const leased = await createEquipment(tech, { kind: 'server', model: 'Leased R740', owner: 'supplier', ownerCompanyId: supplier.id, paidOffOn: '2027-06-30', siteId: s.site.id, project: 'Внутренний биллинг' });
    const part = await createEquipment(tech, { kind: 'part', model: 'DDR4 32 GB', quantity: 12, siteId: s.site.id });
    await assignResource(tech, { target: { resource: 'equipment', equipmentId: s.server.id }, assignedKind: 'client', assignedRef: client.id });
    const reg = await equipmentRegister(tech, { siteId: s.site.id });
    const byId = new Map(reg.map((r) => [r.id, r]));
    expect(byId.get(colo.id)).toMatchObject({ owner: 'client', ownerName: client.name, location: 'rack', rackName: 'R1', uFrom: 5 });
    expect(byId.get(leased.id)).toMatchObject({ owner: 'supplier', paidOffOn: '2027-06-30', location: 'stock', assignment: { kind: 'project', ref: 'Внутренний биллинг' } });
    expect(byId.get(part.id)).toMatchObject({ kind: 'part', quantity: 12, location: 'stock' });
    expect(byId.get(s.server.id)!.assignment).toMatchObject({ state: 'assigned', kind: 'client', ref: client.id });
    // Rules: an owner other than us names the company; only parts have quantities; parts stay out of racks.
    await expect(createEquipment(tech, { kind: 'server', model: 'X', owner: 'client' })).rejects.toMatchObject({ code: 'validation' });
    await expect(createEquipment(tech, { kind: 'server', model: 'X', quantity: 2 })).rejects.toMatchObject({ code: 'validation' });
    await expect(sql`INSERT INTO inv_equipment (id, kind, model, owner) VALUES ('eq_bad1', 'server', 'X', 'client')`.execute(d.db)).rejects.toThrow(/check/i);
    await expect(sql`INSERT INTO inv_equipment (id, kind, model, quantity) VALUES ('eq_bad2', 'server', 'X', 3)`.execute(d.db)).rejects.toThrow(/check/i);
    await expect(sql`INSERT INTO inv_equipment (id, kind, model, site_id, rack_id, u_from, u_height) VALUES ('eq_bad3', 'part', 'X', ${s.site.id}, ${s.rack.id}, 1, 1)`.execute(d.db)).rejects.toThrow(/check/i);
  });

  it('the database refuses inconsistent rows the app would never write', async () => {
    const s = await aStockedSite(d.db, tech);
    await expect(sql`INSERT INTO inv_coverage (id, kind, address, status, technology) VALUES ('cv_bad1', 'building', 'x', 'planned', 'fiber')`.execute(d.db)).rejects.toThrow(/check/i);
    await expect(sql`INSERT INTO inv_allocation (id, resource, equipment_id, state) VALUES ('al_bad1', 'equipment', ${s.server.id}, 'assigned')`.execute(d.db)).rejects.toThrow(/check/i);
    await expect(sql`INSERT INTO inv_allocation (id, resource, equipment_id, state, hold_company_id, held_until) VALUES ('al_bad2', 'equipment', ${s.server.id}, 'held', 'x', now() + interval '1 day')`.execute(d.db)).rejects.toMatchObject({ code: '23503' });
    await expect(sql`INSERT INTO inv_allocation (id, resource, rack_id, units, depth, state, assigned_kind, assigned_ref) VALUES ('al_bad3', 'rack_units', ${s.rack.id}, '[0,2)', '[0,2)', 'assigned', 'client', 'x')`.execute(d.db)).rejects.toThrow(/check/i);
    await expect(sql`INSERT INTO inv_ip_prefix (id, prefix) VALUES ('pf_bad', '10.0.0.1/24')`.execute(d.db)).rejects.toMatchObject({ code: '22P02' });
    // Answers are history: never changed, never removed.
    const co = await aCompany(manager);
    const req = await createFeasibilityRequest(manager, { companyId: co.id, siteId: s.site.id, serviceKind: 'vps' });
    const ans = await answerFeasibilityRequest(tech, req.id, { outcome: 'not_feasible', validUntil: '2099-01-01', limits: 'нет места' });
    await expect(sql`UPDATE feas_answer SET outcome = 'feasible' WHERE id = ${ans.answer!.id}`.execute(d.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM feas_answer WHERE id = ${ans.answer!.id}`.execute(d.db)).rejects.toThrow(/append-only/);
  });

  it('who may do what', async () => {
    const site = await aSite(d.db);
    const co = await aCompany(manager);
    const accounting = await ctxAs(d.db, 'accounting');
    await expect(createEquipment(manager, { kind: 'server', model: 'X', siteId: site.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createFeasibilityRequest(tech, { companyId: co.id, siteId: site.id, serviceKind: 'vps' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createFeasibilityRequest(accounting, { companyId: co.id, siteId: site.id, serviceKind: 'vps' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(updateSettings(manager, { ipCooldownDays: 1 })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(updateSettings(tech, { ipCooldownDays: 366 })).rejects.toMatchObject({ code: 'validation' });
    expect((await getSettings(manager)).holdDays).toBeGreaterThan(0);
  });
});
