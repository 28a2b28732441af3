import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { expect } from 'vitest';
import { connectPglite, connectPostgres, type Database } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
export const engineName = onPostgres ? 'postgres' : 'pglite';

/** A URL for the test server that pins search_path to `schema` (for CLI and second "instances"). */
export function urlWithSchema(schema: string): string {
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.searchParams.set('options', `-c search_path=${schema},public`);
  return u.toString();
}

/**
 * A unique schema name `rdt_<birth seconds>_<run id>_<random>`: global-setup drops its own run's schemas at the
 * end (found by the run id it put in RACKDESK_TEST_RUN) and, at the start, those that crashed runs left behind.
 */
export const testSchemaName = (): string =>
  `rdt_${Math.floor(Date.now() / 1000)}_${process.env.RACKDESK_TEST_RUN ?? 'x'}_${randomBytes(5).toString('hex')}`;

/** A new, empty, migrated database: a fresh schema on PostgreSQL, or a fresh in-memory PGlite. */
export async function freshDatabase(): Promise<Database & { schema?: string }> {
  if (!onPostgres) {
    const d = await connectPglite();
    await migrate(d);
    return d;
  }
  const schema = testSchemaName();
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const d = connectPostgres(process.env.TEST_DATABASE_URL!, { schema: `${schema},public` });
  await migrate(d);
  const close = d.close;
  return {
    ...d,
    close: async () => {
      await close();
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

let current: { file: string; db: Promise<Database> } | null = null;

/**
 * The test file's database: a fresh PGlite or PostgreSQL schema per test file, so no file sees another's rows
 * or settings (billing runs bill every service in their database). Files of a worker run one after another,
 * so the previous file's database is closed when the next file asks for its own.
 */
export function testDb(): Promise<Database> {
  const file = expect.getState().testPath ?? 'unknown';
  if (current?.file === file) return current.db;
  const previous = current;
  current = { file, db: freshDatabase() };
  if (previous) void previous.db.then((d) => d.close()).catch(() => undefined);
  return current.db;
}
