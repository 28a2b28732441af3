import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { decodeEd807, parseEd807, type BikCheck, type BikEntry } from '../../domain/banks/ed807.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, requirePermission, type Ctx } from '../context.ts';

export interface BikImportResult { importId: string; edDate: string | null; entries: number; closed: number; removed: number }

/**
 * Loads the Bank of Russia's ED807 file (windows-1251 as published, or UTF-8) and replaces the directory in
 * one transaction: the whole file is parsed first, so a bad file changes nothing.
 */
export async function importBikDirectory(ctx: Ctx, bytes: Uint8Array, fileName: string | null = null): Promise<BikImportResult> {
  requirePermission(ctx, 'bik.import');
  if (!bytes.length) throw new AppError('validation', 'e.importEmpty');
  const { edDate, entries } = parseEd807(decodeEd807(bytes));
  if (!entries.length) throw new AppError('validation', 'e.bik.badFile', { line: 1, reason: 'bik.file.empty' }, [{ path: 'line 1', key: 'e.bik.badFile', params: { line: 1, reason: 'bik.file.empty' } }]);
  const unique = [...new Map(entries.map((e) => [e.bik, e])).values()];
  const closed = unique.filter((e) => e.status === 'closed').length;
  return inTransaction(ctx, async (tx) => {
    const importId = newId('bk');
    await tx.db.insertInto('bik_import').values({ id: importId, file_name: fileName, ed_date: edDate, entries: unique.length, closed, imported_by: tx.actor.name }).execute();
    for (let i = 0; i < unique.length; i += 1000) {
      const rows = unique.slice(i, i + 1000).map((e) => ({ bik: e.bik, name: e.name, corr_account: e.corrAccount, city: e.city, status: e.status, closed_on: e.closedOn, import_id: importId }));
      await tx.db.insertInto('bik_entry').values(rows).onConflict((oc) => oc.column('bik').doUpdateSet({
        name: (eb) => eb.ref('excluded.name'), corr_account: (eb) => eb.ref('excluded.corr_account'), city: (eb) => eb.ref('excluded.city'),
        status: (eb) => eb.ref('excluded.status'), closed_on: (eb) => eb.ref('excluded.closed_on'), import_id: (eb) => eb.ref('excluded.import_id'),
      })).execute();
    }
    // Banks absent from the new full directory are gone: drop them, so they read as unknown.
    const removed = await tx.db.deleteFrom('bik_entry').where('import_id', '<>', importId).executeTakeFirst();
    const result = { importId, edDate, entries: unique.length, closed, removed: Number(removed.numDeletedRows ?? 0n) };
    await writeAudit(tx, { entityType: 'bik_directory', entityId: importId, action: 'import', after: { fileName, ...result } });
    return result;
  });
}

const entryOf = (r: { bik: string; name: string; corr_account: string | null; city: string | null; status: BikEntry['status']; closed_on: string | null }): BikEntry => ({
  bik: r.bik, name: r.name, corrAccount: r.corr_account, city: r.city, status: r.status, closedOn: r.closed_on,
});

/** What the directory says about a БИК: the bank (active or closed), unknown, or no directory loaded yet. */
export async function checkBik(ctx: Ctx, bik: string): Promise<BikCheck> {
  requirePermission(ctx, 'company.read');
  const r = await ctx.db.selectFrom('bik_entry').selectAll().where('bik', '=', bik).executeTakeFirst();
  if (r) return { state: r.status === 'closed' ? 'closed' : 'known', entry: entryOf(r) };
  const any = await ctx.db.selectFrom('bik_import').select('id').limit(1).executeTakeFirst();
  return { state: any ? 'unknown' : 'noDirectory' };
}

/** The directory in use: the last load (file date, who, when) and how many banks it holds. */
export async function bikDirectoryStatus(ctx: Ctx) {
  requirePermission(ctx, 'company.read');
  const last = await ctx.db.selectFrom('bik_import').selectAll().orderBy('imported_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const counts = await ctx.db.selectFrom('bik_entry').select([sql<string>`count(*)`.as('n'), sql<string>`count(*) FILTER (WHERE status = 'closed')`.as('closed')]).executeTakeFirstOrThrow();
  return {
    entries: Number(counts.n), closed: Number(counts.closed),
    lastImport: last ? { id: last.id, fileName: last.file_name, edDate: last.ed_date, importedBy: last.imported_by, importedAt: last.imported_at } : null,
  };
}
