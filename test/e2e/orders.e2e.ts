/**
 * Orders journey: a proposal the client accepted (recorded by the manager the existing way) becomes an
 * order; the contract DOCX is downloaded and its text checked; signing goes step by step; the hand-off
 * issues the initial invoice, which a bank statement import pays; the tech department takes the request
 * from its queue, ticks the checklist and completes it; the manager agrees the start date with the
 * client; the billing run bills the service prorated from that date.
 * Screenshots: test-results/screenshots/orders-NN-*.png (see harness.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementText } from '../billing/statement-fixture.ts';
import { legalEntity } from '../helpers/factories.ts';
import { dateInZone } from '../../src/domain/dates.ts';
import { startJourney, textOf, type Journey } from './harness.ts';

const password = 'e2e-user-password-1';
let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'orders' }); });
afterAll(async () => { await j?.close(); });

type Co = { id: string; name: string; inn: string; kpp: string; settlementAccount: string };

/** Seeds through the public API as admin: users, site, our entity, supplier prices, an offer, a client with a confirmed feasibility answer and a sent proposal. */
async function seed() {
  const token = await j.apiToken();
  const call = <T>(method: string, path: string, body?: unknown) => j.api<T>(token, method, path, body);
  await call('POST', '/users', { email: 'manager@rackdesk.test', fullName: 'Сидорова Анна Игоревна', role: 'manager', password });
  await call('POST', '/users', { email: 'tech@rackdesk.test', fullName: 'Кузнецов Олег Петрович', role: 'tech', password });
  const managerToken = await j.apiToken('manager@rackdesk.test', password);
  const site = await call<{ id: string }>('POST', '/sites', { code: 'MSK-1', name: 'ЦОД Москва-1', kind: 'data_center' });
  const own = await call<Co>('POST', '/companies', legalEntity({ name: 'Стойка и Канал', roles: ['own'] }));
  await call('PUT', '/own-entities', { companyId: own.id, taxMode: 'osn', isDefault: true });
  const supplier = await call<{ id: string }>('POST', '/companies', legalEntity({ name: 'Железо Оптом', roles: ['supplier'] }));
  const csv = 'sku;component;description;billing;price\nSRV-E2388;hardware;Сервер Xeon E-2388G;one_time;360000\nRACK-1U;rack;Юнит в стойке;monthly;5000\nIPV4;ip;Адрес IPv4;monthly;150\n';
  await call('POST', `/price-lists?supplierId=${supplier.id}&effectiveFrom=2026-01-01&fileName=prices.csv`, { contentBase64: Buffer.from(csv).toString('base64') });
  const params = { cpuModel: 'Xeon E-2388G', cores: 8, ramGb: 64, disks: '2×960 ГБ SSD', raid: 'RAID1', uplinkMbps: 1000, ipv4: 2, trafficTb: 30 };
  const offer = await call<{ id: string }>('POST', '/catalog/offers', { code: 'DS-E2388', name: 'Сервер E-2388G / 64 ГБ', serviceKind: 'dedicated', siteId: site.id, params,
    components: [{ sku: 'SRV-E2388', quantity: 1 }, { sku: 'RACK-1U', quantity: 1 }, { sku: 'IPV4', quantity: 2 }], monthlyPrice: 3_100_000, setupFee: 500_000, published: true });
  const client = await call<Co>('POST', '/companies', legalEntity({ name: 'Ромашка Хостинг' }));
  await call('POST', `/companies/${client.id}/contacts`, { fullName: 'Волков Андрей Сергеевич', position: 'Генеральный директор' });
  const req = await j.api<{ id: string }>(managerToken, 'POST', '/feasibility-requests', { companyId: client.id, siteId: site.id, serviceKind: 'dedicated', params, quantity: 1 });
  await call('POST', `/feasibility-requests/${req.id}/answers`, { outcome: 'feasible', leadDays: 5, validUntil: '2027-06-30' });
  const p = await j.api<{ id: string; number: string }>(managerToken, 'POST', '/proposals', { companyId: client.id, sellerCompanyId: own.id, serviceDate: '2026-12-15', validUntil: '2026-12-31',
    title: 'Выделенный сервер для Ромашки', lines: [{ offerId: offer.id, quantity: 1, unitPrice: 3_100_000 }] });
  await j.api(managerToken, 'POST', `/proposals/${p.id}/send`);
  return { token, own, client, proposal: p };
}

describe('accepted proposal → order → contract → signing → paid invoice → provisioning → start → billing', () => {
  it('runs the whole chain in the browser', async () => {
    const { page, baseUrl, step, pageErrors } = j;
    const { token, own, client, proposal } = await seed();
    let orderUrl = '';

    await step('01-proposal-accepted', async () => {
      await j.login('manager@rackdesk.test', password, `/#/proposals/${proposal.id}`);
      await page.getByTestId('proposal-accept').click();
      await page.getByTestId('confirm-yes').click();
      await textOf(page.getByTestId('proposal-status'), 'принято');
      await page.getByTestId('order-create').waitFor();
    });
    await step('02-order-created', async () => {
      await page.getByTestId('order-create').click();
      await page.getByTestId('order-page').waitFor();
      orderUrl = page.url();
      expect(await page.getByTestId('chain-proposal').textContent()).toContain(proposal.number);
      expect(await page.getByTestId('signing-status').textContent()).toContain('Подготовлен');
    });
    await step('03-contract-docx', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('contract-docx').click()]);
      expect(download.suggestedFilename()).toMatch(/^Договор_Д-\d{4}-0001_.*Ромашка_Хостинг.*\.docx$/);
      const xml = new PizZip(readFileSync((await download.path())!)).file('word/document.xml')!.asText().replace(/<[^>]+>/g, '');
      for (const s of ['ДОГОВОР № Д-', 'ПРИЛОЖЕНИЕ № 1', client.inn, own.inn, 'Волков Андрей Сергеевич', 'Сервер E-2388G / 64 ГБ', 'ОЗУ, ГБ: 64', 'НДС 22 %', '15.12.2026']) expect(xml).toContain(s);
    });
    await step('04-signed', async () => {
      await page.locator('#channel').selectOption('courier');
      await page.getByTestId('sign-sent').click();
      expect(await textOf(page.getByTestId('order-error'), 'отслеживания')).toContain('отслеживания');
      await page.locator('#tracking').fill('СДЭК 1234567890');
      await page.getByTestId('sign-sent').click();
      await textOf(page.getByTestId('signing-status'), 'СДЭК 1234567890');
      await page.getByTestId('sign-client').click();
      await page.getByTestId('sign-ours').click();
      await textOf(page.getByTestId('signing-status'), 'Подписан обеими сторонами');
    });
    let invoice = { number: 0, total: '0' };
    let orderNumber = '';
    await step('05-handed-off', async () => {
      await page.getByTestId('order-handoff').click();
      await textOf(page.getByTestId('prov-status'), 'Ждёт оплаты');
      const id = orderUrl.split('/').pop()!;
      ({ invoice, number: orderNumber } = await j.api<{ number: string; invoice: { number: number; total: string } }>(token, 'GET', `/orders/${id}`));
      expect(await page.getByTestId('order-invoice').textContent()).toContain(`№ ${invoice.number}`);
    });
    await step('06-invoice-paid', async () => {
      const today = dateInZone(new Date());
      const d = `${today.slice(8, 10)}.${today.slice(5, 7)}.${today.slice(0, 4)}`;
      const rub = (k: string) => `${BigInt(k) / 100n}.${String(BigInt(k) % 100n).padStart(2, '0')}`;
      const file = join(j.dataDir ?? tmpdir(), 'kl_to_1c.txt');
      writeFileSync(file, statementText([own.settlementAccount], [{ number: '901', date: d, amount: rub(invoice.total), payerAccount: client.settlementAccount, payerInn: client.inn, payerKpp: client.kpp,
        payerName: client.name, payeeAccount: own.settlementAccount, purpose: `Оплата по счету № ${invoice.number} за подключение сервера` }], 'UTF8'));
      await j.login(j.admin.email, j.admin.password, '/#/billing/statement');
      await page.getByTestId('statement-file').setInputFiles(file);
      expect(await textOf(page.getByTestId('statement-result'), 'разнесено')).toContain('разнесено автоматически: 1');
    });
    await step('07-tech-queue', async () => {
      await j.login('tech@rackdesk.test', password, '/#/provisioning');
      const row = page.getByTestId(`prov-row-${orderNumber}`);
      expect(await textOf(row, 'Готов к работе')).toContain('Обычный');
      await row.locator('a').click();
      await page.getByTestId('prov-start').click();
      await textOf(page.getByTestId('prov-status'), 'В работе');
      const boxes = page.locator('[data-testid^="check-"]');
      const n = await boxes.count();
      for (let i = 1; i <= n; i++) {
        await page.getByTestId(`check-${i}`).click();
        await expect.poll(() => page.getByTestId(`check-${i}`).isChecked()).toBe(true);
      }
      await page.getByTestId('prov-complete').click();
      await textOf(page.getByTestId('prov-proposed'), '15.12.2026');
    });
    await step('08-start-agreed', async () => {
      await j.login('manager@rackdesk.test', password, orderUrl.slice(orderUrl.indexOf('/#/')));
      await page.getByTestId('start-date').fill('2027-01-11');
      await page.getByTestId('start-agree').click();
      await textOf(page.getByTestId('chain-service'), '11.01.2027');
      expect(await page.getByTestId('order-status').textContent()).toContain('Услуги оказываются');
    });
    await step('09-billed-prorated', async () => {
      await j.login(j.admin.email, j.admin.password, '/#/billing/run');
      await page.getByTestId('run-period').fill('2027-01');
      await page.getByTestId('run-start').click();
      await page.getByTestId('confirm-yes').click();
      await page.getByTestId('run-result').waitFor();
      await page.goto(`${baseUrl}/#/billing/clients/${client.id}`);
      const inv = await j.api<{ items: { id: string; period: string | null; kind: string }[] }>(token, 'GET', `/billing/invoices?clientId=${client.id}`);
      const jan = inv.items.find((i) => i.period === '2027-01' && i.kind === 'period');
      expect(jan).toBeDefined();
      const lines = (await j.api<{ lines: { kind: string; net: string; dateFrom: string }[] }>(token, 'GET', `/billing/invoices/${jan!.id}`)).lines;
      // 11–31 January of 31 000 ₽ a month: 21 days of 31 = 21 000,00 ₽
      expect(lines).toContainEqual(expect.objectContaining({ kind: 'period', net: '2100000', dateFrom: '2027-01-11' }));
      await page.getByTestId('client-invoices').waitFor();
    });
    expect(pageErrors).toEqual([]);
  });
});
