/**
 * Capacity query over 2,000 racks, 50,000 servers and 1,024,000 IPv4 addresses (4,000 /24 prefixes, half
 * of each allocated), 20 sites. Data is bulk-loaded with generate_series (the guard trigger is off during
 * the load only; every constraint and index is in place). PGlite runs a tenth of the scale unless
 * BENCH_INVENTORY_FULL=1, since its single-threaded WASM load of ~600k allocation rows takes minutes.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/types.ts';
import { makeCtx } from '../src/app/context.ts';
import { capacityQuery } from '../src/app/inventory/capacity.ts';
import { nextIp } from '../src/app/inventory/allocations.ts';
import { benchDatabase, benchEngines, fmt, percentile, timeRuns } from './lib.ts';

const SITES = 20;

export async function load(db: Kysely<DB>, scale: number, SITES = 20) {
  const racks = 2000 * scale;
  const servers = 50_000 * scale;
  const prefixes = Math.round(4000 * scale);
  const s = async (q: string) => { await sql.raw(q).execute(db); };
  await s(`INSERT INTO site (id, code, name, kind) SELECT 'st_b' || i, 'B' || lpad(i::text, 3, '0'), 'ЦОД ' || i, 'data_center' FROM generate_series(1, ${SITES}) i`);
  await s(`INSERT INTO inv_rack (id, site_id, name, units, power_a_w, power_b_w)
    SELECT 'rk_b' || i, 'st_b' || (1 + i % ${SITES}), 'R' || i, 42, 8000, 8000 FROM generate_series(1, ${racks}) i`);
  await s(`INSERT INTO inv_equipment (id, kind, model, serial, cpu_cores, ram_gb, disks, site_id)
    SELECT 'eq_b' || i, 'server', 'Model ' || (i % 7), 'SNB' || i, (ARRAY[4,8,16,32,64])[1 + (i / ${SITES}) % 5], (ARRAY[16,32,64,128,256])[1 + (i / ${SITES * 5}) % 5], '2×SSD', 'st_b' || (1 + i % ${SITES})
    FROM generate_series(1, ${servers}) i`);
  await s(`INSERT INTO inv_equipment (id, kind, model, serial, site_id) SELECT 'eq_sw' || i, 'switch', 'SW', 'SWB' || i, 'st_b' || (1 + i % ${SITES}) FROM generate_series(1, ${SITES * 10}) i`);
  await s(`INSERT INTO inv_port (id, equipment_id, site_id, name, speed_mbps)
    SELECT 'pt_b' || i || '_' || p, 'eq_sw' || i, 'st_b' || (1 + i % ${SITES}), 'Gi' || p, CASE WHEN p % 4 = 0 THEN 10000 ELSE 1000 END
    FROM generate_series(1, ${SITES * 10}) i, generate_series(1, 48) p`);
  await s(`INSERT INTO inv_ip_prefix (id, site_id, prefix, pool)
    SELECT 'pf_b' || i, 'st_b' || (1 + i % ${SITES}), set_masklen('10.0.0.0'::inet + i::bigint * 256, 24)::cidr, 'public' FROM generate_series(0, ${prefixes - 1}) i`);
  await s(`ALTER TABLE inv_allocation DISABLE TRIGGER inv_allocation_guard`);
  // Half of the servers assigned.
  await s(`INSERT INTO inv_allocation (id, resource, site_id, equipment_id, state, assigned_kind, assigned_ref)
    SELECT 'al_s' || i, 'equipment', 'st_b' || (1 + i % ${SITES}), 'eq_b' || i, 'assigned', 'service', 'svc' || i FROM generate_series(1, ${servers}) i WHERE (i / ${SITES}) % 2 = 0`);
  // Each rack: ten 3U tenants from U1 up, 500 W per feed each.
  await s(`INSERT INTO inv_allocation (id, resource, site_id, rack_id, units, depth, power_a_w, power_b_w, state, assigned_kind, assigned_ref)
    SELECT 'al_r' || i || '_' || k, 'rack_units', 'st_b' || (1 + i % ${SITES}), 'rk_b' || i, int4range(1 + k * 3, 4 + k * 3), '[0,2)', 500, 500, 'assigned', 'service', 'col' || i
    FROM generate_series(1, ${racks}) i, generate_series(0, 9) k`);
  // Half of the ports used.
  await s(`INSERT INTO inv_allocation (id, resource, site_id, port_id, state, assigned_kind, assigned_ref)
    SELECT 'al_p' || i || '_' || p, 'port', 'st_b' || (1 + i % ${SITES}), 'pt_b' || i || '_' || p, 'assigned', 'service', 'net' || i
    FROM generate_series(1, ${SITES * 10}) i, generate_series(1, 24) p`);
  // Half of every /24 allocated: .1–.128.
  await s(`INSERT INTO inv_allocation (id, resource, site_id, prefix_id, net, state, assigned_kind, assigned_ref)
    SELECT 'al_i' || i || '_' || k, 'ip', 'st_b' || (1 + i % ${SITES}), 'pf_b' || i, set_masklen('10.0.0.0'::inet + (i::bigint * 256 + k), 32)::cidr, 'assigned', 'service', 'ip' || i
    FROM generate_series(0, ${prefixes - 1}) i, generate_series(1, 128) k`);
  await s(`ALTER TABLE inv_allocation ENABLE TRIGGER inv_allocation_guard`);
  // The trigger keeps prefix usage during normal work; after a bulk load it is counted once.
  await s(`UPDATE inv_ip_prefix p SET used = u.n FROM (SELECT prefix_id, sum(inv_net_size(net)) AS n FROM inv_allocation WHERE resource = 'ip' AND state IN ('held','assigned','releasing','cooldown') GROUP BY prefix_id) u WHERE u.prefix_id = p.id`);
  await s(`INSERT INTO inv_vps_host (id, site_id, name, vcpu, ram_gb, disk_gb, cpu_overcommit) SELECT 'vh_b' || i, 'st_b' || (1 + i % ${SITES}), 'kvm' || i, 64, 512, 8000, 3 FROM generate_series(1, ${SITES * 5}) i`);
  await s(`INSERT INTO inv_uplink (id, site_id, name, capacity_mbps) SELECT 'ul_b' || i, 'st_b' || i, 'UP' || i, 100000 FROM generate_series(1, ${SITES}) i`);
  await s(`ANALYZE`);
  return { racks, servers, addresses: prefixes * 256, allocations: servers / 2 + racks * 10 + SITES * 240 + prefixes * 128 };
}

export async function run(): Promise<void> {
  for (const engine of benchEngines()) {
    const scale = engine === 'postgres' || process.env.BENCH_INVENTORY_FULL === '1' ? 1 : 0.1;
    const d = await benchDatabase(engine);
    try {
      const t0 = performance.now();
      const n = await load(d.db, scale);
      const loadMs = performance.now() - t0;
      console.log(`${engine}: loaded ${n.racks} racks, ${n.servers} servers, ${n.addresses} IPv4 addresses, ${n.allocations} allocations in ${fmt(loadMs)}${scale < 1 ? ' (1/10 scale)' : ''}`);
      const ctx = makeCtx(d.db);
      let i = 0;
      const query = () => capacityQuery(ctx, { siteId: `st_b${1 + (i++ % SITES)}`, minCores: 16, minRamGb: 64, units: 4, powerW: 1000, portSpeedMbps: 1000, ipv4: 8, vcpu: 8, ramGb: 16 });
      const sample = await query();
      console.log(`${engine}: sample answer: ${sample.servers.free} free servers ≥16 cores/64 GB, ${sample.racks.length} racks with 4U+1 kW, ${sample.ports.free} free ports, ${sample.ipv4.free} free IPv4, ${sample.vpsHosts.length} VPS hosts`);
      const times = await timeRuns(200, query, 5);
      console.log(`${engine}: capacity query p50 ${fmt(percentile(times, 50))}, p95 ${fmt(percentile(times, 95))}, p99 ${fmt(percentile(times, 99))} (200 runs, target p99 ≤ 50 ms on PostgreSQL)`);
      let j = 0;
      const ip = await timeRuns(50, () => nextIp(ctx, { prefix: `pf_b${j++ % 40}`, assignedRef: 'bench' }), 2);
      console.log(`${engine}: next IP (half-full /24) p50 ${fmt(percentile(ip, 50))}, p99 ${fmt(percentile(ip, 99))}`);
    } finally {
      await d.close();
    }
  }
}
