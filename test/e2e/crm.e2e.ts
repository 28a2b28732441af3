/**
 * Browser journey through the CRM against the real server (PGlite in a temp folder): create a lead,
 * log a call, drag the deal to the next stage, try to mark it lost without a reason (refused),
 * then with a reason, and find it in the refusal report and in the daily summary.
 * Screenshots go to test-results/screenshots/crm-NN-*.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-results', 'screenshots');
const adminEmail = 'admin@rackdesk.test';
const adminPassword = 'e2e-Admin-password-1';
const WAIT = 15_000;

let server: ChildProcess | null = null;
let serverLog = '';
let dataDir: string | null = null;
let baseUrl = '';
let browser: Browser | null = null;
let page: Page;
const pageErrors: string[] = [];

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => ok(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server && server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}:\n${serverLog}`);
    try { if ((await fetch(`${url}/api/v1/health`)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become healthy:\n${serverLog}`);
}

async function step(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    await page.screenshot({ path: join(shots, `${name}.png`) });
  } catch (e) {
    await page.screenshot({ path: join(shots, `failure-${name}.png`), fullPage: true }).catch(() => {});
    const err = e instanceof Error ? e : new Error(String(e));
    err.message += `\n(step ${name})\n--- server log (tail) ---\n${serverLog.slice(-3000)}`;
    throw err;
  }
}

async function apiAs(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return res.json() as Promise<Record<string, unknown>>;
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  for (const f of readdirSync(shots)) if (f.startsWith('crm-') || f.startsWith('failure-crm-')) rmSync(join(shots, f));
  if (!existsSync(join(root, 'dist', 'web', 'index.html'))) throw new Error('dist/web is missing: run `npm run build:web`');
  const port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'rackdesk-e2e-crm-'));
  baseUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['bin/rackdesk.mjs', 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', RACKDESK_DATA_DIR: dataDir, RACKDESK_ADMIN_EMAIL: adminEmail, RACKDESK_ADMIN_PASSWORD: adminPassword, RACKDESK_DEMO: '0', RACKDESK_JOBS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (b: Buffer) => { serverLog += b.toString(); });
  server.stderr?.on('data', (b: Buffer) => { serverLog += b.toString(); });
  await waitForHealth(baseUrl, 90_000);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  context.setDefaultTimeout(WAIT);
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise<void>((r) => server!.once('exit', () => r()));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server?.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('CRM journey in the browser', () => {
  it('lead → call → drag to the next stage → lost refused without a reason → lost with a reason → refusal report and daily summary', async () => {
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password: adminPassword }) });
    const token = ((await login.json()) as { token: string }).token;
    const company = await apiAs(token, 'POST', '/companies', { kind: 'legal', legalForm: 'ООО', name: 'Ромашка Хостинг', inn: '7707083893', kpp: '773601001', roles: ['client'] });
    expect(company.id).toBeTruthy();
    const title = 'Колокация 4 стойки';

    await step('crm-01-pipeline', async () => {
      await page.goto(baseUrl);
      await page.getByTestId('login-email').fill(adminEmail);
      await page.getByTestId('login-password').fill(adminPassword);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-pipeline').click();
      await page.getByTestId('board').waitFor();
    });

    await step('crm-02-new-lead', async () => {
      await page.getByTestId('lead-new').click();
      await page.getByTestId('lead-title').fill(title);
      await page.getByTestId('lead-company-q').fill('Ромашка');
      await page.getByTestId('lead-company').locator('option', { hasText: 'Ромашка Хостинг' }).waitFor({ state: 'attached' });
      await page.getByTestId('lead-company').selectOption({ label: 'Ромашка Хостинг (7707083893)' });
      await page.getByTestId('lead-source').selectOption('conference');
      await page.getByTestId('lead-revenue').fill('480000');
    });

    await step('crm-03-deal-card', async () => {
      await page.getByTestId('lead-submit').click();
      await page.getByTestId('deal-title').filter({ hasText: title }).waitFor();
      expect(await page.getByTestId('deal-stage').textContent()).toBe('Новый');
    });

    await step('crm-04-call-logged', async () => {
      await page.getByTestId('activity-kind').selectOption('call');
      await page.getByTestId('activity-direction').selectOption('inbound');
      await page.getByTestId('activity-outcome').fill('Клиент просит 4 стойки по 5 кВт в М9');
      await page.getByTestId('activity-next').fill('Проверить мощность');
      await page.getByTestId('activity-due').fill('2026-12-04');
      await page.getByTestId('activity-submit').click();
      await page.getByTestId('timeline-activity').filter({ hasText: '4 стойки по 5 кВт' }).waitFor();
      expect(await page.getByTestId('deal-next').textContent()).toContain('Проверить мощность');
    });

    await step('crm-05-dragged', async () => {
      await page.getByTestId('nav-pipeline').click();
      const card = page.getByTestId('col-new').getByTestId('deal-card').filter({ hasText: title });
      await card.dragTo(page.getByTestId('col-qualified'));
      await page.getByTestId('col-qualified').getByTestId('deal-card').filter({ hasText: title }).waitFor();
    });

    await step('crm-06-lost-refused', async () => {
      await page.getByTestId('col-qualified').getByTestId('deal-card').filter({ hasText: title }).dragTo(page.getByTestId('col-lost'));
      await page.getByTestId('lost-modal').waitFor();
      await page.getByTestId('lost-submit').click();
      const err = await page.getByTestId('lost-error').textContent();
      expect(err).toBe('Чтобы закрыть сделку как проигранную, выберите причину отказа из списка и напишите комментарий');
      expect(await page.getByTestId('error-lostReason').textContent()).toBe('Обязательное поле');
    });

    await step('crm-07-lost-with-reason', async () => {
      await page.getByTestId('lost-reason').selectOption('no_capacity');
      await page.getByTestId('lost-comment').fill('В М9 нет свободных 5 кВт до весны');
      await page.getByTestId('lost-submit').click();
      await page.getByTestId('col-lost').getByTestId('deal-card').filter({ hasText: title }).waitFor();
    });

    await step('crm-08-refusal-report', async () => {
      await page.getByTestId('nav-reports').click();
      const row = page.getByTestId('refusal-row').filter({ hasText: 'Нет технической возможности' });
      await row.waitFor();
      expect(await row.textContent()).toContain('480');
      await page.getByTestId('chart-refusals').waitFor();
    });

    await step('crm-09-daily-summary', async () => {
      await page.getByTestId('nav-summary').click();
      const moved = page.getByTestId('sum-moved');
      await moved.filter({ hasText: 'Квалифицирован → Проиграна' }).waitFor();
      expect(await page.getByTestId('sum-activities').textContent()).toContain('4 стойки по 5 кВт');
    });

    await step('crm-10-today', async () => {
      await page.getByTestId('nav-today').click();
      await page.getByTestId('eod-panel').waitFor();
    });
    await step('crm-11-partners', async () => {
      await page.getByTestId('nav-partners').click();
      await page.getByTestId('partners-table').waitFor();
    });
    expect(pageErrors).toEqual([]);
  });
});
