/**
 * Foundation figures: cold start (open + migrate + first query) per engine, and an authenticated
 * read of a company card under 50 connections next to a bare Fastify route in the same run (alternating rounds).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { connectPglite } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { makeCtx } from '../src/app/context.ts';
import { seedDemo } from '../src/app/system/seed-demo.ts';
import { createUser } from '../src/app/parties/users.ts';
import { listCompanies } from '../src/app/parties/get-company.ts';
import { buildServer } from '../src/http/server.ts';
import { benchDatabase, benchEngines, benchPgUrl, fmt } from './lib.ts';

/** A fresh process opening an existing database: WASM compile / connect + migration check + one query. */
async function coldStart(engine: 'pglite' | 'postgres', target: string): Promise<{ inner: number; process: number }> {
  const t = performance.now();
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'cold-start-child.ts'), engine, target]);
  return { inner: (JSON.parse(stdout) as { ms: number }).ms, process: performance.now() - t };
}

async function load(url: string, headers: Record<string, string>, duration: number): Promise<{ rps: number; p99: number; errors: number }> {
  const r = await autocannon({ url, connections: 50, duration, headers });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Bare route and company card measured in alternating rounds (BENCH_ROUNDS, default 3, of BENCH_SECONDS, default 4,
 * each), so that a change in the machine's load during the run hits both; the figures are the medians.
 */
export async function compare(bareUrl: string, cardUrl: string, token: string) {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const seconds = Number(process.env.BENCH_SECONDS ?? 4);
  const b: Awaited<ReturnType<typeof load>>[] = [];
  const c: Awaited<ReturnType<typeof load>>[] = [];
  for (let i = 0; i < rounds; i++) {
    b.push(await load(bareUrl, {}, seconds));
    c.push(await load(cardUrl, { authorization: `Bearer ${token}` }, seconds));
  }
  const pick = (xs: typeof b) => ({ rps: median(xs.map((x) => x.rps)), p99: median(xs.map((x) => x.p99)), errors: xs.reduce((n, x) => n + x.errors, 0) });
  return { bare: pick(b), card: pick(c), ratios: b.map((x, i) => (100 * c[i]!.rps) / x.rps) };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rackdesk-bench-'));
  try {
    const first = await connectPglite(dir);
    await migrate(first);
    await first.close();
    const p = await coldStart('pglite', dir);
    console.log(`cold start, pglite:   ${fmt(p.inner)} to open+migrate+query (${fmt(p.process)} for the whole new process)`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
  if (benchPgUrl()) {
    const d = await benchDatabase('postgres');
    const p = await coldStart('postgres', `${benchPgUrl()!}${benchPgUrl()!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${d.schema},public`)}`);
    console.log(`cold start, postgres: ${fmt(p.inner)} to connect+migrate+query (${fmt(p.process)} for the whole new process)`);
    await d.close();
  }

  const bare = Fastify();
  bare.get('/x', async () => ({ id: 'co_1', name: 'bare' }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/x`;

  for (const engine of benchEngines()) {
    const d = await benchDatabase(engine);
    const ctx = makeCtx(d.db);
    await seedDemo(ctx, 'bench-demo-password');
    await createUser(ctx, { email: 'bench@rackdesk.local', fullName: 'Bench', role: 'manager', password: 'bench-password-1' });
    const app = await buildServer({ database: d, timeZone: 'Europe/Moscow', logLevel: 'silent', loginMax: 1000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@rackdesk.local', password: 'bench-password-1' }) });
    const { token } = (await login.json()) as { token: string };
    const id = (await listCompanies(ctx, { limit: 1 })).items[0]!.id;
    const { bare: b, card: c, ratios } = await compare(bareUrl, `${base}/api/v1/companies/${id}`, token);
    console.log(`[${engine}] bare Fastify route:          ${b.rps.toFixed(0)} req/s, p99 ${b.p99} ms (errors ${b.errors})`);
    console.log(`[${engine}] GET company card (auth):   ${c.rps.toFixed(0)} req/s, p99 ${c.p99} ms (errors ${c.errors}) — ${(100 * c.rps / b.rps).toFixed(1)} % of bare`
      + ` (per round: ${ratios.map((r) => `${r.toFixed(1)} %`).join(', ')})`);
    await app.close();
    await d.close();
  }
  await bare.close();
}
