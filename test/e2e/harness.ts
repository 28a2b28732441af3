/**
 * The harness every browser journey shares: starts the real server (bin/rackdesk.mjs serve, PGlite in
 * a temp folder, on a free port), waits for /api/v1/health, opens Debian's Chromium through
 * playwright-core, and gives the journey its page, `step` (a screenshot per step, a failure
 * screenshot and the server log on error), log-in helpers and the REST API.
 *
 * Screenshots go to test-results/screenshots/<name>-<step>.png, a failure to
 * failure-<name>-<step>.png; a journey clears only its own pictures, so the others' stay.
 *
 * With `external: true`, RACKDESK_E2E_BASE_URL runs the journey against an already running server
 * instead (then RACKDESK_ADMIN_EMAIL / RACKDESK_ADMIN_PASSWORD must be that server's admin).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const shotsDir = join(root, 'test-results', 'screenshots');
/** How long a wait for an element may take. */
export const WAIT = 15_000;

const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync'];

export interface JourneyOptions {
  /** Names the screenshots (<name>-<step>.png) and the server's temp folder. */
  name: string;
  /** Extra environment for the server, e.g. RACKDESK_JOBS: '0' or RACKDESK_SMTP_* settings. */
  env?: NodeJS.ProcessEnv;
  /** Honour RACKDESK_E2E_BASE_URL (run against an already running server). */
  external?: boolean;
}

export interface Journey {
  page: Page;
  baseUrl: string;
  /** The server's data folder (null against an external server). */
  dataDir: string | null;
  admin: { email: string; password: string };
  /** Uncaught errors of the page; a journey ends by expecting none. */
  pageErrors: string[];
  /** Runs one step; screenshots it, or on error saves failure-<name>-<step>.png and adds the server log. */
  step(name: string, fn: () => Promise<void>): Promise<void>;
  /** Logs out if logged in, opens `path` (e.g. '/#/feasibility') if given, logs in and waits for the user's name. */
  login(email: string, password: string, path?: string): Promise<void>;
  logout(): Promise<void>;
  /** A bearer token from POST /auth/login (the admin's by default). */
  apiToken(email?: string, password?: string): Promise<string>;
  /** Calls the REST API with a bearer token; throws on a non-2xx answer. */
  api<T = unknown>(token: string, method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

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

/** Waits until the locator's text contains `text`, and returns the text. */
export async function textOf(locator: Locator, text: string): Promise<string> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: WAIT });
  return (await locator.filter({ hasText: text }).first().textContent()) ?? '';
}

export async function startJourney(opts: JourneyOptions): Promise<Journey> {
  const externalUrl = opts.external ? process.env.RACKDESK_E2E_BASE_URL : undefined;
  const admin = externalUrl
    ? { email: process.env.RACKDESK_ADMIN_EMAIL ?? '', password: process.env.RACKDESK_ADMIN_PASSWORD ?? '' }
    : { email: 'admin@rackdesk.test', password: 'e2e-Admin-password-1' };
  let server: ChildProcess | null = null;
  let serverLog = '';
  let dataDir: string | null = null;
  let browser: Browser | null = null;

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

  async function close(): Promise<void> {
    await browser?.close();
    const s = server;
    if (s && s.exitCode === null) {
      const exited = new Promise<void>((r) => s.once('exit', () => r()));
      s.kill('SIGTERM');
      const timer = setTimeout(() => s.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }

  // Only this run's pictures of this journey: stale ones from an older run would mislead.
  mkdirSync(shotsDir, { recursive: true });
  for (const f of readdirSync(shotsDir)) {
    if (f.endsWith('.png') && (f.startsWith(`${opts.name}-`) || f.startsWith(`failure-${opts.name}-`))) rmSync(join(shotsDir, f));
  }

  let baseUrl: string;
  let page: Page;
  const pageErrors: string[] = [];
  try {
    if (externalUrl) {
      baseUrl = externalUrl.replace(/\/$/, '');
    } else {
      if (!existsSync(join(root, 'dist', 'web', 'index.html'))) throw new Error('dist/web is missing: run `npm run build:web` (npm run test:e2e does it)');
      const port = await freePort();
      dataDir = mkdtempSync(join(tmpdir(), `rackdesk-e2e-${opts.name}-`));
      baseUrl = `http://127.0.0.1:${port}`;
      server = spawn(process.execPath, ['bin/rackdesk.mjs', 'serve'], {
        cwd: root,
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          RACKDESK_DATA_DIR: dataDir,
          RACKDESK_ADMIN_EMAIL: admin.email,
          RACKDESK_ADMIN_PASSWORD: admin.password,
          RACKDESK_DEMO: '0',
          ...opts.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      server.stdout?.on('data', (b: Buffer) => { serverLog += b.toString(); });
      server.stderr?.on('data', (b: Buffer) => { serverLog += b.toString(); });
      await waitForHealth(baseUrl, 240_000);
    }
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
    context.setDefaultTimeout(WAIT);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  } catch (e) {
    await close();
    throw e;
  }

  async function step(name: string, fn: () => Promise<void>): Promise<void> {
    const file = `${opts.name}-${name}.png`;
    try {
      await fn();
      // What a person sees in a 1280×800 window (a full-page shot would misplace sticky bars).
      await page.screenshot({ path: join(shotsDir, file) });
    } catch (e) {
      await page.screenshot({ path: join(shotsDir, `failure-${file}`), fullPage: true }).catch(() => {});
      const err = e instanceof Error ? e : new Error(String(e));
      err.message += `\n(step ${name}; screenshot test-results/screenshots/failure-${file})\n--- server log (tail) ---\n${serverLog.slice(-3000)}`;
      throw err;
    }
  }

  async function logout(): Promise<void> {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
  }

  async function login(email: string, password: string, path?: string): Promise<void> {
    if (await page.getByTestId('logout').isVisible().catch(() => false)) await logout();
    if (path !== undefined) await page.goto(`${baseUrl}${path}`);
    await page.getByTestId('login-form').waitFor();
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor();
  }

  async function apiToken(email = admin.email, password = admin.password): Promise<string> {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    return ((await res.json()) as { token: string }).token;
  }

  async function api<T = unknown>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return { page, baseUrl, dataDir, admin, pageErrors, step, login, logout, apiToken, api, close };
}
