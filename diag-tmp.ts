import { sql } from 'kysely';
import { benchDatabase } from './bench/lib.ts';
import { load } from './bench/inventory.bench.ts';
const d = await benchDatabase('postgres');
try {
  const t = performance.now();
  console.log(await load(d.db, 0.2, 4), performance.now() - t);
  const A = `('held','assigned','releasing','cooldown')`;
  const qs: Record<string, string> = {
    servers: `SELECT count(*) FROM inv_equipment e WHERE e.site_id = 'st_b1' AND e.kind = 'server' AND coalesce(e.cpu_cores, 0) >= 16 AND coalesce(e.ram_gb, 0) >= 64 AND e.owner = 'us' AND NOT EXISTS (SELECT 1 FROM inv_allocation a WHERE a.equipment_id = e.id AND a.state IN ${A}) AND NOT EXISTS (SELECT 1 FROM inv_vps_host h WHERE h.equipment_id = e.id)`,
    rackAllocs: `SELECT rack_id, units::text, depth::text, power_a_w, power_b_w FROM inv_allocation WHERE site_id = 'st_b1' AND resource = 'rack_units' AND state IN ${A}`,
    ports: `SELECT count(*) FROM inv_port p WHERE p.site_id = 'st_b1' AND p.speed_mbps >= 1000 AND NOT EXISTS (SELECT 1 FROM inv_allocation a WHERE a.port_id = p.id AND a.state IN ${A})`,
    ipv4: `SELECT p.id, (2::numeric ^ (32 - masklen(p.prefix)))::bigint::text AS size, coalesce((SELECT sum((2::numeric ^ (32 - masklen(a.net)))::bigint) FROM inv_allocation a WHERE a.prefix_id = p.id AND a.state IN ${A}), 0)::text AS used FROM inv_ip_prefix p WHERE p.site_id = 'st_b1' AND family(p.prefix) = 4`,
    vps: `SELECT h.id, coalesce(sum(a.vcpu), 0) FROM inv_vps_host h LEFT JOIN inv_allocation a ON a.vps_host_id = h.id AND a.state IN ${A} WHERE h.site_id = 'st_b1' GROUP BY h.id`,
    uplinks: `SELECT u.id, coalesce(sum(a.mbps), 0) FROM inv_uplink u LEFT JOIN inv_allocation a ON a.uplink_id = u.id AND a.state IN ${A} WHERE u.site_id = 'st_b1' GROUP BY u.id`,
  };
  for (const [k, q] of Object.entries(qs)) {
    const r = await sql.raw(`EXPLAIN (ANALYZE, COSTS OFF) ${q}`).execute(d.db);
    const lines = (r.rows as { 'QUERY PLAN': string }[]).map((x) => x['QUERY PLAN']);
    console.log(`--- ${k}: ${lines.at(-1)}`);
    console.log(lines.slice(0, 12).join('\n'));
  }
} finally { await d.close(); }
