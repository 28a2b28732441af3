import { sql } from 'kysely';
import { firstFreeUnits, normalizeAddress, parseUnitRange, pointInGeometry, faceOfDepth } from '../../domain/inventory/inventory.ts';
import { CapacityQuerySchema } from '../../domain/inventory/inventory.schemas.ts';
import { parseInput, requirePermission, type Ctx } from '../context.ts';

const ACTIVE = sql.raw(`('held','assigned','releasing','cooldown')`);

export interface CoverageHit { id: string; kind: string; address: string | null; status: string; expectedOn: string | null; technology: string; siteId: string | null }

/** Coverage entries reaching an address (loosely compared) or a point (inside a zone polygon). */
export async function coverageAt(ctx: Ctx, where: { address?: string; lon?: number; lat?: number }): Promise<CoverageHit[]> {
  const rows = await ctx.db.selectFrom('inv_coverage').selectAll().execute();
  const addr = where.address ? normalizeAddress(where.address) : null;
  return rows.filter((r) => (addr && r.kind === 'building' && r.address && normalizeAddress(r.address) === addr)
    || (where.lon !== undefined && where.lat !== undefined && r.kind === 'zone' && pointInGeometry(r.geometry, where.lon, where.lat)))
    .map((r) => ({ id: r.id, kind: r.kind, address: r.address, status: r.status, expectedOn: r.expected_on, technology: r.technology, siteId: r.site_id }))
    .sort((a, b) => (a.status === 'current' ? 0 : 1) - (b.status === 'current' ? 0 : 1));
}

/**
 * "What can we offer at this site/address with these parameters": free servers matching CPU/RAM,
 * racks with enough contiguous units and power, ports of the speed, free IPv4 addresses, VPS hosts with
 * room, uplink headroom and the coverage status. Read-only; nothing is reserved.
 */
export async function capacityQuery(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'inventory.read');
  const q = parseInput(CapacityQuerySchema, input);
  const coverage = q.address || (q.lon !== undefined && q.lat !== undefined) ? await coverageAt(ctx, q) : [];
  const siteId = q.siteId ?? coverage.find((c) => c.siteId)?.siteId ?? null;
  if (!siteId) return { siteId: null, coverage, servers: { free: 0, items: [] }, racks: [], ports: { free: 0, items: [] }, ipv4: { free: 0, prefixes: [] }, vpsHosts: [], uplinks: [] };
  const db = ctx.db;
  const minCores = q.minCores ?? 0;
  const minRam = q.minRamGb ?? 0;

  const serverWhere = sql`e.site_id = ${siteId} AND e.kind = 'server' AND coalesce(e.cpu_cores, 0) >= ${minCores} AND coalesce(e.ram_gb, 0) >= ${minRam}
    AND e.owner = 'us' AND NOT EXISTS (SELECT 1 FROM inv_allocation a WHERE a.equipment_id = e.id AND a.state IN ${ACTIVE})
    AND NOT EXISTS (SELECT 1 FROM inv_vps_host h WHERE h.equipment_id = e.id)`;
  // Counts ride along the first page (count(*) OVER ()), so each resource costs one statement.
  const [serverItems, rackRows, rackAllocs, portItems, prefixRows, hostRows, uplinkRows] = await Promise.all([
    sql<{ id: string; model: string; serial: string | null; cpu: string | null; cpu_cores: number | null; ram_gb: number | null; disks: string | null; rack_id: string | null; u_from: number | null; total: string }>`
      SELECT e.id, e.model, e.serial, e.cpu, e.cpu_cores, e.ram_gb, e.disks, e.rack_id, e.u_from, (count(*) OVER ())::text AS total FROM inv_equipment e WHERE ${serverWhere}
      ORDER BY e.cpu_cores, e.ram_gb, e.id LIMIT ${q.limit}`.execute(db),
    db.selectFrom('inv_rack').select(['id', 'name', 'units', 'power_a_w', 'power_b_w']).where('site_id', '=', siteId).orderBy('name').execute(),
    sql<{ rack_id: string; units: string; depth: string; power_a_w: number; power_b_w: number }>`
      SELECT rack_id, units::text AS units, depth::text AS depth, power_a_w, power_b_w FROM inv_allocation
      WHERE site_id = ${siteId} AND resource = 'rack_units' AND state IN ${ACTIVE}`.execute(db),
    sql<{ id: string; name: string; speed_mbps: number; equipment_id: string; total: string }>`SELECT p.id, p.name, p.speed_mbps, p.equipment_id, (count(*) OVER ())::text AS total FROM inv_port p
      WHERE p.site_id = ${siteId} AND p.speed_mbps >= ${q.portSpeedMbps ?? 0}
      AND NOT EXISTS (SELECT 1 FROM inv_allocation a WHERE a.port_id = p.id AND a.state IN ${ACTIVE}) ORDER BY p.speed_mbps, p.id LIMIT ${q.limit}`.execute(db),
    sql<{ id: string; prefix: string; pool: string; size: string; used: string }>`
      SELECT p.id, p.prefix::text AS prefix, p.pool, inv_net_size(p.prefix)::text AS size, (inv_net_size(p.prefix) - inv_prefix_free(p.id, p.prefix, p.used))::text AS used
      FROM inv_ip_prefix p WHERE p.site_id = ${siteId} AND family(p.prefix) = 4 ORDER BY p.prefix`.execute(db),
    sql<{ id: string; name: string; vcpu: string; ram_gb: string; disk_gb: string }>`
      SELECT h.id, h.name,
        (floor(h.vcpu * h.cpu_overcommit) - coalesce(sum(a.vcpu), 0))::text AS vcpu,
        (floor(h.ram_gb * h.ram_overcommit) - coalesce(sum(a.ram_gb), 0))::text AS ram_gb,
        (h.disk_gb - coalesce(sum(a.disk_gb), 0))::text AS disk_gb
      FROM inv_vps_host h LEFT JOIN inv_allocation a ON a.vps_host_id = h.id AND a.state IN ${ACTIVE}
      WHERE h.site_id = ${siteId} GROUP BY h.id ORDER BY h.name`.execute(db),
    sql<{ id: string; name: string; capacity_mbps: number; used: string }>`
      SELECT u.id, u.name, u.capacity_mbps, coalesce(sum(a.mbps), 0)::text AS used
      FROM inv_uplink u LEFT JOIN inv_allocation a ON a.uplink_id = u.id AND a.state IN ${ACTIVE}
      WHERE u.site_id = ${siteId} GROUP BY u.id ORDER BY u.name`.execute(db),
  ]);

  const byRack = new Map<string, typeof rackAllocs.rows>();
  for (const a of rackAllocs.rows) (byRack.get(a.rack_id) ?? byRack.set(a.rack_id, []).get(a.rack_id)!).push(a);
  const needUnits = q.units ?? 1;
  const needPower = q.powerW ?? 0;
  const racks = rackRows.flatMap((r) => {
    const allocs = byRack.get(r.id) ?? [];
    const freeA = r.power_a_w - allocs.reduce((s, a) => s + a.power_a_w, 0);
    const freeB = r.power_b_w - allocs.reduce((s, a) => s + a.power_b_w, 0);
    // A device on two feeds must survive losing one: each feed alone must carry it.
    if (Math.min(freeA, freeB) < needPower) return [];
    const start = firstFreeUnits(r.units, allocs.map((a) => ({ ...parseUnitRange(a.units), face: faceOfDepth(a.depth) })), needUnits);
    if (start === null) return [];
    return [{ rackId: r.id, name: r.name, uFrom: start, uHeight: needUnits, freePowerAW: freeA, freePowerBW: freeB }];
  }).slice(0, q.limit);

  const prefixes = prefixRows.rows.map((p) => ({ id: p.id, prefix: p.prefix, pool: p.pool, size: Number(p.size), used: Number(p.used), free: Number(p.size) - Number(p.used) }));
  const vpsHosts = hostRows.rows.map((h) => ({ id: h.id, name: h.name, freeVcpu: Number(h.vcpu), freeRamGb: Number(h.ram_gb), freeDiskGb: Number(h.disk_gb) }))
    .filter((h) => h.freeVcpu >= (q.vcpu ?? 0) && h.freeRamGb >= (q.ramGb ?? 0) && h.freeDiskGb >= (q.diskGb ?? 0));
  const freeIpv4 = prefixes.reduce((s, p) => s + p.free, 0);
  return {
    siteId,
    coverage,
    servers: { free: Number(serverItems.rows[0]?.total ?? 0), items: serverItems.rows.map((s) => ({ id: s.id, model: s.model, serial: s.serial, cpu: s.cpu, cpuCores: s.cpu_cores, ramGb: s.ram_gb, disks: s.disks, rackId: s.rack_id, uFrom: s.u_from })) },
    racks,
    ports: { free: Number(portItems.rows[0]?.total ?? 0), items: portItems.rows.map((p) => ({ id: p.id, name: p.name, speedMbps: p.speed_mbps, equipmentId: p.equipment_id })) },
    ipv4: { free: freeIpv4, enough: freeIpv4 >= (q.ipv4 ?? 0), prefixes: prefixes.filter((p) => p.free > 0).slice(0, q.limit) },
    vpsHosts,
    uplinks: uplinkRows.rows.map((u) => ({ id: u.id, name: u.name, capacityMbps: u.capacity_mbps, freeMbps: u.capacity_mbps - Number(u.used) })),
  };
}

/**
 * IP prefix utilization: size, used (held, assigned, releasing, cooling down) and free, per prefix. The
 * network and broadcast address of an IPv4 prefix shorter than /31 count as used (never free).
 */
export async function prefixUtilization(ctx: Ctx, siteId?: string) {
  requirePermission(ctx, 'inventory.read');
  const rows = await sql<{ id: string; prefix: string; pool: string; site_id: string | null; family: number; size: string; used: string; held: string; cooling: string }>`
    SELECT p.id, p.prefix::text AS prefix, p.pool, p.site_id, family(p.prefix) AS family,
      inv_net_size(p.prefix)::text AS size, (inv_net_size(p.prefix) - inv_prefix_free(p.id, p.prefix, p.used))::text AS used,
      count(*) FILTER (WHERE a.state = 'held')::text AS held,
      count(*) FILTER (WHERE a.state = 'cooldown')::text AS cooling
    FROM inv_ip_prefix p LEFT JOIN inv_allocation a ON a.prefix_id = p.id AND a.state IN ${ACTIVE}
    WHERE ${siteId ? sql`p.site_id = ${siteId}` : sql`true`}
    GROUP BY p.id ORDER BY p.prefix LIMIT 1000`.execute(ctx.db);
  return rows.rows.map((r) => {
    const size = BigInt(r.size.split('.')[0]!);
    const used = BigInt(r.used.split('.')[0]!);
    return {
      id: r.id, prefix: r.prefix, pool: r.pool, siteId: r.site_id, family: r.family, size: size.toString(), used: used.toString(), free: (size - used).toString(),
      held: Number(r.held), cooling: Number(r.cooling), percentUsed: size > 0n ? Number((used * 10000n) / size) / 100 : 0,
    };
  });
}
