import pg from 'pg';

/** Schemas are named rdt_<unix seconds>_<random> (see test/helpers/db.ts). */
const SCHEMA_PATTERN = "rdt\\_%";
const bornOf = (name: string): number => Number(name.split('_')[1]);

async function dropSchemas(url: string, keep: (born: number) => boolean): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [SCHEMA_PATTERN]);
    for (const { nspname } of r.rows) {
      const born = bornOf(nspname);
      if (!Number.isFinite(born) || !keep(born)) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}

/**
 * With TEST_DATABASE_URL: installs btree_gist once, drops schemas that earlier runs left behind (older than an
 * hour, so a run in parallel keeps its own), and at the end drops the schemas this run created.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const started = Math.floor(Date.now() / 1000);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public');
  } finally {
    await client.end();
  }
  await dropSchemas(url, (born) => born >= started - 3600);
  return () => dropSchemas(url, (born) => born < started);
}
