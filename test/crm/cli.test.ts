import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runCli } from '../../src/cli/main.ts';
import { engineName, onPostgres, testSchemaName, urlWithSchema } from '../helpers/db.ts';
import { pdfText } from '../helpers/pdf.ts';

const dirs: string[] = [];
const schemas: string[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (onPostgres && schemas.length) {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await c.end();
  }
});

async function newEnv(): Promise<NodeJS.ProcessEnv & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rackdesk-crm-cli-'));
  dirs.push(dir);
  if (!onPostgres) return { RACKDESK_DATA_DIR: dir, RACKDESK_DEMO: '0', dir };
  const schema = testSchemaName();
  schemas.push(schema);
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  return { RACKDESK_DATA_DIR: dir, RACKDESK_DEMO: '0', DATABASE_URL: urlWithSchema(schema), dir };
}

async function cli(env: NodeJS.ProcessEnv, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe(`rackdesk summary daily (${engineName})`, () => {
  it('prints Markdown, writes a PDF, and refuses a bad date with exit code 2', async () => {
    const env = await newEnv();
    const md = await cli(env, 'summary', 'daily', '--date', '2026-11-27');
    expect(md.code).toBe(0);
    expect(md.out).toContain('# Сводка за 27.11.2026: вся команда');
    expect(md.out).toContain('## Движение по стадиям (0)');
    const file = join(env.dir, 's.pdf');
    const pdf = await cli(env, 'summary', 'daily', '--date', '2026-11-27', '--format', 'pdf', '--out', file);
    expect(pdf.code).toBe(0);
    expect(await pdfText(readFileSync(file))).toContain('Сводка за 27.11.2026');
    const bad = await cli(env, 'summary', 'daily', '--date', '27.11.2026');
    expect(bad.code, bad.err).toBe(2);
    expect(bad.err).toContain('date: Неверная дата');
  }, 120_000); // three CLI runs, each opening the database
});
