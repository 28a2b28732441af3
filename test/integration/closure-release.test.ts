import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { closeService, downsizeService } from '../../src/app/billing/changes.ts';
import { assignResource, confirmRelease } from '../../src/app/inventory/allocations.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { ctxAs } from '../helpers/factories.ts';
import { aClient, accountingAt, anOwnEntity, aService } from '../billing/helpers.ts';
import { aStockedSite } from '../inventory/fixtures.ts';

describe(`closing a service releases its resources through the tech department (C13, ${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  it('closure opens one release task per assigned resource; only the tech department frees them', async () => {
    const accounting = await accountingAt(d.db);
    const tech = await ctxAs(d.db, 'tech');
    const stock = await aStockedSite(d.db, tech);
    const s = await aService(accounting, (await aClient(d.db)).id, (await anOwnEntity(d.db)).id, { monthlyPrice: 1_500_000 });
    const server = await assignResource(tech, { target: { resource: 'equipment', equipmentId: stock.server.id }, assignedKind: 'service', assignedRef: s.id });
    const port = await assignResource(tech, { target: { resource: 'port', portId: stock.port.id }, assignedKind: 'service', assignedRef: s.id });

    // Downsizing names no resources: nothing is released behind the tech department's back.
    await downsizeService(accounting, s.id, { date: '2028-03-01', monthlyPrice: 1_000_000, quantity: 1, reasonCode: 'price', retentionTried: [] });
    const stillAssigned = await d.db.selectFrom('inv_allocation').select('state').where('assigned_ref', '=', s.id).execute();
    expect(stillAssigned.map((r) => r.state)).toEqual(['assigned', 'assigned']);

    await closeService(accounting, s.id, { lastDay: '2028-03-31', reasonCode: 'moved_to_cloud', retentionTried: ['Скидка'] });
    const releasing = await d.db.selectFrom('inv_allocation').select(['id', 'state', 'release_reason']).where('assigned_ref', '=', s.id).orderBy('id').execute();
    expect(releasing.map((r) => r.state)).toEqual(['releasing', 'releasing']);
    expect(releasing[0]!.release_reason).toMatch(/.+/);

    await expect(confirmRelease(accounting, server.id)).rejects.toMatchObject({ code: 'forbidden' });
    await confirmRelease(tech, server.id);
    await confirmRelease(tech, port.id);
    const done = await d.db.selectFrom('inv_allocation').select('state').where('assigned_ref', '=', s.id).execute();
    expect(done.map((r) => r.state)).toEqual(['released', 'released']);
  });
});
