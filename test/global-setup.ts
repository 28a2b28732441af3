import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Schemas are named rdt_<unix seconds>_<run id>_<random> (see test/helpers/db.ts). */
const SCHEMA_PATTERN = 'rdt\\_%';
const partsOf = (name: string): { born: number; run: string } => {
  const [, born, run] = name.split('_');
  return { born: Number(born), run: run ?? '' };
};

async function dropSchemas(url: string, drop: (s: { born: number; run: string }) => boolean): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [SCHEMA_PATTERN]);
    for (const { nspname } of r.rows) {
      if (drop(partsOf(nspname))) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}

/**
 * With TEST_DATABASE_URL: installs btree_gist once, gives this run an id (inherited by the test workers through
 * the environment), drops schemas that crashed runs left behind (older than six hours, so runs in parallel keep
 * theirs), and at the end drops only the schemas this run created.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const run = randomBytes(4).toString('hex');
  process.env.RACKDESK_TEST_RUN = run;
  const started = Math.floor(Date.now() / 1000);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public');
  } finally {
    await client.end();
  }
  await dropSchemas(url, (s) => !Number.isFinite(s.born) || s.born < started - 6 * 3600);
  return () => dropSchemas(url, (s) => s.run === run);
}
