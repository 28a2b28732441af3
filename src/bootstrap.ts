import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from './config.ts';
import { connectPglite, connectPostgres, type Database } from './db/connect.ts';
import { lockDataDir } from './db/folder-lock.ts';
import { migrate } from './db/migrate.ts';

/** The embedded engine in `dataDir`, held by this process alone until it is closed. */
async function openEmbedded(dataDir: string, timeZone: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  try {
    const database = await connectPglite(join(dataDir, 'pglite'), { timeZone });
    return { ...database, close: async () => { try { await database.close(); } finally { unlock(); } } };
  } catch (e) {
    unlock();
    throw e;
  }
}

/** Opens the configured engine (PostgreSQL when DATABASE_URL is set, else embedded PGlite) and migrates it. */
export async function openDatabase(config: Pick<AppConfig, 'databaseUrl' | 'dataDir' | 'timeZone'>, opts: { migrate?: boolean } = {}): Promise<Database> {
  const { timeZone } = config;
  const database = config.databaseUrl ? connectPostgres(config.databaseUrl, { timeZone }) : await openEmbedded(config.dataDir, timeZone);
  if (opts.migrate !== false) {
    try { await migrate(database); } catch (e) { await database.close(); throw e; }
  }
  return database;
}
