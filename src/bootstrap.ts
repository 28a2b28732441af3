import { join } from 'node:path';
import type { AppConfig } from './config.ts';
import { connectPglite, connectPostgres, type Database } from './db/connect.ts';
import { migrate } from './db/migrate.ts';

/** Opens the configured engine (PostgreSQL when DATABASE_URL is set, else embedded PGlite) and migrates it. */
export async function openDatabase(config: Pick<AppConfig, 'databaseUrl' | 'dataDir' | 'timeZone'>, opts: { migrate?: boolean } = {}): Promise<Database> {
  const { timeZone } = config;
  const database = config.databaseUrl ? connectPostgres(config.databaseUrl, { timeZone }) : await connectPglite(join(config.dataDir, 'pglite'), { timeZone });
  if (opts.migrate !== false) {
    try { await migrate(database); } catch (e) { await database.close(); throw e; }
  }
  return database;
}
