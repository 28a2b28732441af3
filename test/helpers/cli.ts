import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { onPostgres, testSchemaName, urlWithSchema } from './db.ts';

/** An environment for `runCli`; RACKDESK_DATA_DIR is its own temp folder (a good place for test files too). */
export type CliEnv = NodeJS.ProcessEnv & { RACKDESK_DATA_DIR: string };

// What newCliEnv made and removeCliEnvs has not removed yet. Module state is shared by the files a
// worker runs (isolate: false), which run one after another, so each file's afterAll removes its own.
const dirs: string[] = [];
const schemas: string[] = [];

async function withAdmin(fn: (c: pg.Client) => Promise<void>): Promise<void> {
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  try {
    await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * An environment pointing the CLI at a new empty database of the engine under test: a temp data
 * folder (PGlite lives there), and on PostgreSQL also a fresh schema. `env` adds variables.
 */
export async function newCliEnv(opts: { prefix?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliEnv> {
  const dir = mkdtempSync(join(tmpdir(), opts.prefix ?? 'rackdesk-cli-'));
  dirs.push(dir);
  const env: CliEnv = { ...opts.env, RACKDESK_DATA_DIR: dir };
  if (!onPostgres) return env;
  const schema = testSchemaName();
  schemas.push(schema);
  await withAdmin(async (c) => { await c.query(`CREATE SCHEMA ${schema}`); });
  return { ...env, DATABASE_URL: urlWithSchema(schema) };
}

/** Runs the CLI in-process with `env`; returns the exit code and what it printed (lines joined by \n). */
export async function runCliCapture(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Drops the schemas and removes the temp folders made by newCliEnv so far. */
export async function removeCliEnvs(): Promise<void> {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  const drop = schemas.splice(0);
  if (onPostgres && drop.length) await withAdmin(async (c) => { for (const s of drop) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`); });
}

/** Registers removeCliEnvs as an afterAll of the calling file (or describe block). */
export function removeCliEnvsAfterAll(): void {
  afterAll(removeCliEnvs);
}
