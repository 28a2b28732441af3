/**
 * Orders journey, the paths the sale-to-billing journey (journey.e2e.ts) does not take: an acceptance the
 * client sent on paper, recorded by the manager on the proposal card, becomes an order; a disagreement is
 * recorded and resolved; the client withdraws and the manager cancels the order with the reason.
 * Screenshots: test-results/screenshots/orders-NN-*.png (see harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalEntity } from '../helpers/factories.ts';
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

describe('acceptance on paper → order → dispute resolved → order cancelled', () => {
  it('records a paper acceptance, makes the order, resolves a dispute and cancels the order', async () => {
    const { page, step, pageErrors } = j;
    const { token, proposal } = await seed();

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
      expect(await page.getByTestId('chain-proposal').textContent()).toContain(proposal.number);
      expect(await page.getByTestId('signing-status').textContent()).toContain('Подготовлен');
    });
    await step('03-dispute-resolved', async () => {
      await page.locator('#subject').fill('Клиент просит другой порт подключения');
      await page.getByTestId('dispute-open').click();
      const open = page.locator('[data-testid="dispute"][data-state="open"]');
      await open.waitFor();
      await open.getByTestId('dispute-resolve').click();
      await textOf(open.locator('[data-testid^="error-resolution-"]'), 'Слишком короткое');
      await open.getByTestId('dispute-resolution-text').fill('Согласовали порт 10G, без доплаты');
      await open.getByTestId('dispute-resolve').click();
      expect(await textOf(page.locator('[data-testid="dispute"][data-state="resolved"]'), 'Согласовали порт 10G')).toContain('Сидорова Анна Игоревна');
    });
    await step('04-order-cancelled', async () => {
      await page.getByTestId('order-cancel').click();
      await page.getByTestId('confirm-yes').click();
      await textOf(page.getByTestId('error-cancel-reason'), 'Слишком короткое');
      await page.getByTestId('order-cancel-reason').fill('Клиент выбрал другого провайдера');
      await page.getByTestId('order-cancel').click();
      await textOf(page.getByTestId('confirm-text'), 'безвозвратно');
      await page.getByTestId('confirm-yes').click();
      await textOf(page.getByTestId('order-cancelled'), 'Клиент выбрал другого провайдера');
      expect(await page.getByTestId('order-status').textContent()).toBe('Отменён');
      expect(await page.getByTestId('sign-sent').count()).toBe(0);
      const id = page.url().split('/').pop()!;
      expect(await j.api(token, 'GET', `/orders/${id}`)).toMatchObject({ status: 'cancelled', cancelReason: 'Клиент выбрал другого провайдера', cancelledBy: 'Сидорова Анна Игоревна' });
    });
    expect(pageErrors).toEqual([]);
  });
});
