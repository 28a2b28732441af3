import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { Company } from '../../domain/parties/company.ts';
import { checkCompanyRequisites, CompanyCreateSchema, type CompanyInput } from '../../domain/parties/company.schemas.ts';
import { companyFromRow, companyToRow, findCompanyByInn } from '../../db/queries/parties.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx } from '../context.ts';

/** Validates shape and requisites together, so the caller sees every problem at once. */
export function validateCompany(input: unknown): CompanyInput {
  const data = parseInput(CompanyCreateSchema, input);
  const errs = checkCompanyRequisites(data);
  if (errs.length) throw new AppError('validation', 'e.validation', {}, errs);
  return data;
}

export async function duplicateInnError(ctx: Ctx, c: Pick<CompanyInput, 'inn' | 'kpp'>, exceptId?: string): Promise<AppError | null> {
  if (!c.inn) return null;
  const existing = await findCompanyByInn(ctx.db, c.inn, c.kpp, exceptId);
  if (!existing) return null;
  const key = c.kpp ? 'e.duplicateInnKpp' : 'e.duplicateInn';
  const params = { inn: c.inn, kpp: c.kpp ?? '', name: existing.name, id: existing.id };
  return new AppError('conflict', key, params, [{ path: 'inn', key, params }], { existingId: existing.id });
}

/** Registers a company (client, supplier, partner or our own legal entity) with validated requisites. */
export async function createCompany(ctx: Ctx, input: unknown): Promise<Company> {
  requirePermission(ctx, 'company.write');
  const data = validateCompany(input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const dup = await duplicateInnError(tx, data);
      if (dup) throw dup;
      const row = await tx.db.insertInto('company')
        .values({ id: newId('co'), ...companyToRow(data), updated_at: tx.now() })
        .returningAll().executeTakeFirstOrThrow();
      const company = companyFromRow(row);
      await writeAudit(tx, { entityType: 'company', entityId: company.id, action: 'create', after: company });
      return company;
    });
  } catch (e) {
    // Two people registering the same ИНН at once: the unique index decides, we explain.
    if (sqlStateOf(e) === '23505') throw (await duplicateInnError(ctx, data)) ?? e;
    throw e;
  }
}
