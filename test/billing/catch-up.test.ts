import { describe, expect, it } from 'vitest';
import { previewBilling, runDailyPlan } from '../../src/app/billing/billing-plan.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { ctxAs } from '../helpers/factories.ts';
import { aClient, accountingAt, anOwnEntity, aService } from './helpers.ts';

describe(`backdated services are billed for every unbilled month (${engineName})`, () => {
  it('the preview shows the catch-up months before the run; the run bills them once; a rerun has nothing left', { timeout: 120_000 }, async () => {
    const d = await testDb();
    const ctx = await accountingAt(d.db, '2027-01-20T09:00:00Z');
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    await aService(ctx, client.id, seller.id, { monthlyPrice: 3_100_000, startDate: '2026-10-16', title: 'Колокация 1U' });

    const before = await previewBilling(ctx);
    expect(before.periods.map((p) => [p.period, p.catchUp, p.lines])).toEqual([
      ['2026-10', true, 1], ['2026-11', true, 1], ['2026-12', true, 1], ['2027-01', false, 1], ['2027-02', false, 1]]);
    const oct = before.periods[0]!;
    expect(oct.net).toBe(1_600_000n); // 16–31.10: 16 of 31 days of 31 000,00
    expect(oct.examples[0]!.description).toBe('Колокация 1U за октябрь 2026 (16.10.2026–31.10.2026, 16 из 31 дн.)');
    expect(await d.db.selectFrom('invoice').select('id').where('client_id', '=', client.id).execute()).toHaveLength(0); // nothing issued by a preview

    const runs = await runDailyPlan(ctx);
    expect(runs.map((r) => [r.period, r.invoices])).toEqual([['2026-10', 1], ['2026-11', 1], ['2026-12', 1], ['2027-01', 1], ['2027-02', 1]]);
    const issued = await d.db.selectFrom('invoice').select(['period', 'net_total']).where('client_id', '=', client.id).orderBy('period').execute();
    expect(issued.map((i) => [i.period, i.net_total])).toEqual([['2026-10', 1_600_000n], ['2026-11', 3_100_000n], ['2026-12', 3_100_000n], ['2027-01', 3_100_000n], ['2027-02', 3_100_000n]]);
    expect(before.periods.reduce((a, p) => a + p.net, 0n)).toBe(issued.reduce((a, i) => a + i.net_total, 0n));

    const after = await previewBilling(ctx);
    expect(after.periods.every((p) => p.lines === 0)).toBe(true);
    expect(after.periods.some((p) => p.catchUp)).toBe(false);
    expect((await runDailyPlan(ctx)).every((r) => r.invoices === 0)).toBe(true);
  });

  it('only people who may run billing see the preview', async () => {
    const d = await testDb();
    const manager = await ctxAs(d.db, 'manager');
    await expect(previewBilling(manager)).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'forbidden');
  });
});
