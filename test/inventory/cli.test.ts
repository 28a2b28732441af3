import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runCli } from '../../src/cli/main.ts';
import { engineName, onPostgres, testSchemaName, urlWithSchema } from '../helpers/db.ts';

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

async function newEnv(): Promise<NodeJS.ProcessEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'rackdesk-inv-cli-'));
  dirs.push(dir);
  if (!onPostgres) return { RACKDESK_DATA_DIR: dir };
  const schema = testSchemaName();
  schemas.push(schema);
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  return { RACKDESK_DATA_DIR: dir, DATABASE_URL: urlWithSchema(schema) };
}

async function cli(env: NodeJS.ProcessEnv, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe(`rackdesk inventory import / ip next (${engineName})`, () => {
  it('imports prefixes (refusing a bad file with line numbers) and hands out the next IPs', async () => {
    const env = await newEnv();
    expect((await cli(env, 'migrate')).code).toBe(0);
    const dir = env.RACKDESK_DATA_DIR!;
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'prefix;pool\n192.0.2.0/29;public\nnot-a-prefix;public\n');
    const r1 = await cli(env, 'inventory', 'import', 'prefixes', bad);
    expect(r1.code).toBe(2);
    expect(r1.err).toContain('line 3');
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'prefix;pool\n192.0.2.0/30;public\n2001:db8::/126;public\n');
    const r2 = await cli(env, 'inventory', 'import', 'prefixes', good);
    expect(r2.out, r2.err).toBe('Импортировано (prefixes): 2');
    const ips: string[] = [];
    for (let i = 0; i < 2; i++) { const r = await cli(env, 'ip', 'next', '192.0.2.0/30'); ips.push(r.out || r.err); }
    expect(ips).toEqual(['192.0.2.1', '192.0.2.2']);
    const full = await cli(env, 'ip', 'next', '192.0.2.0/30');
    expect(full.code).not.toBe(0);
    expect(full.err).toContain('192.0.2.0/30');
    expect((await cli(env, 'ip', 'next', '2001:db8::/126')).out).toBe('2001:db8::');
    expect((await cli(env, 'inventory', 'import', 'unicorns', good)).code).toBe(2);
    expect((await cli(env, 'ip', 'next', '198.51.100.0/24')).code).not.toBe(0);
  }, 120_000);
});
