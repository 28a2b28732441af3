/**
 * Accounting's day in the browser, in Russian, on the demo provider: the services screen (tariff change,
 * closure with a reason and the retention options tried), the invoices list searched by client and number,
 * a payment entered by hand against a chosen invoice, and management's decision on a suspension proposal.
 * Every screen is swept with axe. Screenshots: test-results/screenshots/accounting-NN-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJourney, textOf, WAIT, type Journey } from './harness.ts';
import { seriousA11yIssues } from './axe.ts';

let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'accounting', env: { RACKDESK_DEMO: '1', RACKDESK_JOBS: '0', RACKDESK_DEMO_PASSWORD: 'demo-journey-2026' } }); });
afterAll(async () => { await j?.close(); });

const DEMO_PASSWORD = 'demo-journey-2026';

describe('accounting journey in the browser', () => {
  it('changes a tariff, closes a service with a reason, finds an invoice, records a payment; management decides a suspension', async () => {
    const { page, step, pageErrors } = j;
    const axe = async () => expect(await seriousA11yIssues(page)).toEqual([]);

    await step('01-services', async () => {
      await j.login('accounting@rackdesk.local', DEMO_PASSWORD, '/');
      await page.getByTestId('nav-services').click();
      await page.getByTestId('services-table').waitFor();
      await page.getByTestId('svc-search').fill('Медиа Плюс');
      await textOf(page.getByTestId('services-table-pager'), 'из 1');
      await textOf(page.getByTestId('services-table'), 'Медиа Плюс');
      await axe();
    });

    await step('02-tariff-changed', async () => {
      await page.getByTestId('services-table').locator('tbody tr', { hasText: 'Медиа Плюс' }).getByTestId('svc-tariff').click();
      const dialog = page.getByTestId('svc-tariff-dialog');
      await dialog.waitFor();
      expect(await dialog.getAttribute('role')).toBe('dialog');
      expect(await dialog.getAttribute('aria-modal')).toBe('true');
      await dialog.getByTestId('chg-qty').fill('5');
      await axe();
      await dialog.getByTestId('chg-submit').click();
      await dialog.waitFor({ state: 'detached' });
      await textOf(page.getByTestId('services-table'), '× 5');
    });

    await step('03-close-refused-without-reason', async () => {
      await page.getByTestId('svc-search').fill('ГеоСофт');
      const row = page.getByTestId('services-table').locator('tbody tr', { hasText: 'ГеоСофт' });
      await row.waitFor();
      await textOf(page.getByTestId('services-table-pager'), '1–1 из 1');
      await row.getByTestId('svc-close').click();
      const dialog = page.getByTestId('svc-close-dialog');
      await dialog.waitFor();
      await dialog.getByTestId('chg-submit').click();
      await textOf(dialog.getByTestId('error-chg-reason'), 'Обязательное поле');
    });

    await step('04-closed-with-reason', async () => {
      const dialog = page.getByTestId('svc-close-dialog');
      const reason = dialog.getByTestId('chg-reason');
      const options = await reason.locator('option').allTextContents();
      await reason.selectOption({ index: 1 });
      expect(options.length).toBeGreaterThan(1);
      await dialog.getByTestId('retention-discount').check();
      await dialog.getByTestId('retention-cheaper').check();
      await dialog.getByTestId('chg-note').fill('Переезжают в собственную серверную');
      await dialog.getByTestId('chg-submit').click();
      await dialog.waitFor({ state: 'detached' });
      // Closed with the last day today: «закрывается» until the day's end, «закрыта» once the day's run has closed it.
      await page.getByTestId('services-table').locator('tbody tr', { hasText: 'ГеоСофт' }).filter({ hasText: /закрывается|закрыта/ }).waitFor({ timeout: WAIT });
      await page.getByTestId('churn-table').waitFor({ timeout: WAIT });
    });

    let number = '';
    await step('05-invoices-search', async () => {
      await page.getByTestId('nav-invoices').click();
      await page.getByTestId('invoices-table').waitFor();
      await page.getByTestId('invoice-search').fill('Промсвязь');
      await page.getByTestId('invoices-table').locator('tbody tr', { hasText: 'Промсвязьинвест' }).first().waitFor();
      // Last month's invoice, its correction (УКД) and this month's invoice: the newest number is this month's.
      await textOf(page.getByTestId('invoices-table-pager'), '1–3 из 3');
      const numbers = (await page.getByTestId('invoice-number').allTextContents()).map((t) => t.replace(/^№\s*/, ''));
      number = numbers.reduce((a, b) => (parseInt(b, 10) > parseInt(a, 10) ? b : a));
      const searched = page.waitForResponse((r) => r.url().includes('/billing/invoices?') && r.url().includes(`q=${encodeURIComponent(number)}`));
      await page.getByTestId('invoice-search').fill(number);
      await searched;
      await textOf(page.getByTestId('invoices-table-pager'), '1–1 из 1');
      const row = await page.getByTestId('invoices-table').locator('tbody tr').first().textContent();
      expect(row).toContain('Промсвязьинвест');
      expect(row).toContain('не оплачен');
      const href = await page.getByTestId('doc-invoice').first().getAttribute('href');
      expect(href).toMatch(/invoice\.pdf$/);
      await page.getByTestId('sort-total').click();
      await axe();
    });

    await step('06-manual-payment', async () => {
      await page.getByTestId('nav-payments').click();
      await page.getByTestId('payments-table').waitFor();
      await page.getByTestId('pay-new').click();
      const dialog = page.getByTestId('pay-dialog');
      await dialog.getByTestId('pay-client').fill('Промсвязь');
      await dialog.getByTestId('picker-option').first().click();
      const invoice = dialog.getByTestId('pay-invoice');
      await invoice.locator('option', { hasText: `№ ${number}` }).waitFor({ state: 'attached' });
      await invoice.selectOption({ label: (await invoice.locator('option', { hasText: `№ ${number}` }).textContent())! });
      await dialog.getByTestId('pay-amount').fill('50 000,00');
      await dialog.getByTestId('pay-doc').fill('7731');
      await axe();
      await dialog.getByTestId('pay-submit').click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('pay-status').selectOption('resolved');
      await textOf(page.getByTestId('payments-table'), '7731');
      await page.getByTestId('nav-invoices').click();
      await page.getByTestId('invoice-search').fill(number);
      await textOf(page.getByTestId('invoices-table'), 'оплачен частично');
    });

    await step('07-suspension-decided', async () => {
      await j.login('director@rackdesk.local', DEMO_PASSWORD, '/#/accounting/suspensions');
      await page.getByTestId('nav-suspensions').click();
      const row = page.getByTestId('susp-row').filter({ hasText: 'Логистик Онлайн' });
      await row.waitFor();
      await axe();
      await row.getByTestId('susp-confirm').click();
      const dialog = page.getByTestId('susp-dialog');
      await textOf(dialog, 'будут приостановлены');
      await dialog.getByTestId('susp-note').fill('Долг за монтаж два месяца; звонили трижды');
      await dialog.getByTestId('susp-submit').click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('susp-empty').waitFor();
      await page.getByTestId('nav-services').click();
      await page.getByTestId('svc-search').fill('Логистик');
      await textOf(page.getByTestId('services-table').locator('tbody tr', { hasText: 'Логистик' }), 'приостановлена');
    });

    await step('08-settings', async () => {
      await page.getByTestId('nav-accounting-settings').click();
      await page.getByTestId('register-download').waitFor();
      await page.getByTestId('bik-status').waitFor();
      await axe();
    });

    expect(pageErrors).toEqual([]);
  });
});
