import { describe, expect, it } from 'vitest';
import { connectPglite } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';
import { makeCtx, systemActor } from '../../src/app/context.ts';
import { exportData, importData } from '../../src/app/system/dump.ts';
import { assignResource, confirmRelease, holdResource, nextIp, startRelease } from '../../src/app/inventory/allocations.ts';
import { prefixUtilization } from '../../src/app/inventory/capacity.ts';
import { updateSettings } from '../../src/app/inventory/resources.ts';
import { engineName, freshDatabase } from '../helpers/db.ts';
import { aCompany } from '../helpers/factories.ts';
import { aStockedSite } from './fixtures.ts';

describe(`inventory survives a logical dump (${engineName})`, () => {
  it('allocations in every state, prefix usage and settings come back identical, and the rules hold afterwards', async () => {
    const source = await connectPglite();
    await migrate(source);
    const target = await freshDatabase();
    try {
      const ctx = makeCtx(source.db, systemActor);
      const s = await aStockedSite(source.db, ctx);
      const co = await aCompany(ctx);
      await updateSettings(ctx, { ipCooldownDays: 7 });
      await holdResource(ctx, { target: { resource: 'equipment', equipmentId: s.server.id }, companyId: co.id });
      const ip = await nextIp(ctx, { prefix: s.prefix.id, assignedKind: 'service', assignedRef: 'svc-1' });
      await nextIp(ctx, { prefix: s.prefix.id, assignedKind: 'service', assignedRef: 'svc-2' });
      await assignResource(ctx, { target: { resource: 'port', portId: s.port.id }, assignedKind: 'service', assignedRef: 'svc-1' });
      await startRelease(ctx, { assignedKind: 'service', assignedRef: 'svc-1', reason: 'closed' });
      await confirmRelease(ctx, ip.id);
      const lines: string[] = [];
      await exportData(ctx, 'pglite', (l) => { lines.push(l); });
      const counts = await importData(makeCtx(target.db, systemActor), lines);
      expect(counts.inv_allocation).toBe(5);
      const tctx = makeCtx(target.db, systemActor);
      const states = async (db: typeof source.db) => (await db.selectFrom('inv_allocation').select(['id', 'state', 'units', 'net']).orderBy('id').execute());
      expect(await states(target.db)).toEqual(await states(source.db));
      expect(await prefixUtilization(tctx)).toEqual(await prefixUtilization(ctx));
      expect((await prefixUtilization(tctx))[0]!.used).toBe('4'); // two allocations, the network and the broadcast address
      expect(await target.db.selectFrom('inv_settings').select('ip_cooldown_days').executeTakeFirst()).toEqual({ ip_cooldown_days: 7 });
      // Outside a restore the guard is back: the held server cannot be taken twice.
      await expect(assignResource(tctx, { target: { resource: 'equipment', equipmentId: s.server.id }, assignedKind: 'client', assignedRef: 'x' })).rejects.toMatchObject({ key: 'e.inv.taken' });
      const third = await nextIp(tctx, { prefix: s.prefix.id, assignedKind: 'service', assignedRef: 'svc-3' });
      expect(third.net).not.toBe(ip.net);
      expect((await prefixUtilization(tctx))[0]!.used).toBe('5'); // three allocations plus the network and broadcast addresses
    } finally {
      await source.close();
      await target.close();
    }
  });
});
