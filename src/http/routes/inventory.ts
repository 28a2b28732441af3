import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assignHeld, assignResource, cancelHold, confirmRelease, holdResource, listAllocations, nextIp, releaseNow, startRelease, stuckReleases,
} from '../../app/inventory/allocations.ts';
import { capacityQuery, prefixUtilization } from '../../app/inventory/capacity.ts';
import { capacityForecast } from '../../app/inventory/forecast.ts';
import { importInventory } from '../../app/inventory/import-inventory.ts';
import {
  createCoverage, createEquipment, createPort, createPrefix, createRack, createRoom, createUplink, createVpsHost,
  getSettings, pageEquipmentRegister, listInventory, rackElevation, updateSettings,
} from '../../app/inventory/resources.ts';
import { prefixDetail, updatePrefix, updateRack, updateRoom, updateUplink, updateVpsHost } from '../../app/inventory/resource-edit.ts';
import {
  answerFeasibilityRequest, cancelFeasibilityRequest, createFeasibilityRequest, getFeasibilityRequest, pageFeasibilityRequests,
} from '../../app/feasibility/requests.ts';
import { FeasibilityAnswerSchema, FeasibilityRequestSchema } from '../../domain/feasibility/feasibility.schemas.ts';
import { assignedKinds } from '../../domain/inventory/inventory.ts';
import { booleanInput } from '../../domain/input-schemas.ts';
import { listQuery } from '../../domain/lists/list-query.ts';
import {
  AssignHeldSchema, AssignSchema, CapacityQuerySchema, CoverageCreateSchema, EquipmentCreateSchema, HoldSchema, NextIpSchema,
  PortCreateSchema, PrefixCreateSchema, PrefixUpdateSchema, RackCreateSchema, RackUpdateSchema, ReleaseNowSchema, RoomCreateSchema, RoomUpdateSchema,
  SettingsSchema, UplinkCreateSchema, UplinkUpdateSchema, VpsHostCreateSchema, VpsHostUpdateSchema,
} from '../../domain/inventory/inventory.schemas.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';
import * as R from '../responses/inventory.ts';
import { FeasibilityRequest } from '../responses/sales.ts';

const idParams = z.object({ id: z.string().max(64) });
const siteQuery = z.object({ siteId: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(5000).optional() });
const ReleaseSchema = z.object({ assignedKind: z.enum(assignedKinds), assignedRef: z.string().trim().min(1).max(200), reason: z.string().trim().min(1).max(500) }).strict();

export const inventoryRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: FastifyRequest) => ctxOf(req, deps);

  const collections = [
    ['rooms', 'rooms', RoomCreateSchema, createRoom, R.Room],
    ['racks', 'racks', RackCreateSchema, createRack, R.Rack],
    ['equipment', 'equipment', EquipmentCreateSchema, createEquipment, R.Equipment],
    ['ports', 'ports', PortCreateSchema, createPort, R.Port],
    ['ip-prefixes', 'prefixes', PrefixCreateSchema, createPrefix, R.Prefix],
    ['vps-hosts', 'vps-hosts', VpsHostCreateSchema, createVpsHost, R.VpsHost],
    ['uplinks', 'uplinks', UplinkCreateSchema, createUplink, R.Uplink],
    ['coverage', 'coverage', CoverageCreateSchema, createCoverage, R.Coverage],
  ] as const;
  for (const [path, kind, schema, create, row] of collections) {
    app.get(`/${path}`, { schema: { response: { 200: R.items(row) }, tags: ['inventory'], summary: `List ${path} (optionally of one site)`, querystring: siteQuery } },
      async (req) => { const q = req.query; return { items: await listInventory(ctx(req), kind, q.siteId, q.limit) }; });
    app.post(`/${path}`, { schema: { response: { 201: row }, tags: ['inventory'], summary: `Add to ${path}`, body: schema } },
      async (req, reply) => reply.code(201).send(await create(ctx(req), req.body)));
  }

  const edits = [
    ['rooms', RoomUpdateSchema, updateRoom, R.Room, 'Rename a room'],
    ['racks', RackUpdateSchema, updateRack, R.Rack, 'Edit a rack: name, room, height, power per feed (never below what is allocated in it)'],
    ['ip-prefixes', PrefixUpdateSchema, updatePrefix, R.Prefix, 'Edit a prefix: CIDR (must still hold every active address), site, pool, description'],
    ['vps-hosts', VpsHostUpdateSchema, updateVpsHost, R.VpsHost, 'Edit a VPS host: capacity and overcommit (never below its VPS)'],
    ['uplinks', UplinkUpdateSchema, updateUplink, R.Uplink, 'Edit an uplink: capacity (never below the bandwidth given out)'],
  ] as const;
  for (const [path, schema, update, row, summary] of edits) {
    app.patch(`/${path}/:id`, { schema: { response: { 200: row }, tags: ['inventory'], summary, params: idParams, body: schema } },
      async (req) => update(ctx(req), req.params.id, req.body));
  }
  app.get('/ip-prefixes/:id', {
    schema: { response: { 200: R.getIpPrefixesId }, tags: ['inventory'], summary: 'A prefix with its addresses, counts (network and broadcast excluded), next free address and next free /length block', params: idParams, querystring: z.object({ length: z.coerce.number().int().min(0).max(128).optional() }) },
  }, async (req) => prefixDetail(ctx(req), req.params.id, req.query.length));
  app.post('/allocations/:id/release', { schema: { response: { 200: R.Allocation }, tags: ['allocations'], summary: 'Release an assigned resource now (addresses cool down first)', params: idParams, body: ReleaseNowSchema } },
    async (req) => releaseNow(ctx(req), req.params.id, req.body));

  app.get('/racks/:id/elevation', { schema: { response: { 200: R.getRacksIdElevation }, tags: ['inventory'], summary: 'Rack elevation: devices, holds, assignments, power use', params: idParams } },
    async (req) => rackElevation(ctx(req), req.params.id));
  app.get('/equipment-register', { schema: { response: { 200: R.getEquipmentRegister }, tags: ['inventory'], summary: 'Equipment register: owner, location, assignment; q (model, serial, owner, project), filters, sort (kind, model, serial, location, owner, createdAt; -desc), limit/offset',
    querystring: listQuery({ siteId: z.string().max(64).optional(), owner: z.enum(['us', 'client', 'supplier']).optional(), kind: z.string().max(20).optional() }) } },
  async (req) => pageEquipmentRegister(ctx(req), req.query));
  app.post('/inventory/import/:kind', {
    schema: { response: { 200: R.postInventoryImportKind }, tags: ['inventory'], summary: 'Import racks, equipment, ports, prefixes, vps-hosts, uplinks or coverage from CSV (text/csv) or XLSX (octet-stream); all or nothing', params: z.object({ kind: z.string().max(40) }), querystring: z.object({ fileName: z.string().max(200).optional() }) },
  }, async (req) => {
    const body = req.body;
    const data = Buffer.isBuffer(body) ? body : String(body ?? '');
    return importInventory(ctx(req), req.params.kind, data, req.query.fileName ?? '');
  });
  app.get('/inventory/settings', { schema: { response: { 200: R.Settings }, tags: ['inventory'], summary: 'IP cooldown days and default hold length' } }, async (req) => getSettings(ctx(req)));
  app.patch('/inventory/settings', { schema: { response: { 200: R.Settings }, tags: ['inventory'], summary: 'Change IP cooldown days or default hold length', body: SettingsSchema } }, async (req) => updateSettings(ctx(req), req.body));

  app.get('/allocations', {
    schema: { response: { 200: R.items(R.Allocation) }, tags: ['allocations'], summary: 'Allocations by state, resource, site, rack, assignment or held company', querystring: z.object({
      state: z.string().max(20).optional(), resource: z.string().max(20).optional(), siteId: z.string().max(64).optional(), rackId: z.string().max(64).optional(),
      assignedKind: z.string().max(20).optional(), assignedRef: z.string().max(200).optional(), holdCompanyId: z.string().max(64).optional(),
      active: booleanInput().optional(), limit: z.coerce.number().int().min(1).max(5000).optional(),
    }) },
  }, async (req) => ({ items: await listAllocations(ctx(req), req.query) }));
  app.post('/allocations/holds', { schema: { response: { 201: R.Allocation }, tags: ['allocations'], summary: 'Hold a free resource for a client until a date', body: HoldSchema } },
    async (req, reply) => reply.code(201).send(await holdResource(ctx(req), req.body)));
  app.post('/allocations', { schema: { response: { 201: R.Allocation }, tags: ['allocations'], summary: 'Assign a free resource to a service, client or project', body: AssignSchema } },
    async (req, reply) => reply.code(201).send(await assignResource(ctx(req), req.body)));
  app.post('/allocations/:id/assign', { schema: { response: { 200: R.Allocation }, tags: ['allocations'], summary: 'Turn a hold into an assignment', params: idParams, body: AssignHeldSchema } },
    async (req) => assignHeld(ctx(req), req.params.id, req.body));
  app.post('/allocations/:id/cancel', { schema: { response: { 200: R.Allocation }, tags: ['allocations'], summary: 'Drop a hold', params: idParams } }, async (req) => cancelHold(ctx(req), req.params.id));
  app.post('/allocations/:id/confirm-release', { schema: { response: { 200: R.Allocation }, tags: ['allocations'], summary: 'Tech confirms a release (IPs then cool down)', params: idParams } },
    async (req) => confirmRelease(ctx(req), req.params.id));
  app.post('/releases', { schema: { response: { 200: R.items(R.Allocation) }, tags: ['allocations'], summary: 'Open release tasks for everything assigned to a service, client or project', body: ReleaseSchema } },
    async (req) => ({ items: await startRelease(ctx(req), req.body) }));
  app.get('/releases/stuck', { schema: { response: { 200: R.items(R.Allocation) }, tags: ['allocations'], summary: 'Release tasks waiting longer than N days', querystring: z.object({ days: z.coerce.number().int().min(0).max(3650).default(3) }) } },
    async (req) => ({ items: await stuckReleases(ctx(req), req.query.days) }));
  app.post('/ip/next', { schema: { response: { 201: R.Allocation }, tags: ['allocations'], summary: 'Allocate the next free address (or /length sub-prefix) of a prefix, atomically', body: NextIpSchema } },
    async (req, reply) => reply.code(201).send(await nextIp(ctx(req), req.body)));
  app.get('/ip-prefixes/utilization', { schema: { response: { 200: R.getIpPrefixesUtilization }, tags: ['inventory'], summary: 'IP prefix utilization', querystring: siteQuery } },
    async (req) => ({ items: await prefixUtilization(ctx(req), req.query.siteId) }));

  app.get('/capacity', { schema: { response: { 200: R.getCapacity }, tags: ['capacity'], summary: 'What can we offer at a site/address with these parameters', querystring: CapacityQuerySchema } },
    async (req) => capacityQuery(ctx(req), req.query));
  app.get('/capacity/forecast', { schema: { response: { 200: R.getCapacityForecast }, tags: ['capacity'], summary: 'Weighted demand (probability × quantity) against free capacity per site and resource' } },
    async (req) => capacityForecast(ctx(req)));

  app.get('/feasibility-requests', {
    schema: { response: { 200: R.getFeasibilityRequests }, tags: ['feasibility'], summary: 'Tech queue (open first, by priority) or my requests (mine=true): q (client, address, comment), filters, sort (queue, createdAt, company, desiredOn, priority, status, kind; -desc), limit/offset',
      querystring: listQuery({ status: z.enum(['open', 'answered', 'cancelled', 'closed', 'all']).optional(), mine: z.enum(['true', 'false']).optional(), companyId: z.string().max(64).optional(), dealId: z.string().max(64).optional() }) },
  }, async (req) => pageFeasibilityRequests(ctx(req), { ...req.query, mine: req.query.mine === 'true' }));
  app.post('/feasibility-requests', { schema: { response: { 201: FeasibilityRequest }, tags: ['feasibility'], summary: 'Ask the tech department: can we give client X this, there, by then?', body: FeasibilityRequestSchema } },
    async (req, reply) => reply.code(201).send(await createFeasibilityRequest(ctx(req), req.body)));
  app.get('/feasibility-requests/:id', { schema: { response: { 200: R.FeasibilityRequestDetail }, tags: ['feasibility'], summary: 'A request with its answers and holds', params: idParams } },
    async (req) => getFeasibilityRequest(ctx(req), req.params.id));
  app.post('/feasibility-requests/:id/answers', { schema: { response: { 201: R.FeasibilityRequestDetail }, tags: ['feasibility'], summary: 'Answer: feasible / conditional / not feasible, limits, lead time, validity, holds', params: idParams, body: FeasibilityAnswerSchema } },
    async (req, reply) => reply.code(201).send(await answerFeasibilityRequest(ctx(req), req.params.id, req.body)));
  app.post('/feasibility-requests/:id/cancel', { schema: { response: { 200: FeasibilityRequest }, tags: ['feasibility'], summary: 'Withdraw a request', params: idParams } },
    async (req) => cancelFeasibilityRequest(ctx(req), req.params.id));
};
