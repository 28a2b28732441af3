import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import type { Ctx } from '../../src/app/context.ts';
import { assignHeld, assignResource, cancelHold, confirmRelease, expireDue, holdResource, listAllocations, nextIp, startRelease, stuckReleases } from '../../src/app/inventory/allocations.ts';
import { createEquipment, rackElevation, updateSettings } from '../../src/app/inventory/resources.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { aStockedSite } from './fixtures.ts';

const later = (ctx: Ctx, ms: number): Ctx => ({ ...ctx, now: () => new Date(Date.now() + ms) });
const DAY = 86_400_000;

describe(`allocation life cycle (${engineName})`, () => {
  let d: Database;
  let tech: Ctx;
  let manager: Ctx;
  beforeAll(async () => {
    d = await testDb();
    tech = await ctxAs(d.db, 'tech');
    manager = await ctxAs(d.db, 'manager');
  });

  it('free → held → assigned → releasing → free, each step audited', async () => {
    const s = await aStockedSite(d.db, tech);
    const co = await aCompany(manager);
    const hold = await holdResource(tech, { target: { resource: 'equipment', equipmentId: s.server.id }, companyId: co.id });
    expect(hold.state).toBe('held');
    const assigned = await assignHeld(tech, hold.id, { assignedKind: 'service', assignedRef: `svc-${s.server.id}` });
    expect(assigned.state).toBe('assigned');
    const tasks = await startRelease(tech, { assignedKind: 'service', assignedRef: `svc-${s.server.id}`, reason: 'договор расторгнут' });
    expect(tasks.map((t) => t.id)).toEqual([hold.id]);
    // Still not free while releasing.
    await expect(assignResource(tech, { target: { resource: 'equipment', equipmentId: s.server.id }, assignedKind: 'client', assignedRef: co.id })).rejects.toMatchObject({ code: 'conflict', key: 'e.inv.taken' });
    const done = await confirmRelease(tech, hold.id);
    expect(done.state).toBe('released');
    const again = await assignResource(tech, { target: { resource: 'equipment', equipmentId: s.server.id }, assignedKind: 'client', assignedRef: co.id });
    expect(again.state).toBe('assigned');
    const audit = await d.db.selectFrom('audit_log').select('action').where('entity_id', '=', hold.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['hold', 'assign', 'release.start', 'release.confirm']);
  });

  it('only tech may confirm a release; a manager closing a service may only start it', async () => {
    const s = await aStockedSite(d.db, tech);
    const a = await assignResource(tech, { target: { resource: 'port', portId: s.port.id }, assignedKind: 'service', assignedRef: `svc-${s.port.id}` });
    await startRelease(tech, { assignedKind: 'service', assignedRef: `svc-${s.port.id}`, reason: 'closed' });
    await expect(confirmRelease(manager, a.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(holdResource(manager, { target: { resource: 'port', portId: s.port.id }, companyId: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('startRelease opens one task per resource of the service and is idempotent', async () => {
    const s = await aStockedSite(d.db, tech);
    const ref = `svc-multi-${s.site.id}`;
    await assignResource(tech, { target: { resource: 'equipment', equipmentId: s.server.id }, assignedKind: 'service', assignedRef: ref });
    await assignResource(tech, { target: { resource: 'port', portId: s.port.id }, assignedKind: 'service', assignedRef: ref });
    await nextIp(tech, { prefix: s.prefix.id, assignedKind: 'service', assignedRef: ref });
    await assignResource(tech, { target: { resource: 'rack_units', rackId: s.rack.id, uFrom: 1, uHeight: 2, powerAW: 300, powerBW: 300 }, assignedKind: 'service', assignedRef: ref });
    const tasks = await startRelease(tech, { assignedKind: 'service', assignedRef: ref, reason: 'closed' });
    expect(tasks.map((t) => t.resource).sort()).toEqual(['equipment', 'ip', 'port', 'rack_units']);
    expect(await startRelease(tech, { assignedKind: 'service', assignedRef: ref, reason: 'closed' })).toEqual([]);
    expect((await stuckReleases(later(tech, 4 * DAY), 3)).filter((t) => t.assignedRef === ref)).toHaveLength(4);
    expect((await stuckReleases(tech, 3)).filter((t) => t.assignedRef === ref)).toHaveLength(0);
  });

  it('illegal transitions are refused by the app and by the database', async () => {
    const s = await aStockedSite(d.db, tech);
    const co = await aCompany(manager);
    const a = await assignResource(tech, { target: { resource: 'port', portId: s.port.id }, assignedKind: 'client', assignedRef: co.id });
    await expect(confirmRelease(tech, a.id)).rejects.toMatchObject({ code: 'rule', key: 'e.inv.badTransition' });
    await expect(cancelHold(tech, a.id)).rejects.toMatchObject({ code: 'rule' });
    await expect(sql`UPDATE inv_allocation SET state = 'released' WHERE id = ${a.id}`.execute(d.db)).rejects.toThrow(/cannot go from assigned to released/);
    await expect(sql`UPDATE inv_allocation SET port_id = NULL, resource = 'equipment', equipment_id = ${s.server.id} WHERE id = ${a.id}`.execute(d.db)).rejects.toThrow(/cannot change/);
    await expect(sql`DELETE FROM inv_allocation WHERE id = ${a.id}`.execute(d.db)).rejects.toThrow(/append-only/);
    await expect(sql`INSERT INTO inv_allocation (id, resource, port_id, state, assigned_kind, assigned_ref) VALUES ('al_x1', 'port', ${s.port.id}, 'releasing', 'client', 'x')`.execute(d.db)).rejects.toThrow(/starts held or assigned/);
  });

  it('holds expire by the job, and lazily when someone wants the resource', async () => {
    const s = await aStockedSite(d.db, tech);
    const co = await aCompany(manager);
    const h1 = await holdResource(tech, { target: { resource: 'equipment', equipmentId: s.server.id }, companyId: co.id, heldUntil: new Date(Date.now() + DAY) });
    await expect(holdResource(tech, { target: { resource: 'equipment', equipmentId: s.server.id }, companyId: co.id })).rejects.toMatchObject({ key: 'e.inv.taken' });
    // A day and a minute later the job expires it.
    const r = await expireDue(later(tech, DAY + 60_000));
    expect(r.expired).toBeGreaterThanOrEqual(1);
    expect((await listAllocations(tech, { holdCompanyId: co.id }))[0]!.state).toBe('expired');
    // An expired hold cannot be turned into an assignment.
    await expect(assignHeld(tech, h1.id, { assignedKind: 'client', assignedRef: co.id })).rejects.toMatchObject({ code: 'rule' });
    // Lazy: a hold past its time does not block a new allocation even before the job runs.
    const h2 = await holdResource(tech, { target: { resource: 'port', portId: s.port.id }, companyId: co.id, heldUntil: new Date(Date.now() + 1000) });
    const taken = await assignResource(later(tech, 2000), { target: { resource: 'port', portId: s.port.id }, assignedKind: 'client', assignedRef: co.id });
    expect(taken.state).toBe('assigned');
    expect((await listAllocations(tech, { holdCompanyId: co.id, resource: 'port' })).find((a) => a.id === h2.id)!.state).toBe('expired');
  });

  it('a released IP cools down for the configured days before it can be reused', async () => {
    const s = await aStockedSite(d.db, tech);
    const ref = `svc-ip-${s.site.id}`;
    const first = await nextIp(tech, { prefix: s.prefix.prefix, assignedKind: 'service', assignedRef: ref });
    const base = s.prefix.prefix.split('/')[0]!.split('.').map(Number);
    expect(first.net).toBe(`${base[0]}.${base[1]}.${base[2]}.${base[3]! + 1}/32`);
    await startRelease(tech, { assignedKind: 'service', assignedRef: ref, reason: 'closed' });
    const cooling = await confirmRelease(tech, first.id);
    expect(cooling.state).toBe('cooldown');
    // During cooldown: next IP skips it; a direct attempt is refused.
    const second = await nextIp(tech, { prefix: s.prefix.id, assignedKind: 'service', assignedRef: 'other' });
    expect(second.net).not.toBe(first.net);
    await expect(assignResource(tech, { target: { resource: 'ip', prefixId: s.prefix.id, address: first.net!.split('/')[0]! }, assignedKind: 'client', assignedRef: 'x' })).rejects.toMatchObject({ key: 'e.inv.taken' });
    // 30 days + 1 minute later (default cooldown) it is free again, first in line.
    const after = later(tech, 30 * DAY + 60_000);
    const r = await expireDue(after);
    expect(r.cooledDown).toBeGreaterThanOrEqual(1);
    const third = await nextIp(after, { prefix: s.prefix.id, assignedKind: 'service', assignedRef: 'third' });
    expect(third.net).toBe(first.net);
  });

  it('the cooldown length is configurable (0 = straight back to free)', async () => {
    const admin = await ctxAs(d.db, 'admin');
    const s = await aStockedSite(d.db, tech);
    try {
      await updateSettings(admin, { ipCooldownDays: 0 });
      const a = await nextIp(tech, { prefix: s.prefix.id, assignedKind: 'service', assignedRef: `z-${s.site.id}` });
      await startRelease(tech, { assignedKind: 'service', assignedRef: `z-${s.site.id}`, reason: 'x' });
      expect((await confirmRelease(tech, a.id)).state).toBe('released');
    } finally {
      await updateSettings(admin, { ipCooldownDays: 30 });
    }
  });

  it('rack units: no overlap, halves share a unit front/rear, bounds and power budget enforced', async () => {
    const s = await aStockedSite(d.db, tech);
    const co = await aCompany(manager);
    const t = (uFrom: number, uHeight: number, face = 'both', powerAW = 0, powerBW = 0) => ({ target: { resource: 'rack_units', rackId: s.rack.id, uFrom, uHeight, face, powerAW, powerBW }, assignedKind: 'client', assignedRef: co.id });
    await assignResource(tech, t(10, 2, 'both', 1000, 1000));
    await expect(assignResource(tech, t(11, 1))).rejects.toMatchObject({ code: 'conflict', key: 'e.inv.taken' });
    await expect(assignResource(tech, t(9, 2, 'front'))).rejects.toMatchObject({ code: 'conflict' });
    await assignResource(tech, t(20, 1, 'front'));
    await assignResource(tech, t(20, 1, 'rear'));
    await expect(assignResource(tech, t(20, 1, 'rear'))).rejects.toMatchObject({ code: 'conflict' });
    // The switch of the fixture occupies U42.
    await expect(assignResource(tech, t(42, 1))).rejects.toMatchObject({ code: 'conflict' });
    await expect(assignResource(tech, t(43, 1))).rejects.toMatchObject({ code: 'rule', key: 'e.inv.outOfBounds' });
    await expect(assignResource(tech, t(30, 1, 'both', 4001, 0))).rejects.toMatchObject({ code: 'rule', key: 'e.inv.noCapacity' });
    await assignResource(tech, t(30, 1, 'both', 4000, 0));
    const el = await rackElevation(tech, s.rack.id);
    expect(el.power.usedAW).toBe(5000);
    expect(el.items.find((i) => i.uFrom === 42)!.device!.model).toBe('Cisco 3850');
    // Mounting equipment over taken units is refused too.
    await expect(createEquipment(tech, { kind: 'server', model: 'X', rackId: s.rack.id, uFrom: 10, uHeight: 1 })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('VPS host capacity respects the overcommit ratio; uplinks their capacity', async () => {
    const s = await aStockedSite(d.db, tech);
    const vps = (vcpu: number, ramGb: number) => ({ target: { resource: 'vps', vpsHostId: s.host.id, vcpu, ramGb, diskGb: 10 }, assignedKind: 'service', assignedRef: `v-${vcpu}-${ramGb}` });
    await assignResource(tech, vps(60, 64)); // 32 vCPU × 2.0 = 64
    await expect(assignResource(tech, vps(5, 1))).rejects.toMatchObject({ code: 'rule', key: 'e.inv.noCapacity' });
    await assignResource(tech, vps(4, 64));
    await expect(assignResource(tech, vps(1, 1))).rejects.toMatchObject({ key: 'e.inv.noCapacity' });
    const up = (mbps: number) => ({ target: { resource: 'uplink', uplinkId: s.uplink.id, mbps }, assignedKind: 'service', assignedRef: `u-${mbps}` });
    await assignResource(tech, up(9000));
    await expect(assignResource(tech, up(1001))).rejects.toMatchObject({ key: 'e.inv.noCapacity' });
  });

  it('next IP fills gaps, skips network/broadcast, allocates aligned sub-prefixes, reports exhaustion', async () => {
    const s = await aStockedSite(d.db, tech); // a /28: .1–.14 usable
    const got: string[] = [];
    for (let i = 0; i < 14; i++) got.push((await nextIp(tech, { prefix: s.prefix.id, assignedRef: `ip${i}` })).net!);
    expect(new Set(got).size).toBe(14);
    const last = Number(got.at(-1)!.split('/')[0]!.split('.')[3]);
    expect(last % 16).toBe(14);
    await expect(nextIp(tech, { prefix: s.prefix.id })).rejects.toMatchObject({ code: 'conflict', key: 'e.inv.noFreeIp' });
    const e = await nextIp(tech, { prefix: s.prefix.id }).catch((x: AppError) => x);
    expect(e).toBeInstanceOf(AppError);
  });

  it('the per-prefix usage counter kept by the database matches a recount through every transition', async () => {
    const s = await aStockedSite(d.db, tech);
    const co = await aCompany(manager);
    const recount = async () => {
      const p = await d.db.selectFrom('inv_ip_prefix').select('used').where('id', '=', s.prefix.id).executeTakeFirstOrThrow();
      const n = await d.db.selectFrom('inv_allocation').select((eb) => eb.fn.countAll<string>().as('n')).where('prefix_id', '=', s.prefix.id).where('state', 'in', ['held', 'assigned', 'releasing', 'cooldown']).executeTakeFirstOrThrow();
      return [Number(p.used), Number(n.n)];
    };
    const a = await nextIp(tech, { prefix: s.prefix.id, assignedKind: 'service', assignedRef: `c-${s.site.id}` });
    const h = await nextIp(tech, { prefix: s.prefix.id, mode: 'hold', companyId: co.id });
    const sub = await nextIp(tech, { prefix: s.prefix.id, length: 30, assignedKind: 'service', assignedRef: `c-${s.site.id}` });
    expect(sub.net!.endsWith('/30')).toBe(true);
    expect(await recount()).toEqual([6, 3]); // 1 + 1 + a /30 of 4 addresses, in 3 allocations
    await cancelHold(tech, h.id);
    await startRelease(tech, { assignedKind: 'service', assignedRef: `c-${s.site.id}`, reason: 'x' });
    await confirmRelease(tech, a.id);
    await confirmRelease(tech, sub.id);
    expect((await recount())[0]).toBe(5); // 1 + 4 cooling down
    await expireDue(later(tech, 31 * DAY));
    expect(await recount()).toEqual([0, 0]);
  });

  it('an IP outside its prefix is refused by the database', async () => {
    const s = await aStockedSite(d.db, tech);
    await expect(assignResource(tech, { target: { resource: 'ip', prefixId: s.prefix.id, address: '192.0.2.1' }, assignedKind: 'client', assignedRef: 'x' })).rejects.toMatchObject({ key: 'e.inv.outOfBounds' });
  });
});
