import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { importServices, listServices, setServiceStatus } from '../../src/app/billing/services.ts';
import { writeXlsx } from '../../src/app/documents/tabular.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aClient, accountingAt, anOwnEntity, aService } from './helpers.ts';

describe(`services (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  it('imports services from XLSX (dates as cells) and refuses a file with a bad line, writing nothing', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    // Imported services go to the default seller; other tests' default (if any) is left alone.
    const def = await d.db.selectFrom('own_entity').select('company_id').where('is_default', '=', true).executeTakeFirst();
    if (!def) await d.db.updateTable('own_entity').set({ is_default: true }).where('company_id', '=', seller.id).execute();
    const sellerId = def?.company_id ?? seller.id;
    const client = await aClient(d.db);
    const cols = ['ИНН', 'КПП', 'Вид', 'Услуга', 'Цена в месяц', 'Количество', 'Дата начала'].map((h) => ({ header: h, key: h }));
    const row = (over: Record<string, string | number | Date> = {}) => ({ 'ИНН': client.inn, 'КПП': client.kpp, 'Вид': 'колокейшн', 'Услуга': 'Стойка 42U', 'Цена в месяц': '45 000,00', 'Количество': 2, 'Дата начала': new Date('2026-03-01T00:00:00Z'), ...over });
    const bad = await writeXlsx([{ name: 'Услуги', columns: cols, rows: [row(), row({ 'Количество': 0 })] }]);
    await expect(importServices(ctx, bad, 'services.xlsx')).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.fieldErrors.some((f) => f.path.startsWith('line 3')));
    expect(await listServices(ctx, { clientId: client.id })).toHaveLength(0);
    const good = await writeXlsx([{ name: 'Услуги', columns: cols, rows: [row(), row({ 'Вид': 'vps', 'Услуга': 'VPS', 'Цена в месяц': 990 })] }]);
    expect(await importServices(ctx, good, 'services.xlsx')).toEqual({ created: 2 });
    const s = await listServices(ctx, { clientId: client.id });
    expect(s.map((x) => [x.kind, x.monthlyPrice, x.quantity, x.startDate, x.sellerId]).sort()).toEqual([['colocation', 4_500_000n, 2, '2026-03-01', sellerId], ['vps', 99_000n, 2, '2026-03-01', sellerId]].sort());
  });

  it('a pending service is not billed until activated; a suspended one is not billed', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    const p = await aService(ctx, client.id, seller.id, { activate: false });
    const s = await aService(ctx, client.id, seller.id);
    await setServiceStatus(ctx, s.id, 'suspended');
    await runBilling(ctx, { period: '2028-10' });
    expect(await d.db.selectFrom('invoice_line').select('id').where('service_id', 'in', [p.id, s.id]).execute()).toHaveLength(0);
    await setServiceStatus(ctx, p.id, 'active');
    await runBilling(ctx, { period: '2028-10' });
    expect(await d.db.selectFrom('invoice_line').select('service_id').where('service_id', 'in', [p.id, s.id]).execute()).toEqual([{ service_id: p.id }]);
    await expect(setServiceStatus(ctx, p.id, 'active')).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'rule');
  });
});
