import { AppError } from '../../domain/errors.ts';
import type { Kopecks } from '../../domain/money.ts';
import { requirePermission, type Ctx } from '../context.ts';

export interface StatementImportView {
  id: string; fileName: string | null; encoding: string; importedAt: Date; actorName: string | null; dateFrom: string | null; dateTo: string | null;
  documents: number; incoming: number; duplicates: number; matched: number; queued: number; skipped: number; bankOperations: number;
  amountIn: Kopecks; matchedAmount: Kopecks; stillQueued: number;
}

/** Imported bank statements, newest first, with what each import did and how many of its payments still wait for a person. */
export async function listStatementImports(ctx: Ctx, limit = 200): Promise<StatementImportView[]> {
  requirePermission(ctx, 'billing.read');
  return listStatementImportsWhere(ctx, null, limit);
}

async function listStatementImportsWhere(ctx: Ctx, id: string | null, limit = 1): Promise<StatementImportView[]> {
  let q = ctx.db.selectFrom('statement_import as s').selectAll('s')
    .select((eb) => eb.selectFrom('payment as p').whereRef('p.import_id', '=', 's.id').where('p.status', '=', 'queued').select(eb.fn.countAll<number>().as('n')).as('still_queued'));
  if (id) q = q.where('s.id', '=', id);
  const rows = await q.orderBy('s.imported_at', 'desc').orderBy('s.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, fileName: r.file_name, encoding: r.encoding, importedAt: r.imported_at, actorName: r.actor_name, dateFrom: r.date_from, dateTo: r.date_to,
    documents: r.documents, incoming: r.incoming, duplicates: r.duplicates, matched: r.matched, queued: r.queued, skipped: r.skipped,
    bankOperations: r.bank_operations, amountIn: r.amount_in, matchedAmount: r.matched_amount, stillQueued: Number(r.still_queued ?? 0),
  }));
}

export interface StatementPaymentView {
  id: string; docNumber: string | null; paidOn: string; amount: Kopecks; payerName: string | null; payerInn: string | null; purpose: string | null;
  status: string; clientId: string | null; clientName: string | null;
  /** The invoices the payment went to (number, year, amount applied). */
  applied: { invoiceId: string; number: number; year: number; amount: Kopecks }[];
}

/** One imported statement with its payments: to whom each went, what it paid, what still waits for a person. */
export async function getStatementImport(ctx: Ctx, id: string): Promise<{ import: StatementImportView; payments: StatementPaymentView[] }> {
  requirePermission(ctx, 'billing.read');
  const one = (await listStatementImportsWhere(ctx, id))[0];
  if (!one) throw new AppError('not_found', 'e.notFound', { entity: 'statement_import', id });
  const rows = await ctx.db.selectFrom('payment as p').leftJoin('company as c', 'c.id', 'p.client_id')
    .select(['p.id', 'p.doc_number', 'p.paid_on', 'p.amount', 'p.payer_name', 'p.payer_inn', 'p.purpose', 'p.status', 'p.client_id', 'c.name'])
    .where('p.import_id', '=', id).orderBy('p.paid_on').orderBy('p.id').execute();
  const allocations = rows.length ? await ctx.db.selectFrom('payment_allocation as a').innerJoin('invoice as i', 'i.id', 'a.invoice_id')
    .select(['a.payment_id', 'a.invoice_id', 'i.number', 'i.year', 'a.amount']).where('a.payment_id', 'in', rows.map((r) => r.id)).orderBy('a.id').execute() : [];
  return {
    import: one,
    payments: rows.map((r) => ({
      id: r.id, docNumber: r.doc_number, paidOn: r.paid_on, amount: r.amount, payerName: r.payer_name, payerInn: r.payer_inn, purpose: r.purpose,
      status: r.status, clientId: r.client_id, clientName: r.name,
      applied: allocations.filter((a) => a.payment_id === r.id).map((a) => ({ invoiceId: a.invoice_id, number: a.number, year: a.year, amount: a.amount })),
    })),
  };
}
