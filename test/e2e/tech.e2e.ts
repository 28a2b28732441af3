/**
 * Browser journey of the tech department (C6): a rack and a prefix added by hand, the prefix page's «next
 * free IP», a colocation request answered with rack units, power and IPs held for the client, the rack
 * picture naming the client, and the manager's proposal resting on the answer (its feasibility blocker gone).
 * Screenshots: test-results/screenshots/tech-NN-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalEntity } from '../helpers/factories.ts';
import { startJourney, textOf, type Journey } from './harness.ts';

let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'tech', external: true }); });
afterAll(async () => { await j?.close(); });

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('tech department journey in the browser', () => {
  it('rack and prefix by hand → next free IP → colocation answer holding units and IPs → the proposal rests on it', async () => {
    const { page, step, api: rest, pageErrors } = j;
    const stamp = Date.now().toString(36);
    const pwd = 'e2e-tech-password-1';
    const techEmail = `tech.${stamp}@rackdesk.test`;
    const managerEmail = `manager.${stamp}@rackdesk.test`;
    const siteCode = `T${stamp.slice(-6).toUpperCase()}`;
    const siteLabel = `${siteCode} — ЦОД Тушино`;
    const clientName = `ООО «Колокейт ${stamp}»`;
    // A prefix of its own, so the journey can run twice against one server.
    const net = `198.18.${Math.floor(Math.random() * 256)}`;
    let token = '';
    let siteId = '';
    let companyId = '';
    let proposalId = '';
    const feasBlocker = async () => (await rest<{ blockers: { key: string }[] }>(token, 'GET', `/proposals/${proposalId}`)).blockers.filter((b) => /feas/i.test(b.key));

    await step('00-setup', async () => {
      token = await j.apiToken();
      await rest(token, 'POST', '/users', { email: techEmail, fullName: 'Тимур Техников', role: 'tech', password: pwd });
      await rest(token, 'POST', '/users', { email: managerEmail, fullName: 'Мария Менеджерова', role: 'manager', password: pwd });
      siteId = (await rest<{ id: string }>(token, 'POST', '/sites', { code: siteCode, name: 'ЦОД Тушино', kind: 'data_center', address: 'Москва' })).id;
      companyId = (await rest<{ id: string }>(token, 'POST', '/companies', legalEntity({ name: clientName, roles: ['client'] }))).id;
      const own = await rest<{ id: string }>(token, 'POST', '/companies', legalEntity({ name: `Стойка и Канал ${stamp}`, roles: ['own'] }));
      await rest(token, 'PUT', '/own-entities', { companyId: own.id, taxMode: 'osn', isDefault: true });
      const supplier = await rest<{ id: string }>(token, 'POST', '/companies', legalEntity({ name: `Железо ${stamp}`, roles: ['supplier'] }));
      const csv = `sku;component;description;billing;price\nRACK-${stamp};rack;Юнит в стойке;monthly;5000\nIP-${stamp};ip;Адрес IPv4;monthly;150\n`;
      await rest(token, 'POST', `/price-lists?supplierId=${supplier.id}&effectiveFrom=2026-01-01&fileName=p.csv`, { contentBase64: Buffer.from(csv).toString('base64') });
    });

    await step('01-add-rack-by-hand', async () => {
      await j.login(techEmail, pwd, '/#/inventory');
      await page.getByTestId('inv-site').selectOption({ label: siteLabel });
      await page.getByTestId('inv-add-racks').click();
      await page.getByTestId('inv-form').waitFor();
      await page.getByTestId('inv-f-name').fill('B-07');
      await page.getByTestId('inv-f-units').fill('42');
      await page.getByTestId('inv-f-powerAW').fill('5000');
      await page.getByTestId('inv-f-powerBW').fill('5000');
      await page.getByTestId('inv-form-submit').click();
      await page.getByTestId('inv-form').waitFor({ state: 'detached' });
      await textOf(page.getByTestId('rack-item'), 'B-07');
      await page.getByTestId('rack-elevation').waitFor();
      expect(await page.getByTestId('rack-free').textContent()).toContain('42');
    });

    await step('02-rack-edit', async () => {
      // A bad value is refused on its field, in Russian.
      await page.getByTestId('inv-edit-racks').click();
      await page.getByTestId('inv-f-units').fill('0');
      await page.getByTestId('inv-form-submit').click();
      await textOf(page.getByTestId('inv-form'), 'больше нуля');
      await page.getByTestId('inv-f-units').fill('42');
      await page.getByTestId('inv-f-name').fill('B-07 Тушино');
      await page.getByTestId('inv-form-submit').click();
      await page.getByTestId('inv-form').waitFor({ state: 'detached' });
      await textOf(page.getByTestId('rack-item'), 'B-07 Тушино');
    });

    await step('03-add-prefix-by-hand', async () => {
      await page.getByTestId('inv-add-ip-prefixes').click();
      await page.getByTestId('inv-f-prefix').fill(`${net}.0/28`);
      await page.getByTestId('inv-f-pool').fill('public');
      await page.getByTestId('inv-form-submit').click();
      await page.getByTestId('inv-form').waitFor({ state: 'detached' });
      await textOf(page.getByTestId('prefix-table'), `${net}.0/28`);
      // 16 addresses, network and broadcast never free: 14.
      expect(await page.getByTestId('prefix-table').textContent()).toContain('14');
    });

    await step('04-prefix-page-next-ip', async () => {
      await page.getByTestId('prefix-link').filter({ hasText: `${net}.0/28` }).click();
      await page.getByTestId('prefix-page').waitFor();
      await textOf(page.getByTestId('prefix-counts'), 'свободно: 14');
      expect(await page.getByTestId('prefix-next-ip').textContent()).toContain(`${net}.1/32`);
      await page.getByTestId('pa-ref').fill('Мониторинг');
      await page.getByTestId('prefix-next-ip').click();
      await textOf(page.getByTestId('prefix-address-row'), `${net}.1/32`);
      await textOf(page.getByTestId('prefix-counts'), 'свободно: 13');
      expect(await page.getByTestId('prefix-address-row').first().textContent()).toContain('проект Мониторинг');
    });

    await step('05-manager-asks-and-proposal-blocked', async () => {
      const mt = await j.apiToken(managerEmail, pwd);
      await rest(mt, 'POST', '/feasibility-requests', { companyId, siteId, serviceKind: 'colocation', params: { units: 2, kw: 0.5, ports: 1, uplinkMbps: 100, ipv4: 2 }, desiredOn: inDays(30), priority: 'high' });
      proposalId = (await rest<{ id: string }>(mt, 'POST', '/proposals', {
        companyId, serviceDate: inDays(30), validUntil: inDays(20),
        lines: [{ siteId, serviceKind: 'colocation', description: 'Колокация 2U, 0,5 кВт', params: { units: 2, kw: 0.5, ports: 1, uplinkMbps: 100, ipv4: 2 }, unitPrice: '1500000',
          components: [{ sku: `RACK-${stamp}`, quantity: 2 }, { sku: `IP-${stamp}`, quantity: 2 }] }],
      })).id;
      expect((await feasBlocker()).length).toBeGreaterThan(0);
    });

    await step('06-answer-form-with-capacity', async () => {
      await page.getByTestId('nav-feasibility').click();
      const row = page.getByTestId('feas-row').filter({ hasText: clientName });
      await row.waitFor();
      expect(await row.textContent()).toContain('Мария Менеджерова');
      await row.getByTestId('feas-answer-open').click();
      await page.getByTestId('answer-form').waitFor();
      await textOf(page.getByTestId('answer-context'), 'Мария Менеджерова');
      await page.getByTestId('answer-capacity').waitFor();
      await page.getByTestId('ans-lead').fill('3');
      await page.getByTestId('ans-rack').locator('option', { hasText: 'B-07' }).waitFor({ state: 'attached' });
      await page.getByTestId('ans-rack').selectOption({ index: 1 });
      expect(await page.getByTestId('ans-ufrom').inputValue()).toBe('1');
      await page.getByTestId('ans-ufrom').fill('20');
      expect(await page.getByTestId('ans-uheight').inputValue()).toBe('2');
      expect(await page.getByTestId('ans-power').inputValue()).toBe('500');
      await page.getByTestId('ans-prefix').selectOption({ index: 1 });
      expect(await page.getByTestId('ans-ipcount').inputValue()).toBe('2');
    });

    await step('07-answered-leaves-open-queue', async () => {
      await page.getByTestId('ans-submit').click();
      await page.getByTestId('answer-form').waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('feas-row').filter({ hasText: clientName }).count()).toBe(0);
      await page.getByTestId('feas-filter').selectOption('answered');
      const row = page.getByTestId('feas-row').filter({ hasText: clientName });
      expect(await textOf(row.getByTestId('feas-answer'), 'реализуемо')).toContain('срок 3');
    });

    await step('08-rack-picture-names-the-client', async () => {
      await page.getByTestId('nav-inventory').click();
      await page.getByTestId('inv-site').selectOption({ label: siteLabel });
      await page.getByTestId('rack-block-held').first().waitFor();
      expect(await page.getByTestId('rack-face-front').locator('[data-testid="rack-block-held"]').count()).toBe(1);
      expect(await page.getByTestId('rack-face-rear').locator('[data-testid="rack-block-held"]').count()).toBe(1);
      const row = page.getByTestId('rack-row').filter({ hasText: 'U20–21' });
      expect(await row.textContent()).toContain(clientName);
      expect(await row.textContent()).toContain('A 500 Вт / B 500 Вт');
      await page.getByTestId('prefix-link').filter({ hasText: `${net}.0/28` }).click();
      await textOf(page.getByTestId('prefix-counts'), 'свободно: 11');
      expect(await page.getByTestId('prefix-addresses').textContent()).toContain(`резерв для ${clientName}`);
    });

    await step('09-proposal-rests-on-the-answer', async () => {
      expect(await feasBlocker()).toEqual([]);
    });
    expect(pageErrors).toEqual([]);
  });
});
