/**
 * Payroll journey: the director sets a plan, assigns it, corrects who brought a client, enters the month's
 * bonus and accepts the attracted-clients report; the statement shows each line with its source; approved
 * with a confirmation, it is locked, and the next month shows the deferred part of the acquisition bonus.
 * Clients, services and the billing run are set up through the API; every payroll step is done in the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalEntity } from '../helpers/factories.ts';
import { dateInZone } from '../../src/domain/dates.ts';
import { startJourney, textOf, WAIT, type Journey } from './harness.ts';

let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'payroll' }); });
afterAll(async () => { await j?.close(); });

/** Money is written with no-break spaces (1\u00a0234,56): compare with plain ones. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const addMonth = (m: string, n: number) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1 + n, 1)).toISOString().slice(0, 7);

describe('payroll journey in the browser', () => {
  it('plan → assignment → attribution → inputs → statement with sources → approval → next month’s deferred part', async () => {
    const { page, step, api, pageErrors } = j;
    const token = await j.apiToken();
    const month = dateInZone(new Date()).slice(0, 7);
    const started = addMonth(month, -2);
    const own = await api<{ id: string }>(token, 'POST', '/companies', legalEntity({ name: 'Рэкдеск', roles: ['own'] }));
    await api(token, 'PUT', '/own-entities', { companyId: own.id, taxMode: 'osn', isDefault: true });
    const password = 'Kq7-mast-lvp-2026';
    await api(token, 'POST', '/users', { email: 'director@payroll.test', fullName: 'Андрей Лебедев', role: 'management', password });
    const manager = await api<{ id: string }>(token, 'POST', '/users', { email: 'irina@payroll.test', fullName: 'Ирина Соколова', role: 'manager', password });
    const a = await api<{ id: string; name: string }>(token, 'POST', '/companies', legalEntity({ name: 'Альфа Хостинг' }));
    const b = await api<{ id: string; name: string }>(token, 'POST', '/companies', legalEntity({ name: 'Бета Медиа' }));
    await api(token, 'POST', '/billing/services', { clientId: a.id, kind: 'dedicated', title: 'Аренда сервера', monthlyPrice: '12 000,00', startDate: `${started}-01` });
    await api(token, 'POST', '/billing/services', { clientId: b.id, kind: 'colocation', title: 'Колокация 2U', monthlyPrice: '40 000,00', startDate: `${addMonth(month, -6)}-01` });
    await api(token, 'POST', '/billing/runs', { period: month });

    await step('director-opens-plans', async () => {
      await j.login('director@payroll.test', password, '/#/payroll-settings');
      await page.getByTestId('pay-new-plan').click();
      await page.getByTestId('pp-name').fill('Менеджер по продажам');
      await page.getByTestId('pp-save').click();
      await page.getByTestId('pay-plan').filter({ hasText: 'Менеджер по продажам' }).waitFor({ timeout: WAIT });
    });
    await step('assigns-plan', async () => {
      await page.getByTestId('pa-user').selectOption({ label: 'Ирина Соколова' });
      await page.getByTestId('pa-plan').selectOption({ label: 'Менеджер по продажам' });
      await page.locator('#pa-from').fill(`${started}-01`);
      await page.getByTestId('pa-save').click();
      await page.getByTestId('pay-plan').filter({ hasText: 'Ирина Соколова' }).waitFor({ timeout: WAIT });
    });
    await step('corrects-attribution', async () => {
      const rowA = page.getByTestId('pay-clients').locator('tr', { hasText: 'Альфа Хостинг' });
      await rowA.getByRole('button').click();
      const form = page.getByTestId('pay-attribution-form');
      await form.locator('#pc-brought').selectOption('manager');
      await form.locator('#pc-acquiredBy').selectOption({ label: 'Ирина Соколова' });
      await form.locator('#pc-handledBy').selectOption({ label: 'Ирина Соколова' });
      await form.locator('#pc-note').fill('Нашла на конференции');
      await form.getByRole('button', { name: 'Сохранить' }).click();
      await rowA.getByText('менеджер: Ирина Соколова').waitFor({ timeout: WAIT });
      const rowB = page.getByTestId('pay-clients').locator('tr', { hasText: 'Бета Медиа' });
      await rowB.getByRole('button').click();
      await form.locator('#pc-brought').selectOption('other');
      await form.locator('#pc-handledBy').selectOption({ label: 'Ирина Соколова' });
      await form.locator('#pc-note').fill('Пришли по рекомендации');
      await form.getByRole('button', { name: 'Сохранить' }).click();
      await rowB.getByText('другим способом').waitFor({ timeout: WAIT });
    });
    await step('enters-bonus-and-report', async () => {
      await page.getByTestId('pi-user').selectOption({ label: 'Ирина Соколова' });
      await page.getByTestId('pi-kind').selectOption('bonus');
      await page.getByTestId('pi-amount').fill('12 000');
      await page.getByTestId('pi-text').fill('Отлично');
      await page.getByTestId('pi-save').click();
      // Over the plan's cap: the field says so and nothing is saved.
      await page.getByTestId('error-pi-amount').getByText('не может превышать').waitFor({ timeout: WAIT });
      await page.getByTestId('pi-amount').fill('7 000');
      await page.getByTestId('pi-save').click();
      await page.getByTestId('pay-inputs').getByText('Премия руководителя: Ирина Соколова').waitFor({ timeout: WAIT });
      await page.getByTestId('pi-month').fill(started);
      await page.getByTestId('pi-kind').selectOption('report');
      await page.getByTestId('pi-save').click();
      await page.getByTestId('pay-inputs').getByText('Отчёт о привлечённых клиентах принят: Ирина Соколова').waitFor({ timeout: WAIT });
    });
    await step('statement-with-sources', async () => {
      await page.getByTestId('nav-payroll').click();
      await page.getByTestId('pay-summary-row').filter({ hasText: 'Ирина Соколова' }).getByRole('link').click();
      const lines = page.getByTestId('pay-lines');
      await lines.waitFor({ timeout: WAIT });
      expect(plain(await textOf(lines, 'Оклад'))).toContain('50 000,00');
      const acq = page.getByTestId('pay-line').filter({ hasText: 'Альфа Хостинг' });
      expect(plain(await textOf(acq, 'Премия за привлечение'))).toContain('2 000,00'); // 1/3 of 50 % of 12 000
      const ret = page.getByTestId('pay-line').filter({ hasText: 'Бета Медиа' });
      expect(plain(await textOf(ret, 'Премия за поддержание'))).toContain('2 000,00'); // 5 % of 40 000
      await ret.getByRole('button').click();
      await page.getByText(/счёт № \d+ от/).waitFor({ timeout: WAIT });
      expect(plain(await page.getByTestId('pay-total').innerText())).toContain('61 000,00');
    });
    await step('approves-with-confirmation', async () => {
      await page.getByTestId('pay-approve').click();
      await page.getByTestId('confirm-dialog').getByText('Строки будут заблокированы').waitFor({ timeout: WAIT });
      await page.getByTestId('confirm-yes').click();
      await page.getByTestId('pay-approved').waitFor({ timeout: WAIT });
      await expect(page.getByTestId('pay-approve').count()).resolves.toBe(0);
    });
    await step('next-month-deferred-part', async () => {
      await page.goto(`${j.baseUrl}/#/payroll/${manager.id}/${addMonth(started, 3)}`);
      const part = page.getByTestId('pay-line').filter({ hasText: 'Альфа Хостинг' }).filter({ hasText: 'Премия за привлечение' });
      expect(plain(await textOf(part, 'минус выплаченные'))).toContain('4 000,00'); // 6 000 on the average, less 2 000 paid
      // Against the approved statement: what changed, by kind and in total.
      const changes = page.getByTestId('pay-changes');
      await changes.getByText(`Что изменилось с ведомости за`).waitFor({ timeout: WAIT });
      await changes.scrollIntoViewIfNeeded();
    });
    expect(pageErrors).toEqual([]);
  });
});
