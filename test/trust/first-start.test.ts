import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCtx, systemActor } from '../../src/app/context.ts';
import { login } from '../../src/app/parties/auth.ts';
import { firstStart, isLoopback } from '../../src/cli/commands/first-start.ts';
import { freshDatabase, onPostgres } from '../helpers/db.ts';
import { newCliEnv, removeCliEnvsAfterAll, runCliCapture } from '../helpers/cli.ts';

removeCliEnvsAfterAll();
const children: ChildProcess[] = [];
afterAll(() => { for (const c of children) if (c.exitCode === null) c.kill('SIGKILL'); });

/** Runs bin/rackdesk.mjs; `until` resolves once stdout matches (or the process exits). */
function rackdesk(env: NodeJS.ProcessEnv, ...argv: string[]) {
  const child = spawn(process.execPath, ['bin/rackdesk.mjs', ...argv], { env: { ...process.env, LOG_LEVEL: 'silent', RACKDESK_JOBS: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
  const exited = new Promise<number>((r) => child.once('exit', (code) => r(code ?? -1)));
  return {
    child, exited,
    get out() { return out; }, get err() { return err; },
    until: async (re: RegExp): Promise<string> => {
      while (!re.test(out)) {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return out;
    },
  };
}

const addressOf = (out: string) => /Rackdesk запущен: (http:\S+)/.exec(out)![1]!;

describe.skipIf(onPostgres)('the embedded data folder is one process\'s alone', () => {
  it('a second process gets one clear line and a non-zero exit; a lock left by kill -9 is taken over', { timeout: 120_000 }, async () => {
    const env = await newCliEnv({ env: { PORT: '0', RACKDESK_DEMO: '0' } });
    const server = rackdesk(env, 'serve');
    await server.until(/Первый администратор/);
    const user = rackdesk(env, 'user', 'create', '--email', 'late@example.ru', '--name', 'Поздний', '--role', 'manager');
    expect(await user.exited).toBe(5);
    expect(user.out).not.toContain('создан');
    const lines = user.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`PID ${server.child.pid}`);
    expect(lines[0]).toContain('DATABASE_URL');
    const second = rackdesk(env, 'serve');
    expect(await second.exited).toBe(5);

    server.child.kill('SIGKILL');
    await server.exited;
    expect(existsSync(join(env.RACKDESK_DATA_DIR, 'rackdesk.lock'))).toBe(true);
    const after = await runCliCapture(env, 'user', 'create', '--email', 'late@example.ru', '--name', 'Поздний', '--role', 'manager');
    expect(after.code, after.err).toBe(0);
    expect(existsSync(join(env.RACKDESK_DATA_DIR, 'rackdesk.lock'))).toBe(false);
  });

  it('a lock held by a live process of this machine is respected even when it is this process (a second open)', async () => {
    const env = await newCliEnv();
    writeFileSync(join(env.RACKDESK_DATA_DIR, 'rackdesk.lock'), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), since: '' }));
    const r = await runCliCapture(env, 'migrate');
    expect(r.code).toBe(5);
    expect(r.err).toContain('DATABASE_URL');
  });
});

describe('first start', () => {
  it('a busy port creates no admin, so the next start still prints the generated password, which works', { timeout: 120_000 }, async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const env = await newCliEnv({ env: { PORT: String(port), RACKDESK_DEMO: '0' } });
    const busy = await runCliCapture(env, 'serve');
    await new Promise<void>((r) => blocker.close(() => r()));
    expect(busy.code).not.toBe(0);
    expect(busy.out).not.toContain('Первый администратор');

    const server = rackdesk({ ...env, PORT: '0' }, 'serve');
    const out = await server.until(/Первый администратор: \S+, пароль: \S+/);
    const [, email, password] = /Первый администратор: (\S+), пароль: (\S+)/.exec(out)!;
    const res = await fetch(`${addressOf(out)}api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect(res.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('demo users get a password of this installation, printed with the address', { timeout: 120_000 }, async () => {
    const database = await freshDatabase();
    try {
      const ctx = makeCtx(database.db, systemActor, 'Europe/Moscow');
      const lines: string[] = [];
      await firstStart(ctx, { host: '127.0.0.1', demo: true, demoExplicit: false, demoPassword: null, adminEmail: null, adminPassword: null }, 'http://127.0.0.1:3999/', { out: (s) => lines.push(s), err: () => {}, env: {} });
      const demo = lines.find((l) => l.startsWith('Демо-данные загружены'))!;
      expect(demo).toContain('http://127.0.0.1:3999/');
      const password = /пароль демо-пользователей: (\S+)/.exec(demo)![1]!;
      expect(password).not.toBe('rackdesk-demo');
      expect(password.length).toBeGreaterThanOrEqual(12);
      await expect(login(ctx, { email: 'director@rackdesk.local', password: 'rackdesk-demo' })).rejects.toMatchObject({ key: 'e.badCredentials' });
      expect((await login(ctx, { email: 'director@rackdesk.local', password })).user.role).toBe('management');
    } finally { await database.close(); }
  });

  it('on an address other machines can reach, demo users exist only when RACKDESK_DEMO=1 was set', { timeout: 120_000 }, async () => {
    expect(isLoopback('127.0.0.1') && isLoopback('localhost') && isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0') || isLoopback('10.0.0.5') || isLoopback('::')).toBe(false);
    const database = await freshDatabase();
    try {
      const ctx = makeCtx(database.db, systemActor, 'Europe/Moscow');
      const lines: string[] = [];
      await firstStart(ctx, { host: '0.0.0.0', demo: true, demoExplicit: false, demoPassword: null, adminEmail: null, adminPassword: null }, 'http://localhost:3999/', { out: (s) => lines.push(s), err: () => {}, env: {} });
      expect(lines.join('\n')).toContain('RACKDESK_DEMO=1');
      const users = await database.db.selectFrom('app_user').select('email').execute();
      expect(users.map((u) => u.email)).toEqual(['admin@rackdesk.local']);
    } finally { await database.close(); }
  });
});
