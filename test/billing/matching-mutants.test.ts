/**
 * Payment matching, one test per way it could silently go wrong. Each test here kills one of the hand-made
 * mutants in `scripts/mutants.ts` (run `npm run mutants`): a change to the matcher that the rest of the suite
 * let through.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { getInvoice, type InvoiceView } from '../../src/app/billing/invoices.ts';
import { importStatement, listPaymentQueue, recordPayment } from '../../src/app/billing/payments.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aClient, accountingAt, anOwnEntity, aService } from './helpers.ts';
import { statementText, type Doc } from './statement-fixture.ts';

const rub = (k: bigint) => `${k / 100n}.${String(k % 100n).padStart(2, '0')}`;

describe(`payment matching cannot be bent (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  const invoicesOf = async (ctx: Awaited<ReturnType<typeof accountingAt>>, clientId: string): Promise<InvoiceView[]> => {
    const rows = await d.db.selectFrom('invoice').select('id').where('client_id', '=', clientId).orderBy('issue_date').orderBy('number').execute();
    return Promise.all(rows.map((r) => getInvoice(ctx, r.id)));
  };

  /** A seller, a head office and its branch (same ИНН, own КПП), each with a service billed for December. */
  async function headAndBranch() {
    const ctx = await accountingAt(d.db);
    const s = await anOwnEntity(d.db);
    const head = await aClient(d.db);
    const branch = await aClient(d.db, { inn: head.inn, kpp: `${head.inn!.slice(0, 4)}02001` });
    await aService(ctx, head.id, s.id, { monthlyPrice: 1_000_000 });
    await aService(ctx, branch.id, s.id, { monthlyPrice: 400_000 });
    await runBilling(ctx, { period: '2026-12' });
    const [ih] = await invoicesOf(ctx, head.id);
    const [ib] = await invoicesOf(ctx, branch.id);
    return { ctx, s, head, branch, ih: ih!, ib: ib! };
  }

  const importDocs = (ctx: Awaited<ReturnType<typeof accountingAt>>, account: string, docs: Doc[]) =>
    importStatement(ctx, new TextEncoder().encode(statementText([account], docs, 'UTF8')), 'mutants.txt');

  it('a payer ИНН shared by two clients and no КПП: never applied, the payment waits for a person', async () => {
    const { ctx, s, head, ih } = await headAndBranch();
    const r = await importDocs(ctx, s.settlementAccount!, [
      { number: '901', date: '02.12.2026', amount: rub(ih.total), payerAccount: head.settlementAccount!, payerInn: head.inn!, payerName: head.name, payeeAccount: s.settlementAccount!, purpose: `Оплата по счету № ${ih.number}` },
    ]);
    expect(r).toMatchObject({ matched: 0, queued: 1 });
    expect((await getInvoice(ctx, ih.id)).paid).toBe(0n);
    const q = (await listPaymentQueue(ctx)).find((p) => p.docNumber === '901' && p.payerInn === head.inn)!;
    expect(q.suggestedClientId).toBeNull();
  });

  it('the КПП tells the head office from its branch: each pays its own invoice', async () => {
    const { ctx, s, head, branch, ih, ib } = await headAndBranch();
    const r = await importDocs(ctx, s.settlementAccount!, [
      { number: '902', date: '02.12.2026', amount: rub(ih.total), payerAccount: head.settlementAccount!, payerInn: head.inn!, payerKpp: head.kpp!, payerName: head.name, payeeAccount: s.settlementAccount!, purpose: `Оплата по счету № ${ih.number}` },
      { number: '903', date: '02.12.2026', amount: rub(ib.total), payerAccount: branch.settlementAccount!, payerInn: branch.inn!, payerKpp: branch.kpp!, payerName: branch.name, payeeAccount: s.settlementAccount!, purpose: `Оплата по счету № ${ib.number}` },
      // The branch's КПП naming the head office's invoice: not the branch's invoice, so a person decides.
      { number: '904', date: '02.12.2026', amount: rub(ih.total), payerAccount: branch.settlementAccount!, payerInn: branch.inn!, payerKpp: branch.kpp!, payerName: branch.name, payeeAccount: s.settlementAccount!, purpose: `Оплата по счету № ${ih.number}` },
    ]);
    expect(r).toMatchObject({ matched: 2, queued: 1 });
    expect((await getInvoice(ctx, ih.id)).paid).toBe(ih.total);
    expect((await getInvoice(ctx, ib.id)).paid).toBe(ib.total);
  });

  it('an invoice issued after the payment is not what the payment paid', async () => {
    const ctx = await accountingAt(d.db, '2026-11-27T09:00:00Z');
    const s = await anOwnEntity(d.db);
    const x = await aClient(d.db);
    await aService(ctx, x.id, s.id, { monthlyPrice: 1_000_000 });
    await runBilling(ctx, { period: '2026-12' });
    const [ix] = await invoicesOf(ctx, x.id);
    const base = { payerAccount: x.settlementAccount!, payerInn: x.inn!, payerKpp: x.kpp!, payerName: x.name, payeeAccount: s.settlementAccount!, purpose: `Оплата по счету № ${ix!.number}` };
    const r = await importDocs(ctx, s.settlementAccount!, [
      { ...base, number: '905', date: '20.11.2026', amount: rub(ix!.total) }, // a week before the invoice
    ]);
    expect(r).toMatchObject({ matched: 0, queued: 1 });
    expect((await getInvoice(ctx, ix!.id)).paid).toBe(0n);
    // The same payment on the invoice's day is applied.
    expect(await importDocs(ctx, s.settlementAccount!, [{ ...base, number: '906', date: '27.11.2026', amount: rub(ix!.total) }])).toMatchObject({ matched: 1 });
  });

  it('a purpose naming two invoices with the amount of one: applied to neither', async () => {
    const ctx = await accountingAt(d.db);
    const s = await anOwnEntity(d.db);
    const x = await aClient(d.db);
    await aService(ctx, x.id, s.id, { monthlyPrice: 500_000 });
    await runBilling(ctx, { period: '2026-12' });
    await runBilling(ctx, { period: '2027-01' });
    const [a, b] = await invoicesOf(ctx, x.id);
    const r = await importDocs(ctx, s.settlementAccount!, [
      { number: '907', date: '02.12.2026', amount: rub(a!.total), payerAccount: x.settlementAccount!, payerInn: x.inn!, payerKpp: x.kpp!, payerName: x.name, payeeAccount: s.settlementAccount!, purpose: `Оплата по счетам № ${a!.number}, № ${b!.number}` },
    ]);
    expect(r).toMatchObject({ matched: 0, queued: 1 });
    expect((await getInvoice(ctx, a!.id)).paid).toBe(0n);
    expect((await getInvoice(ctx, b!.id)).paid).toBe(0n);
  });

  it('money without an invoice named goes to the oldest invoice first', async () => {
    const ctx = await accountingAt(d.db, '2026-11-27T09:00:00Z');
    const later = await accountingAt(d.db, '2026-12-27T09:00:00Z');
    const s = await anOwnEntity(d.db);
    const x = await aClient(d.db);
    await aService(ctx, x.id, s.id, { monthlyPrice: 500_000 });
    await runBilling(ctx, { period: '2026-12' });
    await runBilling(later, { period: '2027-01' });
    const [older, newer] = await invoicesOf(ctx, x.id);
    await recordPayment(later, { clientId: x.id, amount: Number(older!.total), paidOn: '2026-12-28', docNumber: '908' });
    expect((await getInvoice(ctx, older!.id)).outstanding).toBe(0n);
    expect((await getInvoice(ctx, newer!.id)).paid).toBe(0n);
  });

  it('invoice numbers start again at 1 each year, per seller', async () => {
    const c26 = await accountingAt(d.db, '2026-12-27T09:00:00Z');
    const c27 = await accountingAt(d.db, '2027-01-10T09:00:00Z');
    const s = await anOwnEntity(d.db);
    for (let i = 0; i < 2; i++) await aService(c26, (await aClient(d.db)).id, s.id, { monthlyPrice: 100_000 });
    await runBilling(c26, { period: '2027-01' });
    await runBilling(c27, { period: '2027-02' });
    const rows = await d.db.selectFrom('invoice').select(['year', 'number']).where('seller_id', '=', s.id).orderBy('year').orderBy('number').execute();
    expect(rows).toEqual([{ year: 2026, number: 1 }, { year: 2026, number: 2 }, { year: 2027, number: 1 }, { year: 2027, number: 2 }]);
  });
});
