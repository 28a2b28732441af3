import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { getInvoice } from '../../src/app/billing/invoices.ts';
import { ignorePayment, importStatement, listPaymentQueue, recordPayment, resolvePayment } from '../../src/app/billing/payments.ts';
import { clientLedger } from '../../src/app/billing/receivables.ts';
import { formatRubles } from '../../src/domain/money.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aClient, accountingAt, anOwnEntity, aService } from './helpers.ts';
import { statementText, toCp1251, type Doc } from './statement-fixture.ts';

describe(`payments and bank statements (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  async function setup(period: string) {
    const ctx = await accountingAt(d.db);
    const a = await anOwnEntity(d.db);
    const b = await anOwnEntity(d.db);
    const x = await aClient(d.db);
    const y = await aClient(d.db);
    await aService(ctx, x.id, a.id, { monthlyPrice: 1_000_000 });
    await aService(ctx, y.id, a.id, { monthlyPrice: 500_000 });
    await runBilling(ctx, { period });
    const inv = async (clientId: string) => getInvoice(ctx, (await d.db.selectFrom('invoice').select('id').where('client_id', '=', clientId).where('period', '=', period).executeTakeFirstOrThrow()).id);
    return { ctx, a, b, x, y, ix: await inv(x.id), iy: await inv(y.id) };
  }

  const rub = (k: bigint) => `${k / 100n}.${String(k % 100n).padStart(2, '0')}`;

  it('imports a statement: certain matches paid, over-payment on balance, the rest queued, never by name alone', async () => {
    const { ctx, a, b, x, y, ix, iy } = await setup('2027-06');
    const foreign = '40702810500000000077';
    const docs: Doc[] = [
      { number: '101', date: '02.12.2026', amount: rub(ix.total), payerAccount: x.settlementAccount!, payerInn: x.inn!, payerKpp: x.kpp!, payerName: x.name, payeeAccount: a.settlementAccount!, purpose: `Оплата по счету № ${ix.number} от ${ix.issueDate} за услуги хостинга` },
      { number: '55', date: '02.12.2026', amount: rub(iy.total + 10_000n), payerAccount: y.settlementAccount!, payerInn: y.inn!, payerKpp: y.kpp!, payerName: y.name, payeeAccount: a.settlementAccount!, purpose: `Оплата сч. ${iy.number}` },
      { number: '100', date: '03.12.2026', amount: '700.00', payerAccount: foreign, payerInn: '7707083893', payerKpp: '773601001', payerName: 'ПАО Неизвестный', payeeAccount: a.settlementAccount!, purpose: `Оплата по счету ${ix.number}` },
      { number: '100', date: '03.12.2026', amount: '900.00', payerAccount: x.settlementAccount!, payerInn: x.inn!, payerKpp: x.kpp!, payerName: x.name, payeeAccount: b.settlementAccount!, purpose: 'Аванс за услуги связи' },
      { number: '77', date: '04.12.2026', amount: '50.00', payerAccount: foreign, payerInn: '7736050003', payerName: x.name, payeeAccount: a.settlementAccount!, purpose: `Оплата по счету № ${ix.number}` },
      { type: 'Аккредитив', number: '5', date: '04.12.2026', amount: '10.00', payerAccount: foreign, payerName: 'X', payeeAccount: a.settlementAccount!, purpose: '' },
      { number: '9', date: '04.12.2026', amount: '10.00', payerAccount: a.settlementAccount!, payerName: 'Мы', payeeAccount: foreign, purpose: 'Оплата поставщику' },
    ];
    docs.push({ ...docs[0]! }); // the same document twice in one file
    const text = statementText([a.settlementAccount!, b.settlementAccount!], docs, 'UTF8');
    const r = await importStatement(ctx, new TextEncoder().encode(text), 'kl_to_1c.txt');
    expect(r).toMatchObject({ encoding: 'utf-8', documents: 8, incoming: 6, duplicates: 1, matched: 2, queued: 3, skipped: 2, skippedTypes: ['Аккредитив'] });
    expect((await getInvoice(ctx, ix.id)).outstanding).toBe(0n);
    expect((await getInvoice(ctx, iy.id)).outstanding).toBe(0n);
    const ly = await clientLedger(ctx, y.id);
    expect(ly.onAccount).toBe(10_000n);
    expect(ly.balance).toBe(-10_000n);
    const queue = (await listPaymentQueue(ctx)).filter((q) => [x.id, null].includes(q.suggestedClientId) && ['100', '77'].includes(q.docNumber ?? ''));
    const byNo = (n: string, amount: bigint) => queue.find((q) => q.docNumber === n && q.amount === amount)!;
    expect(byNo('100', 70_000n).suggestedClientId).toBeNull();
    expect(byNo('100', 90_000n).suggestedClientId).toBe(x.id); // known payer, no invoice named: a person decides
    expect(byNo('77', 5_000n).suggestedClientId).toBeNull(); // the client's name, but another ИНН

    // Re-import of the same statement in Windows-1251: every document is a duplicate.
    const again = await importStatement(ctx, toCp1251(statementText([a.settlementAccount!, b.settlementAccount!], docs, 'Windows')), 'kl_to_1c.txt');
    expect(again).toMatchObject({ encoding: 'windows-1251', incoming: 6, duplicates: 6, matched: 0, queued: 0 });

    // A person resolves the advance by hand: it lands on X's balance (the invoice is already paid).
    const res = await resolvePayment(ctx, byNo('100', 90_000n).id, { clientId: x.id });
    expect(res.onBalance).toBe(90_000n);
    await expect(resolvePayment(ctx, byNo('100', 90_000n).id, { clientId: x.id })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'rule');
    await ignorePayment(ctx, byNo('77', 5_000n).id, { note: 'Ошибочный платёж, вернуть' });
    expect((await clientLedger(ctx, x.id)).balance).toBe(-90_000n);
    expect(formatRubles(ly.onAccount)).toBe('100,00\u00a0₽');
  });

  it('a partial payment leaves the invoice partly open; a second one closes it and the excess stays on balance', async () => {
    const { ctx, a, x, ix } = await setup('2027-07');
    const pay = (n: string, amount: bigint) => statementText([a.settlementAccount!], [{ number: n, date: '05.12.2026', amount: rub(amount), payerAccount: x.settlementAccount!, payerInn: x.inn!, payerName: x.name, payeeAccount: a.settlementAccount!, purpose: `Оплата по счету ${ix.number}` }], 'UTF8');
    await importStatement(ctx, new TextEncoder().encode(pay('1', 100_000n)));
    expect((await getInvoice(ctx, ix.id)).outstanding).toBe(ix.total - 100_000n);
    await importStatement(ctx, new TextEncoder().encode(pay('2', ix.total)));
    expect((await getInvoice(ctx, ix.id)).outstanding).toBe(0n);
    const l = await clientLedger(ctx, x.id);
    expect(l.onAccount).toBe(100_000n);
    expect(l.balance).toBe(-100_000n);
  });

  it('a malformed statement is refused whole with the line number and nothing is imported', async () => {
    const { ctx, a, x, ix } = await setup('2027-08');
    const good = statementText([a.settlementAccount!], [{ number: '1', date: '05.12.2026', amount: '10.00', payerAccount: x.settlementAccount!, payerInn: x.inn!, payerName: x.name, payeeAccount: a.settlementAccount!, purpose: `сч ${ix.number}` }], 'UTF8');
    const broken = good.replace('Сумма=10.00', 'Сумма=десять');
    const before = await d.db.selectFrom('payment').select(({ fn }) => fn.countAll().as('n')).executeTakeFirstOrThrow();
    await expect(importStatement(ctx, new TextEncoder().encode(broken))).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'validation' && e.params.line === 25);
    const after = await d.db.selectFrom('payment').select(({ fn }) => fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('a manual payment is allocated oldest first; the database refuses over-allocation', async () => {
    const { ctx, x, ix } = await setup('2027-09');
    // A newer invoice of the same client, issued later (a later run): the payment must reach the older one first.
    const later = await accountingAt(d.db, '2026-12-20T09:00:00Z');
    await runBilling(later, { period: '2027-10' });
    const newer = await getInvoice(ctx, (await d.db.selectFrom('invoice').select('id').where('client_id', '=', x.id).where('period', '=', '2027-10').executeTakeFirstOrThrow()).id);
    expect(newer.issueDate > ix.issueDate).toBe(true);
    const r0 = await recordPayment(ctx, { clientId: x.id, amount: Number(ix.total) + 1, paidOn: '2026-12-21', docNumber: '30' });
    expect(r0.onBalance).toBe(0n);
    expect((await getInvoice(ctx, ix.id)).outstanding).toBe(0n);
    expect((await getInvoice(ctx, newer.id)).outstanding).toBe(newer.total - 1n);
    const r = await recordPayment(ctx, { clientId: x.id, amount: Number(newer.total), paidOn: '2026-12-22', docNumber: '31' });
    expect(r.onBalance).toBe(1n);
    expect((await getInvoice(ctx, newer.id)).outstanding).toBe(0n);
    await expect(d.db.insertInto('payment_allocation').values({ payment_id: r.id, invoice_id: ix.id, amount: 1n }).execute()).rejects.toThrow(/over-paid|over-allocated/);
  });
});

describe(`payment allocation under concurrency (${engineName})`, () => {
  it('ten people recording full payments for one invoice at once pay it exactly once; the rest stays on balance', async () => {
    const d = await testDb();
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    await aService(ctx, client.id, seller.id, { monthlyPrice: 100_000 });
    await runBilling(ctx, { period: '2028-08' });
    const inv = await d.db.selectFrom('invoice').select(['id', 'total']).where('client_id', '=', client.id).executeTakeFirstOrThrow();
    const rs = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => recordPayment(ctx, { clientId: client.id, amount: Number(inv.total), paidOn: '2026-12-01', docNumber: String(i), invoiceId: inv.id })));
    expect(rs.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect((await getInvoice(ctx, inv.id)).paid).toBe(inv.total);
    const l = await clientLedger(ctx, client.id);
    expect(l.onAccount).toBe(inv.total * 9n);
    // New invoices take money on account first when credit is applied.
    await runBilling(ctx, { period: '2028-09' });
    const { applyClientCredit } = await import('../../src/app/billing/payments.ts');
    expect(await applyClientCredit(ctx, client.id)).toBe(inv.total);
    expect((await clientLedger(ctx, client.id)).onAccount).toBe(inv.total * 8n);
  });
});
