import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { makeCtx, systemActor } from '../../src/app/context.ts';
import { seedDemo } from '../../src/app/system/seed-demo.ts';
import { getInvoice, listInvoices } from '../../src/app/billing/invoices.ts';
import { getStatementImport, listStatementImports } from '../../src/app/billing/statements.ts';
import { clientLedger, listSuspensionProposals } from '../../src/app/billing/receivables.ts';
import { dateInZone } from '../../src/domain/dates.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { ctxAs } from '../helpers/factories.ts';

/** The demo shows the accounting screens in real states: a correction document and a history of bank statements. */
describe(`demo accounting history (${engineName})`, () => {
  let d: Database;
  let today: string;
  let lastMonth: string;
  beforeAll(async () => {
    d = await testDb();
    const ctx = makeCtx(d.db, systemActor);
    await seedDemo(ctx, 'demo-password-1');
    today = dateInZone(ctx.now(), ctx.timeZone);
    const [y, m] = today.split('-').map(Number) as [number, number];
    lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }, 600_000);

  it('last month is billed, and a back-dated downsizing corrected it with a УКД dated today in that period', async () => {
    const accounting = await ctxAs(d.db, 'accounting');
    const all = await listInvoices(accounting);
    expect(all.filter((i) => i.kind === 'period' && i.period === lastMonth).length).toBeGreaterThanOrEqual(5);
    const corrections = all.filter((i) => i.kind === 'correction');
    expect(corrections).toHaveLength(1);
    const ukd = await getInvoice(accounting, corrections[0]!.id);
    expect(ukd).toMatchObject({ period: lastMonth, issueDate: today, clientId: all.find((i) => i.clientName === 'Промсвязьинвест')!.clientId });
    expect(ukd.total).toBeLessThan(0n);
    const original = await getInvoice(accounting, ukd.corrects!.id);
    expect(original.period).toBe(lastMonth);
    expect(ukd.lines.every((l) => l.kind === 'correction' && l.before !== null)).toBe(true);
    // The decrease lowers what the client owes: the ledger counts it.
    const ledger = await clientLedger(accounting, ukd.clientId);
    expect(ledger.entries.find((e) => e.id === ukd.id)).toMatchObject({ kind: 'correction', credit: -ukd.total });
  });

  it('two statements of last month were imported, with matched, queued and bank-operation lines', async () => {
    const accounting = await ctxAs(d.db, 'accounting');
    const imports = (await listStatementImports(accounting)).filter((s) => s.dateFrom?.startsWith(lastMonth));
    expect(imports).toHaveLength(2);
    for (const s of imports) {
      expect(s).toMatchObject({ encoding: 'windows-1251', matched: 2, queued: 1, bankOperations: 1, documents: 4 });
      const { payments } = await getStatementImport(accounting, s.id);
      expect(payments.map((p) => p.status).sort()).toEqual(['matched', 'matched', 'queued']);
    }
    // Every invoice of last month is settled (Промсвязьинвест's after its УКД) but Логистик Онлайн's, the one debtor.
    const last = (await listInvoices(accounting, { period: lastMonth })).filter((i) => i.kind === 'period');
    const open = [];
    for (const i of last) if ((await getInvoice(accounting, i.id)).outstanding > 0n) open.push(i.clientName);
    expect(open).toEqual(['Логистик Онлайн']);
    // So only Логистик Онлайн is proposed for suspension: Промсвязьинвест paid what its corrected invoice asks.
    expect((await listSuspensionProposals(accounting)).map((p) => p.clientName)).toEqual(['Логистик Онлайн']);
  });
});
