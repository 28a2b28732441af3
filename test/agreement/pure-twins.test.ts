import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { checkInn, completeInn10, completeInn12 } from '../../src/domain/parties/requisites.ts';
import { lineMoney } from '../../src/domain/quoting/quote.ts';
import { answerCovers } from '../../src/domain/feasibility/feasibility.ts';
import { accrued, daysInPeriod, prorate } from '../../src/domain/billing/billing.ts';
import { vatOf } from '../../src/domain/tax.ts';
import { dateInZone } from '../../src/domain/dates.ts';
import { accruedSql, proratedSql, vatSql } from '../../src/app/billing/billing-sql.ts';
import { engineName, testDb } from '../helpers/db.ts';

/**
 * Twins proven equal: every rule that lives both in a TypeScript function and in SQL gets generated cases
 * fed to both, on both engines. Where the rule runs only in SQL (the billing run), the domain is the oracle.
 * Cost and floor: test/quoting/properties.test.ts; transitions and consent: twins-db.test.ts.
 */
describe(`TypeScript and SQL agree (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });
  const one = async <T>(q: ReturnType<typeof sql<{ v: T }>>): Promise<T> => (await q.execute(d.db)).rows[0]!.v;
  const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

  it('ИНН checksum: checkInn and inn_valid()', async () => {
    const inn = fc.oneof(
      digits(10), digits(12), digits(9).map(completeInn10), digits(10).map(completeInn12),
      fc.constantFrom('0000000000', '000000000000', '7707083893', '500100732259', ''),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 14 }).map((a) => a.join('')),
    );
    await fc.assert(fc.asyncProperty(inn, async (s) => {
      expect(await one<boolean>(sql`SELECT inn_valid(${s}) AS v`), s).toBe(checkInn(s) === null);
    }), { numRuns: 200 });
  });

  it('line net: lineMoney().unitNet and proposal_line_net()', async () => {
    await fc.assert(fc.asyncProperty(fc.bigInt({ min: 0n, max: 10n ** 11n }), fc.integer({ min: 0, max: 10_000 }), async (price, bp) => {
      const pct = `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
      const ts = lineMoney({ unitPrice: price, discountPct: pct, quantity: 1, setupFee: 0n, unitCost: 0n, unitFloor: 0n }).unitNet;
      expect(await one<bigint>(sql`SELECT proposal_line_net(${price}::bigint, ${pct}::numeric) AS v`)).toBe(ts);
    }), { numRuns: 200 });
  });

  it('feasibility coverage: answerCovers and feas_answer_covers()', async () => {
    const keys = ['cores', 'ramGb', 'raid', 'units'];
    const value = fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constantFrom('8', '16', '4.5', ' 8', 'RAID1', 'raid1 ', 'RAID10', '', 'x'), fc.constant(null), fc.boolean());
    const params = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 4 });
    const date = fc.constantFrom('2026-11-26', '2026-11-27', '2026-11-28');
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('feasible', 'conditional', 'not_feasible'), date, fc.integer({ min: 0, max: 5 }), params, fc.integer({ min: 1, max: 5 }), params,
      async (outcome, validUntil, quantity, confirmed, asked, askedParams) => {
        const ts = answerCovers({ outcome: outcome as 'feasible', validUntil, quantity, params: confirmed }, { quantity: asked, params: askedParams }, '2026-11-27');
        const db = await one<boolean>(sql`SELECT feas_answer_covers(${outcome}, ${validUntil}::date, ${quantity}::int, ${JSON.stringify(confirmed)}::jsonb,
          ${asked}::int, ${JSON.stringify(askedParams)}::jsonb, '2026-11-27'::date) AS v`);
        expect(db, JSON.stringify({ confirmed, askedParams })).toBe(ts);
      },
    ), { numRuns: 300 });
  });

  it('business today: rackdesk_today() follows the rackdesk.time_zone setting, like dateInZone', async () => {
    // UTC+14 and UTC−11 are always on different dates, so a wrong zone cannot pass by luck
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Moscow']) {
      const got = await d.db.transaction().execute(async (tx) => {
        await sql`SELECT set_config('rackdesk.time_zone', ${zone}, true)`.execute(tx);
        return (await sql<{ v: string }>`SELECT rackdesk_today()::text AS v`.execute(tx)).rows[0]!.v;
      });
      expect(got, zone).toBe(dateInZone(new Date(), zone));
    }
  });

  it('billing run proration: accruedSql/proratedSql and the domain accrued/prorate', async () => {
    const period = fc.constantFrom('2026-02', '2028-02', '2026-04', '2026-12');
    await fc.assert(fc.asyncProperty(fc.bigInt({ min: 0n, max: 10n ** 10n }), period, fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 31 }), async (monthly, p, a, b) => {
      const dim = daysInPeriod(p);
      const [from, to] = [Math.min(a, b, dim), Math.min(Math.max(a, b), dim)].map((x) => `${p}-${String(x).padStart(2, '0')}`) as [string, string];
      const r = (await sql<{ acc: bigint; net: bigint }>`SELECT ${accruedSql(sql`${monthly}::int8`, sql`${Number(to.slice(8))}::int8`, sql`${dim}::int8`)} AS acc,
        ${proratedSql(sql`${monthly}::int8`, sql`${from}::date`, sql`${to}::date`, sql`${dim}::int8`)} AS net`.execute(d.db)).rows[0]!;
      expect(BigInt(r.acc)).toBe(accrued(monthly, Number(to.slice(8)), dim));
      expect(BigInt(r.net)).toBe(prorate(monthly, from, to));
    }), { numRuns: 200 });
  });

  it('billing run VAT: vatSql and the domain vatOf', async () => {
    await fc.assert(fc.asyncProperty(fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n }), fc.constantFrom(null, '20', '22', '5', '7', '12.5'), async (net, rate) => {
      const v = await one<bigint>(sql`SELECT ${vatSql(sql`${net}::int8`, sql`${rate}::numeric`)} AS v`);
      expect(BigInt(v)).toBe(vatOf(net, rate));
    }), { numRuns: 200 });
  });
});
