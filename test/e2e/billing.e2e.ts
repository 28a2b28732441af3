/**
 * Billing journey (issue 6): accounting imports a bank statement, sees the matched invoice paid and
 * resolves a manual-queue payment by hand. The server, browser and screenshots
 * (test-results/screenshots/billing-NN-*.png) come from harness.ts.
 *
 * RACKDESK_E2E_BASE_URL runs the journey against an already running server instead
 * (then RACKDESK_ADMIN_EMAIL / RACKDESK_ADMIN_PASSWORD must be that server's admin).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { statementText } from '../billing/statement-fixture.ts';
import { legalEntity } from '../helpers/factories.ts';
import { dateInZone } from '../../src/domain/dates.ts';
import { startJourney, textOf, type Journey } from './harness.ts';

let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'billing', external: true }); });
afterAll(async () => { await j?.close(); });

/** Waits until the row's status cell says exactly `status` (trimmed), and returns it. */
async function exactStatus(row: Locator, status: string): Promise<string> {
  const cell = row.getByTestId('invoice-status');
  await cell.filter({ hasText: new RegExp(`^\\s*${status}\\s*$`) }).first().waitFor({ timeout: 15_000 });
  return ((await cell.first().textContent()) ?? '').trim();
}

describe('billing journey in the browser', () => {
  it('imports a statement, sees the matched invoice paid and resolves a queued payment by hand', async () => {
    const { page, baseUrl, dataDir, step, api, pageErrors } = j;
    const token = await j.apiToken();
    const own = await api<{ id: string; settlementAccount: string }>(token, 'POST', '/companies', legalEntity({ name: 'Рэкдеск', roles: ['own'] }));
    await api(token, 'PUT', '/own-entities', { companyId: own.id, taxMode: 'osn', isDefault: true });
    const a = await api<{ id: string; name: string; inn: string; kpp: string; settlementAccount: string }>(token, 'POST', '/companies', legalEntity({ name: `Альфа ${Date.now().toString(36)}` }));
    const b = await api<{ id: string; name: string; inn: string; kpp: string; settlementAccount: string }>(token, 'POST', '/companies', legalEntity({ name: `Бета ${Date.now().toString(36)}` }));
    await api(token, 'POST', '/billing/services', { clientId: a.id, kind: 'dedicated', title: 'Аренда сервера Dell R640', monthlyPrice: '12 000,00', startDate: '2026-01-01' });
    await api(token, 'POST', '/billing/services', { clientId: b.id, kind: 'colocation', title: 'Колокейшн 2U', monthlyPrice: '8 000,00', startDate: '2026-01-01' });
    const today = dateInZone(new Date());
    const period = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 1)).toISOString().slice(0, 7);
    await api(token, 'POST', '/billing/runs', { period });
    const invA = (await api<{ items: { number: number; total: string }[] }>(token, 'GET', `/billing/invoices?clientId=${a.id}`)).items[0]!;
    const d = `${today.slice(8, 10)}.${today.slice(5, 7)}.${today.slice(0, 4)}`;
    const rub = (k: string) => `${BigInt(k) / 100n}.${String(BigInt(k) % 100n).padStart(2, '0')}`;
    const file = join(dataDir ?? tmpdir(), 'kl_to_1c.txt');
    writeFileSync(file, statementText([own.settlementAccount], [
      { number: '501', date: d, amount: rub(invA.total), payerAccount: a.settlementAccount, payerInn: a.inn, payerKpp: a.kpp, payerName: a.name, payeeAccount: own.settlementAccount, purpose: `Оплата по счету № ${invA.number} за аренду сервера` },
      { number: '502', date: d, amount: '9760.00', payerAccount: b.settlementAccount, payerInn: b.inn, payerKpp: b.kpp, payerName: b.name, payeeAccount: own.settlementAccount, purpose: 'Оплата за колокейшн, декабрь' },
    ], 'UTF8'));

    await step('01-login', async () => {
      await j.login(j.admin.email, j.admin.password, '/');
      await page.getByTestId('nav-billing').click();
      await page.getByTestId('aging-chart').waitFor();
    });
    await step('02-statement-imported', async () => {
      await page.getByTestId('billing-tab-statement').click();
      await page.getByTestId('statement-file').setInputFiles(file);
      const r = await textOf(page.getByTestId('statement-result'), 'разнесено');
      expect(r).toContain('разнесено автоматически: 1');
      expect(r).toContain('в ручную очередь: 1');
      await page.getByTestId('queue-row-502').waitFor();
    });
    await step('03-queue-resolved', async () => {
      const row = page.getByTestId('queue-row-502');
      expect(await row.textContent()).toContain(`Похоже на: ${b.name}`);
      await row.getByTestId('queue-resolve').click();
      await textOf(page.getByTestId('toast'), 'разнесён');
      await page.getByTestId('queue-row-502').waitFor({ state: 'detached' });
    });
    await step('04-client-paid', async () => {
      await page.goto(`${baseUrl}/#/billing/clients/${a.id}`);
      expect(await exactStatus(page.getByTestId(`invoice-${invA.number}`), 'оплачен')).toBe('оплачен');
      expect(await page.getByTestId('client-ledger').textContent()).toContain('Платёж № 501');
    });
    await step('05-receivables', async () => {
      await page.goto(`${baseUrl}/#/billing/clients/${b.id}`);
      // The whole status, not a part of it: «не оплачен» contains «оплачен».
      const invB = (await api<{ items: { number: number }[] }>(token, 'GET', `/billing/invoices?clientId=${b.id}`)).items[0]!;
      expect(await exactStatus(page.getByTestId(`invoice-${invB.number}`), 'оплачен')).toBe('оплачен');
      await page.goto(`${baseUrl}/#/billing/receivables`);
      await page.getByTestId('aging-chart').waitFor();
    });
    expect(pageErrors).toEqual([]);
  });
});
