/**
 * Browser journey of the client's online acceptance, against the real server and a real SMTP server:
 * a manager starts a proposal from the deal card («Новое КП»), adds the confirmed offer, sends it by e-mail
 * to the client's contact; the client opens the personal link from the captured e-mail (no login), sees the
 * proposal and accepts it; the deal is then won with the proposal's monthly total as its revenue.
 * Screenshots: test-results/screenshots/acceptance-NN-*.png (see harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalEntity } from '../helpers/factories.ts';
import { startTestSmtp } from '../helpers/smtp.ts';
import { startJourney, textOf, type Journey } from './harness.ts';

const password = 'e2e-user-password-1';
let j: Journey;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
beforeAll(async () => {
  smtp = await startTestSmtp();
  j = await startJourney({ name: 'acceptance', env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'Rackdesk <desk@rackdesk.test>', RACKDESK_JOBS: '0' } });
});
afterAll(async () => { await j?.close(); await smtp?.close(); });

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** Through the API as admin: a manager, our entity, a priced offer, the client with a contact, the tech department's answer, a deal. */
async function seed() {
  const token = await j.apiToken();
  const call = <T>(method: string, path: string, body?: unknown) => j.api<T>(token, method, path, body);
  await call('POST', '/users', { email: 'manager@rackdesk.test', fullName: 'Сидорова Анна Игоревна', role: 'manager', password });
  const site = await call<{ id: string }>('POST', '/sites', { code: 'MSK-1', name: 'ЦОД Москва-1', kind: 'data_center' });
  const own = await call<{ id: string }>('POST', '/companies', legalEntity({ name: 'Стойка и Канал', roles: ['own'] }));
  await call('PUT', '/own-entities', { companyId: own.id, taxMode: 'osn', isDefault: true });
  const supplier = await call<{ id: string }>('POST', '/companies', legalEntity({ name: 'Железо Оптом', roles: ['supplier'] }));
  const csv = 'sku;component;description;billing;price\nSRV-E2388;hardware;Сервер;one_time;360000\nRACK-1U;rack;Юнит;monthly;5000\nIPV4;ip;IPv4;monthly;150\n';
  await call('POST', `/price-lists?supplierId=${supplier.id}&effectiveFrom=2026-01-01&fileName=p.csv`, { contentBase64: Buffer.from(csv).toString('base64') });
  const params = { cpuModel: 'Xeon E-2388G', cores: 8, ramGb: 64, disks: '2×960 ГБ SSD', raid: 'RAID1', uplinkMbps: 1000, ipv4: 2, trafficTb: 30 };
  await call('POST', '/catalog/offers', {
    code: 'DS-E2388', name: 'Сервер E-2388G', serviceKind: 'dedicated', siteId: site.id, params, monthlyPrice: 2_500_000, setupFee: 500_000, published: true,
    components: [{ sku: 'SRV-E2388', quantity: 1 }, { sku: 'RACK-1U', quantity: 1 }, { sku: 'IPV4', quantity: 2 }],
  });
  const client = await call<{ id: string }>('POST', '/companies', legalEntity({ name: 'Ромашка Хостинг', roles: ['client'] }));
  const contact = await call<{ id: string }>('POST', `/companies/${client.id}/contacts`, { fullName: 'Мария Соколова', emails: ['maria@romashka.test'], phones: [] });
  const request = await call<{ id: string }>('POST', '/feasibility-requests', { companyId: client.id, siteId: site.id, serviceKind: 'dedicated', params, quantity: 2 });
  await call('POST', `/feasibility-requests/${request.id}/answers`, { outcome: 'feasible', leadDays: 3, validUntil: inDays(90) });
  const managerToken = await j.apiToken('manager@rackdesk.test', password);
  const deal = await j.api<{ id: string }>(managerToken, 'POST', '/deals', { title: 'Ромашка: два сервера', source: 'inbound_call', companyId: client.id, contactId: contact.id });
  return { deal, client };
}

describe('proposal sent by e-mail → the client accepts on the public page → the deal is won', () => {
  it('goes from the deal card to an accepted proposal and a won deal at the monthly total', async () => {
    const { page, baseUrl, step, pageErrors } = j;
    const { deal } = await seed();
    await page.goto(baseUrl);

    await step('01-deal-card', async () => {
      await j.login('manager@rackdesk.test', password, `/#/deals/${deal.id}`);
      await textOf(page.getByTestId('deal-sales'), 'КП по сделке ещё нет');
    });

    await step('02-new-proposal', async () => {
      await page.getByTestId('deal-new-proposal').click();
      await page.locator('#np-title').fill('Два выделенных сервера');
      await page.locator('#np-date').fill(inDays(21));
      await page.locator('#np-valid').fill(inDays(30));
      await page.getByTestId('np-create').click();
      await page.getByTestId('al-offer').waitFor();
    });

    await step('03-line-added', async () => {
      await page.getByTestId('al-offer').selectOption({ index: 1 });
      await page.getByTestId('al-qty').fill('2');
      await page.getByTestId('al-add').click();
      await textOf(page.getByTestId('proposal-totals'), '50 000,00');
    });

    await step('04-send-dialog', async () => {
      await page.getByTestId('proposal-email').click();
      await textOf(page.getByTestId('send-modal'), 'Мария Соколова');
      await page.getByTestId('send-earliest').waitFor();
    });

    await step('05-sent', async () => {
      await page.getByTestId('send-submit').click();
      await page.locator('[data-testid="proposal-links"] li[data-state="active"]').waitFor();
    });

    const mail = smtp.received.at(-1)!;
    expect((mail.to as { text: string }).text).toContain('maria@romashka.test');
    expect(mail.attachments[0]!.contentType).toBe('application/pdf');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/offer\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;

    await step('06-public-page', async () => {
      await j.logout();
      await page.goto(link);
      await page.getByRole('heading', { name: /Коммерческое предложение КП-/ }).waitFor();
      expect(await page.locator('main').textContent()).toContain('Два выделенных сервера');
    });

    await step('07-accepted', async () => {
      await page.locator('#comment').fill('Согласны, ждём договор');
      await page.getByRole('button', { name: 'Принять предложение' }).click();
      await page.locator('[data-state="accepted"]').waitFor();
    });

    await step('08-deal-won', async () => {
      await page.goto(baseUrl);
      await j.login('manager@rackdesk.test', password, `/#/deals/${deal.id}`);
      await textOf(page.getByTestId('deal-stage'), 'Выиграна');
      await textOf(page.getByTestId('deal-sales'), 'выиграла сделку');
      expect(await page.locator('.kv').textContent()).toMatch(/Ожидаемый доход в месяц, ₽50\s000\s₽/);
    });
    expect(pageErrors).toEqual([]);
  });
});
