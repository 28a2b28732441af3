/**
 * API tokens in the browser: the admin issues a token with a purpose and a last day, sees it once, finds it in
 * the list with its expiry, revokes it after confirming, and sees everyone's tokens. Screenshots go to
 * test-results/screenshots/tokens-NN-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJourney, textOf, type Journey } from './harness.ts';

let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'tokens' }); });
afterAll(async () => { await j?.close(); });

describe('API tokens in the browser', () => {
  it('issues a token shown once, lists it with its last day, revokes it after a confirmation', async () => {
    const { page, step, pageErrors } = j;
    await step('01-login', async () => {
      await j.login(j.admin.email, j.admin.password, '/');
      await page.getByTestId('nav-tokens').click();
      await page.getByTestId('token-form').waitFor();
    });
    await step('02-issue', async () => {
      await page.getByTestId('token-label').fill('Интеграция 1С');
      await page.getByTestId('token-expires').fill('2099-12-31');
      await page.getByTestId('token-create').click();
      expect(await page.getByTestId('token-value').textContent()).toMatch(/^rdk_/);
      const row = page.getByTestId('token-row').filter({ hasText: 'Интеграция 1С' });
      expect(await textOf(row, '31.12.2099')).toContain('действует');
    });
    await step('03-revoke', async () => {
      await page.getByTestId('token-row').filter({ hasText: 'Интеграция 1С' }).getByTestId('token-revoke').click();
      expect(await page.getByTestId('confirm-text').textContent()).toContain('Интеграция 1С');
      await page.getByTestId('confirm-yes').click();
      expect(await textOf(page.getByTestId('token-row').filter({ hasText: 'Интеграция 1С' }), 'отозван')).toContain('отозван');
      await page.getByTestId('tokens-all').check();
      await page.getByTestId('tokens-table').getByText(j.admin.email).first().waitFor();
    });
    expect(pageErrors).toEqual([]);
  });
});
