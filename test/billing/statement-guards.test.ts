import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connectPostgres, type Database } from '../../src/db/connect.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { engineName, onPostgres, testDb } from '../helpers/db.ts';
import { aClient, accountingAt, anOwnEntity, aService } from './helpers.ts';

/**
 * Migration 0029 checks the references of invoices and invoice lines once per statement instead of by per-row
 * foreign keys. These tests try every way around it by raw SQL: a missing invoice, service, tariff, seller,
 * client or run on insert (and on an invoice update), and deleting or renumbering what a line or an invoice
 * names — each refused with 23503 and the old constraint's name, as the foreign keys did.
 */
describe(`invoice references checked per statement (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  const refusal = async (q: Promise<unknown>) => {
    try { await q; return 'ok'; } catch (e) { const x = e as { code?: string; constraint?: string }; return `${x.code ?? String(e)} ${x.constraint ?? ''}`.trim(); }
  };

  async function world() {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    const s = await aService(ctx, client.id, seller.id, { startDate: '2026-11-01' });
    const r = await runBilling(ctx, { period: '2026-11' });
    const line = await d.db.selectFrom('invoice_line').selectAll().where('service_id', '=', s.id).executeTakeFirstOrThrow();
    const inv = await d.db.selectFrom('invoice').selectAll().where('id', '=', line.invoice_id).executeTakeFirstOrThrow();
    return { ctx, seller, client, s, line, inv, runId: r.runId };
  }

  const lineValues = (l: Record<string, unknown>, over: Record<string, unknown>) => ({
    invoice_id: l.invoice_id, service_id: l.service_id, tariff_id: l.tariff_id, line_kind: 'period', period: l.period, description: 'x',
    quantity: 1, unit_price: 100n, net: 100n, vat: 0n, total: 100n, ...over,
  });

  it('a line naming a missing invoice, service or tariff is refused; a good one passes', async () => {
    const { line } = await world();
    const ins = (over: Record<string, unknown>) => d.db.insertInto('invoice_line').values(lineValues(line, over) as never).execute();
    expect(await refusal(ins({ billing_key: 'g1', invoice_id: 'iv_nowhere' }))).toBe('23503 invoice_line_invoice_id_fkey');
    expect(await refusal(ins({ billing_key: 'g2', service_id: 'sv_nowhere' }))).toBe('23503 invoice_line_service_id_fkey');
    expect(await refusal(ins({ billing_key: 'g3', tariff_id: 'tf_nowhere' }))).toBe('23503 invoice_line_tariff_id_fkey');
    // One bad row among good ones spoils the whole statement.
    expect(await refusal(d.db.insertInto('invoice_line').values([lineValues(line, { billing_key: 'g4' }), lineValues(line, { billing_key: 'g5', service_id: 'sv_gone' })] as never).execute()))
      .toBe('23503 invoice_line_service_id_fkey');
    expect(await refusal(ins({ billing_key: 'g6', service_id: null, tariff_id: null, line_kind: 'charge' }))).toBe('ok');
    expect(await refusal(ins({ billing_key: 'g7' }))).toBe('ok');
  });

  it('an invoice naming a missing seller, client or run is refused, on insert and on update', async () => {
    const { inv } = await world();
    const base = { ...inv, id: 'iv_g1', number: inv.number + 500, seller: JSON.stringify(inv.seller), buyer: JSON.stringify(inv.buyer), created_at: undefined };
    expect(await refusal(d.db.insertInto('invoice').values({ ...base, seller_id: inv.client_id } as never).execute())).toBe('23503 invoice_seller_id_fkey');
    expect(await refusal(d.db.insertInto('invoice').values({ ...base, client_id: 'co_nowhere' } as never).execute())).toBe('23503 invoice_client_id_fkey');
    expect(await refusal(d.db.insertInto('invoice').values({ ...base, run_id: 'br_nowhere' } as never).execute())).toBe('23503 invoice_run_id_fkey');
    expect(await refusal(sql`UPDATE invoice SET client_id = 'co_nowhere' WHERE id = ${inv.id}`.execute(d.db))).toBe('23503 invoice_client_id_fkey');
    expect(await refusal(sql`UPDATE invoice SET run_id = 'br_nowhere' WHERE id = ${inv.id}`.execute(d.db))).toBe('23503 invoice_run_id_fkey');
    expect(await refusal(d.db.insertInto('invoice').values({ ...base, run_id: null } as never).execute())).toBe('ok');
  });

  it('what a line or an invoice names is neither deleted nor renumbered', async () => {
    const { s, line, inv, client, seller, runId } = await world();
    expect(await refusal(sql`DELETE FROM billing_service WHERE id = ${s.id}`.execute(d.db))).toMatch(/^23503 /);
    expect(await refusal(sql`UPDATE billing_service SET id = 'sv_renamed' WHERE id = ${s.id}`.execute(d.db))).toMatch(/^23503 /);
    expect(await refusal(sql`DELETE FROM service_tariff WHERE id = ${line.tariff_id}`.execute(d.db))).toBe('23503 invoice_line_tariff_id_fkey');
    expect(await refusal(sql`UPDATE service_tariff SET id = 'tf_renamed' WHERE id = ${line.tariff_id}`.execute(d.db))).toBe('23503 invoice_line_tariff_id_fkey');
    expect(await refusal(sql`DELETE FROM invoice WHERE id = ${inv.id}`.execute(d.db))).toMatch(/^23503 /);
    expect(await refusal(sql`UPDATE invoice SET id = 'iv_renamed' WHERE id = ${inv.id}`.execute(d.db))).toBe('23503 invoice_line_invoice_id_fkey');
    expect(await refusal(sql`UPDATE company SET id = 'co_renamed' WHERE id = ${client.id}`.execute(d.db))).toMatch(/^23503 /);
    expect(await refusal(sql`UPDATE own_entity SET company_id = ${client.id} WHERE company_id = ${seller.id}`.execute(d.db))).not.toBe('ok');
    expect(await refusal(sql`DELETE FROM billing_run WHERE id = ${runId}`.execute(d.db))).toBe('23503 invoice_run_id_fkey');
    // A row nobody names may still go, and changing other columns of a named row is untouched.
    const spare = await sql<{ id: string }>`INSERT INTO billing_run (id, period, finished_at) VALUES ('br_spare', '2026-11', now()) RETURNING id`.execute(d.db);
    expect(await refusal(sql`DELETE FROM billing_run WHERE id = ${spare.rows[0]!.id}`.execute(d.db))).toBe('ok');
    expect(await refusal(sql`UPDATE billing_service SET title = 'Аренда сервера Dell R650' WHERE id = ${s.id}`.execute(d.db))).toBe('ok');
  });

  it.runIf(onPostgres)('a service deleted while a line naming it is being inserted: the delete waits and is refused', async () => {
    const { s, line } = await world();
    const other = connectPostgres(process.env.TEST_DATABASE_URL!, { schema: `${(d as Database & { schema?: string }).schema},public` });
    try {
      // A fresh service with a tariff and no lines yet: nothing protects it but the line about to be inserted.
      await sql`INSERT INTO billing_service (id, client_id, seller_id, kind, title, monthly_price, start_date, status)
        SELECT 'sv_race', client_id, seller_id, kind, title, monthly_price, start_date, 'active' FROM billing_service WHERE id = ${s.id}`.execute(d.db);
      let deleted: Promise<string> | null = null;
      await d.db.transaction().execute(async (tx) => {
        await tx.insertInto('invoice_line').values(lineValues(line, { billing_key: 'race1', service_id: 'sv_race', tariff_id: null }) as never).execute();
        deleted = refusal(sql`DELETE FROM billing_service WHERE id = 'sv_race'`.execute(other.db));
        const first = await Promise.race([deleted, new Promise((r) => setTimeout(() => r('waiting'), 500))]);
        expect(first).toBe('waiting');
      });
      expect(await deleted!).toBe('23503 invoice_line_service_id_fkey');
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM invoice_line l WHERE NOT EXISTS (SELECT 1 FROM billing_service s WHERE s.id = l.service_id) AND l.service_id IS NOT NULL`.execute(d.db)).rows[0]!.n).toBe(0);
    } finally {
      await other.close();
    }
  });
});
