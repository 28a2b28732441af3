import pg from 'pg';
import { connectPglite, connectPostgres, type Database } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';

/** PostgreSQL URL for benchmarks, or null to measure PGlite only. */
export const benchPgUrl = (): string | null => process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;

/** A fresh, migrated database for a benchmark on the given engine (a new schema on PostgreSQL). */
export async function benchDatabase(engine: 'pglite' | 'postgres'): Promise<Database> {
  if (engine === 'pglite') {
    const d = await connectPglite();
    await migrate(d);
    return d;
  }
  const url = benchPgUrl()!;
  const schema = `rdbench_${Date.now()}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public');
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  const d = connectPostgres(url, { schema: `${schema},public` });
  await migrate(d);
  const close = d.close;
  return {
    ...d,
    schema,
    close: async () => {
      await close();
      const k = new pg.Client({ connectionString: url });
      await k.connect();
      await k.query(`DROP SCHEMA ${schema} CASCADE`);
      await k.end();
    },
  };
}

/** Engines to measure: always PGlite, plus PostgreSQL when a URL is given. */
export const benchEngines = (): ('pglite' | 'postgres')[] => (benchPgUrl() ? ['pglite', 'postgres'] : ['pglite']);

/** Percentile of durations in ms. */
export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** Times `fn` `n` times after `warmup` runs; returns ms per run. */
export async function timeRuns(n: number, fn: () => Promise<unknown>, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export const fmt = (ms: number): string => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
