import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { getInvoice } from '../../src/app/billing/invoices.ts';
import { changeTariff, churnReport, closeService, downsizeService, listClosureReasons, setClosureReason } from '../../src/app/billing/changes.ts';
import { getService, tariffHistory } from '../../src/app/billing/services.ts';
import { agingReport, decideSuspension, listSuspensionProposals, proposeSuspensions, sendReminders, setBillingSettings } from '../../src/app/billing/receivables.ts';
import { prorate } from '../../src/domain/billing/billing.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { ctxAs } from '../helpers/factories.ts';
import { startTestSmtp } from '../helpers/smtp.ts';
import { aClient, accountingAt, anOwnEntity, aService } from './helpers.ts';

describe(`tariff changes, closure and receivables (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  it('a tariff change inside a billed month credits the old and charges the new tariff; history is kept', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    const s = await aService(ctx, client.id, seller.id, { monthlyPrice: 1_000_000, startDate: '2026-01-31' });
    await runBilling(ctx, { period: '2027-10' });
    const r = await changeTariff(ctx, s.id, { date: '2027-10-20', monthlyPrice: 1_500_000, quantity: 1, reason: 'Апгрейд RAM' });
    expect(r.correctionIds).toHaveLength(1);
    const adj = await getInvoice(ctx, r.correctionIds[0]!);
    expect(adj.kind).toBe('correction');
    const before = adj.lines.find((l) => l.quantity === 0 || l.net < 0)!;
    const after = adj.lines.find((l) => l.net > 0)!;
    expect(before.net).toBe(-prorate(1_000_000n, '2027-10-20', '2027-10-31'));
    expect(after.net).toBe(prorate(1_500_000n, '2027-10-20', '2027-10-31'));
    expect(adj.netTotal).toBe(before.net + after.net);
    // next month is billed at the new tariff
    await runBilling(ctx, { period: '2027-11' });
    const nov = await d.db.selectFrom('invoice_line').select('net').where('service_id', '=', s.id).where('period', '=', '2027-11').where('line_kind', '=', 'period').executeTakeFirstOrThrow();
    expect(nov.net).toBe(1_500_000n);
    expect((await tariffHistory(ctx, s.id)).map((t) => [t.validFrom, t.validTo, t.monthlyPrice])).toEqual([['2026-01-31', '2027-10-20', 1_000_000n], ['2027-10-20', null, 1_500_000n]]);
    await expect(changeTariff(ctx, s.id, { date: '2027-10-01', monthlyPrice: 1, quantity: 1 })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'rule');
  });

  it('a change made before the month is billed gives one line per tariff, each quantity × price of its days', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    const s = await aService(ctx, client.id, seller.id, { monthlyPrice: 310_000, startDate: '2026-01-01' });
    await changeTariff(ctx, s.id, { date: '2028-01-11', monthlyPrice: 620_000, quantity: 1 });
    await runBilling(ctx, { period: '2028-01' });
    const lines = await d.db.selectFrom('invoice_line').select(['net', 'quantity', 'unit_price', 'date_from', 'date_to']).where('service_id', '=', s.id).where('period', '=', '2028-01').orderBy('date_from').execute();
    expect(lines.map((l) => [l.date_from, l.date_to, l.net])).toEqual([['2028-01-01', '2028-01-10', prorate(310_000n, '2028-01-01', '2028-01-10')], ['2028-01-11', '2028-01-31', prorate(620_000n, '2028-01-11', '2028-01-31')]]);
    for (const l of lines) expect(l.unit_price * BigInt(l.quantity)).toBe(l.net);
  });

  it('closing requires a reason from the list, credits billed days after the last day, records lost revenue and stops billing', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    const s = await aService(ctx, client.id, seller.id, { monthlyPrice: 900_000, quantity: 2 });
    await runBilling(ctx, { period: '2028-02' });
    await expect(closeService(ctx, s.id, { lastDay: '2028-02-10', reasonCode: 'no_such', retentionTried: [] })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'validation');
    await expect(closeService(ctx, s.id, { lastDay: '2028-02-10' })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.fieldErrors.some((f) => f.path === 'reasonCode'));
    const r = await closeService(ctx, s.id, { lastDay: '2028-02-10', reasonCode: 'moved_to_cloud', retentionTried: ['Скидка 15%', 'Перенос в другой ЦОД'], note: 'Уходят в Yandex Cloud' });
    expect(r.service.status).toBe('closing');
    const adj = await getInvoice(ctx, r.correctionIds[0]!);
    expect(adj.netTotal).toBe(-prorate(900_000n, '2028-02-11', '2028-02-29') * 2n);
    await runBilling(ctx, { period: '2028-03' });
    const march = await d.db.selectFrom('invoice_line').select('id').where('service_id', '=', s.id).where('period', '=', '2028-03').execute();
    expect(march).toHaveLength(0);
    const churn = await churnReport(ctx, '2028-02-01', '2028-02-29');
    const row = churn.rows.find((x) => x.reasonCode === 'moved_to_cloud')!;
    expect(row.closures).toBeGreaterThanOrEqual(1);
    expect(row.lostMonthly).toBeGreaterThanOrEqual(1_800_000n);
    await expect(closeService(ctx, s.id, { lastDay: '2028-02-12', reasonCode: 'price' })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'rule');
    expect((await getService(ctx, s.id)).endDate).toBe('2028-02-10');
    await expect(changeTariff(ctx, s.id, { date: '2028-02-05', monthlyPrice: 1, quantity: 1 })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'rule');
  });

  it('the reasons list is managed: a new reason can be used, a switched-off one cannot', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    const code = `merger_${Date.now().toString(36)}`;
    await setClosureReason(ctx, { code, nameRu: 'Слияние с другой компанией', nameEn: 'Merger' });
    expect((await listClosureReasons(ctx)).map((r) => r.code)).toEqual(expect.arrayContaining(['price', 'other', code]));
    const s1 = await aService(ctx, client.id, seller.id);
    await closeService(ctx, s1.id, { lastDay: '2028-03-31', reasonCode: code });
    await setClosureReason(ctx, { code, nameRu: 'Слияние с другой компанией', nameEn: 'Merger', active: false });
    const s2 = await aService(ctx, client.id, seller.id);
    await expect(closeService(ctx, s2.id, { lastDay: '2028-03-31', reasonCode: code })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'validation');
  });

  it('downsizing records the reason and the new composition', async () => {
    const ctx = await accountingAt(d.db);
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db);
    const s = await aService(ctx, client.id, seller.id, { kind: 'colocation', monthlyPrice: 800_000, quantity: 4, title: 'Стойко-место 1U' });
    const r = await downsizeService(ctx, s.id, { date: '2028-04-01', monthlyPrice: 800_000, quantity: 2, reasonCode: 'downsizing', retentionTried: ['Скидка'] });
    expect(r.service.quantity).toBe(2);
    const ev = await d.db.selectFrom('service_event').selectAll().where('service_id', '=', s.id).executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ kind: 'downsize', reason_code: 'downsizing', old_monthly: 3_200_000n, new_monthly: 1_600_000n, retention_tried: ['Скидка'] });
  });

  it('aging buckets, e-mail reminders once per stage, and suspension proposals a person confirms', async () => {
    const issuedAt = await accountingAt(d.db, '2026-09-01T09:00:00Z');
    const seller = await anOwnEntity(d.db);
    const client = await aClient(d.db, { email: 'debtor@client.test' });
    const s = await aService(issuedAt, client.id, seller.id, { monthlyPrice: 100_000 });
    await runBilling(issuedAt, { period: '2028-05' });
    const later = { ...issuedAt, now: () => new Date('2026-10-20T09:00:00Z') };
    const aging = await agingReport(later);
    const row = aging.rows.find((r) => r.clientId === client.id)!;
    expect(row.buckets.d31_60).toBe(122_000n);
    expect(row.debt).toBe(122_000n);

    const smtp = await startTestSmtp();
    try {
      const mailing = { ...later, services: { mailer: smtp.mailer } };
      await sendReminders(mailing);
      await sendReminders(mailing);
      const mine = smtp.received.filter((m) => m.to && JSON.stringify(m.to).includes('debtor@client.test'));
      expect(mine).toHaveLength(1);
      expect(mine[0]!.text).toContain('1\u00a0220,00\u00a0₽');
    } finally { await smtp.close(); }

    await setBillingSettings(issuedAt, { paymentTermsDays: 5, reminderDays: [1, 7, 14], suspendAfterDays: 30 });
    await proposeSuspensions(later);
    await proposeSuspensions(later);
    const proposals = (await listSuspensionProposals(later)).filter((p) => p.clientId === client.id);
    expect(proposals).toHaveLength(1);
    const acc = await ctxAs(d.db, 'accounting');
    await expect(decideSuspension(acc, proposals[0]!.id, { confirm: true })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'forbidden');
    const boss = await ctxAs(d.db, 'management');
    const dec = await decideSuspension(boss, proposals[0]!.id, { confirm: true, note: 'Долг 50 дней' });
    expect(dec.suspended).toEqual([s.id]);
    expect((await getService(issuedAt, s.id)).status).toBe('suspended');
  });
});
