/**
 * Marketing journey (demo data): the director records a competitor offer by hand, uploads a file (a bad one is
 * refused with its lines named, then a good one), sees the comparison chart with min and median, enters a
 * campaign's spend and sees the cost per lead in the attribution; puts a spend on a manager's payroll; opens demand.
 * Screenshots: test-results/screenshots/marketing-NN-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yIssues } from './axe.ts';
import { startJourney, textOf, WAIT, type Journey } from './harness.ts';

const DEMO_PASSWORD = 'demo-journey-2026';
let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'marketing', external: true, env: { RACKDESK_DEMO: '1', RACKDESK_JOBS: '0', RACKDESK_DEMO_PASSWORD: DEMO_PASSWORD } }); });
afterAll(async () => { await j?.close(); });

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const today = () => new Date().toISOString().slice(0, 10);

describe('marketing journey in the browser', () => {
  it('competitor offer by hand and by file → comparison chart with min/median → spend → cost per lead', async () => {
    const { page, step, pageErrors } = j;
    const axe = async () => expect(await seriousA11yIssues(page)).toEqual([]);

    await step('01-competitors', async () => {
      await j.login('director@rackdesk.local', DEMO_PASSWORD, '/');
      await page.getByTestId('nav-mkt-competitors').click();
      await page.getByTestId('mkt-offers').waitFor({ timeout: WAIT });
      expect(await page.getByTestId('mkt-stale').count()).toBeGreaterThan(0);
      await axe();
    });
    await step('02-offer-by-hand', async () => {
      await page.getByTestId('mo-competitor').fill('Хостинг-Тест');
      await page.getByTestId('mo-url').fill('https://hosting-test.example/vps');
      await page.getByTestId('mo-kind').selectOption('vps');
      await page.getByTestId('mo-site').selectOption('MSK-DC1');
      await page.getByTestId('mo-p-vcpu').fill('2');
      await page.getByTestId('mo-p-ramGb').fill('4');
      await page.getByTestId('mo-p-diskGb').fill('40');
      await page.getByTestId('mo-p-ipv4').fill('1');
      await page.getByTestId('mo-monthly').fill('1 100');
      await page.getByTestId('mo-save').click();
      await textOf(page.getByTestId('mkt-offers'), 'Хостинг-Тест');
    });
    await step('03-bad-file-refused', async () => {
      const bad = `date;source_url;competitor;kind;location;params;monthly_price\n${today()};https://a.example;Файл-Хост;vps;MSK-DC1;"vcpu=2; ramGb=4; diskGb=40; ipv4=1";1 250\n${today()};https://a.example;Файл-Хост;vps;NOWHERE;"vcpu=2";дорого\n`;
      await page.getByTestId('mkt-import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await page.getByTestId('mkt-import-send').click();
      const errors = await textOf(page.getByTestId('mkt-import-errors'), 'Строка 3');
      expect(errors).toContain('Строка 3, столбец «monthlyPrice»: ');
    });
    await step('04-good-file', async () => {
      const good = `date;source_url;competitor;kind;location;params;monthly_price\n${today()};https://a.example;Файл-Хост;vps;MSK-DC1;"vcpu=2; ramGb=4; diskGb=40; ipv4=1";1 250\n`;
      await page.getByTestId('mkt-import-file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
      await page.getByTestId('mkt-import-send').click();
      await textOf(page.getByTestId('mkt-offers'), 'Файл-Хост');
    });
    await step('05-comparison', async () => {
      await page.getByTestId('nav-mkt-comparison').click();
      const chart = page.getByTestId('mkt-cmp-chart');
      await chart.waitFor({ timeout: WAIT });
      expect(await chart.getAttribute('aria-label')).toContain('VPS-2-4-DC1');
      const row = page.getByTestId('mkt-cmp-row').filter({ hasText: 'VPS-2-4-DC1' });
      // fresh comparable VPS offers without VAT: 990; 1 390/1,22 = 1 139,34; 1 590/1,22 = 1 303,28; 1 100/1,22 = 901,64; 1 250/1,22 = 1 024,59
      expect(plain(await row.getByTestId('mkt-cmp-min').textContent() ?? '')).toBe('901,64 ₽');
      expect(plain(await row.getByTestId('mkt-cmp-median').textContent() ?? '')).toBe('1 024,59 ₽');
      await axe();
    });
    await step('06-spend', async () => {
      await page.getByTestId('nav-mkt-spend').click();
      await page.getByTestId('mkt-attr-table').waitFor({ timeout: WAIT });
      await page.getByTestId('sp-campaign').fill('yd-colocation');
      await page.getByTestId('sp-amount').fill('6 000');
      await page.getByTestId('sp-save').click();
      // yd-colocation: 9 000 last month + 6 000 now, one lead → 15 000 per lead
      const row = page.getByTestId('mkt-attr-row').filter({ hasText: 'yd-colocation' });
      await row.getByTestId('mkt-attr-cpl').filter({ hasText: /15\s000,00/ }).waitFor({ timeout: WAIT });
      await page.getByTestId('mkt-cpl-chart').waitFor();
      await axe();
    });
    await step('07-spend-to-payroll', async () => {
      const row = page.getByTestId('mkt-spend-row').filter({ hasText: 'yd-colocation' }).filter({ hasText: '6 000' });
      await row.first().getByTestId('mkt-spend-use').click();
      await page.getByTestId('su-user').selectOption({ label: 'Ирина Соколова' });
      await page.getByTestId('su-save').click();
      await page.getByTestId('confirm-yes').click();
      await page.getByTestId('mkt-spend-row').filter({ hasText: 'yd-colocation' }).filter({ hasText: 'Ирина Соколова' }).waitFor({ timeout: WAIT });
    });
    await step('08-demand', async () => {
      await page.getByTestId('nav-mkt-demand').click();
      await page.getByTestId('mkt-demand-table').waitFor({ timeout: WAIT });
      await page.getByTestId('mkt-demand-chart').waitFor();
      await textOf(page.getByTestId('mkt-demand-table'), 'Нет двух стоек');
      await axe();
    });
    expect(pageErrors).toEqual([]);
  });
});
