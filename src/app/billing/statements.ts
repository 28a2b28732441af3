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
  const rows = await ctx.db.selectFrom('statement_import as s').selectAll('s')
    .select((eb) => eb.selectFrom('payment as p').whereRef('p.import_id', '=', 's.id').where('p.status', '=', 'queued').select(eb.fn.countAll<number>().as('n')).as('still_queued'))
    .orderBy('s.imported_at', 'desc').orderBy('s.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, fileName: r.file_name, encoding: r.encoding, importedAt: r.imported_at, actorName: r.actor_name, dateFrom: r.date_from, dateTo: r.date_to,
    documents: r.documents, incoming: r.incoming, duplicates: r.duplicates, matched: r.matched, queued: r.queued, skipped: r.skipped,
    bankOperations: r.bank_operations, amountIn: r.amount_in, matchedAmount: r.matched_amount, stillQueued: Number(r.still_queued ?? 0),
  }));
}
