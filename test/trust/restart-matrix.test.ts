/**
 * The restart matrix: a real `rackdesk` process is killed with SIGKILL in the middle of long work, the
 * database is opened again (PGlite: the same folder; PostgreSQL: the same schema), and the state must be
 * consistent, nothing duplicated, and a rerun must complete. Runs on the engine under test.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../src/bootstrap.ts';
import type { Database } from '../../src/db/connect.ts';
import { makeCtx } from '../../src/app/context.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { engineName } from '../helpers/db.ts';
import { newCliEnv, removeCliEnvs, type CliEnv } from '../helpers/cli.ts';
import { legalEntity } from '../helpers/factories.ts';
import { aClient, accountingAt, anOwnEntity, aService } from '../billing/helpers.ts';
import { statementText, type Doc } from '../billing/statement-fixture.ts';
import { handOffOrder } from '../../src/app/flows/order-handoff.ts';
import { orderWorld, signedOrder } from '../orders/world.ts';

const BIN = resolve(import.meta.dirname, '../../bin/rackdesk.mjs');
const LOCK_SECONDS = 3;

afterAll(removeCliEnvs);
// Each case starts real processes (tsx, the engine): minutes on a loaded machine, seconds on an idle one.
const SLOW = 900_000;

const open = (env: CliEnv): Promise<Database> =>
  openDatabase({ dataDir: env.RACKDESK_DATA_DIR, databaseUrl: env.DATABASE_URL ?? null, timeZone: 'Europe/Moscow' });

interface Outcome { code: number | null; signal: NodeJS.Signals | null; out: string; err: string; killedAt: string | null }

/**
 * Runs the CLI as its own process. With `killWhen`, the process is killed with SIGKILL as soon as its
 * output (stdout + stderr so far) satisfies it, or after `killAfterMs`.
 */
function runProcess(env: CliEnv, args: string[], kill: { when?: RegExp; afterMs?: number } = {}): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env, RACKDESK_LOCK_SECONDS: String(LOCK_SECONDS), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killedAt: string | null = null;
    const killNow = (why: string) => {
      if (killedAt !== null || child.exitCode !== null) return;
      killedAt = why;
      child.kill('SIGKILL');
    };
    const timer = kill.afterMs !== undefined ? setTimeout(() => killNow(`after ${kill.afterMs} ms`), kill.afterMs) : null;
    const watch = () => { if (kill.when && kill.when.test(out + err)) killNow(`at "${kill.when.source}"`); };
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); watch(); });
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); watch(); });
    child.on('error', fail);
    child.on('close', (code, signal) => { if (timer) clearTimeout(timer); done({ code, signal, out, err, killedAt }); });
  });
}

async function withDb<T>(env: CliEnv, fn: (d: Database) => Promise<T>): Promise<T> {
  const d = await open(env);
  try { return await fn(d); } finally { await d.close(); }
}

/** `rackdesk serve` as its own process on a free port; resolves with its address once it is ready. */
async function startServer(env: CliEnv): Promise<{ base: string; child: ReturnType<typeof spawn>; output: () => string; exited: Promise<NodeJS.Signals | null> }> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, ...env, PORT: '0', RACKDESK_JOBS: '0', RACKDESK_DEMO: '0', RACKDESK_LOCK_SECONDS: String(LOCK_SECONDS), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('close', (_code, signal) => done(signal)));
  for (let i = 0; i < 1200; i++) {
    const m = /запущен: (http:\/\/[^/\s]+)\//.exec(out);
    if (m) {
      const ready = await fetch(`${m[1]}/api/v1/ready`).then((r) => r.status, () => 0);
      if (ready === 200) return { base: `${m[1]}/api/v1`, child, output: () => out, exited };
    }
    if (child.exitCode !== null) break;
    await sleep(250);
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start:\n${out}`);
}

const rows = async <T,>(d: Database, q: ReturnType<typeof sql<T>>) => (await q.execute(d.db)).rows;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`restart matrix: kill -9 during work, restart, rerun (${engineName})`, () => {
  it('a billing run killed between its chunks: committed chunks stay, the run is marked interrupted, the rerun bills the rest once', async () => {
    const env = await newCliEnv({ prefix: 'rackdesk-kill-billing-' });
    const clients = 20;
    const seller = await withDb(env, async (d) => {
      const ctx = await accountingAt(d.db);
      const s = await anOwnEntity(d.db);
      for (let i = 0; i < clients; i++) await aService(ctx, (await aClient(d.db)).id, s.id, { monthlyPrice: 100_000 + i });
      return s;
    });
    // Two clients per transaction: progress is printed every 10 %, i.e. after a few committed chunks.
    const killed = await runProcess(env, ['billing', 'run', '--period', '2026-12', '--chunk', '2'], { when: / [1-9]0% / });
    expect(killed.signal, killed.err).toBe('SIGKILL');
    expect(killed.killedAt).not.toBeNull();

    const mid = await withDb(env, async (d) => ({
      runs: await rows(d, sql<{ finished: boolean; interrupted: boolean; invoices: number }>`SELECT finished_at IS NOT NULL AS finished, interrupted_at IS NOT NULL AS interrupted, invoices FROM billing_run`),
      invoices: (await rows(d, sql<{ n: number }>`SELECT count(*)::int AS n FROM invoice WHERE seller_id = ${seller.id}`))[0]!.n,
    }));
    // Killed in the middle: some invoices committed, not all, and the run row says how many.
    expect(mid.runs).toHaveLength(1);
    expect(mid.runs[0]!.finished).toBe(false);
    expect(mid.invoices).toBeGreaterThan(0);
    expect(mid.invoices).toBeLessThan(clients);
    expect(mid.runs[0]!.invoices).toBe(mid.invoices);

    await sleep(LOCK_SECONDS * 1000 + 500); // the dead run's heartbeat lapses
    const rerun = await runProcess(env, ['billing', 'run', '--period', '2026-12']);
    expect(rerun.code, rerun.err).toBe(0);
    expect(rerun.out).toContain(`новых счетов ${clients - mid.invoices}`);

    await withDb(env, async (d) => {
      const runs = await rows(d, sql<{ finished: boolean; interrupted: boolean }>`SELECT finished_at IS NOT NULL AS finished, interrupted_at IS NOT NULL AS interrupted FROM billing_run ORDER BY started_at`);
      // Nothing looks unfinished: the killed run is interrupted, the rerun finished.
      expect(runs).toEqual([{ finished: false, interrupted: true }, { finished: true, interrupted: false }]);
      const inv = await rows(d, sql<{ client_id: string; number: number }>`SELECT client_id, number FROM invoice WHERE seller_id = ${seller.id} ORDER BY number`);
      expect(inv).toHaveLength(clients);
      expect(new Set(inv.map((r) => r.client_id)).size).toBe(clients);
      expect(inv.map((r) => r.number)).toEqual(Array.from({ length: clients }, (_, i) => i + 1)); // no gap, no repeat
      const lines = await rows(d, sql<{ n: number; keys: number }>`SELECT count(*)::int AS n, count(DISTINCT billing_key)::int AS keys FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id WHERE i.seller_id = ${seller.id}`);
      expect(lines[0]).toEqual({ n: clients, keys: clients });
      // A third run finds nothing left to bill.
      const ctx = { ...makeCtx(d.db, { id: null, name: 'test', role: 'accounting' }), now: () => new Date() };
      expect((await runBilling(ctx, { period: '2026-12' })).invoices).toBe(0);
    });
  }, SLOW);

  it('a company import killed in the middle of its transaction leaves nothing; the rerun imports every row once', async () => {
    const env = await newCliEnv({ prefix: 'rackdesk-kill-companies-' });
    await withDb(env, async () => undefined); // migrated before the clock starts
    const n = 600;
    const header = 'kind;name;inn;kpp;ogrn;bik;settlementAccount;corrAccount;roles';
    const inns: string[] = [];
    const body = Array.from({ length: n }, () => {
      const c = legalEntity();
      inns.push(c.inn);
      return [c.kind, `"${c.name}"`, c.inn, c.kpp, c.ogrn, c.bik, c.settlementAccount, c.corrAccount, 'client'].join(';');
    });
    const file = join(env.RACKDESK_DATA_DIR, 'companies.csv');
    writeFileSync(file, [header, ...body].join('\n'));
    const count = (d: Database) => rows(d, sql<{ n: number }>`SELECT count(*)::int AS n FROM company WHERE inn = ANY(${inns}::text[])`).then((r) => r[0]!.n);

    const killed = await runProcess(env, ['company', 'import', file], { when: / [1-9]0% / });
    expect(killed.signal, killed.err).toBe('SIGKILL');
    expect(await withDb(env, count)).toBe(0); // all or nothing

    const rerun = await runProcess(env, ['company', 'import', file]);
    expect(rerun.code, rerun.err).toBe(0);
    expect(rerun.out).toContain(`Импортировано компаний: ${n}`);
    const again = await runProcess(env, ['company', 'import', file]);
    expect(again.code).toBe(5); // every row is already there: refused as a conflict, nothing doubled
    expect(await withDb(env, count)).toBe(n);
  }, SLOW);

  it('a statement import killed at a random moment leaves the whole statement or none of it; the rerun completes and counts each payment once', async () => {
    const env = await newCliEnv({ prefix: 'rackdesk-kill-statement-' });
    const n = 1500;
    const { account, invoiceNo, clientAcc, clientInn, clientKpp } = await withDb(env, async (d) => {
      const ctx = await accountingAt(d.db);
      const s = await anOwnEntity(d.db);
      const c = await aClient(d.db);
      await aService(ctx, c.id, s.id, { monthlyPrice: 1_000_000 });
      await runBilling(ctx, { period: '2026-12' });
      const inv = await d.db.selectFrom('invoice').select('number').where('client_id', '=', c.id).executeTakeFirstOrThrow();
      return { account: s.settlementAccount!, invoiceNo: inv.number, clientAcc: c.settlementAccount!, clientInn: c.inn!, clientKpp: c.kpp! };
    });
    const docs: Doc[] = Array.from({ length: n }, (_, i) => ({
      number: String(i + 1), date: '02.12.2026', amount: i === 0 ? '100.00' : `${(i % 900) + 1}.00`,
      payerAccount: i === 0 ? clientAcc : `40702810${String(i).padStart(12, '0')}`, payerInn: i === 0 ? clientInn : undefined, payerKpp: i === 0 ? clientKpp : undefined,
      payerName: `ООО Плательщик ${i}`, payeeAccount: account, purpose: i === 0 ? `Оплата по счету № ${invoiceNo}` : 'Аванс',
    }));
    const file = join(env.RACKDESK_DATA_DIR, 'kl_to_1c.txt');
    writeFileSync(file, statementText([account], docs, 'UTF8'));
    const state = (d: Database) => rows(d, sql<{ imports: number; payments: number; allocated: string }>`
      SELECT (SELECT count(*)::int FROM statement_import) AS imports, (SELECT count(*)::int FROM payment) AS payments,
             (SELECT coalesce(sum(amount), 0)::text FROM payment_allocation) AS allocated`).then((r) => r[0]!);

    // Somewhere between start-up and the end of the import; whatever the moment, the checks below hold.
    const killed = await runProcess(env, ['payments', 'import', file], { afterMs: 3000 + Math.floor(Math.random() * 4000) });
    const mid = await withDb(env, state);
    if (killed.signal === 'SIGKILL') expect([{ imports: 0, payments: 0, allocated: '0' }, { imports: 1, payments: n, allocated: '10000' }]).toContainEqual(mid);

    const rerun = await runProcess(env, ['payments', 'import', file]);
    expect(rerun.code, rerun.err).toBe(0);
    const after = await withDb(env, state);
    expect(after.payments).toBe(n);
    expect(after.allocated).toBe('10000'); // the one matching payment applied once
    expect(rerun.out).toContain(mid.payments ? `повторов ${n}` : `повторов 0`);
  }, SLOW);

  it('an order hand-off killed at a random moment leaves everything (services, invoice, provisioning request, assignments) or nothing; the rerun completes', async () => {
    const env = await newCliEnv({ prefix: 'rackdesk-kill-handoff-' });
    const lines = 40;
    const { orderId, clientId, email } = await withDb(env, async (d) => {
      const w = await orderWorld(d.db);
      // Forty lines: the hand-off creates forty services and their invoice lines in one transaction.
      const o = await signedOrder(w, { lines: Array.from({ length: lines }, () => ({ offerId: w.offer.id, quantity: 1, unitPrice: 2_500_000 })) });
      const u = await d.db.selectFrom('app_user').select('email').where('id', '=', w.manager.userId).executeTakeFirstOrThrow();
      return { orderId: o.id, clientId: w.client.id, email: u.email };
    });
    const state = (d: Database) => rows(d, sql<{ status: string; invoice: boolean; services: number; linked: number; invoices: number; requests: number; assigned: number; audits: number }>`
      SELECT o.status, o.initial_invoice_id IS NOT NULL AS invoice,
             (SELECT count(*)::int FROM billing_service WHERE client_id = ${clientId}) AS services,
             (SELECT count(*)::int FROM order_line WHERE order_id = o.id AND service_id IS NOT NULL) AS linked,
             (SELECT count(*)::int FROM invoice WHERE client_id = ${clientId}) AS invoices,
             (SELECT count(*)::int FROM prov_request WHERE order_id = o.id) AS requests,
             (SELECT count(*)::int FROM inv_allocation WHERE assigned_kind = 'service' AND assigned_ref IN (SELECT id FROM billing_service WHERE client_id = ${clientId})) AS assigned,
             (SELECT count(*)::int FROM audit_log WHERE entity_type = 'order' AND entity_id = o.id AND action = 'handoff') AS audits
      FROM sales_order o WHERE o.id = ${orderId}`).then((r) => r[0]!);
    const nothing = { status: 'new', invoice: false, services: 0, linked: 0, invoices: 0, requests: 0, assigned: 0, audits: 0 };
    const everything = (assigned: number) => ({ status: 'handed_off', invoice: true, services: lines, linked: lines, invoices: 1, requests: 1, assigned, audits: 1 });
    const assignedBefore = (await withDb(env, state)).assigned;

    const server = await startServer(env);
    const login = await fetch(`${server.base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'correct-horse-battery' }) });
    expect(login.status).toBe(200);
    const { token } = await login.json() as { token: string };
    // The request goes out; the server is killed somewhere between its arrival and well after its end.
    const handoff = fetch(`${server.base}/orders/${orderId}/handoff`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })
      .then((r) => r.status, () => null);
    await sleep(Math.floor(Math.random() * 3000));
    server.child.kill('SIGKILL');
    expect(await server.exited, server.output()).toBe('SIGKILL');
    const answered = await handoff;

    const mid = await withDb(env, state);
    expect([nothing, everything(mid.assigned)]).toContainEqual(mid);
    if (answered === 200) expect(mid.status).toBe('handed_off'); // an answer the client saw was committed

    // The rerun: nothing done → the hand-off completes once; everything done → refused, nothing doubled.
    await withDb(env, async (d) => {
      const manager = await d.db.selectFrom('app_user').select(['id', 'full_name']).where('email', '=', email).executeTakeFirstOrThrow();
      const ctx = { ...makeCtx(d.db, { id: manager.id, name: manager.full_name, role: 'manager' }), now: () => new Date() };
      const rerun = await handOffOrder(ctx, orderId).then(() => 'done', (e: { key?: string }) => e.key);
      expect(rerun).toBe(mid.status === 'new' ? 'done' : 'e.order.transition');
      const after = await state(d);
      expect(after).toEqual(everything(after.assigned));
      expect(after.assigned).toBeGreaterThanOrEqual(assignedBefore);
    });
  }, SLOW);
});
