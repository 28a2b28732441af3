/**
 * Installments journey: management opens the installments screen (calendar, overdue, pay-off dates), opens
 * an agreement with an overdue payment, pays the rest early and sees the units become ours.
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
      await expect.poll(() => page.getByTestId('agreement-status').innerText()).toContain('оплачен');
      expect(await page.getByTestId('agreement-items').innerText()).toContain('наше');
    });
    expect(pageErrors).toEqual([]);
  });
});
