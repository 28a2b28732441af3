import { describe, expect, it } from 'vitest';
import { connectPglite, type Database } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';
import { appliedMigrations } from '../../src/db/queries/system.ts';
import { makeCtx, systemActor } from '../../src/app/context.ts';
import { exportData, importData } from '../../src/app/system/dump.ts';
import { seedDemo } from '../../src/app/system/seed-demo.ts';
import { listAudit } from '../../src/app/audit/list-audit.ts';
import { listCompanies } from '../../src/app/parties/get-company.ts';
import { listConsents } from '../../src/app/parties/consents.ts';
import { listDeals } from '../../src/app/crm/deals.ts';
import { listInvoices } from '../../src/app/billing/invoices.ts';
import { listProposals } from '../../src/app/quoting/proposals.ts';
import { listFeasibilityRequests } from '../../src/app/feasibility/requests.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, freshDatabase, onPostgres } from '../helpers/db.ts';
import { aCompany } from '../helpers/factories.ts';

async function pglite(): Promise<Database> {
  const d = await connectPglite();
  await migrate(d);
  return d;
}

async function dump(d: Database): Promise<string[]> {
  const lines: string[] = [];
  await exportData(makeCtx(d.db), d.engine, (l) => { lines.push(l); });
  return lines;
}

describe(`logical dump moves all data between engines (${engineName})`, () => {
  it(`embedded → ${onPostgres ? 'PostgreSQL' : 'embedded'} → embedded keeps every row, and the target keeps working`, async () => {
    const source = await pglite();
    const target = await freshDatabase();
    const back = await pglite();
    try {
      const ctx = makeCtx(source.db, systemActor);
      await seedDemo(ctx, 'demo-password-1');
      const lines = await dump(source);
      const header = JSON.parse(lines[0]!);
      expect(header).toMatchObject({ format: 'rackdesk-dump', version: 1, engine: 'pglite' });

      const counts = await importData(makeCtx(target.db), lines);
      expect(counts.company).toBe(13);
      expect(counts.site).toBe(3);
      expect(counts.own_entity).toBe(1);
      expect(counts.app_user).toBe(7);
      expect(counts.audit_log).toBeGreaterThan(40);
      // Every section has its demo story: catalog on supplier prices, inventory and feasibility, proposals, CRM, billing.
      expect(counts).toMatchObject({
        supplier_price_list: 3, offer: 6, catalog_option: 2, inv_rack: 3, feas_request: 4,
        proposal: 7, deal: 15, activity: 11, task: 7, partner_agreement: 1, billing_service: 8, invoice: 15, payment: 7, statement_import: 2,
        sales_order: 5, order_line: 5, contract: 1, contract_doc: 5, satisfaction_survey: 2, prov_request: 3, payment_deferral: 2, prov_delay: 1,
      });
      const tctx = makeCtx(target.db);
      const srcCompanies = await listCompanies(ctx, { limit: 200 });
      const dstCompanies = await listCompanies(tctx, { limit: 200 });
      expect(dstCompanies.items).toEqual(srcCompanies.items);
      const someCompany = srcCompanies.items.find((c) => c.roles.includes('client'))!;
      expect(await listConsents(tctx, someCompany.id)).toEqual(await listConsents(ctx, someCompany.id));
      expect(await listAudit(tctx, { entityId: someCompany.id })).toEqual(await listAudit(ctx, { entityId: someCompany.id }));
      expect(await listDeals(tctx, { outcome: 'all' })).toEqual(await listDeals(ctx, { outcome: 'all' }));
      expect(await listProposals(tctx)).toEqual(await listProposals(ctx));
      expect(await listInvoices(tctx)).toEqual(await listInvoices(ctx));
      expect(await listFeasibilityRequests(tctx)).toEqual(await listFeasibilityRequests(ctx));

      // New rows after the import continue the audit sequence instead of colliding with imported ids.
      await aCompany(tctx);
      const maxId = await target.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow();
      expect(BigInt(maxId.m as bigint)).toBeGreaterThan(BigInt(counts.audit_log!));

      // And back again.
      const backCounts = await importData(makeCtx(back.db), await dump(target));
      expect(backCounts.company).toBe(14);
      expect(backCounts.audit_log).toBe(counts.audit_log! + 1);
    } finally {
      await Promise.all([source.close(), target.close(), back.close()]);
    }
  }, 120_000); // three databases: slow on a loaded 2-core machine

  it('refuses to load into a database that has data, or a malformed file, writing nothing', async () => {
    const d = await pglite();
    try {
      // The header names the migrations this database has, whatever features have added since.
      const header = JSON.stringify({ format: 'rackdesk-dump', version: 1, migrations: await appliedMigrations(d.db), exportedAt: '', engine: 'pglite' });
      const bad = [header, '{"t":"company","r":{"id":"co_x","kind":"legal","name":"X","roles":["client"]}}', 'not json'];
      const e = await importData(makeCtx(d.db), bad).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).params.line).toBe(3);
      expect(await d.db.selectFrom('company').select('id').execute()).toEqual([]);
      const unknown = await importData(makeCtx(d.db), [header, '{"t":"nope","r":{}}']).catch((x: unknown) => x);
      expect((unknown as AppError).params.line).toBe(2);
      await aCompany(makeCtx(d.db));
      const notEmpty = await importData(makeCtx(d.db), [header]).catch((x: unknown) => x);
      expect((notEmpty as AppError).key).toBe('e.dumpNotEmpty');
    } finally {
      await d.close();
    }
  });
});
