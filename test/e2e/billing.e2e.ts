/**
 * Billing journey (issue 6): accounting imports a bank statement, sees the matched invoice paid and
 * resolves a manual-queue payment by hand. Infrastructure as in companies.e2e.ts.
 * Original header of that file: browser journey through the companies screens against the real server (PGlite in a temp
 * folder): log in, create a company with a wrong and then a right ИНН, find it, read its
 * history, add a contact and a consent, switch to English. Screenshots of every step go to
 * test-results/screenshots/ for people to look at; a failure adds failure-<step>.png.
 *
 * RACKDESK_E2E_BASE_URL runs the journey against an already running server instead
 * (then RACKDESK_ADMIN_EMAIL / RACKDESK_ADMIN_PASSWORD must be that server's admin).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { statementText } from '../billing/statement-fixture.ts';
import { legalEntity } from '../helpers/factories.ts';
import { dateInZone } from '../../src/domain/dates.ts';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-results', 'screenshots');
const adminEmail = process.env.RACKDESK_E2E_BASE_URL ? process.env.RACKDESK_ADMIN_EMAIL ?? '' : 'admin@rackdesk.test';
const adminPassword = process.env.RACKDESK_E2E_BASE_URL ? process.env.RACKDESK_ADMIN_PASSWORD ?? '' : 'e2e-Admin-password-1';
const WAIT = 15_000;

let server: ChildProcess | null = null;
let serverLog = '';
let dataDir: string | null = null;
let baseUrl = '';
let browser: Browser | null = null;
let page: Page;
const pageErrors: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (server && server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}:\n${serverLog}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become healthy in ${timeoutMs} ms (${last}):\n${serverLog}`);
}

// What a person sees in a 1280×800 window (a full-page shot would misplace sticky bars).
async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

/** Runs one step of the journey; screenshots it, or on error saves failure-<name>.png and adds the server log. */
async function step(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    await shot(name);
  } catch (e) {
    await page.screenshot({ path: join(shots, `failure-${name}.png`), fullPage: true }).catch(() => {});
    const err = e instanceof Error ? e : new Error(String(e));
    err.message += `\n(step ${name}; screenshot test-results/screenshots/failure-${name}.png)\n--- server log (tail) ---\n${serverLog.slice(-3000)}`;
    throw err;
  }
}

/** Waits until the locator's text contains `text`, and returns the text. */
async function textOf(locator: Locator, text: string): Promise<string> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: WAIT });
  return (await locator.filter({ hasText: text }).first().textContent()) ?? '';
}

beforeAll(async () => {
  // Only this run's pictures: stale ones from an older run would mislead.
  mkdirSync(shots, { recursive: true });
  for (const f of readdirSync(shots)) if (f.startsWith('billing-') || f.startsWith('failure-billing-')) rmSync(join(shots, f));
  if (process.env.RACKDESK_E2E_BASE_URL) {
    baseUrl = process.env.RACKDESK_E2E_BASE_URL.replace(/\/$/, '');
  } else {
    if (!existsSync(join(root, 'dist', 'web', 'index.html'))) throw new Error('dist/web is missing: run `npm run build:web` (npm run test:e2e does it)');
    const port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'rackdesk-e2e-'));
    baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['bin/rackdesk.mjs', 'serve'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        RACKDESK_DATA_DIR: dataDir,
        RACKDESK_ADMIN_EMAIL: adminEmail,
        RACKDESK_ADMIN_PASSWORD: adminPassword,
        RACKDESK_DEMO: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (b: Buffer) => { serverLog += b.toString(); });
    server.stderr?.on('data', (b: Buffer) => { serverLog += b.toString(); });
    await waitForHealth(baseUrl, 90_000);
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
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

async function call<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

describe('billing journey in the browser', () => {
  it('imports a statement, sees the matched invoice paid and resolves a queued payment by hand', async () => {
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password: adminPassword }) });
    const token = ((await login.json()) as { token: string }).token;
    const own = await call<{ id: string; settlementAccount: string }>('POST', '/companies', token, legalEntity({ name: 'Рэкдеск', roles: ['own'] }));
    await call('PUT', '/own-entities', token, { companyId: own.id, taxMode: 'osn', isDefault: true });
    const a = await call<{ id: string; name: string; inn: string; kpp: string; settlementAccount: string }>('POST', '/companies', token, legalEntity({ name: `Альфа ${Date.now().toString(36)}` }));
    const b = await call<{ id: string; name: string; inn: string; kpp: string; settlementAccount: string }>('POST', '/companies', token, legalEntity({ name: `Бета ${Date.now().toString(36)}` }));
    await call('POST', '/billing/services', token, { clientId: a.id, kind: 'dedicated', title: 'Аренда сервера Dell R640', monthlyPrice: '12 000,00', startDate: '2026-01-01' });
    await call('POST', '/billing/services', token, { clientId: b.id, kind: 'colocation', title: 'Колокейшн 2U', monthlyPrice: '8 000,00', startDate: '2026-01-01' });
    const today = dateInZone(new Date());
    const period = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 1)).toISOString().slice(0, 7);
    await call('POST', '/billing/runs', token, { period });
    const invA = (await call<{ items: { number: number; total: string }[] }>('GET', `/billing/invoices?clientId=${a.id}`, token)).items[0]!;
    const d = `${today.slice(8, 10)}.${today.slice(5, 7)}.${today.slice(0, 4)}`;
    const rub = (k: string) => `${BigInt(k) / 100n}.${String(BigInt(k) % 100n).padStart(2, '0')}`;
    const file = join(dataDir ?? tmpdir(), 'kl_to_1c.txt');
    writeFileSync(file, statementText([own.settlementAccount], [
      { number: '501', date: d, amount: rub(invA.total), payerAccount: a.settlementAccount, payerInn: a.inn, payerKpp: a.kpp, payerName: a.name, payeeAccount: own.settlementAccount, purpose: `Оплата по счету № ${invA.number} за аренду сервера` },
      { number: '502', date: d, amount: '9760.00', payerAccount: b.settlementAccount, payerInn: b.inn, payerKpp: b.kpp, payerName: b.name, payeeAccount: own.settlementAccount, purpose: 'Оплата за колокейшн, декабрь' },
    ], 'UTF8'));

    await step('billing-01-login', async () => {
      await page.goto(baseUrl);
      await page.getByTestId('login-email').fill(adminEmail);
      await page.getByTestId('login-password').fill(adminPassword);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-billing').click();
      await page.getByTestId('aging-chart').waitFor();
    });
    await step('billing-02-statement-imported', async () => {
      await page.getByTestId('billing-tab-statement').click();
      await page.getByTestId('statement-file').setInputFiles(file);
      const r = await textOf(page.getByTestId('statement-result'), 'разнесено');
      expect(r).toContain('разнесено автоматически: 1');
      expect(r).toContain('в ручную очередь: 1');
      await page.getByTestId('queue-row-502').waitFor();
    });
    await step('billing-03-queue-resolved', async () => {
      const row = page.getByTestId('queue-row-502');
      expect(await row.textContent()).toContain(`Похоже на: ${b.name}`);
      await row.getByTestId('queue-resolve').click();
      await textOf(page.getByTestId('toast'), 'разнесён');
      await page.getByTestId('queue-row-502').waitFor({ state: 'detached' });
    });
    await step('billing-04-client-paid', async () => {
      await page.goto(`${baseUrl}/#/billing/clients/${a.id}`);
      const row = page.getByTestId(`invoice-${invA.number}`);
      expect(await textOf(row.getByTestId('invoice-status'), 'оплачен')).toBe('оплачен');
      expect(await page.getByTestId('client-ledger').textContent()).toContain('Платёж № 501');
    });
    await step('billing-05-receivables', async () => {
      await page.goto(`${baseUrl}/#/billing/clients/${b.id}`);
      expect(await textOf(page.getByTestId(`client-invoices`), 'оплачен')).toContain('оплачен');
      await page.goto(`${baseUrl}/#/billing/receivables`);
      await page.getByTestId('aging-chart').waitFor();
    });
    expect(pageErrors).toEqual([]);
  });
});
