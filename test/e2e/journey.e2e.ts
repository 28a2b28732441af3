/**
 * The whole sale-to-billing journey in one browser session, against the real server and a real SMTP
 * server: the manager opens a deal, asks the tech department from the deal card, the tech department
 * answers, the manager builds the proposal from the deal and e-mails it; the client accepts on the
 * public page; the manager makes the order, downloads the contract DOCX, tracks the signatures and hands
 * the order off; accounting imports the bank statement that pays the initial invoice (which opens the
 * tech department's gate at once); tech completes the work; the manager agrees a later start with the
 * client; the next billing run bills the service prorated from that day.
 *
 * Reference data a company has before it sells (users, site, our entity, supplier prices, the catalog
 * offer, the client with its contact) is put in through the API as admin; every step of the journey
 * itself is a click in the browser. The API only reads back for the assertions.
 *
 * Runs on PGlite by default; with RACKDESK_E2E_DATABASE_URL the server runs on PostgreSQL (see harness.ts).
 * Screenshots: test-results/screenshots/journey-NN-*.png.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementText } from '../billing/statement-fixture.ts';
import { legalEntity } from '../helpers/factories.ts';
import { startTestSmtp } from '../helpers/smtp.ts';
import { dateInZone } from '../../src/domain/dates.ts';
import { formatRubles } from '../../src/domain/money.ts';
import { startJourney, textOf, WAIT, type Journey } from './harness.ts';

const password = 'e2e-user-password-1';
const manager = 'manager@rackdesk.test';
const tech = 'tech@rackdesk.test';
let j: Journey;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
beforeAll(async () => {
  smtp = await startTestSmtp();
  j = await startJourney({ name: 'journey', env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'Rackdesk <desk@rackdesk.test>', RACKDESK_JOBS: '0' } });
}, 300_000);
afterAll(async () => { await j?.close(); await smtp?.close(); });

type Co = { id: string; name: string; inn: string; kpp: string; settlementAccount: string };

/** Calendar arithmetic on ISO dates (UTC noon, so no zone shifts a day). */
const day = (iso: string, plus = 0) => new Date(Date.parse(`${iso}T12:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);
const monthAfter = (iso: string) => { const [y, m] = iso.split('-').map(Number) as [number, number]; return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`; };
const daysIn = (ym: string) => { const [y, m] = ym.split('-').map(Number) as [number, number]; return new Date(Date.UTC(y, m, 0)).getUTCDate(); };
const ru = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** Reference data: users, site, our entity, supplier prices, the catalog offer, the client and its contact. */
async function seed() {
  const token = await j.apiToken();
  const call = <T>(method: string, path: string, body?: unknown) => j.api<T>(token, method, path, body);
  await call('POST', '/users', { email: manager, fullName: 'Сидорова Анна Игоревна', role: 'manager', password });
  await call('POST', '/users', { email: tech, fullName: 'Кузнецов Олег Петрович', role: 'tech', password });
  const site = await call<{ id: string }>('POST', '/sites', { code: 'MSK-1', name: 'ЦОД Москва-1', kind: 'data_center' });
  const own = await call<Co>('POST', '/companies', legalEntity({ name: 'Стойка и Канал', roles: ['own'] }));
  await call('PUT', '/own-entities', { companyId: own.id, taxMode: 'osn', isDefault: true });
  const supplier = await call<{ id: string }>('POST', '/companies', legalEntity({ name: 'Железо Оптом', roles: ['supplier'] }));
  const csv = 'sku;component;description;billing;price\nSRV-E2388;hardware;Сервер Xeon E-2388G;one_time;360000\nRACK-1U;rack;Юнит в стойке;monthly;5000\nIPV4;ip;Адрес IPv4;monthly;150\n';
  await call('POST', `/price-lists?supplierId=${supplier.id}&effectiveFrom=2026-01-01&fileName=prices.csv`, { contentBase64: Buffer.from(csv).toString('base64') });
  const params = { cpuModel: 'Xeon E-2388G', cores: 8, ramGb: 64, disks: '2×960 ГБ SSD', raid: 'RAID1', uplinkMbps: 1000, ipv4: 2, trafficTb: 30 };
  await call('POST', '/catalog/offers', { code: 'DS-E2388', name: 'Сервер E-2388G / 64 ГБ', serviceKind: 'dedicated', siteId: site.id, params,
    components: [{ sku: 'SRV-E2388', quantity: 1 }, { sku: 'RACK-1U', quantity: 1 }, { sku: 'IPV4', quantity: 2 }], monthlyPrice: 3_100_000, setupFee: 500_000, published: true });
  const client = await call<Co>('POST', '/companies', legalEntity({ name: 'Ромашка Хостинг' }));
  await call('POST', `/companies/${client.id}/contacts`, { fullName: 'Волков Андрей Сергеевич', position: 'Генеральный директор', emails: ['volkov@romashka.test'], phones: [] });
  return { token, own, client };
}

describe(`deal → feasibility → e-mailed proposal → online acceptance → order → contract → payment → provisioning → start → billing (${process.env.RACKDESK_E2E_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('runs the whole journey in the browser', async () => {
    const { page, baseUrl, step, pageErrors } = j;
    const { token, own, client } = await seed();
    const today = dateInZone(new Date());
    // Planned start: the 20th of next month (past the 3 working days the tech department asks);
    // the start agreed later: the 11th of the month after, so that month's run bills it prorated.
    const planned = `${monthAfter(today)}-20`;
    const startMonth = monthAfter(monthAfter(today));
    const agreed = `${startMonth}-11`;
    let dealId = '';
    let orderUrl = '';

    await step('01-deal-created', async () => {
      await j.login(manager, password, '/#/pipeline');
      await page.getByTestId('lead-new').click();
      await page.getByTestId('lead-title').fill('Ромашка: выделенный сервер');
      await page.getByTestId('lead-company-q').fill('Ромашка');
      await page.getByTestId('lead-company').locator('option', { hasText: 'Ромашка Хостинг' }).waitFor({ state: 'attached' });
      await page.getByTestId('lead-company').selectOption({ label: `Ромашка Хостинг (${client.inn})` });
      await page.getByTestId('lead-contact').locator('option', { hasText: 'Волков' }).waitFor({ state: 'attached' });
      await page.getByTestId('lead-contact').selectOption({ index: 1 });
      await page.getByTestId('lead-submit').click();
      await page.getByTestId('deal-title').filter({ hasText: 'Ромашка: выделенный сервер' }).waitFor();
      dealId = page.url().split('/deals/')[1]!;
      await textOf(page.getByTestId('deal-sales'), 'КП по сделке ещё нет');
    });

    await step('02-feasibility-asked', async () => {
      await page.getByTestId('deal-new-request').click();
      await page.getByTestId('nr-offer').locator('option', { hasText: 'DS-E2388' }).waitFor({ state: 'attached' });
      await page.getByTestId('nr-offer').selectOption({ label: 'DS-E2388 · Сервер E-2388G / 64 ГБ' });
      expect(await page.locator('#nr-site').inputValue()).not.toBe('');
      await page.getByTestId('nr-create').click();
      await textOf(page.getByTestId('deal-requests'), 'Выделенный сервер');
    });

    await step('03-tech-answered', async () => {
      await j.login(tech, password, '/#/feasibility');
      const row = page.getByTestId('feas-row').filter({ hasText: 'Ромашка Хостинг' });
      await row.getByTestId('feas-answer-open').click();
      await page.getByTestId('answer-form').waitFor();
      await page.getByTestId('ans-outcome').selectOption('feasible');
      await page.getByTestId('ans-lead').fill('3');
      await page.getByTestId('ans-valid').fill(day(today, 90));
      await page.getByTestId('ans-submit').click();
      await page.getByTestId('answer-form').waitFor({ state: 'detached' });
      // An answered request leaves the open queue; the filter shows it among the answered ones.
      await page.getByTestId('feas-filter').selectOption('answered');
      expect(await textOf(row.getByTestId('feas-answer'), 'реализуемо')).toContain('срок 3 раб. дн.');
    });

    await step('04-proposal-from-deal', async () => {
      await j.login(manager, password, `/#/deals/${dealId}`);
      await page.getByTestId('deal-new-proposal').click();
      await page.locator('#np-title').fill('Выделенный сервер для Ромашки');
      await page.locator('#np-date').fill(planned);
      await page.locator('#np-valid').fill(day(today, 30));
      await page.getByTestId('np-create').click();
      await page.getByTestId('al-offer').waitFor();
      expect(page.url()).toContain('/proposals/');
      await page.getByTestId('al-offer').locator('option', { hasText: 'Сервер E-2388G' }).waitFor({ state: 'attached' });
      await page.getByTestId('al-offer').selectOption({ index: 1 });
      await page.getByTestId('al-qty').fill('1');
      await page.getByTestId('al-add').click();
      await textOf(page.getByTestId('proposal-totals'), '31 000,00');
    });

    await step('05-proposal-emailed', async () => {
      await page.getByTestId('proposal-email').click();
      await textOf(page.getByTestId('send-modal'), 'Волков Андрей Сергеевич');
      // The dialog names the earliest start the tech department's lead time allows.
      await page.getByTestId('send-earliest').waitFor();
      await page.getByTestId('send-submit').click();
      await page.locator('[data-testid="proposal-links"] li[data-state="active"]').waitFor();
    });
    await expect.poll(() => smtp.received.length, { timeout: WAIT }).toBeGreaterThan(0);
    const mail = smtp.received.at(-1)!;
    expect((mail.to as { text: string }).text).toContain('volkov@romashka.test');
    expect(mail.attachments[0]!.contentType).toBe('application/pdf');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/offer\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;

    await step('06-client-accepted', async () => {
      await j.logout();
      await page.goto(link);
      await page.getByRole('heading', { name: /Коммерческое предложение КП-/ }).waitFor();
      expect(await page.locator('main').textContent()).toContain('Выделенный сервер для Ромашки');
      await page.locator('#comment').fill('Согласны, ждём договор');
      await page.getByRole('button', { name: 'Принять предложение' }).click();
      await page.locator('[data-state="accepted"]').waitFor();
    });

    await step('07-deal-won', async () => {
      await page.goto(baseUrl);
      await j.login(manager, password, `/#/deals/${dealId}`);
      await textOf(page.getByTestId('deal-stage'), 'Выиграна');
      await textOf(page.getByTestId('deal-sales'), 'выиграла сделку');
      // The deal's revenue became the accepted proposal's monthly total.
      expect(await page.locator('.kv').textContent()).toMatch(/Ожидаемый доход в месяц, ₽31\s000\s₽/);
    });

    await step('08-order-created', async () => {
      await page.getByTestId('deal-proposals').locator('a').first().click();
      await page.getByTestId('order-create').click();
      await page.getByTestId('order-page').waitFor();
      orderUrl = page.url();
      expect(await page.getByTestId('signing-status').textContent()).toContain('Подготовлен');
    });
    const orderId = orderUrl.split('/').pop()!;

    await step('09-contract-docx', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('contract-docx').click()]);
      expect(download.suggestedFilename()).toMatch(/^Договор_Д-\d{4}-\d{4}_.*Ромашка_Хостинг.*\.docx$/);
      const text = new PizZip(readFileSync((await download.path())!)).file('word/document.xml')!.asText().replace(/<[^>]+>/g, '');
      for (const s of ['ДОГОВОР № Д-', 'ПРИЛОЖЕНИЕ № 1', client.inn, own.inn, client.settlementAccount, 'Волков Андрей Сергеевич', 'Сервер E-2388G / 64 ГБ', 'ОЗУ, ГБ: 64', 'НДС', ru(planned)]) {
        expect(text).toContain(s);
      }
    });

    await step('10-signed', async () => {
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
    await step('11-handed-off', async () => {
      await page.getByTestId('order-handoff').click();
      await textOf(page.getByTestId('prov-status'), 'Ждёт оплаты');
      ({ invoice, number: orderNumber } = await j.api<{ number: string; invoice: { number: number; total: string } }>(token, 'GET', `/orders/${orderId}`));
      expect(await page.getByTestId('order-invoice').textContent()).toContain(`№ ${invoice.number}`);
    });

    await step('12-invoice-paid-by-statement', async () => {
      const rub = (k: string) => `${BigInt(k) / 100n}.${String(BigInt(k) % 100n).padStart(2, '0')}`;
      const file = join(j.dataDir ?? tmpdir(), 'kl_to_1c.txt');
      writeFileSync(file, statementText([own.settlementAccount], [{ number: '901', date: ru(today), amount: rub(invoice.total), payerAccount: client.settlementAccount, payerInn: client.inn,
        payerKpp: client.kpp, payerName: client.name, payeeAccount: own.settlementAccount, purpose: `Оплата по счету № ${invoice.number} за подключение сервера` }], 'UTF8'));
      await j.login(j.admin.email, j.admin.password, '/#/billing/statement');
      await page.getByTestId('statement-file').setInputFiles(file);
      const result = await textOf(page.getByTestId('statement-result'), 'разнесено');
      expect(result).toContain('разнесено автоматически: 1');
      // The import itself opened the tech department's gate (no job ran: RACKDESK_JOBS=0).
      expect(result).toContain('передано в техотдел: 1');
      const o = await j.api<{ provisioning: { status: string; deadline: string | null } }>(token, 'GET', `/orders/${orderId}`);
      expect(o.provisioning).toMatchObject({ status: 'ready' });
      expect(o.provisioning.deadline).not.toBeNull();
    });

    await step('13-tech-completed', async () => {
      await j.login(tech, password, '/#/provisioning');
      const row = page.getByTestId(`prov-row-${orderNumber}`);
      expect(await textOf(row, 'Готов к работе')).toContain('Обычный');
      await row.locator('a').click();
      await page.getByTestId('prov-start').click();
      await textOf(page.getByTestId('prov-status'), 'В работе');
      const n = await page.locator('[data-testid^="check-"]').count();
      expect(n).toBeGreaterThan(0);
      for (let i = 1; i <= n; i++) {
        await page.getByTestId(`check-${i}`).click();
        await expect.poll(() => page.getByTestId(`check-${i}`).isChecked(), { timeout: WAIT }).toBe(true);
      }
      await page.getByTestId('prov-complete').click();
      await textOf(page.getByTestId('prov-proposed'), ru(planned));
    });

    await step('14-start-agreed', async () => {
      await j.login(manager, password, orderUrl.slice(orderUrl.indexOf('/#/')));
      await page.getByTestId('start-date').fill(agreed);
      await page.getByTestId('start-agree').click();
      await textOf(page.getByTestId('chain-service'), ru(agreed));
      expect(await page.getByTestId('order-status').textContent()).toContain('Услуги оказываются');
    });

    await step('15-billed-prorated', async () => {
      await j.login(j.admin.email, j.admin.password, '/#/billing/run');
      // The month of the start, previewed first: what will be issued, then the run itself after a confirmation.
      await page.getByTestId('run-mode-period').check();
      await page.getByTestId('run-period').fill(startMonth);
      await page.getByTestId('run-show').click();
      await page.getByTestId('run-start').click();
      await page.getByTestId('confirm-yes').click();
      await textOf(page.getByTestId('toast'), 'Выставлено счетов');
      const list = await j.api<{ items: { id: string; period: string | null; kind: string; total: string }[] }>(token, 'GET', `/billing/invoices?clientId=${client.id}`);
      const run = list.items.find((i) => i.period === startMonth && i.kind === 'period');
      expect(run).toBeDefined();
      const lines = (await j.api<{ lines: { kind: string; net: string; dateFrom: string; dateTo: string }[] }>(token, 'GET', `/billing/invoices/${run!.id}`)).lines;
      // 31 000 ₽ a month from the 11th to the month's end: monthly × days ÷ days of the month, to the kopeck (half up).
      const dim = daysIn(startMonth);
      const days = BigInt(dim - 10);
      const expected = (3_100_000n * days * 2n + BigInt(dim)) / (2n * BigInt(dim));
      expect(lines).toContainEqual(expect.objectContaining({ kind: 'period', net: String(expected), dateFrom: agreed, dateTo: day(`${startMonth}-01`, dim - 1) }));
      // The first period billed in advance from the planned day is taken back by a correction document (УКД).
      expect(list.items.some((i) => i.kind === 'correction')).toBe(true);
      await page.goto(`${baseUrl}/#/billing/clients/${client.id}`);
      const total = list.items.find((i) => i.id === run!.id)!.total;
      await textOf(page.getByTestId('client-invoices'), formatRubles(BigInt(total)));
      expect(await page.locator('main').textContent()).not.toContain('billing.ledger');
    });
    expect(pageErrors).toEqual([]);
  }, 600_000);
});
