/**
 * Browser journey from catalog to a sent PDF proposal, against the real server (PGlite in a temp folder):
 * management imports a supplier price list (preview first) and adds an offer to the catalog; a manager
 * builds a proposal priced below the floor, sees why it cannot be sent and asks for approval; management
 * approves it in the inbox with a reason; the manager sends it and downloads the PDF, whose text is checked.
 * Screenshots: test-results/screenshots/quoting-NN-*.png (see harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalEntity } from '../helpers/factories.ts';
import { pdfText } from '../helpers/pdf.ts';
import { startJourney, textOf, type Journey } from './harness.ts';

const password = 'e2e-user-password-1';

let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'quoting' }); });
afterAll(async () => { await j?.close(); });

const loginAs = (email: string) => j.login(email, password);

/** Seeds through the public API as admin: users, a site, our entity, a supplier and a client. */
async function seed() {
  const token = await j.apiToken();
  const call = <T>(method: string, path: string, body: unknown) => j.api<T>(token, method, path, body);
  await call('POST', '/users', { email: 'boss@rackdesk.test', fullName: 'Петров Пётр Петрович', role: 'management', password });
  await call('POST', '/users', { email: 'manager@rackdesk.test', fullName: 'Сидорова Анна Игоревна', role: 'manager', password });
  await call('POST', '/sites', { code: 'MSK-1', name: 'ЦОД Москва-1', kind: 'data_center' });
  const own = await call<{ id: string }>('POST', '/companies', legalEntity({ name: 'Стойка и Канал', roles: ['own'] }));
  await call('PUT', '/own-entities', { companyId: own.id, taxMode: 'osn', isDefault: true });
  await call('POST', '/companies', legalEntity({ name: 'Железо Оптом', roles: ['supplier'] }));
  return call<{ id: string; inn: string }>('POST', '/companies', legalEntity({ name: 'Ромашка Хостинг', roles: ['client'] }));
}

describe('catalog → proposal → approval → sent PDF in the browser', () => {
  it('goes from a supplier price list to a sent, approved below-floor proposal and its PDF', async () => {
    const { page, baseUrl, step, pageErrors } = j;
    const client = await seed();
    await page.goto(baseUrl);

    await step('01-price-list-preview', async () => {
      await loginAs('boss@rackdesk.test');
      await page.getByTestId('nav-price-lists').click();
      await page.getByTestId('pl-supplier').fill('Железо');
      await page.getByTestId('picker-option').filter({ hasText: 'Железо Оптом' }).first().click();
      await page.getByTestId('pl-effective').fill('2026-01-01');
      const bad = 'sku;component;billing;price\nSRV-E2388;hardware;one_time;360000\nRACK-1U;rack;weekly;5000\n';
      await page.getByTestId('pl-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await page.getByTestId('pl-preview').click();
      expect(await textOf(page.getByTestId('pl-errors'), 'Строка 3')).toContain('Строка 3, столбец «billing»: ');
      const csv = 'sku;component;description;billing;price\nSRV-E2388;hardware;Сервер Xeon E-2388G;one_time;360000\nRACK-1U;rack;Юнит в стойке;monthly;5000\nIPV4;ip;Адрес IPv4;monthly;150\n';
      await page.getByTestId('pl-file').setInputFiles({ name: 'zhelezo-2026.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByTestId('pl-preview').click();
      await textOf(page.getByTestId('pl-preview-table'), 'SRV-E2388');
    });

    await step('02-price-list-imported', async () => {
      await page.getByTestId('pl-import').click();
      await textOf(page.getByTestId('pl-history'), 'zhelezo-2026.csv');
    });

    await step('03-offer-form', async () => {
      await page.getByTestId('nav-catalog').click();
      await page.getByTestId('offer-new').click();
      await page.getByTestId('offer-code').fill('DS-E2388');
      await page.getByTestId('offer-name').fill('Сервер E-2388G / 64 ГБ / 2×960 ГБ SSD');
      await page.getByTestId('offer-param-cpuModel').fill('Xeon E-2388G');
      await page.getByTestId('offer-param-cores').fill('8');
      await page.getByTestId('offer-param-ramGb').fill('64');
      await page.getByTestId('offer-param-disks').fill('2×960 ГБ SSD');
      await page.getByTestId('offer-param-raid').fill('RAID1');
      await page.getByTestId('offer-param-uplinkMbps').fill('1000');
      await page.getByTestId('offer-param-ipv4').fill('2');
      await page.getByTestId('offer-components').fill('SRV-E2388 1\nRACK-1U 1\nIPV4 2');
      await page.getByTestId('offer-price').fill('25 000');
      await page.getByTestId('offer-setup').fill('5000');
    });

    await step('04-catalog', async () => {
      await page.getByTestId('offer-save').click();
      const row = page.locator('[data-testid="offer-row"][data-code="DS-E2388"]');
      await row.waitFor();
      // 360 000 / 36 + 5 000 + 2 × 150 = 15 300; +10 % = 16 830; / 0.8 = 21 037,50 → 21 038
      expect(await row.getByTestId('offer-floor').textContent()).toBe('21\u00a0038,00\u00a0₽');
    });

    await step('05-proposal-below-floor', async () => {
      await loginAs('manager@rackdesk.test');
      await page.getByTestId('nav-proposals').click();
      await page.getByTestId('proposal-new').click();
      await page.getByTestId('np-company').fill('Ромашка');
      await page.getByTestId('proposal-form').getByTestId('picker-option').first().click();
      await page.getByTestId('np-valid').fill('2026-12-31');
      await page.getByTestId('np-create').click();
      await page.getByTestId('add-line').waitFor();
      await page.getByTestId('al-offer').selectOption({ label: 'DS-E2388 — Сервер E-2388G / 64 ГБ / 2×960 ГБ SSD (25\u00a0000,00\u00a0₽)' });
      await page.getByTestId('al-qty').fill('2');
      await page.getByTestId('al-price').fill('20000');
      await page.getByTestId('al-add').click();
      await page.getByTestId('line-below-floor').waitFor();
      expect(await page.getByTestId('proposal-blockers').textContent()).toContain('Цена ниже минимальной (строки 1)');
    });

    await step('06-send-refused', async () => {
      await page.getByTestId('proposal-send').click();
      expect(await textOf(page.getByTestId('confirm-text'), 'Версия фиксируется')).toContain('Ромашка Хостинг');
      await page.getByTestId('confirm-yes').click();
      await textOf(page.getByTestId('toast'), 'согласование');
      expect(await page.getByTestId('proposal-status').textContent()).toBe('черновик');
      await page.getByTestId('proposal-submit').click();
      await textOf(page.getByTestId('proposal-status'), 'на согласовании');
    });

    await step('07-approval-inbox', async () => {
      await loginAs('boss@rackdesk.test');
      await page.getByTestId('nav-approvals').click();
      const item = page.getByTestId('approval-item').first();
      await item.waitFor();
      expect(await item.textContent()).toContain('Ромашка Хостинг');
      expect(await item.textContent()).toContain('20\u00a0000,00\u00a0₽ при минимуме 21\u00a0038,00\u00a0₽');
      await item.getByTestId('approval-approve').click();
      await textOf(page.getByTestId('toast'), 'Укажите причину');
      await item.getByTestId('approval-reason').fill('Клиент берёт два сервера на год, согласовано');
      await item.getByTestId('approval-approve').click();
      await page.getByTestId('approvals-empty').waitFor();
    });

    await step('08-needs-feasibility', async () => {
      await loginAs('manager@rackdesk.test');
      await page.getByTestId('nav-proposals').click();
      await page.getByTestId('proposal-row').first().locator('a').click();
      await textOf(page.getByTestId('proposal-status'), 'согласовано');
      expect(await page.getByTestId('proposal-approvals').textContent()).toContain('Петров Пётр Петрович');
      // Approved on price, but the tech department has not confirmed the servers yet: it cannot go out.
      await textOf(page.getByTestId('proposal-blockers'), 'Строка 1 «Сервер E-2388G / 64 ГБ / 2×960 ГБ SSD»: нет запроса технической возможности');
      await page.getByTestId('proposal-send').click();
      await page.getByTestId('confirm-yes').click();
      await textOf(page.getByTestId('toast'), 'техотдела');
      expect(await page.getByTestId('proposal-status').textContent()).toBe('согласовано');
    });

    await step('09-sent', async () => {
      // The tech department answers the request for exactly this line (its own journey is inventory.e2e.ts).
      const token = await j.apiToken();
      const proposalId = decodeURIComponent(page.url().split('/proposals/')[1]!.split(/[/?#]/)[0]!);
      const proposal = await j.api<{ companyId: string; lines: { siteId: string; serviceKind: string; params: Record<string, unknown>; quantity: number }[] }>(token, 'GET', `/proposals/${proposalId}`);
      const line = proposal.lines[0]!;
      const request = await j.api<{ id: string }>(token, 'POST', '/feasibility-requests', { companyId: proposal.companyId, siteId: line.siteId, serviceKind: line.serviceKind, params: line.params, quantity: line.quantity });
      await j.api(token, 'POST', `/feasibility-requests/${request.id}/answers`, { outcome: 'feasible', leadDays: 5, validUntil: '2027-06-30' });
      await page.reload();
      await textOf(page.getByTestId('proposal-status'), 'согласовано');
      await page.getByTestId('proposal-send').click();
      await page.getByTestId('confirm-yes').click();
      await textOf(page.getByTestId('proposal-status'), 'отправлено');
      // 2 × 20 000 + 2 × 5 000 = 50 000; НДС 22 % = 11 000; всего 61 000
      expect(await page.getByTestId('proposal-gross').textContent()).toBe('61\u00a0000,00\u00a0₽');
    });

    const href = await page.getByTestId('proposal-pdf').getAttribute('href');
    const pdf = await page.context().request.get(`${baseUrl}${href}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const text = (await pdfText(Buffer.from(await pdf.body()))).replace(/\s+/g, ' ');
    expect(text).toContain('Ромашка Хостинг');
    expect(text).toContain(`ИНН ${client.inn}`);
    expect(text).toContain('61 000,00 ₽');
    expect(text).toContain('НДС 22 %');
    await step('10-below-floor-report', async () => {
      await page.getByTestId('nav-catalog').click();
      // the sent proposal was approved below its floor: it stays visible in the report
      expect(await textOf(page.getByTestId('below-floor-report'), 'КП-')).toContain('Ромашка Хостинг');
    });

    await step('11-custom-line-english', async () => {
      await page.getByTestId('nav-proposals').click();
      await page.getByTestId('proposal-row').first().locator('a').click();
      await page.getByTestId('proposal-revise').click();
      await textOf(page.getByTestId('proposal-title'), 'версия 2');
      await page.getByTestId('al-custom').click();
      await page.locator('#cl-description').fill('VPS 2 vCPU / 4 ГБ');
      await page.locator('#cl-param-vcpu').fill('2');
      await page.locator('#cl-param-ramGb').fill('4');
      await page.locator('#cl-param-diskGb').fill('40');
      await page.locator('#cl-param-ipv4').fill('1');
      await page.locator('#cl-components').fill('IPV4 1');
      await page.locator('#cl-price').fill('990');
      await page.getByTestId('custom-line').getByRole('button').click();
      await textOf(page.getByTestId('line-row'), 'VPS 2 vCPU');
      expect(await page.getByTestId('line-row').count()).toBe(2);
      await page.getByRole('button', { name: 'EN' }).click();
      await textOf(page.getByTestId('proposal-status'), 'draft');
    });
    expect(pageErrors).toEqual([]);
  });
});
