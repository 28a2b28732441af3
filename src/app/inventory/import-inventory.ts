import type { ZodType } from 'zod';
import { AppError, type FieldError } from '../../domain/errors.ts';
import {
  CoverageCreateSchema, EquipmentCreateSchema, PortCreateSchema, PrefixCreateSchema, RackCreateSchema, UplinkCreateSchema, VpsHostCreateSchema,
} from '../../domain/inventory/inventory.schemas.ts';
import { readTable } from '../documents/tabular.ts';
import { inTransaction, parseInput, requirePermission, type Ctx } from '../context.ts';
import { createCoverage, createEquipment, createPort, createPrefix, createRack, createUplink, createVpsHost } from './resources.ts';

export const importKinds = ['racks', 'equipment', 'ports', 'prefixes', 'vps-hosts', 'uplinks', 'coverage'] as const;
export type ImportKind = (typeof importKinds)[number];

interface Spec {
  schema: ZodType<unknown>;
  /** Column names (normalized: lower case, no spaces/underscores) → input field. */
  columns: Record<string, string>;
  required: string[];
  numbers: string[];
  /** The field whose value must be unique in the file. */
  key?: (o: Record<string, unknown>) => string | null;
  create: (ctx: Ctx, input: unknown) => Promise<unknown>;
}

const site = { site: 'site', sitecode: 'site', 'площадка': 'site' };
const specs: Record<ImportKind, Spec> = {
  racks: {
    schema: RackCreateSchema, required: ['site', 'name', 'units'], numbers: ['units', 'powerAW', 'powerBW'],
    columns: { ...site, room: 'room', 'зал': 'room', name: 'name', rack: 'name', 'стойка': 'name', units: 'units', 'юнитов': 'units', powera: 'powerAW', powerb: 'powerBW', powerakw: 'powerAKw', powerbkw: 'powerBKw' },
    key: (o) => `${String(o.siteId)}/${String(o.name)}`, create: createRack,
  },
  equipment: {
    schema: EquipmentCreateSchema, required: ['kind', 'model'], numbers: ['cpuCores', 'ramGb', 'diskGb', 'quantity', 'uFrom', 'uHeight'],
    columns: { ...site, kind: 'kind', 'тип': 'kind', model: 'model', 'модель': 'model', serial: 'serial', 'серийныйномер': 'serial', cpu: 'cpu', cores: 'cpuCores', cpucores: 'cpuCores', ram: 'ramGb', ramgb: 'ramGb', disks: 'disks', diskgb: 'diskGb', quantity: 'quantity', qty: 'quantity', rack: 'rack', u: 'uFrom', ufrom: 'uFrom', height: 'uHeight', uheight: 'uHeight', face: 'face', owner: 'owner', ownerinn: 'ownerInn', paidoffon: 'paidOffOn', project: 'project' },
    key: (o) => (o.serial ? String(o.serial) : null), create: createEquipment,
  },
  ports: {
    schema: PortCreateSchema, required: ['switch', 'name', 'speedMbps'], numbers: ['speedMbps'],
    columns: { switch: 'switch', switchserial: 'switch', name: 'name', port: 'name', speed: 'speedMbps', speedmbps: 'speedMbps' },
    key: (o) => `${String(o.equipmentId)}/${String(o.name)}`, create: createPort,
  },
  prefixes: {
    schema: PrefixCreateSchema, required: ['prefix'], numbers: [],
    columns: { ...site, prefix: 'prefix', 'префикс': 'prefix', pool: 'pool', description: 'description' },
    key: (o) => String(o.prefix), create: createPrefix,
  },
  'vps-hosts': {
    schema: VpsHostCreateSchema, required: ['site', 'name', 'vcpu', 'ramGb', 'diskGb'], numbers: ['vcpu', 'ramGb', 'diskGb', 'cpuOvercommit', 'ramOvercommit'],
    columns: { ...site, name: 'name', vcpu: 'vcpu', ram: 'ramGb', ramgb: 'ramGb', disk: 'diskGb', diskgb: 'diskGb', cpuovercommit: 'cpuOvercommit', ramovercommit: 'ramOvercommit' },
    key: (o) => `${String(o.siteId)}/${String(o.name)}`, create: createVpsHost,
  },
  uplinks: {
    schema: UplinkCreateSchema, required: ['site', 'name', 'capacityMbps'], numbers: ['capacityMbps'],
    columns: { ...site, name: 'name', capacity: 'capacityMbps', capacitymbps: 'capacityMbps' },
    key: (o) => `${String(o.siteId)}/${String(o.name)}`, create: createUplink,
  },
  coverage: {
    schema: CoverageCreateSchema, required: ['kind', 'status', 'technology'], numbers: [],
    columns: { ...site, kind: 'kind', address: 'address', 'адрес': 'address', geojson: 'geometry', geometry: 'geometry', status: 'status', expectedon: 'expectedOn', technology: 'technology' },
    create: createCoverage,
  },
};

const norm = (h: string) => h.trim().toLowerCase().replace(/[\s_-]/g, '');

/**
 * Imports one kind of inventory from CSV or XLSX, all or nothing: every line is checked first (shape and
 * references: site by code, rack by name at the site, switch by serial, owner by ИНН); any problem refuses
 * the file with line-numbered errors, and nothing is written.
 */
export async function importInventory(ctx: Ctx, kind: string, data: Buffer | string, fileName = ''): Promise<{ kind: ImportKind; created: number }> {
  requirePermission(ctx, 'inventory.manage');
  if (!(importKinds as readonly string[]).includes(kind)) throw new AppError('validation', 'e.inv.importKind', { kind, options: importKinds.join(', ') });
  const spec = specs[kind as ImportKind];
  const table = await readTable(data, fileName);
  const fields = table.header.map((h) => spec.columns[norm(h)] ?? null);
  for (const r of spec.required) if (!fields.includes(r)) throw new AppError('validation', 'e.importHeader', { column: r });

  const sites = new Map((await ctx.db.selectFrom('site').select(['id', 'code']).execute()).map((s) => [s.code.toUpperCase(), s.id]));
  const errors: FieldError[] = [];
  const inputs: { line: number; input: Record<string, unknown> }[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const o: Record<string, unknown> = {};
    const bad = (path: string, key: string, params?: Record<string, string | number>) => errors.push({ path: `line ${row.line}.${path}`, key, ...(params ? { params } : {}) });
    fields.forEach((f, i) => {
      const v = (row.cells[i] ?? '').trim();
      if (!f || v === '') return;
      o[f] = spec.numbers.includes(f) ? Number(v.replace(',', '.')) : v;
    });
    if (o.powerAKw !== undefined) { o.powerAW = Math.round(Number(String(o.powerAKw).replace(',', '.')) * 1000); delete o.powerAKw; }
    if (o.powerBKw !== undefined) { o.powerBW = Math.round(Number(String(o.powerBKw).replace(',', '.')) * 1000); delete o.powerBKw; }
    if (o.site !== undefined) {
      const id = sites.get(String(o.site).toUpperCase());
      if (!id) bad('site', 'e.inv.referenced', { entity: 'site', ref: String(o.site) });
      else o.siteId = id;
      delete o.site;
    }
    if (o.room !== undefined) {
      const room = o.siteId ? await ctx.db.selectFrom('inv_room').select('id').where('site_id', '=', String(o.siteId)).where('name', '=', String(o.room)).executeTakeFirst() : undefined;
      if (!room) bad('room', 'e.inv.referenced', { entity: 'room', ref: String(o.room) });
      else o.roomId = room.id;
      delete o.room;
    }
    if (o.rack !== undefined) {
      const rack = o.siteId ? await ctx.db.selectFrom('inv_rack').select('id').where('site_id', '=', String(o.siteId)).where('name', '=', String(o.rack)).executeTakeFirst() : undefined;
      if (!rack) bad('rack', 'e.inv.referenced', { entity: 'rack', ref: String(o.rack) });
      else o.rackId = rack.id;
      delete o.rack;
      delete o.siteId;
    }
    if (o.switch !== undefined) {
      const sw = await ctx.db.selectFrom('inv_equipment').select('id').where('serial', '=', String(o.switch)).executeTakeFirst();
      if (!sw) bad('switch', 'e.inv.referenced', { entity: 'switch', ref: String(o.switch) });
      else o.equipmentId = sw.id;
      delete o.switch;
    }
    if (o.ownerInn !== undefined) {
      const c = await ctx.db.selectFrom('company').select('id').where('inn', '=', String(o.ownerInn)).executeTakeFirst();
      if (!c) bad('ownerInn', 'e.inv.referenced', { entity: 'company', ref: String(o.ownerInn) });
      else o.ownerCompanyId = c.id;
      delete o.ownerInn;
    }
    if (typeof o.geometry === 'string') {
      try { o.geometry = JSON.parse(o.geometry); } catch { bad('geometry', 'v.inv.geojson'); }
    }
    try {
      parseInput(spec.schema, o);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      for (const fe of e.fieldErrors) errors.push({ ...fe, path: `line ${row.line}.${fe.path}` });
      continue;
    }
    const key = spec.key?.(o) ?? null;
    if (key !== null && seen.has(key)) bad('name', 'e.inv.duplicateInFile', { line: seen.get(key)! });
    else if (key !== null) seen.set(key, row.line);
    inputs.push({ line: row.line, input: o });
  }
  if (errors.length) throw new AppError('validation', 'e.importFailed', {}, errors);
  await inTransaction(ctx, async (tx) => {
    for (const { line, input } of inputs) {
      try { await spec.create(tx, input); } catch (e) {
        if (e instanceof AppError) throw new AppError(e.code, 'e.importFailed', {}, [{ path: `line ${line}`, key: e.key, params: e.params }, ...e.fieldErrors.map((f) => ({ ...f, path: `line ${line}.${f.path}` }))]);
        throw e;
      }
    }
  });
  return { kind: kind as ImportKind, created: inputs.length };
}
