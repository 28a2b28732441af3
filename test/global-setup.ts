import pg from 'pg';

/** With TEST_DATABASE_URL: makes sure btree_gist is installed once and drops schemas left by earlier runs. */
export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public');
    // Schemas are named rdt_<unix seconds>_<random>; only old ones are dropped, so parallel runs do not collide.
    const r = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rdt\\_%'");
    const cutoff = Math.floor(Date.now() / 1000) - 6 * 3600;
    for (const { nspname } of r.rows) {
      const born = Number(nspname.split('_')[1]);
      if (!Number.isFinite(born) || born < cutoff) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}
