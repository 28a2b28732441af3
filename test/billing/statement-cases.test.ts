import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { getInvoice, type InvoiceView } from '../../src/app/billing/invoices.ts';
import { importStatement, listPaymentQueue } from '../../src/app/billing/payments.ts';
import { listStatementImports } from '../../src/app/billing/statements.ts';
import { formatDate } from '../../src/domain/dates.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aClient, accountingAt, anOwnEntity, aService } from './helpers.ts';
import { statementText, toCp866, type Doc } from './statement-fixture.ts';

const rub = (k: bigint) => `${k / 100n}.${String(k % 100n).padStart(2, '0')}`;

describe(`bank statements as banks send them (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  const invoicesOf = async (ctx: Awaited<ReturnType<typeof accountingAt>>, clientId: string): Promise<InvoiceView[]> => {
    const rows = await d.db.selectFrom('invoice').select('id').where('client_id', '=', clientId).orderBy('issue_date').orderBy('number').execute();
    return Promise.all(rows.map((r) => getInvoice(ctx, r.id)));
  };

  it('an invoice number matches together with the date the purpose gives; the same number of another year alone is not enough', async () => {
    const ctx26 = await accountingAt(d.db, '2026-11-27T09:00:00Z');
    const ctx27 = await accountingAt(d.db, '2027-01-15T09:00:00Z');
    const s = await anOwnEntity(d.db);
    const x = await aClient(d.db);
    await aService(ctx26, x.id, s.id, { monthlyPrice: 1_000_000 });
    await runBilling(ctx26, { period: '2026-12' });
    await runBilling(ctx27, { period: '2027-02' });
    const [i26, i27] = await invoicesOf(ctx27, x.id);
    expect([i26!.number, i26!.year, i27!.number, i27!.year]).toEqual([1, 2026, 1, 2027]);
    const base = { date: '20.01.2027', payerAccount: x.settlementAccount!, payerInn: x.inn!, payerKpp: x.kpp!, payerName: x.name, payeeAccount: s.settlementAccount! };
    const docs: Doc[] = [
      { ...base, number: '501', amount: rub(i27!.total), purpose: `Оплата по счёту № 1 от ${formatDate(i27!.issueDate)} за февраль` },
      { ...base, number: '502', amount: rub(i26!.total), purpose: 'Оплата по счёту № 1' },
      { ...base, number: '503', amount: rub(i26!.total), purpose: 'Оплата по счёту № 1 от 01.01.2020' },
    ];
    const r = await importStatement(ctx27, new TextEncoder().encode(statementText([s.settlementAccount!], docs, 'UTF8')), 'year.txt');
    expect(r).toMatchObject({ matched: 1, queued: 2 });
    expect((await getInvoice(ctx27, i27!.id)).outstanding).toBe(0n);
    expect((await getInvoice(ctx27, i26!.id)).paid).toBe(0n);
  });

  it('«по счетам № 18 и № 19»: both suggested; applied to both when the sum equals what is owed on them', async () => {
    const ctx = await accountingAt(d.db);
    const s = await anOwnEntity(d.db);
    const y = await aClient(d.db);
    const z = await aClient(d.db);
    await aService(ctx, y.id, s.id, { monthlyPrice: 300_000 });
    await aService(ctx, z.id, s.id, { monthlyPrice: 700_000 });
    await runBilling(ctx, { period: '2026-12' });
    await runBilling(ctx, { period: '2027-01' });
    const iy = await invoicesOf(ctx, y.id);
    const iz = await invoicesOf(ctx, z.id);
    const both = (inv: InvoiceView[]) => `Оплата по счетам № ${inv[0]!.number} и № ${inv[1]!.number} за услуги`;
    const docs: Doc[] = [
      { number: '601', date: '02.12.2026', amount: rub(iy[0]!.total + iy[1]!.total), payerAccount: y.settlementAccount!, payerInn: y.inn!, payerName: y.name, payeeAccount: s.settlementAccount!, purpose: both(iy) },
      { number: '602', date: '02.12.2026', amount: rub(iz[0]!.total), payerAccount: z.settlementAccount!, payerInn: z.inn!, payerName: z.name, payeeAccount: s.settlementAccount!, purpose: both(iz) },
    ];
    const r = await importStatement(ctx, new TextEncoder().encode(statementText([s.settlementAccount!], docs, 'UTF8')));
    expect(r).toMatchObject({ matched: 1, queued: 1 });
    for (const i of iy) expect((await getInvoice(ctx, i.id)).outstanding).toBe(0n);
    for (const i of iz) expect((await getInvoice(ctx, i.id)).paid).toBe(0n);
    const q = (await listPaymentQueue(ctx)).find((p) => p.docNumber === '602')!;
    expect(q.invoiceHints).toEqual([iz[0]!.number, iz[1]!.number]);
    expect(q.suggestedClientId).toBe(z.id);
  });

  it('DOS (cp866) statements import; our bank\'s interest order is a bank operation even though the bank is a client', async () => {
    const ctx = await accountingAt(d.db);
    const s = await anOwnEntity(d.db);
    const bank = await aClient(d.db, { name: 'Банк Надёжный' });
    await aService(ctx, bank.id, s.id, { monthlyPrice: 100_000 });
    await runBilling(ctx, { period: '2026-12' });
    const [inv] = await invoicesOf(ctx, bank.id);
    const docs: Doc[] = [
      { type: 'Банковский ордер', number: '9001', date: '30.11.2026', amount: '1234.56', payerAccount: '70606810000000012345', payerInn: bank.inn!, payerName: bank.name,
        payerBik: s.bik!, payeeAccount: s.settlementAccount!, purpose: `Выплата процентов на остаток по счёту ${s.settlementAccount!} за ноябрь 2026` },
      { number: '77', date: '02.12.2026', amount: rub(inv!.total), payerAccount: bank.settlementAccount!, payerInn: bank.inn!, payerName: bank.name,
        payerBik: s.bik!, payeeAccount: s.settlementAccount!, purpose: `Оплата по счёту № ${inv!.number} от ${formatDate(inv!.issueDate)}` },
    ];
    const r = await importStatement(ctx, toCp866(statementText([s.settlementAccount!], docs, 'DOS')), 'dos.txt');
    expect(r).toMatchObject({ encoding: 'ibm866', bankOperations: 1, matched: 1, queued: 0 });
    expect((await listPaymentQueue(ctx)).some((p) => p.docNumber === '9001')).toBe(false);

    const history = await listStatementImports(ctx);
    const h = history.find((x) => x.id === r.importId)!;
    expect(h).toMatchObject({ fileName: 'dos.txt', encoding: 'ibm866', bankOperations: 1, matched: 1, queued: 0, stillQueued: 0, dateFrom: '2026-12-01', dateTo: '2026-12-05', matchedAmount: inv!.total });
    expect(h.amountIn).toBe(inv!.total);
    expect(history[0]!.importedAt >= history[history.length - 1]!.importedAt).toBe(true);
  });
});
