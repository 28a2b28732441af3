/**
 * Browser journey through the companies screens against the real server (PGlite in a temp
 * folder): log in, create a company with a wrong and then a right ИНН, find it, read its
 * history, add a contact and a consent, switch to English. Screenshots of every step go to
 * test-results/screenshots/companies-NN-*.png for people to look at; a failure adds
 * failure-companies-<step>.png (see harness.ts).
 *
 * RACKDESK_E2E_BASE_URL runs the journey against an already running server instead
 * (then RACKDESK_ADMIN_EMAIL / RACKDESK_ADMIN_PASSWORD must be that server's admin).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJourney, textOf, type Journey } from './harness.ts';

let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'companies', external: true }); });
afterAll(async () => { await j?.close(); });

describe('companies journey in the browser', () => {
  const name = `Сбербанк России ${Date.now().toString(36)}`;
  const inn = '7707083893';

  it('logs in, creates a company after fixing a wrong ИНН, finds it, reads its history, switches to English', async () => {
    const { page, baseUrl, step, pageErrors } = j;
    const { email: adminEmail, password: adminPassword } = j.admin;
    await step('01-login', async () => {
      await page.goto(baseUrl);
      await page.getByTestId('login-form').waitFor();
      await page.getByTestId('login-email').fill(adminEmail);
      await page.getByTestId('login-password').fill('not-the-password');
      await page.getByTestId('login-submit').click();
      expect(await textOf(page.getByTestId('login-error'), 'Неверный')).toContain('Неверный e-mail или пароль');
    });

    await step('02-companies', async () => {
      await page.getByTestId('login-password').fill(adminPassword);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('companies-table').waitFor();
      await page.getByTestId('nav-users').waitFor();
      expect(await page.getByTestId('user-name').textContent()).toContain('администратор');
    });

    await step('03-wrong-inn', async () => {
      await page.getByTestId('companies-new').click();
      await page.getByTestId('company-form').waitFor();
      await page.getByTestId('company-kind-legal').click();
      await page.getByTestId('company-legalForm').selectOption('ПАО');
      await page.getByTestId('company-name').fill(name);
      await page.getByTestId('company-inn').fill('7707083894');
      await page.getByTestId('company-inn').press('Tab');
      const err = await textOf(page.getByTestId('error-company-inn'), 'ИНН');
      expect(err).toBe('Неверный ИНН: не сходятся контрольные цифры');
    });

    await step('04-form-filled', async () => {
      await page.getByTestId('company-inn').fill(inn);
      await page.getByTestId('error-company-inn').waitFor({ state: 'detached' });
      await page.getByTestId('company-kpp').fill('773601001');
      await page.getByTestId('company-ogrn').fill('1027700132195');
      await page.getByTestId('company-bik').fill('044525225');
      await page.getByTestId('company-bankName').fill('ПАО Сбербанк');
      await page.getByTestId('company-settlementAccount').fill('40702810438000034726');
      await page.getByTestId('company-corrAccount').fill('30101810400000000225');
      await page.getByTestId('company-legalAddress').fill('117312, г. Москва, ул. Вавилова, д. 19');
      await page.getByTestId('company-phone').fill('+7 495 500-55-50');
      await page.getByTestId('company-email').fill('info@example.ru');
      await page.getByTestId('company-role-supplier').check();
      await page.getByTestId('company-corrAccount').press('Tab');
      expect(await page.locator('.field-error').count()).toBe(0);
      await page.evaluate(() => { (document.activeElement as HTMLElement | null)?.blur(); window.scrollTo(0, 150); });
    });

    await step('05-company-card', async () => {
      await page.getByTestId('company-save').click();
      expect(await textOf(page.getByTestId('company-title'), name)).toContain(name);
      await textOf(page.getByTestId('toast'), name);
      expect(await page.getByTestId('company-requisites').textContent()).toContain('773601001');
    });

    await step('06-search', async () => {
      await page.getByTestId('nav-companies').click();
      await page.getByTestId('companies-search').fill(inn);
      const row = page.getByTestId('company-row').filter({ hasText: name });
      await row.waitFor();
      expect(await page.getByTestId('company-row').count()).toBe(1);
      await page.getByTestId('companies-search').fill(name.slice(0, 12));
      await row.waitFor();
      await page.getByTestId('companies-search').fill('нет-такой-компании');
      await page.getByTestId('companies-empty').waitFor();
      await page.getByTestId('companies-search').fill(name.split(' ')[0]!);
      await row.waitFor();
    });

    await step('07-history', async () => {
      await page.getByTestId('company-row').filter({ hasText: name }).click();
      await page.getByTestId('tab-history').click();
      const created = page.locator('[data-testid="history-row"][data-action="create"]');
      await created.waitFor();
      const text = (await created.textContent()) ?? '';
      expect(text).toContain('Создание компании');
      expect(text).toContain(inn);
    });

    await step('08-edit', async () => {
      await page.getByTestId('company-edit').click();
      await page.getByTestId('company-phone').fill('+7 495 777-88-99');
      await page.getByTestId('company-save').click();
      await textOf(page.getByTestId('company-requisites'), '+7 495 777-88-99');
      // Changing one field leaves the others alone (roles included).
      expect(await page.locator('.head-meta').textContent()).toContain('поставщик');
      await page.getByTestId('tab-history').click();
      const updated = page.locator('[data-testid="history-row"][data-action="update"]');
      await updated.waitFor();
      const text = (await updated.textContent()) ?? '';
      expect(text).toContain('+7 495 500-55-50');
      expect(text).toContain('+7 495 777-88-99');
    });

    await step('09-contacts', async () => {
      await page.getByTestId('tab-contacts').click();
      await page.getByTestId('contact-add').click();
      await page.getByTestId('contact-fullName').fill('Иванова Мария Петровна');
      await page.getByTestId('contact-position').fill('Руководитель отдела закупок');
      await page.getByTestId('contact-phones').fill('+7 495 123-45-67, 12-34');
      await page.getByTestId('contact-emails').fill('m.ivanova@example.ru');
      await page.getByTestId('contact-save').click();
      expect(await textOf(page.getByTestId('error-contact-phones'), 'Неверный номер')).toContain('12-34');
      await page.getByTestId('contact-phones').fill('+7 495 123-45-67, +7 916 000-11-22');
      await page.getByTestId('contact-save').click();
      await textOf(page.getByTestId('contact-row'), 'Иванова Мария Петровна');
    });

    await step('10-consents', async () => {
      await page.getByTestId('tab-consents').click();
      await page.getByTestId('consent-record').first().click();
      await page.getByTestId('consent-source').fill('Подписанная форма согласия');
      await page.getByTestId('consent-textVersion').fill('v3');
      await page.getByTestId('consent-save').click();
      await page.locator('[data-testid="consent-email-pd_processing"][data-status="granted"]').waitFor();
    });

    await step('11-history-with-contacts', async () => {
      await page.getByTestId('tab-history').click();
      const grant = page.locator('[data-testid="history-row"][data-action="grant"]');
      expect(await textOf(grant, 'Иванова Мария Петровна')).toContain('Обработка ПДн');
      await page.getByTestId('toast').first().waitFor({ state: 'detached' });
    });

    await step('12-english', async () => {
      await page.getByTestId('lang-en').click();
      expect(await textOf(page.getByTestId('tab-history'), 'History')).toBe('History');
      expect(await page.getByTestId('nav-companies').textContent()).toBe('Companies');
      await page.reload();
      expect(await textOf(page.getByTestId('tab-consents'), 'Consents')).toBe('Consents');
    });

    await step('13-duplicate-in-english', async () => {
      await page.goto(`${baseUrl}/#/companies/new`);
      await page.getByTestId('company-name').fill(`${name} copy`);
      await page.getByTestId('company-inn').fill(inn);
      await page.getByTestId('company-kpp').fill('773601001');
      await page.getByTestId('company-save').click();
      await page.getByTestId('form-banner').waitFor();
      expect(await page.getByTestId('form-banner').textContent()).toMatch(/already exists/i);
    });

    await step('14-existing-company', async () => {
      await page.getByTestId('existing-company-link').click();
      expect(await textOf(page.getByTestId('company-title'), name)).toContain(name);
    });

    await step('15-users', async () => {
      await page.getByTestId('nav-users').click();
      await textOf(page.getByTestId('user-row'), adminEmail);
      await page.getByTestId('lang-ru').click();
      await textOf(page.getByTestId('nav-users'), 'Пользователи');
    });

    const managerEmail = `manager-${Date.now().toString(36)}@rackdesk.test`;
    await step('16-user-created', async () => {
      await page.getByTestId('user-new').click();
      await page.getByTestId('user-email').fill(managerEmail);
      await page.getByTestId('user-fullName').fill('Петров Пётр Петрович');
      await page.getByTestId('user-role').selectOption('manager');
      await page.getByTestId('user-save').click();
      const generated = (await page.getByTestId('generated-password').textContent()) ?? '';
      expect(generated.length).toBeGreaterThanOrEqual(10);
    });

    await step('17-manager-view', async () => {
      const generated = (await page.getByTestId('generated-password').textContent()) ?? '';
      await page.getByTestId('user-form').getByRole('button', { name: 'Готово' }).click();
      const row = page.getByTestId('user-row').filter({ hasText: managerEmail });
      expect(await textOf(row, 'менеджер')).toContain('активен');
      await j.login(managerEmail, generated);
      await textOf(page.getByTestId('user-name'), 'менеджер');
      await textOf(page.getByTestId('company-row'), name);
      expect(await page.getByTestId('nav-users').count()).toBe(0);
    });

    await step('18-user-edited', async () => {
      await j.login(adminEmail, adminPassword);
      await page.getByTestId('nav-users').click();
      const row = page.getByTestId('user-row').filter({ hasText: managerEmail });
      await row.getByTestId('user-edit').click();
      await page.getByTestId('user-role').selectOption('accounting');
      await page.getByTestId('user-active').uncheck();
      await page.getByTestId('user-save').click();
      expect(await textOf(page.getByTestId('user-row').filter({ hasText: managerEmail }), 'бухгалтерия')).toContain('отключён');
    });

    expect(pageErrors).toEqual([]);
  });
});
