import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { capacityEditProblems, cidrBounds, prefixCounts, prefixEditProblems, rackEditProblems, type EditProblem } from '../../domain/inventory/inventory-edits.ts';
import {
  PrefixUpdateSchema, RackUpdateSchema, RoomUpdateSchema, UplinkUpdateSchema, VpsHostUpdateSchema,
} from '../../domain/inventory/inventory.schemas.ts';
import { bigIntToIp, firstFreeBlock } from '../../domain/inventory/inventory.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx, type Tx } from '../context.ts';
import { guardError } from '../guard-errors.ts';
import { allocationFromRow } from './allocations.ts';
import { allocationsWithWhom, whomOf } from './whom.ts';
import { prefixFromRow, rackFromRow, roomFromRow, uplinkFromRow, vpsHostFromRow } from './resources.ts';

const ACTIVE = ['held', 'assigned', 'releasing', 'cooldown'] as const;

/** The first problem the domain rule finds, as the error the database guard would give (same key, same code). */
function refuse(problems: EditProblem[]): void {
  const p = problems[0];
  if (p) throw new AppError('rule', p.key, p.params, [{ path: p.path, key: p.key, params: p.params }]);
}

/** One edit: permission, lock, rule, update, audit; duplicates, dangling references and guard refusals mapped. */
async function edit<T extends { id: string }>(ctx: Ctx, entity: string, id: string, fn: (tx: Tx) => Promise<{ before: T; after: T }>): Promise<T> {
  requirePermission(ctx, 'inventory.manage');
  try {
    return await inTransaction(ctx, async (tx) => {
      const { before, after } = await fn(tx);
      await writeAudit(tx, { entityType: entity, entityId: id, action: 'update', before, after });
      return after;
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = sqlStateOf(e);
    if (code === '23505') throw new AppError('conflict', 'e.inv.duplicate', { entity, name: id });
    if (code === '23503') throw new AppError('not_found', 'e.inv.referenced', { entity, ref: id });
    if (code === '22P02' || code === '23514') throw new AppError('validation', 'e.validation', {}, [{ path: entity, key: 'v.invalid' }]);
    throw guardError(e);
  }
}

const notFound = (entity: string, id: string) => new AppError('not_found', 'e.inv.notFound', { entity, id });
const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Renames a room. */
export async function updateRoom(ctx: Ctx, id: string, input: unknown) {
  const d = parseInput(RoomUpdateSchema, input);
  return edit(ctx, 'room', id, async (tx) => {
    const before = await tx.db.selectFrom('inv_room').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('room', id);
    const after = await tx.db.updateTable('inv_room').set({ name: d.name }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    return { before: roomFromRow(before), after: roomFromRow(after) };
  });
}

/** Edits a rack: name, room, height, power per feed; never below what is held or assigned in it. */
export async function updateRack(ctx: Ctx, id: string, input: unknown) {
  const d = parseInput(RackUpdateSchema, input);
  return edit(ctx, 'rack', id, async (tx) => {
    const before = await tx.db.selectFrom('inv_rack').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('rack', id);
    const siteId = d.siteId ?? before.site_id;
    const roomId = d.roomId === undefined ? (siteId === before.site_id ? before.room_id : null) : d.roomId;
    if (roomId) {
      const room = await tx.db.selectFrom('inv_room').select('site_id').where('id', '=', roomId).executeTakeFirst();
      if (!room || room.site_id !== siteId) throw new AppError('not_found', 'e.inv.referenced', { entity: 'room', ref: roomId });
    }
    const use = await sql<{ top: number; ua: string; ub: string; n: string }>`
      SELECT coalesce(max(upper(units)) - 1, 0)::int AS top, coalesce(sum(power_a_w), 0)::text AS ua, coalesce(sum(power_b_w), 0)::text AS ub, count(*)::text AS n
      FROM inv_allocation WHERE rack_id = ${id} AND state IN ('held','assigned','releasing','cooldown')`.execute(tx.db);
    const u = use.rows[0]!;
    const next = { units: d.units ?? before.units, powerAW: d.powerAW ?? before.power_a_w, powerBW: d.powerBW ?? before.power_b_w };
    refuse(rackEditProblems({ ...next, siteChanged: siteId !== before.site_id }, { topUnit: Number(u.top), usedAW: Number(u.ua), usedBW: Number(u.ub), allocations: Number(u.n) }));
    const after = await tx.db.updateTable('inv_rack').set({ site_id: siteId, room_id: roomId, name: d.name ?? before.name, units: next.units, power_a_w: next.powerAW, power_b_w: next.powerBW })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    return { before: rackFromRow(before), after: rackFromRow(after) };
  });
}

async function activeNets(tx: Tx, prefixId: string): Promise<string[]> {
  const rows = await tx.db.selectFrom('inv_allocation').select('net').where('prefix_id', '=', prefixId).where('state', 'in', [...ACTIVE]).execute();
  return rows.map((r) => r.net!).filter(Boolean);
}

/** Edits a prefix: its CIDR (only to one that still holds every active address), site, pool, description. */
export async function updatePrefix(ctx: Ctx, id: string, input: unknown) {
  const d = parseInput(PrefixUpdateSchema, input);
  return edit(ctx, 'prefix', id, async (tx) => {
    const before = await tx.db.selectFrom('inv_ip_prefix').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('prefix', id);
    if (d.prefix) await sql`SELECT ${d.prefix}::cidr`.execute(tx.db).catch(() => { throw new AppError('validation', 'e.validation', {}, [{ path: 'prefix', key: 'v.inv.cidr' }]); });
    const nets = await activeNets(tx, id);
    if (d.prefix) refuse(prefixEditProblems(d.prefix, nets));
    const siteId = d.siteId === undefined ? before.site_id : d.siteId;
    if (siteId !== before.site_id && nets.length) refuse([{ path: 'siteId', key: 'e.inv.siteWithAllocations', params: { n: nets.length } }]);
    const after = await tx.db.updateTable('inv_ip_prefix').set(defined({ prefix: d.prefix, site_id: siteId, pool: d.pool, description: d.description }))
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    return { before: prefixFromRow(before), after: prefixFromRow(after) };
  });
}

/** Edits a VPS host: capacity and overcommit never below what its VPS take. */
export async function updateVpsHost(ctx: Ctx, id: string, input: unknown) {
  const d = parseInput(VpsHostUpdateSchema, input);
  return edit(ctx, 'vps_host', id, async (tx) => {
    const before = await tx.db.selectFrom('inv_vps_host').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('vps_host', id);
    const use = await sql<{ vcpu: string; ram: string; disk: string; n: string }>`
      SELECT coalesce(sum(vcpu), 0)::text AS vcpu, coalesce(sum(ram_gb), 0)::text AS ram, coalesce(sum(disk_gb), 0)::text AS disk, count(*)::text AS n
      FROM inv_allocation WHERE vps_host_id = ${id} AND state IN ('held','assigned','releasing','cooldown')`.execute(tx.db);
    const u = use.rows[0]!;
    const vcpu = d.vcpu ?? before.vcpu;
    const ramGb = d.ramGb ?? before.ram_gb;
    const cpuOc = d.cpuOvercommit ?? Number(before.cpu_overcommit);
    const ramOc = d.ramOvercommit ?? Number(before.ram_overcommit);
    const siteId = d.siteId ?? before.site_id;
    refuse(capacityEditProblems([
      { path: 'vcpu', capacity: Math.floor(vcpu * cpuOc), used: Number(u.vcpu) },
      { path: 'ramGb', capacity: Math.floor(ramGb * ramOc), used: Number(u.ram) },
      { path: 'diskGb', capacity: d.diskGb ?? before.disk_gb, used: Number(u.disk) },
    ], siteId !== before.site_id, Number(u.n)));
    const after = await tx.db.updateTable('inv_vps_host').set(defined({
      site_id: siteId, equipment_id: d.equipmentId, name: d.name, vcpu: d.vcpu, ram_gb: d.ramGb, disk_gb: d.diskGb,
      cpu_overcommit: d.cpuOvercommit === undefined ? undefined : String(d.cpuOvercommit), ram_overcommit: d.ramOvercommit === undefined ? undefined : String(d.ramOvercommit),
    })).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    return { before: vpsHostFromRow(before), after: vpsHostFromRow(after) };
  });
}

/** Edits an uplink: its capacity never below the bandwidth given out on it. */
export async function updateUplink(ctx: Ctx, id: string, input: unknown) {
  const d = parseInput(UplinkUpdateSchema, input);
  return edit(ctx, 'uplink', id, async (tx) => {
    const before = await tx.db.selectFrom('inv_uplink').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('uplink', id);
    const use = await sql<{ mbps: string; n: string }>`SELECT coalesce(sum(mbps), 0)::text AS mbps, count(*)::text AS n FROM inv_allocation
      WHERE uplink_id = ${id} AND state IN ('held','assigned','releasing','cooldown')`.execute(tx.db);
    const siteId = d.siteId ?? before.site_id;
    refuse(capacityEditProblems([{ path: 'capacityMbps', capacity: d.capacityMbps ?? before.capacity_mbps, used: Number(use.rows[0]!.mbps) }], siteId !== before.site_id, Number(use.rows[0]!.n)));
    const after = await tx.db.updateTable('inv_uplink').set(defined({ site_id: siteId, name: d.name, capacity_mbps: d.capacityMbps }))
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    return { before: uplinkFromRow(before), after: uplinkFromRow(after) };
  });
}

/**
 * A prefix page: the prefix, its counts (network and broadcast of IPv4 shorter than /31 are neither free
 * nor used), every active allocation with whom it is for, and the next free address and /N block.
 */
export async function prefixDetail(ctx: Ctx, id: string, subnetLength?: number) {
  requirePermission(ctx, 'inventory.read');
  const p = await ctx.db.selectFrom('inv_ip_prefix').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound('prefix', id);
  const rows = await allocationsWithWhom(ctx.db)
    .where('a.prefix_id', '=', id).where('a.state', 'in', [...ACTIVE]).orderBy('a.net').execute();
  const nets = rows.map((r) => r.net!);
  const counts = prefixCounts(p.prefix, nets);
  const occupied = nets.map(cidrBounds).map((b) => ({ start: b.first, end: b.last })).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const bounds = cidrBounds(p.prefix);
  const v4 = bounds.v === 4;
  const plen = Number(p.prefix.split('/')[1]);
  const length = subnetLength ?? Math.min(v4 ? 32 : 128, plen + (v4 ? 4 : 16));
  return {
    prefix: prefixFromRow(p),
    family: v4 ? 4 : 6,
    size: counts.size.toString(), usable: counts.usable.toString(), used: counts.used.toString(), free: counts.free.toString(),
    reserved: v4 && plen <= 30 ? [bigIntToIp(4, bounds.first), bigIntToIp(4, bounds.last)] : [],
    nextFree: firstFreeBlock(p.prefix, v4 ? 32 : 128, occupied),
    nextSubnet: { length, block: firstFreeBlock(p.prefix, length, occupied) },
    allocations: rows.map((r) => ({ ...allocationFromRow(r), ...whomOf(r) })),
  };
}
