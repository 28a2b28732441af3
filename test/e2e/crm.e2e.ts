/**
 * Browser journey through the CRM against the real server (PGlite in a temp folder): create a lead,
 * log a call, drag the deal to the next stage, try to mark it lost without a reason (refused),
 * then with a reason, and find it in the refusal report and in the daily summary.
 * Screenshots go to test-results/screenshots/crm-NN-*.png (see harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJourney, type Journey } from './harness.ts';

let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'crm', env: { RACKDESK_JOBS: '0' } }); });
afterAll(async () => { await j?.close(); });

describe('CRM journey in the browser', () => {
  it('lead → call → drag to the next stage → lost refused without a reason → lost with a reason → refusal report and daily summary', async () => {
    const { page, step, api, pageErrors } = j;
    const token = await j.apiToken();
    const company = await api<{ id?: string }>(token, 'POST', '/companies', { kind: 'legal', legalForm: 'ООО', name: 'Ромашка Хостинг', inn: '7707083893', kpp: '773601001', roles: ['client'] });
    expect(company.id).toBeTruthy();
    const title = 'Колокация 4 стойки';

    await step('01-pipeline', async () => {
      await j.login(j.admin.email, j.admin.password, '/');
      await page.getByTestId('nav-pipeline').click();
      await page.getByTestId('board').waitFor();
    });

    await step('02-new-lead', async () => {
      await page.getByTestId('lead-new').click();
      await page.getByTestId('lead-title').fill(title);
      await page.getByTestId('lead-company-q').fill('Ромашка');
      await page.getByTestId('lead-company').locator('option', { hasText: 'Ромашка Хостинг' }).waitFor({ state: 'attached' });
      await page.getByTestId('lead-company').selectOption({ label: 'Ромашка Хостинг (7707083893)' });
      await page.getByTestId('lead-source').selectOption('conference');
      await page.getByTestId('lead-revenue').fill('480000');
    });

    await step('03-deal-card', async () => {
      await page.getByTestId('lead-submit').click();
      await page.getByTestId('deal-title').filter({ hasText: title }).waitFor();
      expect(await page.getByTestId('deal-stage').textContent()).toBe('Новый');
    });

    await step('04-call-logged', async () => {
      await page.getByTestId('activity-kind').selectOption('call');
      await page.getByTestId('activity-direction').selectOption('inbound');
      await page.getByTestId('activity-outcome').fill('Клиент просит 4 стойки по 5 кВт в М9');
      await page.getByTestId('activity-next').fill('Проверить мощность');
      await page.getByTestId('activity-due').fill('2026-12-04');
      await page.getByTestId('activity-submit').click();
      await page.getByTestId('timeline-activity').filter({ hasText: '4 стойки по 5 кВт' }).waitFor();
      expect(await page.getByTestId('deal-next').textContent()).toContain('Проверить мощность');
    });

    await step('05-dragged', async () => {
      await page.getByTestId('nav-pipeline').click();
      const card = page.getByTestId('col-new').getByTestId('deal-card').filter({ hasText: title });
      await card.dragTo(page.getByTestId('col-qualified'));
      await page.getByTestId('col-qualified').getByTestId('deal-card').filter({ hasText: title }).waitFor();
    });

    await step('06-lost-refused', async () => {
      await page.getByTestId('col-qualified').getByTestId('deal-card').filter({ hasText: title }).dragTo(page.getByTestId('col-lost'));
      await page.getByTestId('lost-modal').waitFor();
      await page.getByTestId('lost-submit').click();
      const err = await page.getByTestId('lost-error').textContent();
      expect(err).toBe('Чтобы закрыть сделку как проигранную, выберите причину отказа из списка и напишите комментарий');
      expect(await page.getByTestId('error-lostReason').textContent()).toBe('Обязательное поле');
    });

    await step('07-lost-with-reason', async () => {
      await page.getByTestId('lost-reason').selectOption('no_capacity');
      await page.getByTestId('lost-comment').fill('В М9 нет свободных 5 кВт до весны');
      await page.getByTestId('lost-submit').click();
      await page.getByTestId('col-lost').getByTestId('deal-card').filter({ hasText: title }).waitFor();
    });

    await step('08-refusal-report', async () => {
      await page.getByTestId('nav-reports').click();
      const row = page.getByTestId('refusal-row').filter({ hasText: 'Нет технической возможности' });
      await row.waitFor();
      expect(await row.textContent()).toContain('480');
      await page.getByTestId('chart-refusals').waitFor();
    });

    await step('09-daily-summary', async () => {
      await page.getByTestId('nav-summary').click();
      const moved = page.getByTestId('sum-moved');
      await moved.filter({ hasText: 'Квалифицирован → Проиграна' }).waitFor();
      expect(await page.getByTestId('sum-activities').textContent()).toContain('4 стойки по 5 кВт');
    });

    await step('10-today', async () => {
      await page.getByTestId('nav-today').click();
      await page.getByTestId('eod-panel').waitFor();
    });
    await step('11-partners', async () => {
      await page.getByTestId('nav-partners').click();
      await page.getByTestId('partners-table').waitFor();
    });
    await step('12-crm-settings', async () => {
      await page.getByTestId('nav-crm-settings').click();
      await page.getByTestId('stages-table').waitFor();
      await page.getByTestId('stage-add').click();
      await page.locator('#st-code').fill('tech_check');
      await page.locator('#st-name-ru').fill('Проверка техотделом');
      await page.locator('#st-name-en').fill('Tech check');
      await page.locator('#st-position').fill('15');
      await page.locator('#st-probability').fill('15');
      await page.getByTestId('stage-save').click();
      await page.getByTestId('stages-table').locator('tr', { hasText: 'Проверка техотделом' }).waitFor();
      await page.getByTestId('stage-edit-tech_check').click();
      await page.locator('#st-probability').fill('150');
      await page.getByTestId('stage-save').click();
      await page.getByTestId('error-st-probability').waitFor();
      await page.locator('#st-probability').fill('20');
      await page.getByTestId('stage-save').click();
      await page.getByTestId('stages-table').locator('tr', { hasText: 'Проверка техотделом' }).filter({ hasText: '20%' }).waitFor();
      await page.getByTestId('reason-add').click();
      await page.locator('#rr-code').fill('went_cloud');
      await page.locator('#rr-name-ru').fill('Ушли в облако');
      await page.locator('#rr-name-en').fill('Moved to the cloud');
      await page.getByTestId('reason-save').click();
      await page.getByTestId('reasons-table').locator('tr', { hasText: 'Ушли в облако' }).waitFor();
    });
    await step('13-holidays', async () => {
      await page.locator('#hd-date').fill('2027-01-07');
      await page.locator('#hd-name').fill('Рождество');
      await page.getByTestId('holiday-add').click();
      await page.getByTestId('holidays-table').locator('tr', { hasText: 'Рождество' }).filter({ hasText: '07.01.2027' }).waitFor();
      await page.getByTestId('holiday-remove-2027-01-07').click();
      await page.getByTestId('holidays-table').locator('tr', { hasText: 'Рождество' }).waitFor({ state: 'detached' });
    });
    expect(pageErrors).toEqual([]);
  });
});
