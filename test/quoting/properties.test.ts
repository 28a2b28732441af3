import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { engineName, freshDatabase } from '../helpers/db.ts';
import { importPriceList } from '../../src/app/flows/cost-changed.ts';
import { setFormula } from '../../src/app/flows/cost-changed.ts';
import { addLine, createProposal } from '../../src/app/quoting/proposals.ts';
import { pricingWorld } from './world.ts';

describe(`app and database agree on every money figure (${engineName})`, () => {
  it('random supplier prices, quantities and formulas: the DB recomputation of cost and floor accepts every line the app priced', async () => {
    const d = await freshDatabase();
    try {
      const w = await pricingWorld(d.db);
      const p = await createProposal(w.manager, { companyId: w.client.id, sellerCompanyId: w.own.id, serviceDate: '2026-12-01', validUntil: '2026-12-31' });
      let n = 0;
      await fc.assert(fc.asyncProperty(
        fc.array(fc.record({ kop: fc.integer({ min: 0, max: 99_999_999 }), billing: fc.constantFrom('monthly', 'one_time', 'installment'), qty: fc.integer({ min: 1, max: 40 }) }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 9_999 }), fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 1, max: 120 }), fc.constantFrom(1, 100, 1000, 10_000),
        async (items, margin, overhead, months, step) => {
          n++;
          const pct = (x: number) => `${Math.floor(x / 100)}.${String(x % 100).padStart(2, '0')}`;
          await setFormula(w.management, { minMarginPct: pct(margin), overheadPct: pct(overhead), amortizationMonths: months, floorStep: step });
          const sku = (i: number) => `${w.tag}-P${n}-${i}`;
          const csv = ['sku;component;billing;price;installment_months', ...items.map((it, i) =>
            `${sku(i)};part;${it.billing};${Math.floor(it.kop / 100)},${String(it.kop % 100).padStart(2, '0')};${it.billing === 'installment' ? 12 : ''}`)].join('\n');
          await importPriceList(w.management, { supplierId: w.supplier.id, effectiveFrom: new Date(Date.UTC(2026, 1, 1 + n)).toISOString().slice(0, 10), fileName: 'p.csv' }, csv);
          // each version is the supplier's whole list from its date, later than the one before; the DB trigger proposal_line_cost_check refuses the insert if its arithmetic differs from the app's
          const r = await addLine(w.manager, p.id, { siteId: w.site.id, serviceKind: 'internet', description: `Канал ${n}`, params: { mbps: 100, ipv4: 1 }, components: items.map((it, i) => ({ sku: sku(i), quantity: it.qty })), unitPrice: 1 });
          const line = r.lines.at(-1)!;
          expect(line.unitFloor % BigInt(step)).toBe(0n);
          expect(line.unitFloor >= line.unitCost).toBe(true);
        },
      ), { numRuns: 12 });
    } finally { await d.close(); }
  }, 180_000);

  it('two imports of the same supplier and date at once: one is stored, the other is a conflict', async () => {
    const d = await freshDatabase();
    try {
      const w = await pricingWorld(d.db);
      const csv = `sku;component;billing;price\n${w.tag}-C;power;monthly;100\n`;
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => importPriceList(w.management, { supplierId: w.supplier.id, effectiveFrom: '2026-06-01', fileName: 'c.csv' }, csv)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'conflict' });
    } finally { await d.close(); }
  }, 120_000);
});
