import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import type { Ctx } from '../../src/app/context.ts';
import { capacityQuery } from '../../src/app/inventory/capacity.ts';
import { assignResource, holdResource } from '../../src/app/inventory/allocations.ts';
import { createCoverage } from '../../src/app/inventory/resources.ts';
import { importInventory } from '../../src/app/inventory/import-inventory.ts';
import { AppError } from '../../src/domain/errors.ts';
import { dateInZone } from '../../src/domain/dates.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aCompany, ctxAs, legalEntity } from '../helpers/factories.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import { aSite, aStockedSite } from './fixtures.ts';

describe(`inventory import, capacity query and REST API (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  let tech: Ctx;
  beforeAll(async () => { d = await testDb(); app = await testServer(d); tech = await ctxAs(d.db, 'tech'); });
  afterAll(async () => { await app.close(); });

  it('CSV import is all or nothing with line-numbered errors', async () => {
    const site = await aSite(d.db);
    const bad = ['site;name;units;powerAkW;powerBkW', `${site.code};A01;42;5;5`, `${site.code};A02;99;5;5`, `NOPE;A03;42;5;5`, `${site.code};A01;42;5;5`].join('\n');
    const e = await importInventory(tech, 'racks', bad).catch((x: AppError) => x);
    expect(e).toBeInstanceOf(AppError);
    const paths = (e as AppError).fieldErrors.map((f) => `${f.path}:${f.key}`);
    expect(paths).toEqual(expect.arrayContaining(['line 3.units:v.inv.tooBig', 'line 4.site:e.inv.referenced', 'line 5.name:e.inv.duplicateInFile']));
    expect(await d.db.selectFrom('inv_rack').select('id').where('site_id', '=', site.id).execute()).toEqual([]);
    const good = ['site;name;units;powerAkW;powerBkW', `${site.code};A01;42;5;5`, `${site.code};A02;47;7,5;7,5`].join('\n');
    expect(await importInventory(tech, 'racks', good)).toEqual({ kind: 'racks', created: 2 });
    const racks = await d.db.selectFrom('inv_rack').selectAll().where('site_id', '=', site.id).orderBy('name').execute();
    expect(racks.map((r) => [r.name, r.units, r.power_a_w])).toEqual([['A01', 42, 5000], ['A02', 47, 7500]]);
    // Servers into those racks; a clash of units in the file rolls everything back.
    const sn = `S${Date.now()}`;
    const clash = ['kind;model;serial;cores;ram;site;rack;u;height', `server;R640;${sn}a;16;64;${site.code};A01;1;1`, `server;R640;${sn}b;16;64;${site.code};A01;1;2`].join('\n');
    const e2 = await importInventory(tech, 'equipment', clash).catch((x: AppError) => x);
    expect((e2 as AppError).fieldErrors[0]).toMatchObject({ path: 'line 3', key: 'e.inv.taken' });
    expect(await d.db.selectFrom('inv_equipment').select('id').where('serial', 'like', `${sn}%`).execute()).toEqual([]);
    await expect(importInventory(tech, 'spaceships', good)).rejects.toMatchObject({ key: 'e.inv.importKind' });
  });

  it('capacity query: free servers by CPU/RAM, contiguous units with power, ports, IPv4, VPS room, coverage by address and by zone', async () => {
    const s = await aStockedSite(d.db, tech);
    const co = await aCompany(await ctxAs(d.db, 'manager'));
    let r = await capacityQuery(tech, { siteId: s.site.id, minCores: 8, minRamGb: 32, units: 4, powerW: 1000, portSpeedMbps: 1000, vcpu: 8, ramGb: 16 });
    expect(r.servers.free).toBe(1);
    expect(r.racks[0]).toMatchObject({ rackId: s.rack.id, uFrom: 1, uHeight: 4 });
    expect(r.ports.free).toBe(1);
    expect(r.ipv4.free).toBe(14); // a /28 less its network and broadcast addresses
    expect(r.vpsHosts).toHaveLength(1);
    // Too big a server, held server, busy rack units, taken port.
    expect((await capacityQuery(tech, { siteId: s.site.id, minCores: 32 })).servers.free).toBe(0);
    await holdResource(tech, { target: { resource: 'equipment', equipmentId: s.server.id }, companyId: co.id });
    await assignResource(tech, { target: { resource: 'rack_units', rackId: s.rack.id, uFrom: 3, uHeight: 1, powerAW: 4500, powerBW: 0 }, assignedKind: 'client', assignedRef: co.id });
    await assignResource(tech, { target: { resource: 'port', portId: s.port.id }, assignedKind: 'client', assignedRef: co.id });
    r = await capacityQuery(tech, { siteId: s.site.id, units: 4, powerW: 400 });
    expect(r.servers.free).toBe(0);
    expect(r.racks[0]!.uFrom).toBe(4);
    expect(r.ports.free).toBe(0);
    expect((await capacityQuery(tech, { siteId: s.site.id, units: 4, powerW: 600 })).racks).toEqual([]);
    // Coverage by building address (loosely) and by zone polygon; planned coverage shows its date.
    const addr = `Москва, ул. Тестовая, д. ${Date.now()}`;
    await createCoverage(tech, { kind: 'building', address: addr, status: 'current', technology: 'fiber', siteId: s.site.id });
    const byAddr = await capacityQuery(tech, { address: addr.toUpperCase().replace(/,/g, '') });
    expect(byAddr.siteId).toBe(s.site.id);
    expect(byAddr.coverage[0]).toMatchObject({ status: 'current', technology: 'fiber' });
    const lon = 30 + (Date.now() % 1000) / 10_000;
    await createCoverage(tech, { kind: 'zone', geometry: { type: 'Polygon', coordinates: [[[lon, 50], [lon + 0.01, 50], [lon + 0.01, 50.01], [lon, 50.01], [lon, 50]]] }, status: 'planned', expectedOn: '2027-06-01', technology: 'radio', siteId: s.site.id });
    const inZone = await capacityQuery(tech, { lon: lon + 0.005, lat: 50.005 });
    expect(inZone.coverage[0]).toMatchObject({ status: 'planned', expectedOn: '2027-06-01', technology: 'radio' });
    expect((await capacityQuery(tech, { lon: lon + 0.02, lat: 50.005 })).coverage).toEqual([]);
    await expect(createCoverage(tech, { kind: 'zone', geometry: { type: 'Point', coordinates: [1, 2] }, status: 'current', technology: 'radio' })).rejects.toMatchObject({ code: 'validation' });
    await expect(createCoverage(tech, { kind: 'building', address: 'x', status: 'planned', technology: 'fiber' })).rejects.toMatchObject({ code: 'validation' });
  });

  it('REST: manager asks, tech answers with a hold, manager sees it; errors are problem+json 4xx', async () => {
    const tech2 = await loginAs(app, d, 'tech');
    const mgr = await loginAs(app, d, 'manager');
    const s = await aStockedSite(d.db, tech);
    const co = (await app.inject({ method: 'POST', url: '/api/v1/companies', headers: mgr.headers, payload: legalEntity() })).json() as { id: string };
    const created = await app.inject({ method: 'POST', url: '/api/v1/feasibility-requests', headers: mgr.headers, payload: { companyId: co.id, siteId: s.site.id, serviceKind: 'colocation', params: { units: 2, kw: 0.5 }, quantity: 1 } });
    expect(created.statusCode).toBe(201);
    const reqId = (created.json() as { id: string }).id;
    const validUntil = dateInZone(new Date(Date.now() + 7 * 86_400_000), 'Europe/Moscow');
    const ans = await app.inject({ method: 'POST', url: `/api/v1/feasibility-requests/${reqId}/answers`, headers: tech2.headers, payload: {
      outcome: 'feasible', leadDays: 2, validUntil, holds: [{ resource: 'rack_units', rackId: s.rack.id, uFrom: 1, uHeight: 2, powerAW: 250, powerBW: 250 }],
    } });
    expect(ans.statusCode).toBe(201);
    const mine = (await app.inject({ method: 'GET', url: '/api/v1/feasibility-requests?mine=true', headers: mgr.headers })).json() as { items: { id: string; answer: { outcome: string } | null }[] };
    expect(mine.items.find((i) => i.id === reqId)!.answer!.outcome).toBe('feasible');
    const el = (await app.inject({ method: 'GET', url: `/api/v1/racks/${s.rack.id}/elevation`, headers: mgr.headers })).json() as { items: { state: string; uFrom: number }[] };
    expect(el.items.find((i) => i.uFrom === 1)!.state).toBe('held');
    // Manager may not answer, hold or confirm.
    expect((await app.inject({ method: 'POST', url: `/api/v1/feasibility-requests/${reqId}/answers`, headers: mgr.headers, payload: { outcome: 'feasible', leadDays: 1, validUntil } })).statusCode).toBe(403);
    // Taken units → 409; bad input → 400 with paths; unknown resource kind → 400.
    const taken = await app.inject({ method: 'POST', url: '/api/v1/allocations', headers: tech2.headers, payload: { target: { resource: 'rack_units', rackId: s.rack.id, uFrom: 2, uHeight: 1 }, assignedKind: 'client', assignedRef: co.id } });
    expect(taken.statusCode).toBe(409);
    expect(taken.headers['content-type']).toContain('application/problem+json');
    const bad = await app.inject({ method: 'POST', url: '/api/v1/allocations', headers: tech2.headers, payload: { target: { resource: 'rack_units', rackId: s.rack.id, uFrom: 0, uHeight: 1 }, assignedKind: 'x', assignedRef: '' } });
    expect(bad.statusCode).toBe(400);
    const junk = await app.inject({ method: 'POST', url: '/api/v1/allocations', headers: tech2.headers, payload: { target: { resource: 'unicorn' }, assignedKind: 'client', assignedRef: 'x' } });
    expect(junk.statusCode).toBe(400);
    const badPrefix = await app.inject({ method: 'POST', url: '/api/v1/ip-prefixes', headers: tech2.headers, payload: { prefix: '10.0.0.1/24' } });
    expect(badPrefix.statusCode).toBe(400);
    const ip = await app.inject({ method: 'POST', url: '/api/v1/ip/next', headers: tech2.headers, payload: { prefix: s.prefix.prefix, assignedKind: 'client', assignedRef: co.id } });
    expect(ip.statusCode).toBe(201);
    const util = (await app.inject({ method: 'GET', url: `/api/v1/ip-prefixes/utilization?siteId=${s.site.id}`, headers: mgr.headers })).json() as { items: { used: string; size: string }[] };
    // One address given out, plus the network and broadcast addresses that are never free.
    expect(util.items[0]).toMatchObject({ used: '3', size: '16' });
    const cap = await app.inject({ method: 'GET', url: `/api/v1/capacity?siteId=${s.site.id}&units=2`, headers: mgr.headers });
    expect(cap.statusCode).toBe(200);
    const fc = await app.inject({ method: 'GET', url: '/api/v1/capacity/forecast', headers: mgr.headers });
    expect(fc.statusCode).toBe(200);
    const csv = await app.inject({ method: 'POST', url: '/api/v1/inventory/import/uplinks', headers: { ...tech2.headers, 'content-type': 'text/csv' }, payload: `site;name;capacity\n${s.site.code};RETN;10000\n` });
    expect(csv.json()).toEqual({ kind: 'uplinks', created: 1 });
    const spec = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/capacity', '/api/v1/feasibility-requests', '/api/v1/ip/next', '/api/v1/racks/{id}/elevation']));
  });
});
