import { sql, type Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import {
  depthRange, faceOfDepth, firstFreeBlock, ipToBigInt, parseUnitRange,
  type AllocationState, type AssignedKind, type Face, type ResourceKind,
} from '../../domain/inventory/inventory.ts';
import { AssignHeldSchema, AssignSchema, HoldSchema, NextIpSchema, ReleaseNowSchema, type ResourceRef } from '../../domain/inventory/inventory.schemas.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx, type Tx } from '../context.ts';
import { guardError } from '../guard-errors.ts';

/** One allocation of one resource, as the API shows it. */
export interface Allocation {
  id: string;
  resource: ResourceKind;
  siteId: string | null;
  state: AllocationState;
  rackId: string | null;
  uFrom: number | null;
  uHeight: number | null;
  face: Face | null;
  powerAW: number;
  powerBW: number;
  equipmentId: string | null;
  portId: string | null;
  prefixId: string | null;
  net: string | null;
  vpsHostId: string | null;
  vcpu: number | null;
  ramGb: number | null;
  diskGb: number | null;
  uplinkId: string | null;
  mbps: number | null;
  holdCompanyId: string | null;
  heldUntil: Date | null;
  answerId: string | null;
  assignedKind: AssignedKind | null;
  assignedRef: string | null;
  releaseReason: string | null;
  releaseRequestedAt: Date | null;
  releasedAt: Date | null;
  cooldownUntil: Date | null;
  note: string | null;
  createdAt: Date;
}

type Row = Selectable<DB['inv_allocation']>;

export function allocationFromRow(r: Row): Allocation {
  const u = r.units ? parseUnitRange(r.units) : null;
  return {
    id: r.id, resource: r.resource as ResourceKind, siteId: r.site_id, state: r.state as AllocationState,
    rackId: r.rack_id, uFrom: u?.from ?? null, uHeight: u?.height ?? null, face: r.depth ? faceOfDepth(r.depth) : null,
    powerAW: r.power_a_w, powerBW: r.power_b_w, equipmentId: r.equipment_id, portId: r.port_id, prefixId: r.prefix_id, net: r.net,
    vpsHostId: r.vps_host_id, vcpu: r.vcpu, ramGb: r.ram_gb, diskGb: r.disk_gb, uplinkId: r.uplink_id, mbps: r.mbps,
    holdCompanyId: r.hold_company_id, heldUntil: r.held_until, answerId: r.answer_id,
    assignedKind: r.assigned_kind as AssignedKind | null, assignedRef: r.assigned_ref, releaseReason: r.release_reason,
    releaseRequestedAt: r.release_requested_at, releasedAt: r.released_at, cooldownUntil: r.cooldown_until, note: r.note, createdAt: r.created_at,
  };
}

const ACTIVE = ['held', 'assigned', 'releasing', 'cooldown'] as const;

/** Human label of the target for error messages. */
function describe(t: ResourceRef): string {
  switch (t.resource) {
    case 'rack_units': return `${t.rackId} U${t.uFrom}–${t.uFrom + t.uHeight - 1} (${t.face})`;
    case 'equipment': return t.equipmentId;
    case 'port': return t.portId;
    case 'ip': return t.address;
    case 'vps': return `${t.vpsHostId} ${t.vcpu} vCPU/${t.ramGb} GB/${t.diskGb} GB`;
    case 'uplink': return `${t.uplinkId} ${t.mbps} Mbit/s`;
  }
}

/** Turns what the database refused into a clear AppError; rethrows anything else. */
export function allocationError(e: unknown, what: string, resource: string): never {
  const code = sqlStateOf(e);
  if (code === '23505' || code === '23P01') throw new AppError('conflict', 'e.inv.taken', { resource, what });
  const guarded = guardError(e);
  if (guarded !== e) throw guarded;
  if (code === '23503') throw new AppError('not_found', 'e.inv.notFound', { entity: resource, id: what });
  if (code === '22P02') throw new AppError('validation', 'e.validation', {}, [{ path: 'target', key: 'v.invalid' }]);
  throw e;
}

function targetColumns(t: ResourceRef) {
  switch (t.resource) {
    case 'rack_units': return { rack_id: t.rackId, units: `[${t.uFrom},${t.uFrom + t.uHeight})`, depth: depthRange(t.face), power_a_w: t.powerAW, power_b_w: t.powerBW };
    case 'equipment': return { equipment_id: t.equipmentId };
    case 'port': return { port_id: t.portId };
    case 'ip': return { prefix_id: t.prefixId, net: t.address };
    case 'vps': return { vps_host_id: t.vpsHostId, vcpu: t.vcpu, ram_gb: t.ramGb, disk_gb: t.diskGb };
    case 'uplink': return { uplink_id: t.uplinkId, mbps: t.mbps };
  }
}


/**
 * Closes holds and cooldowns that are due on the resource about to be allocated, so correctness never
 * waits for the nightly job.
 */
async function expireDueOn(tx: Tx, t: ResourceRef): Promise<void> {
  const now = tx.now();
  let q = tx.db.selectFrom('inv_allocation').select(['id', 'state'])
    .where((eb) => eb.or([
      eb.and([eb('state', '=', 'held'), eb('held_until', '<=', now)]),
      eb.and([eb('state', '=', 'cooldown'), eb('cooldown_until', '<=', now)]),
    ]));
  switch (t.resource) {
    case 'rack_units': q = q.where('rack_id', '=', t.rackId); break;
    case 'equipment': q = q.where('equipment_id', '=', t.equipmentId); break;
    case 'port': q = q.where('port_id', '=', t.portId); break;
    case 'ip': q = q.where(sql<boolean>`net && ${t.address}::cidr`); break;
    case 'vps': q = q.where('vps_host_id', '=', t.vpsHostId); break;
    case 'uplink': q = q.where('uplink_id', '=', t.uplinkId); break;
  }
  for (const r of await q.execute()) await closeDue(tx, r.id, r.state as AllocationState);
}

async function closeDue(tx: Tx, id: string, state: AllocationState): Promise<void> {
  const to = state === 'held' ? 'expired' : 'released';
  const row = await tx.db.updateTable('inv_allocation').set({ state: to, updated_at: tx.now(), ...(to === 'released' ? { released_at: tx.now() } : {}) })
    .where('id', '=', id).where('state', '=', state).returningAll().executeTakeFirst();
  if (row) await writeAudit(tx, { entityType: 'allocation', entityId: id, scopeId: row.hold_company_id ?? undefined, action: to === 'expired' ? 'hold.expire' : 'cooldown.end', before: { state }, after: { state: to } });
}

async function insertAllocation(tx: Tx, t: ResourceRef, values: Record<string, unknown>): Promise<Allocation> {
  await expireDueOn(tx, t);
  const row = await tx.db.insertInto('inv_allocation')
    .values({ id: newId('al'), resource: t.resource, updated_at: tx.now(), ...targetColumns(t), ...values } as never)
    .returningAll().executeTakeFirstOrThrow();
  return allocationFromRow(row);
}

async function holdDays(ctx: Ctx): Promise<number> {
  const s = await ctx.db.selectFrom('inv_settings').select('hold_days').executeTakeFirst();
  return s?.hold_days ?? 14;
}

/** Puts a free resource on hold for a client (a proposal or feasibility answer), until a given instant. */
export async function holdResource(ctx: Ctx, input: unknown): Promise<Allocation> {
  requirePermission(ctx, 'inventory.allocate');
  const data = parseInput(HoldSchema, input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const heldUntil = data.heldUntil ?? new Date(tx.now().getTime() + (await holdDays(tx)) * 86_400_000);
      if (heldUntil.getTime() <= tx.now().getTime()) throw new AppError('validation', 'e.validation', {}, [{ path: 'heldUntil', key: 'v.invalid' }]);
      const a = await insertAllocation(tx, data.target, { state: 'held', hold_company_id: data.companyId, held_until: heldUntil, answer_id: data.answerId ?? null, note: data.note });
      await writeAudit(tx, { entityType: 'allocation', entityId: a.id, scopeId: data.companyId, action: 'hold', after: a });
      return a;
    });
  } catch (e) {
    return allocationError(e, describe(data.target), data.target.resource);
  }
}

/** Assigns a free resource to a service, a client or an internal project. */
export async function assignResource(ctx: Ctx, input: unknown): Promise<Allocation> {
  requirePermission(ctx, 'inventory.allocate');
  const data = parseInput(AssignSchema, input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const a = await insertAllocation(tx, data.target, { state: 'assigned', assigned_kind: data.assignedKind, assigned_ref: data.assignedRef, note: data.note });
      await writeAudit(tx, { entityType: 'allocation', entityId: a.id, scopeId: data.assignedKind === 'client' ? data.assignedRef : undefined, action: 'assign', after: a });
      return a;
    });
  } catch (e) {
    return allocationError(e, describe(data.target), data.target.resource);
  }
}

async function transition(ctx: Ctx, id: string, from: AllocationState[], action: string, set: (row: Row, tx: Tx) => Promise<Record<string, unknown>>): Promise<Allocation> {
  try {
    return await inTransaction(ctx, async (tx) => {
      const before = await tx.db.selectFrom('inv_allocation').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw new AppError('not_found', 'e.inv.notFound', { entity: 'allocation', id });
      if (!from.includes(before.state as AllocationState)) throw new AppError('rule', 'e.inv.badTransition', { from: before.state, to: action });
      if (before.state === 'held' && before.held_until && before.held_until <= tx.now()) {
        await closeDue(tx, id, 'held');
        throw new AppError('rule', 'e.inv.badTransition', { from: 'expired', to: action });
      }
      const row = await tx.db.updateTable('inv_allocation').set({ ...(await set(before, tx)), updated_at: tx.now() } as never)
        .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      const a = allocationFromRow(row);
      await writeAudit(tx, { entityType: 'allocation', entityId: id, scopeId: row.hold_company_id ?? undefined, action, before: allocationFromRow(before), after: a });
      return a;
    });
  } catch (e) {
    return allocationError(e, id, 'allocation');
  }
}

/** Turns a hold into an assignment (the client ordered). */
export async function assignHeld(ctx: Ctx, id: string, input: unknown): Promise<Allocation> {
  requirePermission(ctx, 'inventory.allocate');
  const data = parseInput(AssignHeldSchema, input);
  return transition(ctx, id, ['held'], 'assign', async () => ({ state: 'assigned', assigned_kind: data.assignedKind, assigned_ref: data.assignedRef }));
}

/** Drops a hold before it expires; the resource is free again at once. */
export async function cancelHold(ctx: Ctx, id: string): Promise<Allocation> {
  requirePermission(ctx, 'inventory.allocate');
  return transition(ctx, id, ['held'], 'hold.cancel', async () => ({ state: 'cancelled' }));
}

/**
 * Closing a service (or a client's or project's use) opens one release task per resource assigned to it:
 * each goes to `releasing` and waits for the tech department to confirm. Safe to call twice.
 */
export async function startRelease(ctx: Ctx, input: { assignedKind: AssignedKind; assignedRef: string; reason: string }): Promise<Allocation[]> {
  requirePermission(ctx, 'inventory.release');
  return openReleaseTasks(ctx, input);
}

/**
 * The release itself, for a use case that has already checked its own permission (closing a billed
 * service releases what the service held, whoever may close services).
 */
export async function openReleaseTasks(ctx: Ctx, input: { assignedKind: AssignedKind; assignedRef: string; reason: string }): Promise<Allocation[]> {
  return inTransaction(ctx, async (tx) => {
    const rows = await tx.db.updateTable('inv_allocation')
      .set({ state: 'releasing', release_reason: input.reason, release_requested_at: tx.now(), updated_at: tx.now() })
      .where('state', '=', 'assigned').where('assigned_kind', '=', input.assignedKind).where('assigned_ref', '=', input.assignedRef)
      .returningAll().execute();
    const out = rows.map(allocationFromRow);
    for (const a of out) await writeAudit(tx, { entityType: 'allocation', entityId: a.id, scopeId: input.assignedKind === 'client' ? input.assignedRef : undefined, action: 'release.start', before: { state: 'assigned' }, after: a });
    return out;
  });
}

/** Tech confirms a release: the resource is free again, or an IP goes into cooldown first. */
export async function confirmRelease(ctx: Ctx, id: string): Promise<Allocation> {
  requirePermission(ctx, 'inventory.allocate');
  return transition(ctx, id, ['releasing'], 'release.confirm', async (row, tx) => {
    const released = { released_at: tx.now(), released_by: tx.actor.name };
    if (row.resource !== 'ip') return { state: 'released', ...released };
    const s = await tx.db.selectFrom('inv_settings').select('ip_cooldown_days').executeTakeFirst();
    const days = s?.ip_cooldown_days ?? 30;
    if (days === 0) return { state: 'released', ...released };
    return { state: 'cooldown', ...released, cooldown_until: new Date(tx.now().getTime() + days * 86_400_000) };
  });
}

/** Job: expires due holds and ends due IP cooldowns everywhere. Returns how many changed. */
export async function expireDue(ctx: Ctx): Promise<{ expired: number; cooledDown: number }> {
  const now = ctx.now();
  const due = await ctx.db.selectFrom('inv_allocation').select(['id', 'state'])
    .where((eb) => eb.or([
      eb.and([eb('state', '=', 'held'), eb('held_until', '<=', now)]),
      eb.and([eb('state', '=', 'cooldown'), eb('cooldown_until', '<=', now)]),
    ])).orderBy('id').limit(10_000).execute();
  let expired = 0;
  let cooledDown = 0;
  for (const r of due) {
    await inTransaction(ctx, (tx) => closeDue(tx, r.id, r.state as AllocationState));
    if (r.state === 'held') expired++; else cooledDown++;
  }
  return { expired, cooledDown };
}

/** Allocations by filter (state, resource, assignment, site, rack, company on hold). */
export async function listAllocations(ctx: Ctx, f: { state?: string; resource?: string; siteId?: string; rackId?: string; assignedKind?: string; assignedRef?: string; holdCompanyId?: string; answerId?: string; active?: boolean; limit?: number } = {}): Promise<Allocation[]> {
  requirePermission(ctx, 'inventory.read');
  let q = ctx.db.selectFrom('inv_allocation').selectAll();
  if (f.state) q = q.where('state', '=', f.state);
  if (f.active) q = q.where('state', 'in', [...ACTIVE]);
  if (f.resource) q = q.where('resource', '=', f.resource);
  if (f.siteId) q = q.where('site_id', '=', f.siteId);
  if (f.rackId) q = q.where('rack_id', '=', f.rackId);
  if (f.assignedKind) q = q.where('assigned_kind', '=', f.assignedKind);
  if (f.assignedRef) q = q.where('assigned_ref', '=', f.assignedRef);
  if (f.holdCompanyId) q = q.where('hold_company_id', '=', f.holdCompanyId);
  if (f.answerId) q = q.where('answer_id', '=', f.answerId);
  return (await q.orderBy('created_at', 'desc').limit(f.limit ?? 500).execute()).map(allocationFromRow);
}

/** Release tasks waiting longer than `olderThanDays` for the tech department's confirmation. */
export async function stuckReleases(ctx: Ctx, olderThanDays = 3): Promise<Allocation[]> {
  requirePermission(ctx, 'inventory.read');
  const cutoff = new Date(ctx.now().getTime() - olderThanDays * 86_400_000);
  return (await ctx.db.selectFrom('inv_allocation').selectAll().where('state', '=', 'releasing')
    .where('release_requested_at', '<=', cutoff).orderBy('release_requested_at').execute()).map(allocationFromRow);
}

/** Finds a prefix by id or by its CIDR text. */
export async function findPrefix(ctx: Ctx, idOrCidr: string) {
  const byCidr = idOrCidr.includes('/') || idOrCidr.includes('.') || idOrCidr.includes(':');
  const row = byCidr
    ? await ctx.db.selectFrom('inv_ip_prefix').selectAll().where(sql<boolean>`prefix = ${idOrCidr}::cidr`).executeTakeFirst().catch(() => undefined)
    : await ctx.db.selectFrom('inv_ip_prefix').selectAll().where('id', '=', idOrCidr).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'e.inv.notFound', { entity: 'prefix', id: idOrCidr });
  return row;
}

/**
 * Allocates the lowest free address (or aligned sub-prefix of `length`) of a prefix, atomically:
 * the prefix row is locked while the gap is found, and the exclusion constraint guarantees the rest.
 */
export async function nextIp(ctx: Ctx, input: unknown): Promise<Allocation> {
  requirePermission(ctx, 'inventory.allocate');
  const data = parseInput(NextIpSchema, input);
  if (data.mode === 'hold' && !data.companyId) throw new AppError('validation', 'e.validation', {}, [{ path: 'companyId', key: 'v.required' }]);
  const kind = data.assignedKind ?? 'project';
  const ref = data.assignedRef ?? 'unassigned';
  let label = data.prefix;
  try {
    return await inTransaction(ctx, async (tx) => {
      const p = await findPrefix(tx, data.prefix);
      label = p.prefix;
      const values = data.mode === 'hold'
        ? { state: 'held', hold_company_id: data.companyId, held_until: new Date(tx.now().getTime() + (await holdDays(tx)) * 86_400_000) }
        : { state: 'assigned', assigned_kind: kind, assigned_ref: ref };
      return await allocateNextIp(tx, p, data.length, values);
    });
  } catch (e) {
    return allocationError(e, label, 'ip');
  }
}

/**
 * The lowest free address (or aligned /length block) of a prefix, allocated with `values` (state and
 * whom for) in the caller's transaction. The prefix row is locked while the gap is found; the exclusion
 * constraint and the reserved-address guard decide the rest.
 */
export async function allocateNextIp(tx: Tx, p: { id: string; prefix: string }, length: number | undefined, values: Record<string, unknown>): Promise<Allocation> {
  await tx.db.selectFrom('inv_ip_prefix').select('id').where('id', '=', p.id).forUpdate().execute();
  const v = p.prefix.includes(':') ? 6 : 4;
  // Holds and cooldowns that are due no longer occupy anything.
  const due = await tx.db.selectFrom('inv_allocation').select(['id', 'state']).where('prefix_id', '=', p.id)
    .where((eb) => eb.or([eb.and([eb('state', '=', 'held'), eb('held_until', '<=', tx.now())]), eb.and([eb('state', '=', 'cooldown'), eb('cooldown_until', '<=', tx.now())])]))
    .execute();
  for (const d of due) await closeDue(tx, d.id, d.state as AllocationState);
  const occ = await sql<{ s: string; e: string }>`
    SELECT host(network(net)) AS s, host(broadcast(net)) AS e FROM inv_allocation
    WHERE net && ${p.prefix}::cidr AND state IN ('held','assigned','releasing','cooldown') ORDER BY net`.execute(tx.db);
  const block = firstFreeBlock(p.prefix, length ?? (v === 4 ? 32 : 128), occ.rows.map((r) => ({ start: ipToBigInt(r.s).n, end: ipToBigInt(r.e).n })));
  if (!block) throw new AppError('conflict', 'e.inv.noFreeIp', { prefix: p.prefix });
  const target: ResourceRef = { resource: 'ip', prefixId: p.id, address: block };
  const row = await tx.db.insertInto('inv_allocation')
    .values({ id: newId('al'), resource: 'ip', updated_at: tx.now(), ...targetColumns(target), ...values } as never)
    .returningAll().executeTakeFirstOrThrow();
  const a = allocationFromRow(row);
  await writeAudit(tx, { entityType: 'allocation', entityId: a.id, scopeId: a.holdCompanyId ?? undefined, action: a.state === 'held' ? 'hold' : 'assign', after: a });
  return a;
}

/** Holds the next `count` free addresses (or /length blocks) of a prefix for a client until an instant. */
export async function holdNextIps(tx: Tx, h: { prefixId: string; count: number; length?: number }, hold: { companyId: string; heldUntil: Date; answerId?: string }): Promise<Allocation[]> {
  const p = await tx.db.selectFrom('inv_ip_prefix').select(['id', 'prefix']).where('id', '=', h.prefixId).executeTakeFirst();
  if (!p) throw new AppError('not_found', 'e.inv.notFound', { entity: 'prefix', id: h.prefixId });
  const out: Allocation[] = [];
  try {
    for (let i = 0; i < h.count; i++) {
      out.push(await allocateNextIp(tx, p, h.length, { state: 'held', hold_company_id: hold.companyId, held_until: hold.heldUntil, answer_id: hold.answerId ?? null }));
    }
  } catch (e) {
    return allocationError(e, p.prefix, 'ip');
  }
  return out;
}

/**
 * The tech department releases an assigned resource itself (from the prefix page or the rack picture):
 * assigned → releasing → released, or into cooldown for addresses, in one step and audited.
 */
export async function releaseNow(ctx: Ctx, id: string, input: unknown): Promise<Allocation> {
  requirePermission(ctx, 'inventory.allocate');
  const data = parseInput(ReleaseNowSchema, input);
  return inTransaction(ctx, async (tx) => {
    const row = await tx.db.updateTable('inv_allocation').set({ state: 'releasing', release_reason: data.reason, release_requested_at: tx.now(), updated_at: tx.now() })
      .where('id', '=', id).where('state', '=', 'assigned').returningAll().executeTakeFirst();
    if (!row) throw new AppError('rule', 'e.inv.notReleasable');
    await writeAudit(tx, { entityType: 'allocation', entityId: id, action: 'release.start', before: { state: 'assigned' }, after: allocationFromRow(row) });
    return confirmRelease(tx, id);
  });
}
