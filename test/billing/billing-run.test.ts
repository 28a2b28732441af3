import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { connectPostgres } from '../../src/db/connect.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { getInvoice, issueManualInvoice } from '../../src/app/billing/invoices.ts';
import { prorate } from '../../src/domain/billing/billing.ts';
import { percentOf } from '../../src/domain/money.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, onPostgres, testDb } from '../helpers/db.ts';
import { ctxAs } from '../helpers/factories.ts';
import { aClient, accountingAt, anOwnEntity, aService } from './helpers.ts';

async function linesOf(d: Database, serviceIds: string[], period: string) {
  return d.db.selectFrom('invoice_line').selectAll().where('service_id', 'in', serviceIds).where('period', '=', period).where('line_kind', '=', 'period').execute();
}

describe(`billing run (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  it('bills one invoice per client and seller, one line per service, prorating a partial first month, VAT 22% for 2026', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db, 'osn');
    const client = await aClient(d.db);
    const full = await aService(ctx, client.id, seller.id, { monthlyPrice: 1_000_000, quantity: 2 });
    const partial = await aService(ctx, client.id, seller.id, { monthlyPrice: 310_001, startDate: '2026-12-10', setupFee: 500_000, title: 'Колокейшн 1U' });
    const r = await runBilling(ctx, { period: '2026-12' });
    expect(r.invoices).toBeGreaterThanOrEqual(1);
    const inv = await d.db.selectFrom('invoice').selectAll().where('client_id', '=', client.id).execute();
    expect(inv).toHaveLength(1);
    const view = await getInvoice(ctx, inv[0]!.id);
    const byService = Object.fromEntries(view.lines.map((l) => [`${l.serviceId}:${l.kind}`, l]));
    expect(byService[`${full.id}:period`]!.net).toBe(2_000_000n);
    expect(byService[`${full.id}:period`]!.vat).toBe(440_000n);
    // 22 of 31 days of 3 100,01 ₽, rounded once
    expect(byService[`${partial.id}:period`]!.net).toBe(prorate(310_001n, '2026-12-10', '2026-12-31'));
    expect(byService[`${partial.id}:period`]!.net).toBe(220_001n);
    expect(byService[`${partial.id}:period`]!.description).toContain('10.12.2026');
    expect(byService[`${partial.id}:setup`]!.net).toBe(500_000n);
    expect(view.netTotal).toBe(2_000_000n + 220_001n + 500_000n);
    expect(view.vatTotal).toBe(view.lines.reduce((s, l) => s + l.vat, 0n));
    expect(view.total).toBe(view.netTotal + view.vatTotal);
    expect(view.seller.inn).toBe(seller.inn);
    expect(view.buyer.name).toBe(client.name);
    expect(view.vatRate).toBe('22');
  });

  it('applies 20% VAT to 2025 periods, none for УСН and 5% for УСН with VAT', async () => {
    const ctx = await accountingAt(d.db);
    const osn = await anOwnEntity(d.db, 'osn');
    const usn = await anOwnEntity(d.db, 'usn');
    const usn5 = await anOwnEntity(d.db, 'usn_vat5');
    const client = await aClient(d.db);
    const a = await aService(ctx, client.id, osn.id, { startDate: '2025-12-01', monthlyPrice: 123_457 });
    const b = await aService(ctx, client.id, usn.id, { startDate: '2025-12-01', monthlyPrice: 123_457 });
    const c = await aService(ctx, client.id, usn5.id, { startDate: '2025-12-01', monthlyPrice: 123_457 });
    await runBilling(ctx, { period: '2025-12' });
    const lines = await linesOf(d, [a.id, b.id, c.id], '2025-12');
    const by = Object.fromEntries(lines.map((l) => [l.service_id, l]));
    expect(by[a.id]!.vat).toBe(percentOf(123_457n, '20'));
    expect(by[a.id]!.vat_rate).toBe('20');
    expect(by[b.id]!.vat).toBe(0n);
    expect(by[b.id]!.vat_rate).toBeNull();
    expect(by[c.id]!.vat).toBe(percentOf(123_457n, '5'));
    // one invoice per seller for the same client
    expect(new Set(lines.map((l) => l.invoice_id)).size).toBe(3);
  });

  it('rerunning bills nothing twice', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    const s = await aService(ctx, client.id, seller.id);
    await runBilling(ctx, { period: '2027-01' });
    const again = await runBilling(ctx, { period: '2027-01' });
    expect(await linesOf(d, [s.id], '2027-01')).toHaveLength(1);
    const mine = await d.db.selectFrom('invoice').select('id').where('client_id', '=', client.id).where('period', '=', '2027-01').execute();
    expect(mine).toHaveLength(1);
    expect(again.lines).toBe(0);
  });

  it('a run that crashes half-way and is rerun bills every service exactly once', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const services: string[] = [];
    for (let i = 0; i < 4; i++) {
      const client = await aClient(d.db);
      services.push((await aService(ctx, client.id, seller.id, { monthlyPrice: 100_000 + i })).id);
    }
    let chunks = 0;
    await expect(runBilling(ctx, { period: '2027-02' }, { chunkSize: 1, onProgress: () => { if (++chunks === 2) throw new Error('power cut'); } })).rejects.toThrow('power cut');
    const partial = await linesOf(d, services, '2027-02');
    expect(partial.length).toBeLessThan(services.length);
    await runBilling(ctx, { period: '2027-02' }, { chunkSize: 1 });
    const lines = await linesOf(d, services, '2027-02');
    expect(lines.map((l) => l.service_id).sort()).toEqual([...services].sort());
  });

  it('two instances running the same period at once bill each line once, with gapless numbers', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const services: string[] = [];
    for (let i = 0; i < 6; i++) {
      const client = await aClient(d.db);
      services.push((await aService(ctx, client.id, seller.id)).id);
    }
    const other = onPostgres ? connectPostgres(process.env.TEST_DATABASE_URL!, { schema: `${d.schema},public` }) : d;
    try {
      const ctx2 = { ...ctx, db: other.db };
      const rs = await Promise.allSettled([runBilling(ctx, { period: '2027-03' }, { chunkSize: 2 }), runBilling(ctx2, { period: '2027-03' }, { chunkSize: 2 })]);
      expect(rs.every((r) => r.status === 'fulfilled')).toBe(true);
    } finally {
      if (other !== d) await other.close();
    }
    const lines = await linesOf(d, services, '2027-03');
    expect(lines).toHaveLength(6);
    const nums = (await d.db.selectFrom('invoice').select('number').where('seller_id', '=', seller.id).where('year', '=', 2026).orderBy('number').execute()).map((r) => r.number);
    expect(nums).toEqual(Array.from({ length: nums.length }, (_, i) => i + 1));
  });

  it('issuing invoices concurrently gives consecutive numbers without gaps or duplicates', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    const rs = await Promise.allSettled(Array.from({ length: 10 }, () => issueManualInvoice(ctx, { clientId: client.id, sellerId: seller.id, serviceDate: '2026-11-27', lines: [{ description: 'Работы инженера', amount: 150_000 }] })));
    expect(rs.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const nums = (await d.db.selectFrom('invoice').select('number').where('seller_id', '=', seller.id).orderBy('number').execute()).map((r) => r.number);
    expect(nums).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('the database refuses a second line for the same service and period, and edits of issued lines', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    const s = await aService(ctx, client.id, seller.id);
    await runBilling(ctx, { period: '2027-04' });
    const [line] = await linesOf(d, [s.id], '2027-04');
    await expect(sql`INSERT INTO invoice_line (invoice_id, service_id, billing_key, line_kind, period, description, quantity, unit_price, net, vat, total)
      VALUES (${line!.invoice_id}, ${s.id}, ${line!.billing_key}, 'period', '2027-04', 'x', 1, 1, 1, 0, 1)`.execute(d.db)).rejects.toThrow(/duplicate key|unique/);
    await expect(sql`UPDATE invoice_line SET net = 0 WHERE id = ${line!.id}`.execute(d.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE invoice_counter SET last_no = -1 WHERE seller_id = ${seller.id}`.execute(d.db)).rejects.toThrow(/check constraint/);
  });

  it('only accounting-like roles may run billing', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    await expect(runBilling(ctx, { period: '2027-05' })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'forbidden');
    const acc = await accountingAt(d.db);
    await expect(runBilling(acc, { period: '2027-13' })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'validation');
  });
});
