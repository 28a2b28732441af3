import { sql, type RawBuilder } from 'kysely';

/**
 * The billing run's money arithmetic in SQL. The run is set-based, so these rules run only in the database;
 * their tested oracle is the domain: `accrued`/`prorate` (domain/billing/billing.ts) and `vatOf` (domain/tax.ts).
 * test/agreement/billing.test.ts feeds both generated cases on both engines.
 */
type Expr = RawBuilder<unknown>;

/** accrued(monthly, day, dim) = round(monthly × day / dim), half away from zero, for monthly ≥ 0 (int8 arithmetic). */
export const accruedSql = (monthly: Expr, day: Expr, dim: Expr): Expr =>
  sql`(2 * ${monthly} * ${day} + ${dim}) / (2 * ${dim})`;

/** The charge for days `from`..`to` (same month) of a monthly amount: accrued(to) − accrued(from − 1). */
export const proratedSql = (monthly: Expr, from: Expr, to: Expr, dim: Expr): Expr =>
  sql`${accruedSql(monthly, sql`extract(day FROM ${to})::int8`, dim)} - ${accruedSql(monthly, sql`(extract(day FROM ${from})::int8 - 1)`, dim)}`;

/** VAT of a net amount at a rate (percent, numeric; NULL for «без НДС»), rounded once, half away from zero. */
export const vatSql = (net: Expr, rate: Expr): Expr =>
  sql`CASE WHEN ${rate} IS NULL THEN 0::int8 ELSE round(${net}::numeric * ${rate} / 100)::int8 END`;
