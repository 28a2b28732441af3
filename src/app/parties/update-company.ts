import { AppError } from '../../domain/errors.ts';
import type { Company } from '../../domain/parties/company.ts';
import { CompanyPatchSchema } from '../../domain/parties/company.schemas.ts';
import { companyToRow, findCompany, companyFromRow } from '../../db/queries/parties.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx } from '../context.ts';
import { duplicateInnError, validateCompany } from './create-company.ts';

/** Changes a company's fields; the whole result is re-validated. `version` guards against lost updates. */
export async function updateCompany(ctx: Ctx, id: string, input: unknown): Promise<Company> {
  requirePermission(ctx, 'company.write');
  const patch = parseInput(CompanyPatchSchema, input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const before = await findCompany(tx.db, id, true);
      if (!before) throw new AppError('not_found', 'e.notFound', { entity: 'company', id });
      if (patch.version !== undefined && patch.version !== before.version) throw new AppError('conflict', 'e.staleVersion', {}, [], { currentVersion: before.version });
      const { version: _v, ...fields } = patch;
      const { id: _id, version: _ver, createdAt: _c, updatedAt: _u, ...current } = before;
      const merged = validateCompany({ ...current, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) });
      const dup = await duplicateInnError(tx, merged, id);
      if (dup) throw dup;
      const row = await tx.db.updateTable('company')
        .set({ ...companyToRow(merged), version: before.version + 1, updated_at: tx.now() })
        .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      const after = companyFromRow(row);
      await writeAudit(tx, { entityType: 'company', entityId: id, action: 'update', before, after });
      return after;
    });
  } catch (e) {
    if (sqlStateOf(e) === '23505') {
      const again = await findCompany(ctx.db, id);
      if (again?.inn) throw (await duplicateInnError(ctx, again, id)) ?? e;
    }
    throw e;
  }
}
