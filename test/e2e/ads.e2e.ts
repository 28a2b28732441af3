/**
 * Ads journey: marketing makes a Yandex ad from a VPS offer through a template, the offer's price changes,
 * the ad is listed as untrue and the export refuses it, the ad is regenerated from the catalog and the
 * export downloads. Also the staff price-list screen. Screenshots: test-results/screenshots/ads-NN-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalEntity } from '../helpers/factories.ts';
import { startJourney, textOf, WAIT, type Journey } from './harness.ts';

let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'ads', external: true }); });
afterAll(async () => { await j?.close(); });

describe('ads journey in the browser', () => {
  it('generate → price change → untrue and export refused → regenerate → export downloads', async () => {
    const { page, step, api, pageErrors } = j;
    const stamp = Date.now().toString(36);
    const email = `marketing.${stamp}@rackdesk.test`;
    const pwd = 'e2e-ads-password';
    const code = `VPS-${stamp.toUpperCase()}`;
    let offerId = '';
    let token = '';
    await step('00-setup', async () => {
      token = await j.apiToken();
      await api(token, 'POST', '/users', { email, fullName: 'Мария Маркетолог', role: 'management', password: pwd });
      const own = await api<{ id: string }>(token, 'POST', '/companies', legalEntity({ name: `Хостинг ${stamp}`, roles: ['own'] }));
      await api(token, 'PUT', '/own-entities', { companyId: own.id, taxMode: 'osn', isDefault: true });
      const site = await api<{ id: string }>(token, 'POST', '/sites', { code: `A${stamp.slice(-6).toUpperCase()}`, name: 'ЦОД Север', kind: 'data_center', address: 'Москва, ул. Северная, 1' });
      await api(token, 'POST', '/vps-hosts', { siteId: site.id, name: 'kvm-1', vcpu: 32, ramGb: 128, diskGb: 2000, cpuOvercommit: 2, ramOvercommit: 1 });
      await api(token, 'POST', '/ip-prefixes', { siteId: site.id, prefix: `10.${Number.parseInt(stamp.slice(-2), 36) % 250}.7.0/28` });
      const offer = await api<{ id: string }>(token, 'POST', '/catalog/offers', {
        code, name: 'VPS Старт', serviceKind: 'vps', siteId: site.id, params: { vcpu: 2, ramGb: 4, diskGb: 50, ipv4: 1 },
        components: [{ sku: `${code}-X`, quantity: 1 }], monthlyPrice: 90_000, setupFee: 0, published: true,
      });
      offerId = offer.id;
      await api(token, 'POST', '/ads/templates', {
        name: `VPS ${stamp}`, network: 'yandex', finalUrl: 'https://hoster.example/prices',
        fields: { title: 'VPS в {location} за {price} в месяц', title2: '{config}', text: 'Виртуальный сервер {name}: {config}. Запуск за минуту!' },
        keywords: ['vps {location}', 'аренда виртуального сервера'],
      });
    });
    await step('01-generate', async () => {
      await j.login(email, pwd, '/#/ads');
      await page.getByTestId('ads-page').waitFor();
      await page.getByTestId('gen-template').selectOption({ label: `VPS ${stamp} (Яндекс Директ)` });
      await page.getByTestId('gen-campaign').fill(`VPS ${stamp}`);
      await page.getByTestId(`gen-offer-${code}`).check();
      await page.getByTestId('gen-submit').click();
      const campaign = page.getByTestId(`campaign-VPS ${stamp}`);
      expect(await textOf(campaign, 'за 1 098 ₽ в месяц')).toContain('VPS в Москва за 1 098 ₽ в месяц');
      expect(await page.getByTestId('ads-untrue').innerText()).toContain('Все объявления соответствуют каталогу');
    });
    await step('02-template-editor', async () => {
      await page.getByRole('button', { name: `VPS ${stamp}` }).click();
      await page.getByTestId('template-editor').waitFor();
      await page.getByTestId('tpl-title').fill('Выделенный виртуальный сервер в {location} всего за {price} в месяц');
      await expect.poll(() => page.getByTestId('counter-title').first().innerText(), { timeout: WAIT }).toMatch(/^\d+\/56/);
      expect(await page.getByTestId('problem-title').first().innerText()).toContain('из 56');
      await page.getByTestId('template-editor').scrollIntoViewIfNeeded();
    });
    await step('03-price-changed-untrue', async () => {
      await api(token, 'PATCH', `/catalog/offers/${offerId}`, { monthlyPrice: 99_000 });
      await page.reload();
      await page.getByTestId('ads-page').waitFor();
      expect(await textOf(page.getByTestId('ads-untrue'), 'Цена изменилась')).toContain('в объявлении 1 098 ₽, в каталоге 1 207,80 ₽');
      await page.getByTestId('ads-export-yandex').click();
      expect(await textOf(page.getByTestId('ads-export-error'), 'Выгрузка остановлена')).toContain('неправдивых объявлений — 1');
    });
    await step('04-regenerate-export', async () => {
      const ad = page.locator('[data-untrue="yes"]').first();
      await ad.getByTestId('ad-regenerate').click();
      await expect.poll(() => page.getByTestId('ads-untrue').innerText(), { timeout: WAIT }).toContain('Все объявления соответствуют каталогу');
      expect(await page.getByTestId(`campaign-VPS ${stamp}`).innerText()).toContain('за 1 207,80 ₽ в месяц');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ads-export-yandex').click()]);
      expect(download.suggestedFilename()).toMatch(/^yandex-direct-\d{4}-\d{2}-\d{2}\.xlsx$/);
      expect(await page.getByTestId('ads-export-error').count()).toBe(0);
    });
    await step('05-pricelist', async () => {
      await page.getByTestId('nav-pricelist').click();
      await page.getByTestId('pricelist-page').waitFor();
      expect(await textOf(page.getByTestId('pl-shown'), code === '' ? 'x' : 'VPS Старт')).toContain('1\u00a0207,80\u00a0₽');
      await page.frameLocator('[data-testid="pl-widget"]').locator(`[data-code="${code}"]`).waitFor({ timeout: WAIT });
    });
    expect(pageErrors).toEqual([]);
  });
});
