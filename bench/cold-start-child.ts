// Child process for the cold-start figure: opens the engine, migrates, runs one query, prints ms.
import { sql } from 'kysely';
import { connectPglite, connectPostgres } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';

const [engine, target] = process.argv.slice(2);
const t = performance.now();
const d = engine === 'pglite' ? await connectPglite(target) : connectPostgres(target!);
await migrate(d);
await sql`SELECT count(*) FROM company`.execute(d.db);
console.log(JSON.stringify({ ms: performance.now() - t }));
await d.close();
