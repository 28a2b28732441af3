/**
 * A sales manager's day in the browser, in Russian, against the real server (PGlite in a temp folder) and a
 * real SMTP server: company → contact → consents → lead with the contact → edit the deal → an advertising
 * call refused without consent, with the reason named → an advertising e-mail sent (its consent exists) →
 * feasibility requested from the proposal line's offer → the proposal unblocked once the tech department
 * answers → management approves the discount → the manager sends it (after the confirmation).
 * Only the setting-up (users, site, our entity, price list, catalog offer) and the tech department's answer
 * go through the API; screenshots: test-results/screenshots/manager-NN-*.png (see harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalEntity } from '../helpers/factories.ts';
import { startTestSmtp } from '../helpers/smtp.ts';
import { startJourney, textOf, type Journey } from './harness.ts';

const password = 'e2e-user-password-1';
const companyName = 'Северный Ветер';
const contactName = 'Орлова Вера Сергеевна';
const dealTitle = 'Колокация 2U в МСК-1';

let j: Journey;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
beforeAll(async () => {
  smtp = await startTestSmtp();
  j = await startJourney({ name: 'manager', env: { RACKDESK_JOBS: '0', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'Rackdesk <desk@rackdesk.test>' } });
});
afterAll(async () => { await j?.close(); await smtp?.close(); });

/** Users, a site, our entity, a supplier with a price list and a published colocation offer, through the API as admin. */
async function seed() {
  const token = await j.apiToken();
  const call = <T>(method: string, path: string, body?: unknown) => j.api<T>(token, method, path, body);
  await call('POST', '/users', { email: 'boss@rackdesk.test', fullName: 'Петров Пётр Петрович', role: 'management', password });
  await call('POST', '/users', { email: 'manager@rackdesk.test', fullName: 'Сидорова Анна Игоревна', role: 'manager', password });
  const site = await call<{ id: string }>('POST', '/sites', { code: 'MSK-1', name: 'ЦОД Москва-1', kind: 'data_center' });
  const own = await call<{ id: string }>('POST', '/companies', legalEntity({ name: 'Стойка и Канал', roles: ['own'] }));
  await call('PUT', '/own-entities', { companyId: own.id, taxMode: 'osn', isDefault: true });
  const supplier = await call<{ id: string }>('POST', '/companies', legalEntity({ name: 'Железо Оптом', roles: ['supplier'] }));
  const csv = 'sku;component;description;billing;price\nRACK-1U;rack;Юнит в стойке;monthly;5000\nIPV4;ip;Адрес IPv4;monthly;150\n';
  await call('POST', `/price-lists?supplierId=${supplier.id}&effectiveFrom=2026-01-01&fileName=zhelezo.csv`, { contentBase64: Buffer.from(csv).toString('base64') });
  await call('POST', '/catalog/offers', {
    code: 'COLO-2U', name: 'Колокация 2U, 0,6 кВт', serviceKind: 'colocation', siteId: site.id, published: true,
    params: { units: 2, kw: 0.6, ports: 1, uplinkMbps: 1000, ipv4: 1 }, components: [{ sku: 'RACK-1U', quantity: 2 }, { sku: 'IPV4', quantity: 1 }],
    monthlyPrice: 2_000_000, setupFee: 0,
  });
  return { token };
}

describe('a sales manager’s day in the browser', () => {
  it('company → contact → consents → lead → edit → call refused → e-mail sent → feasibility from the offer → approved → sent', async () => {
    const { page, step, pageErrors } = j;
    const { token } = await seed();

    await step('01-company', async () => {
      await j.login('manager@rackdesk.test', password, '/#/companies/new');
      await page.getByTestId('company-form').waitFor();
      await page.getByTestId('company-kind-legal').click();
      await page.getByTestId('company-legalForm').selectOption('ООО');
      await page.getByTestId('company-name').fill(companyName);
      await page.getByTestId('company-inn').fill('7707083893');
      await page.getByTestId('company-kpp').fill('773601001');
      await page.getByTestId('company-save').click();
      await textOf(page.getByTestId('company-title'), companyName);
      // The card opens on the 360° overview: nothing yet, and the three ways to start work.
      await page.getByTestId('company-overview').waitFor();
      await page.getByTestId('company-new-deal').waitFor();
    });

    await step('02-contact', async () => {
      await page.getByTestId('tab-contacts').click();
      await page.getByTestId('contact-add').click();
      await page.getByTestId('contact-fullName').fill(contactName);
      await page.getByTestId('contact-position').fill('Технический директор');
      await page.getByTestId('contact-phones').fill('+7 495 123-45-67');
      await page.getByTestId('contact-emails').fill('v.orlova@veter.example');
      await page.getByTestId('contact-save').click();
      await textOf(page.getByTestId('contact-row'), contactName);
    });

    await step('03-consents', async () => {
      await page.getByTestId('tab-consents').click();
      // E-mail advertising needs consent to personal-data processing and to advertising; calls get none.
      for (const purpose of ['pd_processing', 'advertising']) {
        await page.getByTestId('consent-record').first().click();
        await page.locator('#consent-channel').selectOption('email');
        await page.locator('#consent-purpose').selectOption(purpose);
        await page.getByTestId('consent-source').fill('Подписанная анкета на выставке');
        await page.getByTestId('consent-textVersion').fill('v3');
        await page.getByTestId('consent-save').click();
        await page.locator(`[data-testid="consent-email-${purpose}"][data-status="granted"]`).waitFor();
      }
    });

    await step('04-lead-with-contact', async () => {
      await page.getByTestId('tab-overview').click();
      await page.getByTestId('company-new-deal').click();
      await page.getByTestId('lead-company-fixed').waitFor();
      await page.getByTestId('lead-title').fill(dealTitle);
      await page.getByTestId('lead-source').selectOption('conference');
      await page.getByTestId('lead-contact').locator('option', { hasText: contactName }).waitFor({ state: 'attached' });
      await page.getByTestId('lead-contact').selectOption({ label: `${contactName} — Технический директор` });
      await page.getByTestId('lead-revenue').fill('20000');
    });

    await step('05-deal-card', async () => {
      await page.getByTestId('lead-submit').click();
      await textOf(page.getByTestId('deal-title'), dealTitle);
      expect(await page.getByTestId('deal-contact').textContent()).toContain(contactName);
    });

    await step('06-deal-edit', async () => {
      await page.getByTestId('deal-edit-open').click();
      await page.getByTestId('deal-edit-revenue').fill('24 500,50');
      await page.getByTestId('deal-edit-next').fill('Отправить КП');
      await page.getByTestId('deal-edit-due').fill('2026-12-04');
    });

    await step('07-deal-edited', async () => {
      await page.getByTestId('deal-edit-save').click();
      await textOf(page.getByTestId('toast'), 'Сделка сохранена');
      expect(await textOf(page.getByTestId('deal-next'), 'Отправить КП')).toContain('04.12.2026');
      expect(await page.locator('.kv').textContent()).toContain('24\u00a0500,50\u00a0₽');
    });

    await step('08-advertising-call-refused', async () => {
      await page.getByTestId('activity-kind').selectOption('call');
      await page.getByTestId('activity-direction').selectOption('outbound');
      await page.getByTestId('activity-purpose').selectOption('advertising');
      await page.getByTestId('activity-outcome').fill('Рассказали о скидке на стойки');
      await page.getByTestId('activity-submit').click();
      expect(await textOf(page.getByTestId('activity-error'), 'рекламные звонки'))
        .toBe(`Нет согласия на рекламные звонки для этого контакта («${contactName}»)`);
    });

    await step('09-email-sent', async () => {
      await page.getByTestId('tab-email').click();
      expect(await page.getByTestId('email-to').inputValue()).toBe(`${contactName} <v.orlova@veter.example>`);
      await page.getByTestId('email-purpose').selectOption('advertising');
      await page.getByTestId('email-subject').fill('Скидка на колокацию в декабре');
      await page.getByTestId('email-text').fill('Вера Сергеевна, добрый день! Предлагаем 2U со скидкой.');
      await page.getByTestId('email-submit').click();
      await page.getByTestId('timeline-activity').filter({ hasText: 'Скидка на колокацию в декабре' }).waitFor();
      expect(smtp.received.map((m) => m.subject)).toEqual(['Скидка на колокацию в декабре']);
    });

    await step('10-proposal-blocked', async () => {
      await page.locator('.muted a', { hasText: companyName }).click();
      await page.getByTestId('overview-deals').getByText(dealTitle).waitFor();
      await page.getByTestId('company-new-proposal').click();
      await page.getByTestId('np-company-fixed').waitFor();
      await page.getByTestId('np-create').click();
      await page.getByTestId('add-line').waitFor();
      await page.getByTestId('al-offer').selectOption({ label: 'COLO-2U — Колокация 2U, 0,6 кВт (20\u00a0000,00\u00a0₽)' });
      await page.getByTestId('al-price').fill('12000');
      await page.getByTestId('al-add').click();
      await page.getByTestId('line-below-floor').waitFor();
      const blockers = await textOf(page.getByTestId('proposal-blockers'), 'технической возможности');
      expect(blockers).toContain('Строка 1 «Колокация 2U, 0,6 кВт»: нет запроса технической возможности по услуге «колокация»');
      expect(blockers).toContain('Цена ниже минимальной (строки 1)');
      expect(await page.getByTestId('line-row').textContent()).toContain('Мощность, кВт: 0,6');
    });

    await step('11-feasibility-from-offer', async () => {
      await page.getByTestId('blocker-feasibility').click();
      await page.getByTestId('feas-form').waitFor();
      // Prefilled from the offer: the same keys the proposal line asks.
      await expect.poll(() => page.getByTestId('feas-param-kw').inputValue()).toBe('0,6');
      expect(await page.getByTestId('feas-company').inputValue()).not.toBe('');
      expect(await page.getByTestId('feas-kind').inputValue()).toBe('colocation');
      expect(await page.getByTestId('feas-param-units').inputValue()).toBe('2');
      await page.getByTestId('feas-submit').click();
      await textOf(page.getByTestId('feas-row'), companyName);
      expect(await page.getByTestId('feas-row').first().textContent()).toContain('Мощность, кВт: 0,6');
    });

    await step('12-proposal-unblocked', async () => {
      // The tech department confirms the request as asked (its own journey is inventory.e2e.ts).
      const requests = await j.api<{ items: { id: string; companyName: string }[] }>(token, 'GET', '/feasibility-requests');
      const request = requests.items.find((r) => r.companyName === companyName)!;
      await j.api(token, 'POST', `/feasibility-requests/${request.id}/answers`, { outcome: 'feasible', leadDays: 3, validUntil: '2027-06-30' });
      await page.getByTestId('nav-proposals').click();
      await page.getByTestId('proposal-row').filter({ hasText: companyName }).locator('a').first().click();
      const blockers = await textOf(page.getByTestId('proposal-blockers'), 'Цена ниже минимальной');
      expect(blockers).not.toContain('технической возможности');
      await page.getByTestId('proposal-submit').click();
      await textOf(page.getByTestId('proposal-status'), 'на согласовании');
    });

    await step('13-approved', async () => {
      await j.login('boss@rackdesk.test', password, '/#/approvals');
      const item = page.getByTestId('approval-item').filter({ hasText: companyName });
      await item.getByTestId('approval-reason').fill('Годовой контракт, согласовано');
      await item.getByTestId('approval-approve').click();
      await page.getByTestId('approvals-empty').waitFor();
    });

    await step('14-send-confirm', async () => {
      await j.login('manager@rackdesk.test', password, '/#/proposals');
      await page.getByTestId('proposal-row').filter({ hasText: companyName }).locator('a').first().click();
      await textOf(page.getByTestId('proposal-status'), 'согласовано');
      await page.getByTestId('proposal-send').click();
      expect(await textOf(page.getByTestId('confirm-text'), 'уходит клиенту')).toContain(companyName);
    });

    await step('15-sent', async () => {
      await page.getByTestId('confirm-yes').click();
      await textOf(page.getByTestId('proposal-status'), 'отправлено');
      await page.getByTestId('proposal-company').click();
      await textOf(page.getByTestId('overview-proposals'), 'отправлено');
      expect(await page.getByTestId('overview-feasibility').textContent()).toContain('реализуемо');
    });

    expect(pageErrors).toEqual([]);
  });
});
