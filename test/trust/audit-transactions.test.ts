/**
 * Every transaction that changes business data also writes an audit entry — at run time, in the same
 * transaction. A row trigger on every table of the test's database records the transaction id of each
 * written row; after a scenario that walks the sales-to-billing path through the use cases (users, sites,
 * companies, price lists, offers, feasibility, proposals, order, signing, hand-off, billing run), each
 * transaction that wrote business rows must have written an `audit_log` row too. Tables that are
 * bookkeeping rather than business data are listed with the reason.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { handOffOrder } from '../../src/app/flows/order-handoff.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { orderWorld, signedOrder } from '../orders/world.ts';

/** Written without an audit entry on purpose. */
const BOOKKEEPING: Record<string, string> = {
  auth_session: 'sessions of a login; not business data',
  job: 'the job queue',
  billing_run: 'the billing run\'s progress record (start, heartbeat, finish); the invoices of each chunk are audited in the chunk\'s transaction',
  rd_tx_writes: 'this test\'s own record',
};

describe(`every writing transaction has its audit entry (${engineName})`, () => {
  let database: Database;

  beforeAll(async () => {
    database = await testDb();
    await sql`CREATE TABLE rd_tx_writes (txid bigint NOT NULL, tbl text NOT NULL)`.execute(database.db);
    await sql`CREATE FUNCTION rd_note_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO rd_tx_writes VALUES (txid_current(), TG_TABLE_NAME); RETURN NULL; END $$`.execute(database.db);
    const tables = (await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'rd_tx_writes'`.execute(database.db)).rows;
    for (const { t } of tables) await sql.raw(`CREATE TRIGGER rd_note_write AFTER INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION rd_note_write()`).execute(database.db);
    expect(tables.length).toBeGreaterThan(50);
  });

  it('the sales-to-billing path: no transaction writes business rows without an audit entry', async () => {
    const w = await orderWorld(database.db);
    const o = await signedOrder(w);
    await handOffOrder(w.manager, o.id);
    await runBilling({ ...w.accounting, now: () => new Date('2027-01-05T09:00:00+03:00') }, { period: '2027-01' });
    const unaudited = async () => {
      const txs = (await sql<{ txid: string; tables: string[] }>`
        SELECT txid::text, array_agg(DISTINCT tbl ORDER BY tbl) AS tables FROM rd_tx_writes GROUP BY txid`.execute(database.db)).rows;
      expect(txs.length).toBeGreaterThan(20);
      return txs.filter((t) => !t.tables.includes('audit_log') && t.tables.some((x) => !BOOKKEEPING[x])).map((t) => t.tables.join(','));
    };
    expect(await unaudited()).toEqual([]);
    // The check sees a write that goes around the use cases.
    await sql`UPDATE company SET name = name WHERE id = ${w.client.id}`.execute(database.db);
    expect(await unaudited()).toEqual(['company']);
  });
});
