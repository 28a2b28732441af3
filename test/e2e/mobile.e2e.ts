/**
 * A manager's day on a 390 px phone, in Russian, on the demo provider: the menu opens as a drawer, «Мой день»,
 * a deal card, a company card found by the global search, the daily summary — nothing wider than the
 * screen. Then axe over every page of the sidebar (serious and critical issues must be none).
 * Screenshots: test-results/screenshots/mobile-NN-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startJourney, type Journey } from './harness.ts';
import { seriousA11yIssues } from './axe.ts';

let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'mobile', env: { RACKDESK_DEMO: '1', RACKDESK_JOBS: '0', RACKDESK_DEMO_PASSWORD: 'demo-journey-2026' } }); });
afterAll(async () => { await j?.close(); });

const DEMO_PASSWORD = 'demo-journey-2026';
/** How far the page can be scrolled sideways (0 when it fits the screen). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const settle = (page: Page) => page.waitForFunction(() => !document.querySelector('.loading'), undefined, { timeout: 15_000 });

describe('mobile and accessibility', () => {
  it('a manager works the day at 390 px; every page passes axe', async () => {
    const { page, step, pageErrors } = j;
    await page.setViewportSize({ width: 390, height: 844 });

    await step('01-today', async () => {
      await j.login('manager@rackdesk.local', DEMO_PASSWORD, '/#/today');
      await settle(page);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(await page.getByTestId('nav-today').isVisible()).toBe(false);
      expect(JSON.stringify(await seriousA11yIssues(page))).toBe('[]');
    });

    await step('02-menu-open', async () => {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
      await page.getByTestId('menu-toggle').click();
      await page.getByTestId('nav-pipeline').waitFor({ state: 'visible' });
      expect(await page.getByTestId('menu-toggle').getAttribute('aria-expanded')).toBe('true');
    });

    await step('03-deal-card', async () => {
      await page.getByTestId('nav-pipeline').click();
      await page.getByTestId('nav-pipeline').waitFor({ state: 'hidden' });
      const token = await j.apiToken('manager@rackdesk.local', DEMO_PASSWORD);
      const deals = await j.api<{ items: { id: string }[] }>(token, 'GET', '/deals');
      await page.goto(`${j.baseUrl}/#/deals/${deals.items[0]!.id}`);
      await settle(page);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(JSON.stringify(await seriousA11yIssues(page))).toBe('[]');
    });

    await step('04-company-by-search', async () => {
      await page.getByTestId('global-search').fill('Промсвязь');
      await page.getByTestId('search-hit-company').first().click();
      await page.waitForURL(/#\/companies\/co_/);
      await settle(page);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(JSON.stringify(await seriousA11yIssues(page))).toBe('[]');
    });

    await step('05-summary', async () => {
      await page.goto(`${j.baseUrl}/#/summary`);
      await settle(page);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(JSON.stringify(await seriousA11yIssues(page))).toBe('[]');
    });

    await step('06-axe-every-page', async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await j.login(j.admin.email, j.admin.password, '/');
      const hrefs = await page.locator('nav.sidebar a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.length).toBeGreaterThan(15);
      const issues: string[] = [];
      for (const href of hrefs) {
        await page.goto(`${j.baseUrl}/${href}`);
        await page.locator('main h1').first().waitFor();
        await settle(page);
        for (const i of await seriousA11yIssues(page)) issues.push(`${href} ${i}`);
      }
      expect(issues).toEqual([]);
    });

    expect(pageErrors).toEqual([]);
  });
});
