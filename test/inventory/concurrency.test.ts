import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import type { Ctx } from '../../src/app/context.ts';
import { assignResource, holdResource, nextIp } from '../../src/app/inventory/allocations.ts';
import { engineName, freshDatabase, onPostgres } from '../helpers/db.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { aStockedSite } from './fixtures.ts';

/**
 * 50 simultaneous attempts at the same resource: exactly one wins. On PostgreSQL these are real
 * parallel transactions over a pool of 10 connections; PGlite has one session and serializes them.
 */
describe(`no double allocation under 50 concurrent attempts (${engineName})`, () => {
  let d: Database;
  let tech: Ctx;
  let companies: string[];
  beforeAll(async () => {
    d = await freshDatabase();
    tech = await ctxAs(d.db, 'tech');
    const manager = await ctxAs(d.db, 'manager');
    companies = [];
    for (let i = 0; i < 5; i++) companies.push((await aCompany(manager)).id);
  });
  afterAll(async () => { await d.close(); });

  const settle = async (attempts: (() => Promise<unknown>)[]) => {
    const r = await Promise.allSettled(attempts.map((f) => f()));
    const ok = r.filter((x) => x.status === 'fulfilled');
    const failed = r.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    return { ok: ok.length, reasons: failed.map((f) => (f.reason as { key?: string }).key ?? String(f.reason)) };
  };

  it('the same rack units (overlapping ranges, different clients)', async () => {
    const s = await aStockedSite(d.db, tech);
    const r = await settle(Array.from({ length: 50 }, (_, i) => () => assignResource(tech, {
      target: { resource: 'rack_units', rackId: s.rack.id, uFrom: 5 + (i % 3), uHeight: 3, powerAW: 10, powerBW: 10 }, assignedKind: 'client', assignedRef: companies[i % 5]!,
    })));
    expect(r.ok).toBe(1);
    expect(new Set(r.reasons)).toEqual(new Set(['e.inv.taken']));
    const rows = await d.db.selectFrom('inv_allocation').select('id').where('rack_id', '=', s.rack.id).where('assigned_kind', '=', 'client').execute();
    expect(rows).toHaveLength(1);
  });

  it('the same IP address (holds for different clients)', async () => {
    const s = await aStockedSite(d.db, tech);
    const addr = s.prefix.prefix.split('/')[0]!.replace(/\d+$/, (x) => String(Number(x) + 5));
    const r = await settle(Array.from({ length: 50 }, (_, i) => () => holdResource(tech, {
      target: { resource: 'ip', prefixId: s.prefix.id, address: addr }, companyId: companies[i % 5]!,
    })));
    expect(r.ok).toBe(1);
    expect(new Set(r.reasons)).toEqual(new Set(['e.inv.taken']));
  });

  it('the same server', async () => {
    const s = await aStockedSite(d.db, tech);
    const r = await settle(Array.from({ length: 50 }, (_, i) => () => assignResource(tech, {
      target: { resource: 'equipment', equipmentId: s.server.id }, assignedKind: 'service', assignedRef: `svc-${i}`,
    })));
    expect(r.ok).toBe(1);
    expect(new Set(r.reasons)).toEqual(new Set(['e.inv.taken']));
  });

  it('the same port', async () => {
    const s = await aStockedSite(d.db, tech);
    const r = await settle(Array.from({ length: 50 }, (_, i) => () => assignResource(tech, {
      target: { resource: 'port', portId: s.port.id }, assignedKind: 'service', assignedRef: `svc-${i}`,
    })));
    expect(r.ok).toBe(1);
  });

  it('50 concurrent "next IP" calls get 14 distinct addresses of a /28 and 36 clear refusals', async () => {
    const s = await aStockedSite(d.db, tech);
    const r = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => nextIp(tech, { prefix: s.prefix.id, assignedKind: 'service', assignedRef: `n${i}` })));
    const nets = r.flatMap((x) => (x.status === 'fulfilled' ? [x.value.net] : []));
    expect(nets).toHaveLength(14);
    expect(new Set(nets).size).toBe(14);
    const reasons = r.flatMap((x) => (x.status === 'rejected' ? [(x.reason as { key?: string }).key] : []));
    expect(new Set(reasons)).toEqual(new Set(['e.inv.noFreeIp']));
  });

  it('concurrent VPS allocations never exceed the host capacity', async () => {
    const s = await aStockedSite(d.db, tech); // 32 vCPU × 2 = 64
    const r = await settle(Array.from({ length: 50 }, (_, i) => () => assignResource(tech, {
      target: { resource: 'vps', vpsHostId: s.host.id, vcpu: 4, ramGb: 2, diskGb: 10 }, assignedKind: 'service', assignedRef: `v${i}`,
    })));
    expect(r.ok).toBe(16);
    expect(new Set(r.reasons)).toEqual(new Set(['e.inv.noCapacity']));
  });

  it('the attempts really overlap on PostgreSQL: concurrent transactions run in several sessions at once', async () => {
    expect(d.engine).toBe(onPostgres ? 'postgres' : 'pglite');
    // Ten transactions started together, each holding its session for a moment: a pool that served them one
    // by one would show one backend; overlapping ones need several (PGlite has exactly one session).
    const pids = await Promise.all(Array.from({ length: 10 }, () => d.db.transaction().execute(async (tx) => {
      const r = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`.execute(tx);
      return r.rows[0]!.pid;
    })));
    const sessions = new Set(pids).size;
    if (onPostgres) expect(sessions).toBeGreaterThan(1);
    else expect(sessions).toBe(1);
  });
});
