import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { EquipmentUpdateSchema } from '../../domain/installments/installments.schemas.ts';
import { depthRange, parseUnitRange, unitRange } from '../../domain/inventory/inventory.ts';
import { listAudit } from '../audit/list-audit.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx, type Tx } from '../context.ts';
import { allocationError, allocationFromRow } from './allocations.ts';
import { equipmentFromRow } from './resources.ts';
import { allocationsWithWhom } from './whom.ts';

/**
 * The units a move aims at, if something active already stands there: a conflict that names the rack, the
 * units and who holds them (a device, a client, a service or a project), on the field the user edits. The
 * exclusion constraint still decides when two moves race; this only gives the refusal words.
 */
async function refuseTakenUnits(tx: Tx, rackId: string, uFrom: number, height: number, face: 'front' | 'rear' | 'both') {
  const hit = await allocationsWithWhom(tx.db).leftJoin('inv_equipment as de', (j) => j.onRef('de.id', '=', 'a.assigned_ref').on('a.assigned_kind', '=', 'equipment'))
    .innerJoin('inv_rack as r', 'r.id', 'a.rack_id').select(['de.model as device_model', 'de.serial as device_serial', 'r.name as rack_name'])
    .where('a.rack_id', '=', rackId).where('a.resource', '=', 'rack_units').where('a.state', 'in', ['held', 'assigned', 'releasing', 'cooldown'])
    .where(sql<boolean>`a.units && ${unitRange(uFrom, height)}::int4range`).where(sql<boolean>`a.depth && ${depthRange(face)}::int4range`)
    .orderBy('a.units').executeTakeFirst();
  if (!hit) return;
  const whom = hit.device_model ? [hit.device_model, hit.device_serial].filter(Boolean).join(' ')
    : hit.hold_company_name ?? hit.client_name ?? (hit.service_title ? `${hit.service_title} (${hit.service_company_name ?? ''})` : null) ?? hit.assigned_ref ?? hit.state;
  const { from, height: h } = parseUnitRange(hit.units ?? '');
  const params = { rack: hit.rack_name, units: h > 1 ? `${from}–${from + h - 1}` : String(from), whom };
  throw new AppError('conflict', 'e.equipment.unitsTaken', params, [{ path: 'location.uFrom', key: 'e.equipment.unitsTaken', params }]);
}

/**
 * Facilities edit a unit: owner, status, project, location. A move releases the unit's rack-unit allocation
 * and takes a new one, so the exclusion constraints and the power budget decide, never the edit itself;
 * the database also refuses a rack position that no allocation backs (RD607) and an owner other than the
 * supplier while the unit is being paid for (RD606).
 */
export async function updateEquipment(ctx: Ctx, id: string, input: unknown) {
  requirePermission(ctx, 'inventory.manage');
  const d = parseInput(EquipmentUpdateSchema, input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const before = await tx.db.selectFrom('inv_equipment').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw new AppError('not_found', 'e.inv.notFound', { entity: 'equipment', id });
      const label = before.serial ?? before.model;
      const set: Record<string, unknown> = {};
      if (d.owner !== undefined || d.ownerCompanyId !== undefined) {
        const owner = d.owner ?? before.owner;
        const company = owner === 'us' ? null : (d.ownerCompanyId ?? before.owner_company_id);
        if (owner !== 'us' && !company) throw new AppError('validation', 'e.validation', {}, [{ path: 'ownerCompanyId', key: 'v.inv.ownerCompany' }]);
        const paying = await tx.db.selectFrom('inst_item as i').innerJoin('inst_agreement as a', 'a.id', 'i.agreement_id').select(['a.number', 'a.supplier_id'])
          .where('i.equipment_id', '=', id).where('a.status', '=', 'active').executeTakeFirst();
        if (paying && (owner !== 'supplier' || company !== paying.supplier_id)) throw new AppError('rule', 'e.inst.ownerWhilePaying', { serial: label, number: paying.number });
        Object.assign(set, { owner, owner_company_id: company });
      }
      if (d.status !== undefined) set.status = d.status;
      if (d.project !== undefined) set.project = d.project;
      if (d.location) {
        const current = await tx.db.selectFrom('inv_allocation').selectAll().where('resource', '=', 'rack_units').where('assigned_kind', '=', 'equipment')
          .where('assigned_ref', '=', id).where('state', 'in', ['held', 'assigned', 'releasing', 'cooldown']).forUpdate().execute();
        // Both racks first, in one order: concurrent moves queue on the racks instead of deadlocking on allocations.
        const racks = [...new Set([...current.map((a) => a.rack_id!), ...('rackId' in d.location ? [d.location.rackId] : [])])].sort();
        if (racks.length) await tx.db.selectFrom('inv_rack').select('id').where('id', 'in', racks).orderBy('id').forUpdate().execute();
        for (const a of current) {
          // assigned → releasing → released: the only way an allocation ends; the history stays
          if (a.state === 'assigned') await tx.db.updateTable('inv_allocation').set({ state: 'releasing', release_reason: d.reason ?? 'move', release_requested_at: tx.now(), updated_at: tx.now() }).where('id', '=', a.id).execute();
          await tx.db.updateTable('inv_allocation').set({ state: 'released', released_at: tx.now(), released_by: tx.actor.name, updated_at: tx.now() }).where('id', '=', a.id).execute();
        }
        if ('stock' in d.location) {
          Object.assign(set, { rack_id: null, u_from: null, u_height: null, site_id: d.location.siteId ?? before.site_id });
        } else {
          if (before.kind === 'part') throw new AppError('validation', 'e.validation', {}, [{ path: 'location.rackId', key: 'v.inv.partInRack' }]);
          const rack = await tx.db.selectFrom('inv_rack').select(['id', 'site_id']).where('id', '=', d.location.rackId).executeTakeFirst();
          if (!rack) throw new AppError('not_found', 'e.inv.referenced', { entity: 'rack', ref: d.location.rackId });
          const height = d.location.uHeight ?? before.u_height ?? 1;
          const power = current[0];
          await refuseTakenUnits(tx, rack.id, d.location.uFrom, height, d.location.face);
          await tx.db.insertInto('inv_allocation').values({
            id: newId('al'), resource: 'rack_units', rack_id: rack.id, units: unitRange(d.location.uFrom, height), depth: depthRange(d.location.face),
            power_a_w: power?.power_a_w ?? 0, power_b_w: power?.power_b_w ?? 0, state: 'assigned', assigned_kind: 'equipment', assigned_ref: id, updated_at: tx.now(),
          }).execute();
          Object.assign(set, { rack_id: rack.id, u_from: d.location.uFrom, u_height: height, site_id: rack.site_id });
        }
      }
      const after = Object.keys(set).length
        ? await tx.db.updateTable('inv_equipment').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        : before;
      await writeAudit(tx, { entityType: 'equipment', entityId: id, action: d.location ? 'move' : 'update', before: equipmentFromRow(before), after: { ...equipmentFromRow(after), reason: d.reason } });
      return equipmentFromRow(after);
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (sqlStateOf(e) === 'RD606') throw new AppError('rule', 'e.inst.ownerWhilePaying', { serial: id, number: '' });
    if (sqlStateOf(e) === 'RD607') throw new AppError('rule', 'e.equipment.move', { detail: e instanceof Error ? e.message : String(e) });
    if (sqlStateOf(e) === '23514') throw new AppError('validation', 'e.validation', {}, [{ path: 'location', key: 'v.invalid' }]);
    return allocationError(e, id, 'rack_units');
  }
}

/** A unit's history: every allocation of it or of its rack units (holds, assignments, moves) and its audit trail. */
export async function equipmentHistory(ctx: Ctx, id: string) {
  requirePermission(ctx, 'inventory.read');
  const eq = await ctx.db.selectFrom('inv_equipment').selectAll().where('id', '=', id).executeTakeFirst();
  if (!eq) throw new AppError('not_found', 'e.inv.notFound', { entity: 'equipment', id });
  const allocations = (await ctx.db.selectFrom('inv_allocation').selectAll()
    .where((w) => w.or([w('equipment_id', '=', id), w.and([w('resource', '=', 'rack_units'), w('assigned_kind', '=', 'equipment'), w('assigned_ref', '=', id)])]))
    .orderBy('created_at').orderBy('id').execute()).map(allocationFromRow);
  const agreement = await ctx.db.selectFrom('inst_item as i').innerJoin('inst_agreement as a', 'a.id', 'i.agreement_id')
    .select(['a.id', 'a.number', 'a.status', 'a.paid_off_on', 'i.price']).where('i.equipment_id', '=', id).executeTakeFirst();
  return {
    equipment: equipmentFromRow(eq),
    agreement: agreement ? { id: agreement.id, number: agreement.number, status: agreement.status, paidOffOn: agreement.paid_off_on, price: agreement.price } : null,
    allocations,
    audit: await listAudit(ctx, { entityId: id, limit: 200 }),
  };
}
