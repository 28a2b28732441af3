import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { parsePriceListRows, PriceListImportSchema, type PriceListRow } from '../../domain/suppliers/price-list.ts';
import { findCompany } from '../../db/queries/parties.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { readTable } from '../documents/tabular.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx, type Tx } from '../context.ts';
import { runPage } from '../../db/queries/list.ts';
import { containsPattern, type ListQuery } from '../../domain/lists/list-query.ts';

export interface PriceListPreview { supplierId: string; effectiveFrom: string; rows: PriceListRow[] }

async function parseFile(ctx: Ctx, input: unknown, file: Buffer | string): Promise<PriceListPreview> {
  const meta = parseInput(PriceListImportSchema, input);
  const supplier = await findCompany(ctx.db, meta.supplierId);
  if (!supplier) throw new AppError('not_found', 'e.notFound', { entity: 'company', id: meta.supplierId });
  if (!supplier.roles.includes('supplier')) throw new AppError('rule', 'e.suppliers.notSupplier', { name: supplier.name });
  const table = await readTable(file, meta.fileName);
  const { rows, errors } = parsePriceListRows(table.header, table.rows);
  if (errors.length) throw new AppError('validation', 'e.importFailed', {}, errors);
  return { supplierId: meta.supplierId, effectiveFrom: meta.effectiveFrom, rows };
}

/** Checks a price-list file (CSV or XLSX) without saving it: the rows as they would be imported. */
export async function previewPriceList(ctx: Ctx, input: unknown, file: Buffer | string): Promise<PriceListPreview> {
  requirePermission(ctx, 'pricelist.import');
  return parseFile(ctx, input, file);
}

/**
 * Stores a supplier price-list version effective from a date, all or nothing (line-numbered errors);
 * earlier versions stay as history. `then` runs in the same transaction (the cost-changed flow reprices
 * open drafts there) and returns how many proposal versions it changed.
 */
export async function storePriceList(ctx: Ctx, input: unknown, file: Buffer | string, then: (tx: Tx) => Promise<number> = async () => 0) {
  requirePermission(ctx, 'pricelist.import');
  const p = await parseFile(ctx, input, file);
  const meta = parseInput(PriceListImportSchema, input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const id = newId('pl');
      await tx.db.insertInto('supplier_price_list').values({
        id, supplier_id: p.supplierId, effective_from: p.effectiveFrom, source_name: meta.fileName, line_count: p.rows.length,
        imported_by: tx.actor.id, imported_by_name: tx.actor.name,
      }).execute();
      for (let i = 0; i < p.rows.length; i += 500) {
        await tx.db.insertInto('supplier_price_line').values(p.rows.slice(i, i + 500).map((r) => ({
          id: newId('pn'), price_list_id: id, line_no: r.lineNo, sku: r.sku, component: r.component, description: r.description,
          unit: r.unit, billing: r.billing, price: r.price, installment_months: r.installmentMonths,
        }))).execute();
      }
      await writeAudit(tx, { entityType: 'supplier_price_list', entityId: id, scopeId: p.supplierId, action: 'import', after: { effectiveFrom: p.effectiveFrom, lines: p.rows.length, file: meta.fileName } });
      const repriced = await then(tx);
      return { id, supplierId: p.supplierId, effectiveFrom: p.effectiveFrom, lines: p.rows.length, repricedVersions: repriced };
    });
  } catch (e) {
    if (sqlStateOf(e) === '23505') throw new AppError('conflict', 'e.suppliers.duplicateVersion', { date: p.effectiveFrom });
    throw e;
  }
}

export interface PriceListFilter extends ListQuery { supplierId?: string }

const priceListSorts = {
  columns: { effectiveFrom: 'l.effective_from', importedAt: 'l.imported_at', supplier: sql`lower(c.name)`, lines: 'l.line_count', source: sql`lower(l.source_name)` },
  default: '-effectiveFrom', tieBreaker: 'l.id',
};

/** Price-list versions, newest first (optionally of one supplier; search by file or supplier name), sorted and paged on the server. */
export async function listPriceLists(ctx: Ctx, f: PriceListFilter = {}) {
  requirePermission(ctx, 'proposal.read');
  // an installment agreement's own lines are shown with the agreement, not as the supplier's versions
  let q = ctx.db.selectFrom('supplier_price_list as l').innerJoin('company as c', 'c.id', 'l.supplier_id').selectAll('l').select('c.name as supplier_name').where('l.agreement_id', 'is', null);
  if (f.supplierId) q = q.where('l.supplier_id', '=', f.supplierId);
  const term = f.q?.trim();
  if (term) q = q.where((eb) => eb.or([eb(sql<string>`lower(coalesce(l.source_name, ''))`, 'like', containsPattern(term)), eb(eb.fn('lower', ['c.name']), 'like', containsPattern(term))]));
  return runPage(q, f, priceListSorts, (r) => ({
    id: r.id, supplierId: r.supplier_id, supplierName: r.supplier_name, effectiveFrom: r.effective_from, sourceName: r.source_name, lineCount: r.line_count,
    importedBy: r.imported_by_name, importedAt: r.imported_at,
  }));
}

/** Lines of one price-list version. */
export async function getPriceListLines(ctx: Ctx, id: string) {
  requirePermission(ctx, 'proposal.read');
  const rows = await ctx.db.selectFrom('supplier_price_line').selectAll().where('price_list_id', '=', id).orderBy('line_no').execute();
  if (!rows.length) throw new AppError('not_found', 'e.notFound', { entity: 'price_list', id });
  return rows.map((r) => ({ id: r.id, lineNo: r.line_no, sku: r.sku, component: r.component, description: r.description, unit: r.unit, billing: r.billing, price: r.price, installmentMonths: r.installment_months }));
}
