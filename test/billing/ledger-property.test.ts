import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { changeTariff, closeService } from '../../src/app/billing/changes.ts';
import { getInvoice } from '../../src/app/billing/invoices.ts';
import { recordPayment } from '../../src/app/billing/payments.ts';
import { clientLedger } from '../../src/app/billing/receivables.ts';
import { tariffHistory } from '../../src/app/billing/services.ts';
import { addDays, periodEnd, periodStart, prorate } from '../../src/domain/billing/billing.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aClient, accountingAt, anOwnEntity, aService } from './helpers.ts';

type Op = { t: 'bill'; month: number } | { t: 'tariff'; month: number; day: number; price: number; qty: number } | { t: 'pay'; amount: number } | { t: 'close'; month: number; day: number };
const period = (m: number) => `2027-${String(m).padStart(2, '0')}`;

describe(`the ledger after any sequence of billing, changes, closures, payments and corrections (${engineName})`, () => {
  it('balance = invoices − credits − payments, and every billed month ends up at what the final tariff history gives', { timeout: 600_000 }, async () => {
    const d = await testDb();
    const ctx = await accountingAt(d.db, '2027-06-15T09:00:00Z');
    const seller = await anOwnEntity(d.db);
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ t: fc.constant('bill' as const), month: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ t: fc.constant('tariff' as const), month: fc.integer({ min: 1, max: 4 }), day: fc.integer({ min: 2, max: 28 }), price: fc.integer({ min: 1, max: 5_000_000 }), qty: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ t: fc.constant('pay' as const), amount: fc.integer({ min: 1, max: 5_000_000 }) }),
      fc.record({ t: fc.constant('close' as const), month: fc.integer({ min: 1, max: 4 }), day: fc.integer({ min: 1, max: 28 }) }),
    );
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 28 }), fc.array(op, { minLength: 1, maxLength: 7 }), async (startDay, ops) => {
      const client = await aClient(d.db);
      const s = await aService(ctx, client.id, seller.id, { monthlyPrice: 3_100_000, quantity: 1, startDate: `2027-01-${String(startDay).padStart(2, '0')}` });
      let paid = 0n;
      for (const o of ops) {
        // Refusals (a change before the last one, after a closure…) are the app saying no; the ledger must hold either way.
        try {
          if (o.t === 'bill') await runBilling(ctx, { period: period(o.month) });
          if (o.t === 'tariff') await changeTariff(ctx, s.id, { date: `${period(o.month)}-${String(o.day).padStart(2, '0')}`, monthlyPrice: o.price, quantity: o.qty });
          if (o.t === 'close') await closeService(ctx, s.id, { lastDay: `${period(o.month)}-${String(o.day).padStart(2, '0')}`, reasonCode: 'other' });
          if (o.t === 'pay') { await recordPayment(ctx, { clientId: client.id, amount: o.amount, paidOn: '2027-06-15', docNumber: 'p' }); paid += BigInt(o.amount); }
        } catch (e) { if (!(e as { code?: string }).code || (e as { code: string }).code === 'internal') throw e; }
      }
      const invoices = await d.db.selectFrom('invoice').select(['id', 'kind', 'total', 'period']).where('client_id', '=', client.id).execute();
      const debits = invoices.filter((i) => i.total > 0n).reduce((a, i) => a + i.total, 0n);
      const credits = invoices.filter((i) => i.total < 0n).reduce((a, i) => a - i.total, 0n);
      expect((await clientLedger(ctx, client.id)).balance).toBe(debits - credits - paid);

      // Each billed month, after its corrections, equals the final tariff history over the days billed (up to the last day).
      const tariffs = await tariffHistory(ctx, s.id);
      const svc = await d.db.selectFrom('billing_service').select(['start_date', 'end_date']).where('id', '=', s.id).executeTakeFirstOrThrow();
      for (const inv of invoices.filter((i) => i.kind === 'period')) {
        const view = await getInvoice(ctx, inv.id);
        if (!view.servedFrom) continue;
        const p = inv.period!;
        const from = view.servedFrom! > periodStart(p) ? view.servedFrom! : periodStart(p);
        const billedTo = view.servedTo!;
        const to = svc.end_date && svc.end_date < billedTo ? svc.end_date : billedTo;
        let expected = 0n;
        for (const t of tariffs) {
          const f = [from, t.validFrom, svc.start_date].reduce((a, b) => (a > b ? a : b));
          const lastOfT = t.validTo ? addDays(t.validTo, -1) : periodEnd(p);
          const e = lastOfT < to ? lastOfT : to;
          if (f <= e && t.quantity > 0) expected += prorate(t.monthlyPrice, f, e) * BigInt(t.quantity);
        }
        const net = await d.db.selectFrom('invoice_line as l').innerJoin('invoice as i', 'i.id', 'l.invoice_id').select((eb) => eb.fn.sum<string>('l.net').as('n'))
          .where((eb) => eb.or([eb('i.id', '=', inv.id), eb('i.corrects_invoice_id', '=', inv.id)])).where('l.line_kind', 'in', ['period', 'correction']).executeTakeFirstOrThrow();
        expect(BigInt(net.n)).toBe(expected);
      }
    }), { numRuns: 6 });
  });
});
