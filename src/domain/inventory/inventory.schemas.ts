import { z } from 'zod';
import { assignedKinds, faces, isCidr, isIp, isPolygonGeometry } from './inventory.ts';
import { isoDateSchema } from '../date-schema.ts';
import { instantInput, numberInput } from '../input-schemas.ts';

const id = z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(64, { error: 'v.tooLong' });
const name = z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(200, { error: 'v.tooLong' });
const optText = (max: number) => z.string().trim().max(max, { error: 'v.tooLong' }).nullish().transform((v) => v || null);
const posInt = (max: number) => numberInput(z.number({ error: 'v.invalid' }).int({ error: 'v.inv.int' }).min(1, { error: 'v.inv.positive' }).max(max, { error: 'v.inv.tooBig' }));
const nonNegInt = (max: number) => numberInput(z.number({ error: 'v.invalid' }).int({ error: 'v.inv.int' }).min(0, { error: 'v.inv.nonNegative' }).max(max, { error: 'v.inv.tooBig' }));
const date = isoDateSchema;

export const RoomCreateSchema = z.object({ siteId: id, name }).strict();

export const RackCreateSchema = z.object({
  siteId: id,
  roomId: id.nullish().transform((v) => v ?? null),
  name,
  units: posInt(60),
  powerAW: nonNegInt(100_000).default(0),
  powerBW: nonNegInt(100_000).default(0),
}).strict();

export const equipmentKinds = ['server', 'switch', 'router', 'pdu', 'part', 'other'] as const;
export const owners = ['us', 'client', 'supplier'] as const;
export const EquipmentCreateSchema = z.object({
  kind: z.enum(equipmentKinds, { error: 'v.enum' }),
  model: name,
  serial: optText(100),
  cpu: optText(200),
  cpuCores: posInt(4096).nullish().transform((v) => v ?? null),
  ramGb: posInt(1_000_000).nullish().transform((v) => v ?? null),
  disks: optText(500),
  diskGb: nonNegInt(100_000_000).nullish().transform((v) => v ?? null),
  quantity: nonNegInt(1_000_000).default(1),
  siteId: id.nullish().transform((v) => v ?? null),
  rackId: id.nullish().transform((v) => v ?? null),
  uFrom: posInt(60).nullish().transform((v) => v ?? null),
  uHeight: posInt(60).nullish().transform((v) => v ?? null),
  face: z.enum(faces, { error: 'v.enum' }).default('both'),
  owner: z.enum(owners, { error: 'v.enum' }).default('us'),
  ownerCompanyId: id.nullish().transform((v) => v ?? null),
  paidOffOn: date.nullish().transform((v) => v ?? null),
  project: optText(200),
}).strict().superRefine((e, c) => {
  if (e.owner !== 'us' && !e.ownerCompanyId) c.addIssue({ code: 'custom', path: ['ownerCompanyId'], message: 'v.inv.ownerCompany' });
  if (e.rackId && (e.uFrom === null || e.uHeight === null)) c.addIssue({ code: 'custom', path: ['uFrom'], message: 'v.inv.position' });
  if (!e.rackId && (e.uFrom !== null)) c.addIssue({ code: 'custom', path: ['rackId'], message: 'v.inv.position' });
  if (e.kind === 'part' && e.rackId) c.addIssue({ code: 'custom', path: ['rackId'], message: 'v.inv.partInRack' });
  if (e.kind !== 'part' && e.quantity !== 1) c.addIssue({ code: 'custom', path: ['quantity'], message: 'v.inv.quantityOne' });
});

export const PortCreateSchema = z.object({ equipmentId: id, name, speedMbps: posInt(1_000_000) }).strict();

export const PrefixCreateSchema = z.object({
  siteId: id.nullish().transform((v) => v ?? null),
  prefix: z.string({ error: 'v.required' }).trim().refine(isCidr, { error: 'v.inv.cidr' }),
  pool: z.string().trim().min(1, { error: 'v.required' }).max(50, { error: 'v.tooLong' }).default('default'),
  description: optText(500),
}).strict();

export const VpsHostCreateSchema = z.object({
  siteId: id,
  equipmentId: id.nullish().transform((v) => v ?? null),
  name,
  vcpu: posInt(100_000),
  ramGb: posInt(10_000_000),
  diskGb: posInt(100_000_000),
  cpuOvercommit: numberInput(z.number({ error: 'v.invalid' }).min(1, { error: 'v.inv.overcommit' }).max(20, { error: 'v.inv.overcommit' })).default(1),
  ramOvercommit: numberInput(z.number({ error: 'v.invalid' }).min(1, { error: 'v.inv.overcommit' }).max(4, { error: 'v.inv.overcommit' })).default(1),
}).strict();

export const UplinkCreateSchema = z.object({ siteId: id, name, capacityMbps: posInt(100_000_000) }).strict();

export const coverageStatuses = ['current', 'planned'] as const;
export const technologies = ['fiber', 'radio', 'copper', 'other'] as const;
export const CoverageCreateSchema = z.object({
  kind: z.enum(['building', 'zone'], { error: 'v.enum' }),
  address: optText(500),
  geometry: z.unknown().optional(),
  status: z.enum(coverageStatuses, { error: 'v.enum' }),
  expectedOn: date.nullish().transform((v) => v ?? null),
  technology: z.enum(technologies, { error: 'v.enum' }),
  siteId: id.nullish().transform((v) => v ?? null),
}).strict().superRefine((c, ctx) => {
  if (c.kind === 'building' && !c.address) ctx.addIssue({ code: 'custom', path: ['address'], message: 'v.required' });
  if (c.kind === 'zone' && !isPolygonGeometry(c.geometry)) ctx.addIssue({ code: 'custom', path: ['geometry'], message: 'v.inv.geojson' });
  if (c.status === 'planned' && !c.expectedOn) ctx.addIssue({ code: 'custom', path: ['expectedOn'], message: 'v.inv.expectedOn' });
  if (c.status === 'current' && c.expectedOn) ctx.addIssue({ code: 'custom', path: ['expectedOn'], message: 'v.inv.expectedOnCurrent' });
});

/** What to allocate: exactly one resource, addressed by its own fields. */
export const ResourceRefSchema = z.discriminatedUnion('resource', [
  z.object({ resource: z.literal('rack_units'), rackId: id, uFrom: posInt(60), uHeight: posInt(60), face: z.enum(faces).default('both'), powerAW: nonNegInt(100_000).default(0), powerBW: nonNegInt(100_000).default(0) }).strict(),
  z.object({ resource: z.literal('equipment'), equipmentId: id }).strict(),
  z.object({ resource: z.literal('port'), portId: id }).strict(),
  z.object({ resource: z.literal('ip'), prefixId: id, address: z.string().trim().refine((s) => isIp(s) || isCidr(s), { error: 'v.inv.ip' }) }).strict(),
  z.object({ resource: z.literal('vps'), vpsHostId: id, vcpu: posInt(1024), ramGb: posInt(100_000), diskGb: posInt(1_000_000) }).strict(),
  z.object({ resource: z.literal('uplink'), uplinkId: id, mbps: posInt(100_000_000) }).strict(),
], { error: 'v.inv.resource' });
export type ResourceRef = z.infer<typeof ResourceRefSchema>;

export const HoldSchema = z.object({
  target: ResourceRefSchema,
  companyId: id,
  heldUntil: instantInput().optional(),
  answerId: id.optional(),
  note: optText(500),
}).strict();

export const AssignSchema = z.object({
  target: ResourceRefSchema,
  assignedKind: z.enum(assignedKinds, { error: 'v.enum' }),
  assignedRef: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(200, { error: 'v.tooLong' }),
  note: optText(500),
}).strict();

export const AssignHeldSchema = z.object({
  assignedKind: z.enum(assignedKinds, { error: 'v.enum' }),
  assignedRef: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(200, { error: 'v.tooLong' }),
}).strict();

export const NextIpSchema = z.object({
  prefix: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }),
  length: numberInput(z.number().int().min(0).max(128)).optional(),
  mode: z.enum(['hold', 'assign']).default('assign'),
  companyId: id.optional(),
  assignedKind: z.enum(assignedKinds).optional(),
  assignedRef: z.string().trim().max(200).optional(),
}).strict();

export const CapacityQuerySchema = z.object({
  siteId: id.optional(),
  address: z.string().trim().max(500).optional(),
  lon: numberInput(z.number().min(-180).max(180)).optional(),
  lat: numberInput(z.number().min(-90).max(90)).optional(),
  minCores: numberInput(z.number().int().min(0)).optional(),
  minRamGb: numberInput(z.number().int().min(0)).optional(),
  units: numberInput(z.number().int().min(1).max(60)).optional(),
  powerW: numberInput(z.number().int().min(0)).optional(),
  portSpeedMbps: numberInput(z.number().int().min(1)).optional(),
  ipv4: numberInput(z.number().int().min(0)).optional(),
  vcpu: numberInput(z.number().int().min(0)).optional(),
  ramGb: numberInput(z.number().int().min(0)).optional(),
  diskGb: numberInput(z.number().int().min(0)).optional(),
  limit: numberInput(z.number().int().min(1).max(200)).default(20),
}).strict();
export type CapacityQuery = z.infer<typeof CapacityQuerySchema>;

export const SettingsSchema = z.object({
  ipCooldownDays: nonNegInt(365).optional(),
  holdDays: posInt(180).optional(),
}).strict();

/** Edits by hand: omitted fields keep their value. Whatever is allocated stays allocated (inventory-edits.ts). */
export const RoomUpdateSchema = z.object({ name }).strict();

export const RackUpdateSchema = z.object({
  siteId: id.optional(),
  roomId: id.nullish(),
  name: name.optional(),
  units: posInt(60).optional(),
  powerAW: nonNegInt(100_000).optional(),
  powerBW: nonNegInt(100_000).optional(),
}).strict();

export const PrefixUpdateSchema = z.object({
  siteId: id.nullish(),
  prefix: z.string({ error: 'v.required' }).trim().refine(isCidr, { error: 'v.inv.cidr' }).optional(),
  pool: z.string().trim().min(1, { error: 'v.required' }).max(50, { error: 'v.tooLong' }).optional(),
  description: optText(500).optional(),
}).strict();

export const VpsHostUpdateSchema = z.object({
  siteId: id.optional(),
  equipmentId: id.nullish(),
  name: name.optional(),
  vcpu: posInt(100_000).optional(),
  ramGb: posInt(10_000_000).optional(),
  diskGb: posInt(100_000_000).optional(),
  cpuOvercommit: numberInput(z.number({ error: 'v.invalid' }).min(1, { error: 'v.inv.overcommit' }).max(20, { error: 'v.inv.overcommit' })).optional(),
  ramOvercommit: numberInput(z.number({ error: 'v.invalid' }).min(1, { error: 'v.inv.overcommit' }).max(4, { error: 'v.inv.overcommit' })).optional(),
}).strict();

export const UplinkUpdateSchema = z.object({ siteId: id.optional(), name: name.optional(), capacityMbps: posInt(100_000_000).optional() }).strict();

/** Release an assigned resource now (tech's own decision from the prefix page or the rack picture). */
export const ReleaseNowSchema = z.object({ reason: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(500, { error: 'v.tooLong' }) }).strict();

/** Hold the next free addresses (or /length sub-prefixes) of a prefix, e.g. from a feasibility answer. */
export const IpHoldSchema = z.object({
  prefixId: id,
  count: posInt(256).default(1),
  length: numberInput(z.number({ error: 'v.invalid' }).int({ error: 'v.inv.int' }).min(0, { error: 'v.invalid' }).max(128, { error: 'v.invalid' })).optional(),
}).strict();
