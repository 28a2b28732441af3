/**
 * Browser journey of the feasibility workflow against the real server (PGlite in a temp folder):
 * a manager asks whether a server can be given to a client; the tech department answers
 * "feasible" with a hold on a server; the manager sees the answer; the rack elevation and the
 * capacity dashboard show the result. Screenshots go to test-results/screenshots/inventory-NN-*.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
  for (const f of readdirSync(shots)) if (f.startsWith('inventory-') || f.startsWith('failure-inventory-')) rmSync(join(shots, f));
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


/** Calls the REST API as the admin (set up data the journey needs). */
async function rest<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function login(email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/#/feasibility`);
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor();
}

async function logout(): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-form').waitFor();
}

describe('feasibility journey in the browser', () => {
  const stamp = Date.now().toString(36);
  const pwd = 'e2e-inventory-password';
  const managerEmail = `manager.${stamp}@rackdesk.test`;
  const techEmail = `tech.${stamp}@rackdesk.test`;
  let siteCode = '';
  let rackId = '';
  let companyName = '';

  it('manager asks → tech answers with a hold → manager sees it; rack and capacity show it', async () => {
    await step('inventory-00-setup', async () => {
      const auth = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password: adminPassword }) });
      const token = ((await auth.json()) as { token: string }).token;
      await rest(token, 'POST', '/users', { email: managerEmail, fullName: 'Мария Менеджерова', role: 'manager', password: pwd });
      await rest(token, 'POST', '/users', { email: techEmail, fullName: 'Тимур Техников', role: 'tech', password: pwd });
      siteCode = `E2E${stamp.slice(-6).toUpperCase()}`;
      const site = await rest<{ id: string }>(token, 'POST', '/sites', { code: siteCode, name: 'ЦОД Медведково', kind: 'data_center', address: 'Москва' });
      const rack = await rest<{ id: string }>(token, 'POST', '/racks', { siteId: site.id, name: 'A-01', units: 42, powerAW: 6000, powerBW: 6000 });
      rackId = rack.id;
      await rest(token, 'POST', '/equipment', { kind: 'switch', model: 'Cisco Catalyst 9300', serial: `SW-${stamp}`, rackId, uFrom: 42, uHeight: 1 });
      await rest(token, 'POST', '/equipment', { kind: 'server', model: 'Dell PowerEdge R650', serial: `SRV-${stamp}`, cpu: '2× Xeon Silver 4314', cpuCores: 32, ramGb: 256, disks: '2× 1.92 TB NVMe', rackId, uFrom: 10, uHeight: 1 });
      await rest(token, 'POST', '/equipment', { kind: 'server', model: 'Supermicro 1029P', serial: `SRV2-${stamp}`, cpuCores: 16, ramGb: 64, rackId, uFrom: 12, uHeight: 1 });
      await rest(token, 'POST', '/allocations', { target: { resource: 'rack_units', rackId, uFrom: 20, uHeight: 4, powerAW: 1200, powerBW: 1200 }, assignedKind: 'project', assignedRef: 'Резерв под расширение' });
      await rest(token, 'POST', '/ip-prefixes', { siteId: site.id, prefix: '198.51.100.0/24', pool: 'public' });
      const co = legal();
      companyName = co.name;
      await rest(token, 'POST', '/companies', co);
    });

    await step('inventory-01-manager-asks', async () => {
      await login(managerEmail, pwd);
      await page.getByTestId('feas-form').waitFor();
      await page.getByTestId('feas-company').selectOption({ label: companyName });
      await page.getByTestId('feas-kind').selectOption('dedicated');
      await page.getByTestId('feas-site').selectOption({ label: `${siteCode} — ЦОД Медведково` });
      await page.getByTestId('feas-params').fill('cpuCores=32, ramGb=256');
      await page.getByTestId('feas-submit').click();
      const row = page.getByTestId('feas-row').filter({ hasText: companyName });
      await row.waitFor();
      expect(await row.getByTestId('feas-answer').textContent()).toContain('ждёт ответа');
    });

    await step('inventory-02-tech-queue', async () => {
      await logout();
      await login(techEmail, pwd);
      const row = page.getByTestId('feas-row').filter({ hasText: companyName });
      await row.waitFor();
      await row.getByTestId('feas-answer-open').click();
      await page.getByTestId('answer-form').waitFor();
      await page.getByTestId('ans-outcome').selectOption('feasible');
      await page.getByTestId('ans-lead').fill('3');
      await page.getByTestId('ans-hold').locator('option', { hasText: `SRV-${stamp}` }).waitFor({ state: 'attached' });
      await page.getByTestId('ans-hold').selectOption({ label: `Dell PowerEdge R650 · SRV-${stamp} · 32c/256G` });
    });

    await step('inventory-03-tech-answered', async () => {
      await page.getByTestId('ans-submit').click();
      await page.getByTestId('answer-form').waitFor({ state: 'detached' });
      const row = page.getByTestId('feas-row').filter({ hasText: companyName });
      expect(await textOf(row.getByTestId('feas-answer'), 'реализуемо')).toContain('срок 3 раб. дн.');
    });

    await step('inventory-04-rack-elevation', async () => {
      await page.getByTestId('nav-inventory').click();
      await page.getByTestId('inv-site').selectOption({ label: `${siteCode} — ЦОД Медведково` });
      await page.getByTestId('rack-elevation').waitFor();
      expect(await page.getByTestId('rack-free').textContent()).toContain('35');
      // The server put on hold by the answer is outlined as held.
      await page.getByTestId('rack-device-held').waitFor();
      expect(await page.getByTestId('prefix-table').textContent()).toContain('198.51.100.0/24');
    });

    await step('inventory-05-manager-sees-answer', async () => {
      await logout();
      await login(managerEmail, pwd);
      const row = page.getByTestId('feas-row').filter({ hasText: companyName });
      expect(await textOf(row.getByTestId('feas-answer'), 'реализуемо')).toContain('реализуемо');
      expect(await row.textContent()).toContain('отвечен');
    });

    await step('inventory-06-capacity', async () => {
      await page.getByTestId('nav-capacity').click();
      await page.getByTestId('forecast-table').waitFor();
      expect(await page.getByTestId('forecast-table').textContent()).toContain('серверы');
    });
    expect(pageErrors).toEqual([]);
  });
});

function legal() {
  // A valid ИНН/КПП/ОГРН set, unique enough for a fresh database.
  return { kind: 'legal', legalForm: 'ООО', name: `ООО «Ромашка ${Date.now().toString(36)}»`, inn: '7736207543', kpp: '773601001', ogrn: '1027700229193', roles: ['client'] };
}
