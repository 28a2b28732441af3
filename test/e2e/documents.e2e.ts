/**
 * Accounting's documents in the browser (issue 13): the billing run shown before it runs (catch-up months of a
 * backdated service included), confirmed, then nothing left to issue; a bank statement imported and found in
 * the statement history with its result and payments; a tariff change on billed days giving a correction
 * document (УКД) on the client's card with its PDF and XML; the month's ZIP of XML documents offered from the
 * invoices list. Every screen is swept with axe. Screenshots: test-results/screenshots/documents-NN-*.png.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementText } from '../billing/statement-fixture.ts';
import { legalEntity } from '../helpers/factories.ts';
import { dateInZone } from '../../src/domain/dates.ts';
import { seriousA11yIssues } from './axe.ts';
import { startJourney, textOf, type Journey } from './harness.ts';

let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'documents', external: true }); });
afterAll(async () => { await j?.close(); });

const monthStart = (today: string, back: number) => new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 - back, 1)).toISOString().slice(0, 10);

describe('documents journey in the browser', () => {
  it('previews and runs billing, imports a statement, finds it in the history, sees a correction on the client card', async () => {
    const { page, baseUrl, dataDir, step, api, pageErrors } = j;
    const axe = async () => expect(await seriousA11yIssues(page)).toEqual([]);
    const token = await j.apiToken();
    const own = await api<{ id: string; settlementAccount: string }>(token, 'POST', '/companies', legalEntity({ name: 'Рэкдеск', roles: ['own'] }));
    await api(token, 'PUT', '/own-entities', { companyId: own.id, taxMode: 'osn', isDefault: true });
    const a = await api<{ id: string; name: string; inn: string; kpp: string; settlementAccount: string }>(token, 'POST', '/companies', legalEntity({ name: `Гамма ${Date.now().toString(36)}` }));
    const today = dateInZone(new Date());
    // Entered today, serving since the first day of the month before last: the run catches those months up.
    const svc = await api<{ id: string }>(token, 'POST', '/billing/services', { clientId: a.id, kind: 'dedicated', title: 'Аренда сервера Dell R650', monthlyPrice: '30 000,00', startDate: monthStart(today, 2) });

    await step('01-run-preview', async () => {
      await j.login(j.admin.email, j.admin.password, '/');
      await page.goto(`${baseUrl}/#/billing/run`);
      const table = page.getByTestId('run-preview-table');
      await table.waitFor();
      expect(await page.getByTestId('run-catch-up').count()).toBeGreaterThanOrEqual(2);
      expect(await table.textContent()).toContain('Аренда сервера Dell R650');
      await textOf(page.getByTestId('run-preview-total'), 'Итого: счетов');
      await axe();
    });
    await step('02-run-confirmed', async () => {
      await page.getByTestId('run-start').click();
      await textOf(page.getByTestId('confirm-text'), 'Будет выставлено счетов');
      await page.getByTestId('confirm-yes').click();
      await textOf(page.getByTestId('toast'), 'Выставлено счетов');
      await page.getByTestId('run-nothing').waitFor();
    });

    const invoices = (await api<{ items: { id: string; number: number; total: string; period: string }[] }>(token, 'GET', `/billing/invoices?clientId=${a.id}&sort=period`)).items;
    expect(invoices.length).toBeGreaterThanOrEqual(3);
    const first = invoices[0]!;
    const d = `${today.slice(8, 10)}.${today.slice(5, 7)}.${today.slice(0, 4)}`;
    const rub = (k: string) => `${BigInt(k) / 100n}.${String(BigInt(k) % 100n).padStart(2, '0')}`;
    const file = join(dataDir ?? tmpdir(), 'kl_to_1c_documents.txt');
    writeFileSync(file, statementText([own.settlementAccount], [
      { number: '701', date: d, amount: rub(first.total), payerAccount: a.settlementAccount, payerInn: a.inn, payerKpp: a.kpp, payerName: a.name, payeeAccount: own.settlementAccount, purpose: `Оплата по счету № ${first.number} за аренду сервера` },
      { number: '702', date: d, amount: '1000.00', payerAccount: '40702810900000000001', payerInn: '7701000009', payerName: 'ООО Неизвестный', payeeAccount: own.settlementAccount, purpose: 'Оплата за услуги' },
    ], 'UTF8'));

    await step('03-statement-imported', async () => {
      await page.getByTestId('billing-tab-statement').click();
      await page.getByTestId('statement-file').setInputFiles(file);
      const r = await textOf(page.getByTestId('statement-result'), 'разнесено');
      expect(r).toContain('разнесено автоматически: 1');
    });
    await step('04-statement-history', async () => {
      await page.getByTestId('billing-tab-history').click();
      const history = page.getByTestId('statement-history');
      const row = history.locator('tbody tr', { hasText: 'kl_to_1c_documents.txt' });
      await row.waitFor();
      expect(await row.getByTestId('history-matched').textContent()).toMatch(/^1/);
      expect(await row.getByTestId('history-queued').textContent()).toMatch(/^1/);
      await axe();
      await row.getByTestId('history-open').click();
      await page.getByTestId('statement-payments').waitFor();
      expect(await textOf(page.getByTestId('statement-payment-701'), 'разнесён автоматически')).toContain(`№ ${first.number}/`);
      expect(await page.getByTestId('statement-payment-702').getByTestId('payment-status').textContent()).toBe('ждёт бухгалтера');
      await axe();
    });

    // A tariff change from the first day of last month: days already billed get a correction document each month.
    await api(token, 'POST', `/billing/services/${svc.id}/tariff-changes`, { date: monthStart(today, 1), monthlyPrice: '24 000,00', quantity: 1, reason: 'Скидка за объём' });
    await step('05-client-correction', async () => {
      await page.goto(`${baseUrl}/#/billing/clients/${a.id}`);
      const table = page.getByTestId('client-corrections');
      await table.waitFor();
      const rows = table.locator('tbody tr');
      expect(await rows.count()).toBeGreaterThanOrEqual(1);
      const text = (await rows.first().textContent()) ?? '';
      expect(text).toContain('счёт-фактура (УПД) №');
      expect(text).toContain('уменьшает долг');
      const ukd = rows.first().getByTestId('doc-ukd');
      const xml = rows.first().getByTestId('doc-ukdXml');
      expect(await ukd.getAttribute('href')).toMatch(/\/ukd\.pdf$/);
      expect(await xml.getAttribute('href')).toMatch(/\/ukd\.xml$/);
      const res = await page.request.get(`${baseUrl}${(await xml.getAttribute('href'))!}`);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-disposition']).toContain('ON_NKORSCHFDOPPR_');
      await axe();
    });
    await step('06-invoices-xml', async () => {
      await page.getByTestId('nav-invoices').click();
      await page.getByTestId('invoices-table').waitFor();
      await page.getByTestId('invoice-search').fill(a.name);
      const row = page.getByTestId('invoices-table').locator('tbody tr').first();
      await row.waitFor();
      await row.getByTestId('doc-updXml').or(row.getByTestId('doc-ukdXml')).first().waitFor();
      await axe();
    });
    expect(pageErrors).toEqual([]);
  });
});
