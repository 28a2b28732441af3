/**
 * Installments journeys: management opens the installments screen (calendar, overdue, pay-off dates), opens
 * an agreement with an overdue payment, pays the rest early and sees the units become ours; facilities create
 * an agreement in the browser for a unit of the register, see its schedule, record a payment, pay it off, and
 * the register and the rack picture name us as the owner.
 * Screenshots: test-results/screenshots/installments-NN-*.png (harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalEntity } from '../helpers/factories.ts';
import { startJourney, type Journey } from './harness.ts';

let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'installments', external: true }); });
afterAll(async () => { await j?.close(); });

describe('installments journey in the browser', () => {
  it('management sees the overdue installment, pays the agreement off, and the owner changes', async () => {
    const { page, step, api, pageErrors } = j;
    const stamp = Date.now().toString(36);
    const email = `director.${stamp}@rackdesk.test`;
    const pwd = 'e2e-installments-password';
    const number = `РС-${stamp}`;
    await step('00-setup', async () => {
      const token = await j.apiToken();
      await api(token, 'POST', '/users', { email, fullName: 'Дина Директорова', role: 'management', password: pwd });
      const site = await api<{ id: string }>(token, 'POST', '/sites', { code: `I${stamp.slice(-6).toUpperCase()}`, name: 'ЦОД Рассрочка', kind: 'data_center', address: 'Москва' });
      const rack = await api<{ id: string }>(token, 'POST', '/racks', { siteId: site.id, name: 'R-01', units: 42, powerAW: 5000, powerBW: 5000 });
      const supplier = await api<{ id: string }>(token, 'POST', '/companies', legalEntity({ name: `Серверы в рассрочку ${stamp}`, roles: ['supplier'] }));
      const eq = await api<{ id: string }>(token, 'POST', '/equipment', { kind: 'server', model: 'Dell PowerEdge R760', serial: `INS-${stamp}`, rackId: rack.id, uFrom: 5, uHeight: 2 });
      const ag = await api<{ id: string }>(token, 'POST', '/installments/agreements', {
        supplierId: supplier.id, number, signedOn: '2026-01-15', downPayment: '50 000,00', items: [{ equipmentId: eq.id, price: '350 000,00' }],
        schedule: { kind: 'equal', months: 10, firstDueOn: '2026-02-15' },
      });
      await api(token, 'POST', `/installments/agreements/${ag.id}/payments`, { amount: '50 000,00', paidOn: '2026-01-15' });
      await api(token, 'POST', `/installments/agreements/${ag.id}/payments`, { amount: '30 000,00', paidOn: '2026-02-15' });
    });
    await step('01-dashboard', async () => {
      await j.login(email, pwd, '/#/installments');
      await page.getByTestId('installments-page').waitFor();
      await expect.poll(() => page.getByTestId('inst-overdue').innerText()).toContain(number);
      expect(await page.getByTestId('inst-calendar-chart').count()).toBe(1);
    });
    await step('02-agreement', async () => {
      await page.getByTestId(`inst-link-${number}`).click();
      await page.getByTestId('agreement-page').waitFor();
      expect(await page.getByTestId('agreement-overdue').innerText()).toContain('Просрочено');
      expect(await page.getByTestId('agreement-items').innerText()).toContain('поставщик до оплаты');
    });
    await step('03-pay-off', async () => {
      await page.getByTestId('pay-off').check();
      await page.getByTestId('pay-submit').click();
      await page.getByTestId('confirm-yes').click();
      await expect.poll(() => page.getByTestId('agreement-status').innerText()).toContain('оплачен');
      expect(await page.getByTestId('agreement-items').innerText()).toContain('наше');
    });
    expect(pageErrors).toEqual([]);
  });

  it('facilities create an agreement in the browser: schedule, a payment, pay-off; the register and the rack picture show us as owner', async () => {
    const { page, step, api, pageErrors } = j;
    const stamp = `f${Date.now().toString(36)}`;
    const email = `facilities.${stamp}@rackdesk.test`;
    const pwd = 'e2e-installments-password';
    const number = `РС-${stamp}`;
    const serial = `FRM-${stamp}`;
    const supplierName = `Железо в рассрочку ${stamp}`;
    const siteName = `ЦОД Форма ${stamp}`;
    await step('10-setup', async () => {
      const token = await j.apiToken();
      await api(token, 'POST', '/users', { email, fullName: 'Фёдор Хозяйственный', role: 'facilities', password: pwd });
      const site = await api<{ id: string }>(token, 'POST', '/sites', { code: `F${stamp.slice(-6).toUpperCase()}`, name: siteName, kind: 'data_center', address: 'Москва' });
      const rack = await api<{ id: string }>(token, 'POST', '/racks', { siteId: site.id, name: 'F-01', units: 42, powerAW: 5000, powerBW: 5000 });
      await api(token, 'POST', '/companies', legalEntity({ name: supplierName, roles: ['supplier'] }));
      await api(token, 'POST', '/equipment', { kind: 'server', model: 'Supermicro 1029U', serial, rackId: rack.id, uFrom: 10, uHeight: 1 });
    });
    await step('11-new-agreement', async () => {
      await j.login(email, pwd, '/#/installments/new');
      await page.getByTestId('agreement-form').waitFor();
      const sup = page.getByTestId('ag-supplier');
      await sup.selectOption((await sup.locator('option', { hasText: supplierName }).getAttribute('value'))!);
      await page.getByTestId('ag-number').fill(number);
      await page.getByTestId('ag-signed').fill('2026-10-01');
      await page.getByTestId('ag-down').fill('10 000,00');
      await page.getByTestId('ag-fees').fill('1 500,00');
      const unit = page.getByTestId('ag-unit-0');
      const value = await unit.locator('option', { hasText: serial }).getAttribute('value');
      await unit.selectOption(value!);
      await page.getByTestId('ag-price-0').fill('100 000,00');
      await page.getByTestId('ag-months').fill('3');
      await page.getByTestId('ag-first').fill('2026-10-31');
      await page.getByTestId('ag-submit').click();
      await page.getByTestId('agreement-page').waitFor();
    });
    await step('12-schedule', async () => {
      // the down payment on signing, then 100 000 − 10 000 + 1 500 fees = 91 500 over 3 months on month ends: 30 500 each
      const rows = page.getByTestId('agreement-schedule').locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(4);
      const text = await page.getByTestId('agreement-schedule').innerText();
      for (const d of ['01.10.2026', '31.10.2026', '30.11.2026', '31.12.2026']) expect(text).toContain(d);
      expect(text).toMatch(/10\s000,00/);
      expect(text).toMatch(/30\s500,00/);
      expect(await page.getByTestId('agreement-items').innerText()).toContain(serial);
      expect(await page.getByTestId('agreement-items').innerText()).toContain('поставщик до оплаты');
    });
    await step('13-payment', async () => {
      // the down payment and the first month: 40 500
      await page.getByTestId('pay-amount').fill('40 500,00');
      await page.getByTestId('pay-date').fill('2026-10-30');
      await page.getByTestId('pay-submit').click();
      await page.getByTestId('confirm-yes').click();
      await expect.poll(() => page.getByTestId('agreement-payments').innerText()).toMatch(/40\s500,00/);
      expect(await page.getByTestId('agreement-status').innerText()).not.toContain('оплачен');
    });
    await step('14-pay-off', async () => {
      await page.getByTestId('pay-off').check();
      await page.getByTestId('pay-submit').click();
      expect(await page.getByTestId('confirm-text').innerText()).toMatch(/61\s000,00/);
      await page.getByTestId('confirm-yes').click();
      await expect.poll(() => page.getByTestId('agreement-status').innerText()).toContain('оплачен');
      expect(await page.getByTestId('agreement-items').innerText()).toContain('наше');
    });
    await step('15-register', async () => {
      await page.goto(`${j.baseUrl}/#/equipment`);
      await page.getByTestId('eq-search').fill(serial);
      const row = page.getByTestId('eq-row').filter({ hasText: serial });
      await expect.poll(() => row.getByTestId('eq-cell-owner').innerText()).toBe('мы');
    });
    await step('16-rack-picture', async () => {
      await page.goto(`${j.baseUrl}/#/inventory`);
      const site = page.getByTestId('inv-site');
      await site.locator('option', { hasText: siteName }).waitFor({ state: 'attached' });
      await site.selectOption((await site.locator('option', { hasText: siteName }).getAttribute('value'))!);
      await page.getByTestId('rack-item').filter({ hasText: 'F-01' }).click();
      const front = page.getByTestId('rack-face-front');
      await expect.poll(async () => (await front.locator('title').allTextContents()).join('\n')).toContain('наше');
      expect((await front.locator('title').allTextContents()).join('\n')).not.toContain(supplierName);
    });
    expect(pageErrors).toEqual([]);
  });
});
