/**
 * Orders journey, the paths the sale-to-billing journey (journey.e2e.ts) does not take: an acceptance the
 * client sent on paper, recorded by the manager on the proposal card, becomes an order.
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

describe('acceptance on paper → order', () => {
  it('records a paper acceptance and makes the order from it', async () => {
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
    expect(pageErrors).toEqual([]);
  });
});
