import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './connect.ts';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-reference.ts';
import * as m0003 from './migrations/0003-catalog-pricing.ts';
import * as m0004 from './migrations/0004-inventory.ts';
import * as m0005 from './migrations/0005-crm.ts';
import * as m0006 from './migrations/0006-billing.ts';
import * as m0007 from './migrations/0007-links.ts';
import * as m0008 from './migrations/0008-crm-holidays.ts';
import * as m0013 from './migrations/0013-billing-documents.ts';
import * as m0009 from './migrations/0009-one-decider.ts';
import * as m0017 from './migrations/0017-compensation.ts';
import * as m0016 from './migrations/0016-bik-lists.ts';
import * as m0012 from './migrations/0012-sales-flow.ts';
import * as m0010 from './migrations/0010-trust.ts';
import * as m0011 from './migrations/0011-orders.ts';
import * as m0014 from './migrations/0014-installments.ts';
import * as m0020 from './migrations/0020-inventory-edits.ts';
import * as m0021 from './migrations/0021-billing-speed-cap.ts';
import * as m0022 from './migrations/0022-order-cancel.ts';
import * as m0018 from './migrations/0018-marketing.ts';
import * as m0019 from './migrations/0019-advertising.ts';
import * as m0023 from './migrations/0023-liveness.ts';
import * as m0024 from './migrations/0024-order-cancel-after-handoff.ts';
import * as m0027 from './migrations/0027-lead-optin.ts';
import * as m0029 from './migrations/0029-billing-statement-guards.ts';
import * as m0030 from './migrations/0030-ad-export-capacity.ts';

/** Every migration, in order. Forward-only: never edit one that has shipped; add the next. */
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-reference': m0002,
  '0003-catalog-pricing': m0003,
  '0004-inventory': m0004,
  '0005-crm': m0005,
  '0006-billing': m0006,
  '0007-links': m0007,
  '0008-crm-holidays': m0008,
  '0013-billing-documents': m0013,
  '0009-one-decider': m0009,
  '0017-compensation': m0017,
  '0016-bik-lists': m0016,
  '0012-sales-flow': m0012,
  '0010-trust': m0010,
  '0011-orders': m0011,
  '0014-installments': m0014,
  '0020-inventory-edits': m0020,
  '0021-billing-speed-cap': m0021,
  '0022-order-cancel': m0022,
  '0018-marketing': m0018,
  '0019-advertising': m0019,
  '0023-liveness': m0023,
  '0024-order-cancel-after-handoff': m0024,
  '0027-lead-optin': m0027,
  '0029-billing-statement-guards': m0029,
  '0030-ad-export-capacity': m0030,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; returns the names applied now. */
export async function migrate(database: Database): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema; pin them to ours so schemas never mix.
  const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(database.db)).rows[0]!.s;
  const migrator = new Migrator({ db: database.db, provider, migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
