import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import fc from 'fast-check';
import type { Database } from '../../src/db/connect.ts';
import type { Ctx } from '../../src/app/context.ts';
import { assignResource, holdResource, nextIp, releaseNow } from '../../src/app/inventory/allocations.ts';
import { capacityForecast } from '../../src/app/inventory/forecast.ts';
import { prefixDetail, updatePrefix, updateRack, updateUplink, updateVpsHost } from '../../src/app/inventory/resource-edit.ts';
import { createPrefix, createRack, rackElevation } from '../../src/app/inventory/resources.ts';
import { answerFeasibilityRequest, createFeasibilityRequest, getFeasibilityRequest, listFeasibilityRequests } from '../../src/app/feasibility/requests.ts';
import { prefixCounts } from '../../src/domain/inventory/inventory-edits.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { aPrefix24, aSite, aStockedSite } from './fixtures.ts';

const sqlState = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe(`tech inventory by hand (${engineName})`, () => {
  let d: Database;
  let tech: Ctx;
  let manager: Ctx & { userId: string };
  beforeAll(async () => {
    d = await testDb();
    tech = await ctxAs(d.db, 'tech');
    manager = await ctxAs(d.db, 'manager');
  });

  it('a rack edit never goes below what is allocated in it: by the API and by SQL', async () => {
    const s = await aStockedSite(d.db, tech);
    await assignResource(tech, { target: { resource: 'rack_units', rackId: s.rack.id, uFrom: 30, uHeight: 2, powerAW: 800, powerBW: 600 }, assignedKind: 'project', assignedRef: 'lab' });
    // The switch sits at U42: the rack cannot become 40U.
    await expect(updateRack(tech, s.rack.id, { units: 40 })).rejects.toMatchObject({ code: 'rule', key: 'e.inv.rackShrink' });
    await expect(updateRack(tech, s.rack.id, { powerAW: 700 })).rejects.toMatchObject({ code: 'rule', key: 'e.inv.capacityBelowUse' });
    expect(await sqlState(sql`UPDATE inv_rack SET units = 40 WHERE id = ${s.rack.id}`.execute(d.db))).toBe('RD608');
    expect(await sqlState(sql`UPDATE inv_rack SET power_b_w = 100 WHERE id = ${s.rack.id}`.execute(d.db))).toBe('RD609');
    const other = await aStockedSite(d.db, tech);
    expect(await sqlState(sql`UPDATE inv_rack SET site_id = ${other.site.id} WHERE id = ${s.rack.id}`.execute(d.db))).toBe('RD610');
    const ok = await updateRack(tech, s.rack.id, { name: 'R1-renamed', powerAW: 800, units: 42 });
    expect(ok).toMatchObject({ name: 'R1-renamed', powerAW: 800 });
    const audit = await d.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', s.rack.id).where('action', '=', 'update').execute();
    expect(audit).toHaveLength(1);
    // An empty rack may shrink and move.
    const empty = await createRack(tech, { siteId: s.site.id, name: 'R-empty', units: 42 });
    await expect(updateRack(tech, empty.id, { units: 10, siteId: other.site.id })).resolves.toMatchObject({ units: 10, siteId: other.site.id });
  });

  it('VPS host and uplink capacity never below what is given out: by the API and by SQL', async () => {
    const s = await aStockedSite(d.db, tech);
    await assignResource(tech, { target: { resource: 'vps', vpsHostId: s.host.id, vcpu: 40, ramGb: 100, diskGb: 500 }, assignedKind: 'project', assignedRef: 'x' });
    await assignResource(tech, { target: { resource: 'uplink', uplinkId: s.uplink.id, mbps: 4000 }, assignedKind: 'project', assignedRef: 'x' });
    // 32 vCPU × 2 = 64 ≥ 40; 16 × 2 = 32 < 40.
    await expect(updateVpsHost(tech, s.host.id, { vcpu: 16 })).rejects.toMatchObject({ key: 'e.inv.capacityBelowUse' });
    await expect(updateVpsHost(tech, s.host.id, { vcpu: 20 })).resolves.toMatchObject({ vcpu: 20 });
    expect(await sqlState(sql`UPDATE inv_vps_host SET cpu_overcommit = 1 WHERE id = ${s.host.id}`.execute(d.db))).toBe('RD609');
    await expect(updateUplink(tech, s.uplink.id, { capacityMbps: 1000 })).rejects.toMatchObject({ key: 'e.inv.capacityBelowUse' });
    expect(await sqlState(sql`UPDATE inv_uplink SET capacity_mbps = 3999 WHERE id = ${s.uplink.id}`.execute(d.db))).toBe('RD609');
    await expect(updateUplink(tech, s.uplink.id, { capacityMbps: 4000, name: 'MSK-IX 2' })).resolves.toMatchObject({ capacityMbps: 4000 });
  });

  it('a prefix is renumbered only to one that still holds its addresses', async () => {
    let p;
    for (;;) { try { p = await createPrefix(tech, { prefix: aPrefix24() }); break; } catch { /* collision */ } }
    const a = await nextIp(tech, { prefix: p.id, assignedKind: 'project', assignedRef: 'x' });
    const base = p.prefix.split('/')[0]!.split('.').slice(0, 3).join('.');
    expect(a.net).toBe(`${base}.1/32`);
    // /30 around .0–.3 would make .1 a host still; /31 at .2 leaves it out.
    await expect(updatePrefix(tech, p.id, { prefix: `${base}.2/31` })).rejects.toMatchObject({ key: 'e.inv.prefixOrphans' });
    expect(await sqlState(sql`UPDATE inv_ip_prefix SET prefix = ${`${base}.128/25`}::cidr WHERE id = ${p.id}`.execute(d.db))).toBe('RD611');
    // /31 at .0: .1 is inside, and a /31 has no network or broadcast address.
    await expect(updatePrefix(tech, p.id, { prefix: `${base}.0/31`, description: 'p2p' })).resolves.toMatchObject({ prefix: `${base}.0/31` });
  });

  it('next free IP skips network, broadcast and what is taken; the guard refuses them by SQL', async () => {
    const s = await aStockedSite(d.db, tech);
    const [net] = s.prefix.prefix.split('/') as [string];
    const parts = net.split('.').map(Number);
    const at = (k: number) => `${parts[0]}.${parts[1]}.${parts[2]}.${parts[3]! + k}`;
    await assignResource(tech, { target: { resource: 'ip', prefixId: s.prefix.id, address: at(1) }, assignedKind: 'project', assignedRef: 'x' });
    await expect(nextIp(tech, { prefix: s.prefix.id, assignedKind: 'project', assignedRef: 'x' })).resolves.toMatchObject({ net: `${at(2)}/32` });
    await expect(assignResource(tech, { target: { resource: 'ip', prefixId: s.prefix.id, address: at(0) }, assignedKind: 'project', assignedRef: 'x' })).rejects.toMatchObject({ key: 'e.inv.reservedAddress' });
    await expect(assignResource(tech, { target: { resource: 'ip', prefixId: s.prefix.id, address: at(15) }, assignedKind: 'project', assignedRef: 'x' })).rejects.toMatchObject({ key: 'e.inv.reservedAddress' });
    expect(await sqlState(sql`INSERT INTO inv_allocation (id, resource, prefix_id, net, state, assigned_kind, assigned_ref, updated_at)
      VALUES ('al_sql_bcast', 'ip', ${s.prefix.id}, ${`${at(15)}/32`}::cidr, 'assigned', 'project', 'x', now())`.execute(d.db))).toBe('RD612');
    // A /28: 16 addresses, 14 for hosts, 2 taken → 12 free; the page and the capacity query agree.
    const page = await prefixDetail(tech, s.prefix.id, 30);
    expect(page).toMatchObject({ size: '16', usable: '14', used: '2', free: '12', nextFree: `${at(3)}/32`, reserved: [at(0), at(15)] });
    expect(page.nextSubnet.block).toBe(`${at(4)}/30`);
    const sub = await nextIp(tech, { prefix: s.prefix.id, length: 30, assignedKind: 'project', assignedRef: 'x' });
    expect(sub.net).toBe(`${at(4)}/30`);
    // Release from the page: assigned → cooldown at once (still taken), audited.
    const released = await releaseNow(tech, sub.id, { reason: 'test' });
    expect(released.state).toBe('cooldown');
    await expect(releaseNow(tech, sub.id, { reason: 'again' })).rejects.toMatchObject({ key: 'e.inv.notReleasable' });
  });

  it('free addresses: the SQL twin (inv_prefix_free) says what prefixCounts says', async () => {
    let p;
    for (;;) { try { p = await createPrefix(tech, { prefix: aPrefix24().replace('.0/24', '.0/27') }); break; } catch { /* collision */ } }
    const [base] = p.prefix.split('/') as [string];
    const pre = base.split('.').slice(0, 3).join('.');
    const last = Number(base.split('.')[3]);
    await fc.assert(fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 6 }), async (hosts) => {
      await d.db.transaction().execute(async (trx) => {
        for (const h of hosts) await sql`INSERT INTO inv_allocation (id, resource, prefix_id, net, state, assigned_kind, assigned_ref, updated_at)
          VALUES (${`al_tw_${h}_${Math.random().toString(36).slice(2, 8)}`}, 'ip', ${p.id}, ${`${pre}.${last + h}/32`}::cidr, 'assigned', 'project', 'x', now())`.execute(trx);
        const r = await sql<{ free: string }>`SELECT inv_prefix_free(id, prefix, used)::text AS free FROM inv_ip_prefix WHERE id = ${p.id}`.execute(trx);
        expect(BigInt(r.rows[0]!.free)).toBe(prefixCounts(p.prefix, hosts.map((h) => `${pre}.${last + h}/32`)).free);
        await sql`ROLLBACK`.execute(trx).catch(() => undefined);
        throw new Error('rollback');
      }).catch((e: Error) => { if (e.message !== 'rollback') throw e; });
    }), { numRuns: 8 });
  });

  it('a colocation answer holds rack units with power, ports and the next free IPs; the picture names the client', async () => {
    const s = await aStockedSite(d.db, tech);
    const co = await aCompany(manager);
    const req = await createFeasibilityRequest(manager, { companyId: co.id, siteId: s.site.id, serviceKind: 'colocation', params: { units: 2, kw: 0.5, ports: 1, ipv4: 2 }, desiredOn: inDays(20) });
    const listed = await listFeasibilityRequests(tech, { status: 'open' });
    expect(listed.find((r) => r.id === req.id)).toMatchObject({ requesterName: expect.any(String), desiredOn: inDays(20) });
    await answerFeasibilityRequest(tech, req.id, {
      outcome: 'feasible', leadDays: 3, validUntil: inDays(10), params: { units: 2, kw: 0.5, ports: 1, ipv4: 2 },
      holds: [{ resource: 'rack_units', rackId: s.rack.id, uFrom: 10, uHeight: 2, face: 'front', powerAW: 500, powerBW: 500 }, { resource: 'port', portId: s.port.id }],
      ipHolds: [{ prefixId: s.prefix.id, count: 2 }],
    });
    const full = await getFeasibilityRequest(tech, req.id);
    expect(full.holds.map((h) => h.resource).sort()).toEqual(['ip', 'ip', 'port', 'rack_units']);
    expect(full.holds.every((h) => h.state === 'held' && h.holdCompanyId === co.id)).toBe(true);
    // Answered requests leave the open queue.
    expect((await listFeasibilityRequests(tech, { status: 'open' })).some((r) => r.id === req.id)).toBe(false);
    expect((await listFeasibilityRequests(tech, { status: 'all' })).some((r) => r.id === req.id)).toBe(true);
    const pic = await rackElevation(tech, s.rack.id);
    const held = pic.items.find((i) => i.state === 'held')!;
    expect(held).toMatchObject({ face: 'front', powerAW: 500, holdCompanyName: co.name });
    // The held units cannot be taken by anyone else, nor the rack shrunk under them.
    await expect(holdResource(tech, { target: { resource: 'rack_units', rackId: s.rack.id, uFrom: 11, uHeight: 1, face: 'front' }, companyId: co.id })).rejects.toMatchObject({ code: 'conflict' });
    await expect(updateRack(tech, s.rack.id, { powerAW: 100 })).rejects.toMatchObject({ key: 'e.inv.capacityBelowUse' });
  });

  it('the forecast shows a shortfall where a site has no capacity of that resource at all', async () => {
    const bare = await aSite(d.db);
    const co = await aCompany(manager);
    await createFeasibilityRequest(manager, { companyId: co.id, siteId: bare.id, serviceKind: 'colocation', params: { units: 4, kw: 1 }, probability: 1 });
    const f = await capacityForecast(tech);
    // No rack at the site: the demand is not hidden, it is short by all of it.
    expect(f.items.find((r) => r.siteId === bare.id && r.resource === 'rack_units')).toMatchObject({ free: 0, noCapacity: true, shortfall: true, missing: 4 });
    expect(f.items.find((r) => r.siteId === bare.id && r.resource === 'power_w')).toMatchObject({ shortfall: true, missing: 1000 });
  });
});
