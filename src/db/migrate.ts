import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './connect.ts';
import * as m0001 from './migrations/0001-foundation.ts';

/** Every migration, in order. Forward-only: never edit one that has shipped; add the next. */
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; returns the names applied now. */
export async function migrate(database: Database): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider, ...(database.schema ? { migrationTableSchema: database.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
