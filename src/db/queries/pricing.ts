import { sql, type Kysely } from 'kysely';
import type { DB } from '../types.ts';
import type { Billing, CostComponent, Formula, PriceLine } from '../../domain/pricing/pricing.ts';

/** The formula a new database starts with (written as version 1 on first use). */
export const initialFormula = { min_margin_pct: '20', overhead_pct: '10', amortization_months: 36, floor_step: 100n, note: 'начальная формула' };

/** The formula in force: the latest version (version 1 is written on first use of an empty database). */
export async function findCurrentFormula(db: Kysely<DB>): Promise<Formula> {
  let r = await db.selectFrom('pricing_formula').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!r) {
    await db.insertInto('pricing_formula').values({ version: 1, ...initialFormula, created_by: null, created_by_name: 'system' })
      .onConflict((oc) => oc.column('version').doNothing()).execute();
    r = await db.selectFrom('pricing_formula').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();
  }
  return { version: r.version, minMarginPct: r.min_margin_pct, overheadPct: r.overhead_pct, amortizationMonths: r.amortization_months, floorStep: r.floor_step };
}

/**
 * Supplier lines in force on `onDate`: for each supplier, the lines of its latest price-list version
 * effective on or before that date; only the SKUs asked for (all when `skus` is null).
 */
export async function findLinesInForce(db: Kysely<DB>, onDate: string, skus: readonly string[] | null): Promise<Map<string, PriceLine[]>> {
  if (skus && skus.length === 0) return new Map();
  const rows = await sql<{ id: string; price_list_id: string; supplier_id: string; effective_from: string; sku: string; component: string; billing: string; price: bigint; installment_months: number | null; from_agreement: boolean }>`
    WITH eff AS (
      (SELECT DISTINCT ON (supplier_id) id, supplier_id, effective_from, false AS from_agreement FROM supplier_price_list
      WHERE effective_from <= ${onDate}::date AND agreement_id IS NULL ORDER BY supplier_id, effective_from DESC)
      UNION ALL
      -- an installment agreement's items: the monthly installment while paying, the price (amortized) once ours
      SELECT pl.id, pl.supplier_id, pl.effective_from, true FROM supplier_price_list pl JOIN inst_agreement a ON a.id = pl.agreement_id
      WHERE a.signed_on <= ${onDate}::date AND CASE pl.phase
        WHEN 'paying' THEN a.paid_off_on IS NULL OR a.paid_off_on > ${onDate}::date
        ELSE a.paid_off_on <= ${onDate}::date END
    )
    SELECT l.id, l.price_list_id, eff.supplier_id, eff.effective_from, l.sku, l.component, l.billing, l.price, l.installment_months, eff.from_agreement
    FROM eff JOIN supplier_price_line l ON l.price_list_id = eff.id
    ${skus ? sql`WHERE l.sku = ANY(${[...skus]}::text[])` : sql``}`.execute(db);
  const map = new Map<string, PriceLine[]>();
  for (const r of rows.rows) {
    const line: PriceLine = {
      id: r.id, priceListId: r.price_list_id, supplierId: r.supplier_id, effectiveFrom: r.effective_from, sku: r.sku,
      component: r.component as CostComponent, billing: r.billing as Billing, price: BigInt(r.price), installmentMonths: r.installment_months,
      ...(r.from_agreement ? { fromAgreement: true } : {}),
    };
    const list = map.get(r.sku);
    if (list) list.push(line); else map.set(r.sku, [line]);
  }
  return map;
}
