/**
 * Pricing: 1,000 configurations (5–8 components each) priced against 10,000 supplier price lines
 * (10 suppliers × 2 price-list versions × 500 lines over 1,000 SKUs). Measures `priceConfigurations`
 * end to end: one query for the lines in force, then pure bigint arithmetic. Target ≤ 200 ms on PostgreSQL.
 */
import { sql } from 'kysely';
import { makeCtx } from '../src/app/context.ts';
import { priceConfigurations } from '../src/app/pricing/price-configurations.ts';
import { benchDatabase, benchEngines, fmt, percentile, timeRuns } from './lib.ts';

export async function run(): Promise<void> {
  for (const engine of benchEngines()) {
    const d = await benchDatabase(engine);
    try {
      const t0 = performance.now();
      await sql`INSERT INTO company (id, kind, name, roles) SELECT 'co_bench' || g, 'individual', 'Поставщик ' || g, '{supplier}' FROM generate_series(1, 10) g`.execute(d.db);
      await sql`INSERT INTO supplier_price_list (id, supplier_id, effective_from, line_count, imported_by_name)
        SELECT 'pl_bench' || s || '_' || v, 'co_bench' || s, make_date(2026, v, 1), 500, 'bench' FROM generate_series(1, 10) s, generate_series(1, 2) v`.execute(d.db);
      await sql`INSERT INTO supplier_price_line (id, price_list_id, line_no, sku, component, billing, price)
        SELECT 'pn_bench' || s || '_' || v || '_' || i, 'pl_bench' || s || '_' || v, i + 1, 'SKU-' || lpad((((s * 97) + i) % 1000)::text, 4, '0'),
          (ARRAY['hardware','part','rack','power','channel','ip','licence'])[1 + i % 7],
          CASE WHEN i % 7 < 2 THEN 'one_time' ELSE 'monthly' END,
          10000 + ((s * 7919 + i * 104729 + v * 13) % 5000000)
        FROM generate_series(1, 10) s, generate_series(1, 2) v, generate_series(0, 499) i`.execute(d.db);
      await sql`ANALYZE supplier_price_line`.execute(d.db);
      await sql`ANALYZE supplier_price_list`.execute(d.db);
      const n = (await sql<{ n: string }>`SELECT count(*)::text AS n FROM supplier_price_line`.execute(d.db)).rows[0]!.n;
      // SKUs actually offered by someone, so most configurations price fully
      const skus = (await sql<{ sku: string }>`SELECT DISTINCT sku FROM supplier_price_line ORDER BY sku`.execute(d.db)).rows.map((r) => r.sku);
      let seed = 42;
      const rnd = (k: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
      const configs = Array.from({ length: 1000 }, () => Array.from({ length: 5 + rnd(4) }, () => ({ sku: skus[rnd(skus.length)]!, quantity: 1 + rnd(4) })));
      console.log(`${engine}: setup ${fmt(performance.now() - t0)}, ${n} supplier lines, ${skus.length} SKUs in force, 1,000 configurations`);
      const ctx = { ...makeCtx(d.db), now: () => new Date('2026-11-27T09:00:00Z') };
      let priced = 0;
      const runs = await timeRuns(20, async () => {
        const r = await priceConfigurations(ctx, configs);
        priced = r.filter((c) => c.missing.length === 0).length;
      });
      console.log(`${engine}: price 1,000 configurations: p50 ${fmt(percentile(runs, 50))}, p95 ${fmt(percentile(runs, 95))}, max ${fmt(Math.max(...runs))} (${priced} fully priced)`);
    } finally {
      await d.close();
    }
  }
}
