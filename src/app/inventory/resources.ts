import { sql, type Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { depthRange, unitRange } from '../../domain/inventory/inventory.ts';
import {
  CoverageCreateSchema, EquipmentCreateSchema, PortCreateSchema, PrefixCreateSchema, RackCreateSchema,
  RoomCreateSchema, SettingsSchema, UplinkCreateSchema, VpsHostCreateSchema,
} from '../../domain/inventory/inventory.schemas.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx, type Tx } from '../context.ts';
import { allocationError, allocationFromRow, type Allocation } from './allocations.ts';
import { allocationsWithWhom, whomOf } from './whom.ts';
import { runPage } from '../../db/queries/list.ts';
import { containsPattern, type ListQuery, type Page } from '../../domain/lists/list-query.ts';

/** Maps a refused insert to a clear error: duplicates to conflict, dangling references to not_found. */
function createError(e: unknown, entity: string, name: string): never {
  const code = sqlStateOf(e);
  if (code === '23505') throw new AppError('conflict', 'e.inv.duplicate', { entity, name });
  if (code === '23503') throw new AppError('not_found', 'e.inv.referenced', { entity, ref: name });
  if (code === '22P02' || code === '23514') throw new AppError('validation', 'e.validation', {}, [{ path: entity, key: 'v.invalid' }]);
  throw e;
}

async function create<T>(ctx: Ctx, entity: string, name: string, fn: (tx: Tx) => Promise<T & { id: string }>): Promise<T & { id: string }> {
  requirePermission(ctx, 'inventory.manage');
  try {
    return await inTransaction(ctx, async (tx) => {
      const out = await fn(tx);
      await writeAudit(tx, { entityType: entity, entityId: out.id, action: 'create', after: out });
      return out;
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    return createError(e, entity, name);
  }
}

export const roomFromRow = (r: Selectable<DB['inv_room']>) => ({ id: r.id, siteId: r.site_id, name: r.name });
export const rackFromRow = (r: Selectable<DB['inv_rack']>) => ({ id: r.id, siteId: r.site_id, roomId: r.room_id, name: r.name, units: r.units, powerAW: r.power_a_w, powerBW: r.power_b_w });
export const equipmentFromRow = (r: Selectable<DB['inv_equipment']>) => ({
  id: r.id, kind: r.kind, model: r.model, serial: r.serial, cpu: r.cpu, cpuCores: r.cpu_cores, ramGb: r.ram_gb, disks: r.disks, diskGb: r.disk_gb,
  quantity: r.quantity, siteId: r.site_id, rackId: r.rack_id, uFrom: r.u_from, uHeight: r.u_height, location: r.rack_id ? 'rack' : 'stock',
  owner: r.owner, ownerCompanyId: r.owner_company_id, paidOffOn: r.paid_off_on, project: r.project, status: r.status,
});
export const portFromRow = (r: Selectable<DB['inv_port']>) => ({ id: r.id, equipmentId: r.equipment_id, siteId: r.site_id, name: r.name, speedMbps: r.speed_mbps });
export const prefixFromRow = (r: Selectable<DB['inv_ip_prefix']>) => ({ id: r.id, siteId: r.site_id, prefix: r.prefix, pool: r.pool, description: r.description });
export const vpsHostFromRow = (r: Selectable<DB['inv_vps_host']>) => ({ id: r.id, siteId: r.site_id, equipmentId: r.equipment_id, name: r.name, vcpu: r.vcpu, ramGb: r.ram_gb, diskGb: r.disk_gb, cpuOvercommit: r.cpu_overcommit, ramOvercommit: r.ram_overcommit });
export const uplinkFromRow = (r: Selectable<DB['inv_uplink']>) => ({ id: r.id, siteId: r.site_id, name: r.name, capacityMbps: r.capacity_mbps });
export const coverageFromRow = (r: Selectable<DB['inv_coverage']>) => ({ id: r.id, kind: r.kind, address: r.address, geometry: r.geometry, status: r.status, expectedOn: r.expected_on, technology: r.technology, siteId: r.site_id });

/** Adds a room (machine hall) to a site. */
export async function createRoom(ctx: Ctx, input: unknown) {
  const d = parseInput(RoomCreateSchema, input);
  return create(ctx, 'room', d.name, async (tx) => roomFromRow(await tx.db.insertInto('inv_room').values({ id: newId('rm'), site_id: d.siteId, name: d.name }).returningAll().executeTakeFirstOrThrow()));
}

/** Adds a rack: height in units and the power budget of feeds A and B in watts. */
export async function createRack(ctx: Ctx, input: unknown) {
  const d = parseInput(RackCreateSchema, input);
  return create(ctx, 'rack', d.name, async (tx) => {
    if (d.roomId) {
      const room = await tx.db.selectFrom('inv_room').select('site_id').where('id', '=', d.roomId).executeTakeFirst();
      if (!room || room.site_id !== d.siteId) throw new AppError('not_found', 'e.inv.referenced', { entity: 'room', ref: d.roomId });
    }
    return rackFromRow(await tx.db.insertInto('inv_rack').values({ id: newId('rk'), site_id: d.siteId, room_id: d.roomId, name: d.name, units: d.units, power_a_w: d.powerAW, power_b_w: d.powerBW }).returningAll().executeTakeFirstOrThrow());
  });
}

/**
 * Registers a piece of equipment with its owner and location. Mounted equipment takes its rack units
 * through an allocation, so it can never overlap another device or a hold.
 */
export async function createEquipment(ctx: Ctx, input: unknown) {
  const d = parseInput(EquipmentCreateSchema, input);
  const label = d.serial ?? d.model;
  try {
    return await create(ctx, 'equipment', label, async (tx) => {
      let siteId = d.siteId;
      if (d.rackId) {
        const rack = await tx.db.selectFrom('inv_rack').select('site_id').where('id', '=', d.rackId).executeTakeFirst();
        if (!rack) throw new AppError('not_found', 'e.inv.referenced', { entity: 'rack', ref: d.rackId });
        siteId = rack.site_id;
      }
      const id = newId('eq');
      const row = await tx.db.insertInto('inv_equipment').values({
        id, kind: d.kind, model: d.model, serial: d.serial, cpu: d.cpu, cpu_cores: d.cpuCores, ram_gb: d.ramGb, disks: d.disks, disk_gb: d.diskGb,
        quantity: d.quantity, site_id: siteId, rack_id: d.rackId, u_from: d.uFrom, u_height: d.uHeight,
        owner: d.owner, owner_company_id: d.ownerCompanyId, paid_off_on: d.paidOffOn, project: d.project,
      }).returningAll().executeTakeFirstOrThrow();
      if (d.rackId && d.uFrom !== null && d.uHeight !== null) {
        await tx.db.insertInto('inv_allocation').values({
          id: newId('al'), resource: 'rack_units', rack_id: d.rackId, units: unitRange(d.uFrom, d.uHeight), depth: depthRange(d.face),
          state: 'assigned', assigned_kind: 'equipment', assigned_ref: id, updated_at: tx.now(),
        }).execute();
      }
      return equipmentFromRow(row);
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    return allocationError(e, label, 'rack_units');
  }
}

/** Adds a switch/router port with its speed. */
export async function createPort(ctx: Ctx, input: unknown) {
  const d = parseInput(PortCreateSchema, input);
  return create(ctx, 'port', d.name, async (tx) => {
    const eq = await tx.db.selectFrom('inv_equipment').select(['site_id', 'kind']).where('id', '=', d.equipmentId).executeTakeFirst();
    if (!eq || !eq.site_id) throw new AppError('not_found', 'e.inv.referenced', { entity: 'equipment', ref: d.equipmentId });
    return portFromRow(await tx.db.insertInto('inv_port').values({ id: newId('pt'), equipment_id: d.equipmentId, site_id: eq.site_id, name: d.name, speed_mbps: d.speedMbps }).returningAll().executeTakeFirstOrThrow());
  });
}

/** Adds an IPv4 or IPv6 prefix to a pool. */
export async function createPrefix(ctx: Ctx, input: unknown) {
  const d = parseInput(PrefixCreateSchema, input);
  return create(ctx, 'prefix', d.prefix, async (tx) => {
    // cidr refuses host bits right of the mask (10.0.0.1/24): say so on the field.
    await sql`SELECT ${d.prefix}::cidr`.execute(tx.db).catch(() => { throw new AppError('validation', 'e.validation', {}, [{ path: 'prefix', key: 'v.inv.cidr' }]); });
    return prefixFromRow(await tx.db.insertInto('inv_ip_prefix').values({ id: newId('pf'), site_id: d.siteId, prefix: d.prefix, pool: d.pool, description: d.description }).returningAll().executeTakeFirstOrThrow());
  });
}

/** Adds a VPS host with its capacity and the overcommit ratios set by the tech department. */
export async function createVpsHost(ctx: Ctx, input: unknown) {
  const d = parseInput(VpsHostCreateSchema, input);
  return create(ctx, 'vps_host', d.name, async (tx) => vpsHostFromRow(await tx.db.insertInto('inv_vps_host').values({
    id: newId('vh'), site_id: d.siteId, equipment_id: d.equipmentId, name: d.name, vcpu: d.vcpu, ram_gb: d.ramGb, disk_gb: d.diskGb,
    cpu_overcommit: String(d.cpuOvercommit), ram_overcommit: String(d.ramOvercommit),
  }).returningAll().executeTakeFirstOrThrow()));
}

/** Adds an uplink/channel with its capacity. */
export async function createUplink(ctx: Ctx, input: unknown) {
  const d = parseInput(UplinkCreateSchema, input);
  return create(ctx, 'uplink', d.name, async (tx) => uplinkFromRow(await tx.db.insertInto('inv_uplink').values({ id: newId('ul'), site_id: d.siteId, name: d.name, capacity_mbps: d.capacityMbps }).returningAll().executeTakeFirstOrThrow()));
}

/** Records where the network reaches (a building or a GeoJSON zone), now or planned. */
export async function createCoverage(ctx: Ctx, input: unknown) {
  const d = parseInput(CoverageCreateSchema, input);
  return create(ctx, 'coverage', d.address ?? 'zone', async (tx) => coverageFromRow(await tx.db.insertInto('inv_coverage').values({
    id: newId('cv'), kind: d.kind, address: d.address, geometry: d.geometry === undefined ? null : JSON.stringify(d.geometry),
    status: d.status, expected_on: d.expectedOn, technology: d.technology, site_id: d.siteId,
  }).returningAll().executeTakeFirstOrThrow()));
}

/** Inventory settings: IP cooldown and default hold length. */
export async function getSettings(ctx: Ctx) {
  requirePermission(ctx, 'inventory.read');
  const s = await ctx.db.selectFrom('inv_settings').selectAll().executeTakeFirst();
  return { ipCooldownDays: s?.ip_cooldown_days ?? 30, holdDays: s?.hold_days ?? 14 };
}

export async function updateSettings(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'inventory.manage');
  const d = parseInput(SettingsSchema, input);
  return inTransaction(ctx, async (tx) => {
    const before = await getSettings(tx);
    const values = { ip_cooldown_days: d.ipCooldownDays ?? before.ipCooldownDays, hold_days: d.holdDays ?? before.holdDays, updated_at: tx.now() };
    await tx.db.insertInto('inv_settings').values({ id: true, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
    const after = await getSettings(tx);
    await writeAudit(tx, { entityType: 'inv_settings', entityId: 'inv_settings', action: 'update', before, after });
    return after;
  });
}

/** Lists of each kind, by site. */
export async function listInventory(ctx: Ctx, kind: 'rooms' | 'racks' | 'equipment' | 'ports' | 'prefixes' | 'vps-hosts' | 'uplinks' | 'coverage', siteId?: string, limit = 500) {
  requirePermission(ctx, 'inventory.read');
  const db = ctx.db;
  switch (kind) {
    case 'rooms': return (await (siteId ? db.selectFrom('inv_room').selectAll().where('site_id', '=', siteId) : db.selectFrom('inv_room').selectAll()).orderBy('name').limit(limit).execute()).map(roomFromRow);
    case 'racks': return (await (siteId ? db.selectFrom('inv_rack').selectAll().where('site_id', '=', siteId) : db.selectFrom('inv_rack').selectAll()).orderBy('name').limit(limit).execute()).map(rackFromRow);
    case 'equipment': return (await (siteId ? db.selectFrom('inv_equipment').selectAll().where('site_id', '=', siteId) : db.selectFrom('inv_equipment').selectAll()).orderBy('created_at').limit(limit).execute()).map(equipmentFromRow);
    case 'ports': return (await (siteId ? db.selectFrom('inv_port').selectAll().where('site_id', '=', siteId) : db.selectFrom('inv_port').selectAll()).orderBy('name').limit(limit).execute()).map(portFromRow);
    case 'prefixes': return (await (siteId ? db.selectFrom('inv_ip_prefix').selectAll().where('site_id', '=', siteId) : db.selectFrom('inv_ip_prefix').selectAll()).orderBy('prefix').limit(limit).execute()).map(prefixFromRow);
    case 'vps-hosts': return (await (siteId ? db.selectFrom('inv_vps_host').selectAll().where('site_id', '=', siteId) : db.selectFrom('inv_vps_host').selectAll()).orderBy('name').limit(limit).execute()).map(vpsHostFromRow);
    case 'uplinks': return (await (siteId ? db.selectFrom('inv_uplink').selectAll().where('site_id', '=', siteId) : db.selectFrom('inv_uplink').selectAll()).orderBy('name').limit(limit).execute()).map(uplinkFromRow);
    case 'coverage': return (await db.selectFrom('inv_coverage').selectAll().orderBy('created_at').limit(limit).execute()).map(coverageFromRow);
  }
}

/** A rack with everything in it, for the elevation drawing: devices, holds, assignments, power use. */
export async function rackElevation(ctx: Ctx, rackId: string) {
  requirePermission(ctx, 'inventory.read');
  const rack = await ctx.db.selectFrom('inv_rack').selectAll().where('id', '=', rackId).executeTakeFirst();
  if (!rack) throw new AppError('not_found', 'e.inv.notFound', { entity: 'rack', id: rackId });
  const rows = await allocationsWithWhom(ctx.db).where('a.rack_id', '=', rackId)
    .where('a.state', 'in', ['held', 'assigned', 'releasing']).orderBy('a.units').execute();
  const allocs = rows.map((r) => ({ ...allocationFromRow(r), ...whomOf(r) }));
  const devIds = allocs.filter((a) => a.assignedKind === 'equipment' && a.assignedRef).map((a) => a.assignedRef!);
  const devices = devIds.length ? (await ctx.db.selectFrom('inv_equipment as e').leftJoin('company as oc', 'oc.id', 'e.owner_company_id')
    .selectAll('e').select('oc.name as owner_name').where('e.id', 'in', devIds).execute()).map((r) => ({ ...equipmentFromRow(r), ownerName: r.owner_name })) : [];
  // A mounted server may itself be held or assigned (dedicated): show that, and for whom, on its block.
  const devAllocs = devIds.length ? await allocationsWithWhom(ctx.db).where('a.equipment_id', 'in', devIds).where('a.state', 'in', ['held', 'assigned', 'releasing']).execute() : [];
  const devState = new Map(devAllocs.map((a) => [a.equipment_id!, {
    id: a.id, state: a.state, holdCompanyId: a.hold_company_id, heldUntil: a.held_until, assignedKind: a.assigned_kind, assignedRef: a.assigned_ref, ...whomOf(a),
  }]));
  const byId = new Map(devices.map((d) => [d.id, { ...d, allocation: devState.get(d.id) ?? null }]));
  const usedA = allocs.reduce((s, a) => s + a.powerAW, 0);
  const usedB = allocs.reduce((s, a) => s + a.powerBW, 0);
  const occupied = allocs.reduce((s, a) => s + (a.uHeight ?? 0), 0);
  return {
    rack: rackFromRow(rack),
    power: { usedAW: usedA, usedBW: usedB, budgetAW: rack.power_a_w, budgetBW: rack.power_b_w },
    freeUnits: Math.max(0, rack.units - occupied),
    items: allocs.map((a) => ({ ...a, device: a.assignedRef ? byId.get(a.assignedRef) ?? null : null })),
  };
}

export interface EquipmentFilter extends ListQuery { siteId?: string; owner?: string; kind?: string }

function registerQuery(ctx: Ctx, f: EquipmentFilter) {
  let q = ctx.db.selectFrom('inv_equipment as e')
    .leftJoin('inv_allocation as a', (j) => j.onRef('a.equipment_id', '=', 'e.id').on('a.state', 'in', ['held', 'assigned', 'releasing']))
    .leftJoin('site as s', 's.id', 'e.site_id')
    .leftJoin('inv_rack as r', 'r.id', 'e.rack_id')
    .leftJoin('company as c', 'c.id', 'e.owner_company_id')
    .leftJoin('company as hc', 'hc.id', 'a.hold_company_id')
    .selectAll('e')
    .select(['a.state as alloc_state', 'a.assigned_kind', 'a.assigned_ref', 'a.hold_company_id', 'hc.name as hold_company_name', 's.code as site_code', 'r.name as rack_name', 'c.name as owner_name']);
  if (f.siteId) q = q.where('e.site_id', '=', f.siteId);
  if (f.owner) q = q.where('e.owner', '=', f.owner);
  if (f.kind) q = q.where('e.kind', '=', f.kind);
  const term = f.q?.trim();
  if (term) {
    const like = containsPattern(term);
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['e.model']), 'like', like), eb(sql<string>`lower(coalesce(e.serial, ''))`, 'like', like),
      eb(sql<string>`lower(coalesce(c.name, ''))`, 'like', like), eb(sql<string>`lower(coalesce(e.project, ''))`, 'like', like)]));
  }
  return q;
}

type RegisterRowOf = Awaited<ReturnType<ReturnType<typeof registerQuery>['execute']>>[number];
const registerItem = (r: RegisterRowOf) => ({
  ...equipmentFromRow(r), siteCode: r.site_code, rackName: r.rack_name, ownerName: r.owner_name,
  assignment: r.alloc_state ? { state: r.alloc_state, kind: r.assigned_kind, ref: r.assigned_ref, holdCompanyId: r.hold_company_id, holdCompanyName: r.hold_company_name }
    : r.project ? { state: 'assigned', kind: 'project', ref: r.project, holdCompanyId: null, holdCompanyName: null } : null,
});
export type RegisterItem = ReturnType<typeof registerItem>;

/** Equipment register (facilities): owner, location and what it is assigned to; every unit, oldest first. */
export async function equipmentRegister(ctx: Ctx, f: EquipmentFilter = {}): Promise<RegisterItem[]> {
  requirePermission(ctx, 'inventory.read');
  return (await registerQuery(ctx, f).orderBy('e.created_at').orderBy('e.id').execute()).map(registerItem);
}

const registerSorts = {
  columns: { kind: 'e.kind', model: sql`lower(e.model)`, serial: 'e.serial', location: sql`(s.code, r.name, e.u_from)`, owner: sql`(e.owner, lower(c.name))`, createdAt: 'e.created_at' },
  default: 'createdAt', tieBreaker: 'e.id',
};

/** The register as a list: search by model, serial, owner or project; filters by site, owner and kind; sorted and paged on the server. */
export async function pageEquipmentRegister(ctx: Ctx, f: EquipmentFilter): Promise<Page<RegisterItem>> {
  requirePermission(ctx, 'inventory.read');
  return runPage(registerQuery(ctx, f), f, registerSorts, registerItem);
}

export type { Allocation };
