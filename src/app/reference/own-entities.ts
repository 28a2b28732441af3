import { AppError } from '../../domain/errors.ts';
import type { Company } from '../../domain/parties/company.ts';
import { OwnEntitySchema } from '../../domain/reference.ts';
import type { TaxMode } from '../../domain/tax.ts';
import { findCompany } from '../../db/queries/parties.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx } from '../context.ts';

export interface OwnEntity { company: Company; taxMode: TaxMode; isDefault: boolean }

/** Declares (or changes) one of our legal entities and its tax mode; `isDefault` makes it the default seller. */
export async function setOwnEntity(ctx: Ctx, input: unknown): Promise<OwnEntity> {
  requirePermission(ctx, 'reference.manage');
  const data = parseInput(OwnEntitySchema, input);
  return inTransaction(ctx, async (tx) => {
    const company = await findCompany(tx.db, data.companyId);
    if (!company) throw new AppError('not_found', 'e.notFound', { entity: 'company', id: data.companyId });
    if (!company.roles.includes('own')) throw new AppError('rule', 'e.ownEntity.notOwn', { name: company.name });
    const before = await tx.db.selectFrom('own_entity').selectAll().where('company_id', '=', data.companyId).executeTakeFirst();
    if (data.isDefault) await tx.db.updateTable('own_entity').set({ is_default: false }).where('is_default', '=', true).where('company_id', '<>', data.companyId).execute();
    await tx.db.insertInto('own_entity').values({ company_id: data.companyId, tax_mode: data.taxMode, is_default: data.isDefault, updated_at: tx.now() })
      .onConflict((oc) => oc.column('company_id').doUpdateSet({ tax_mode: data.taxMode, is_default: data.isDefault, updated_at: tx.now() })).execute();
    await writeAudit(tx, { entityType: 'own_entity', entityId: data.companyId, scopeId: data.companyId, action: before ? 'update' : 'create', before, after: data });
    return { company, taxMode: data.taxMode, isDefault: data.isDefault };
  });
}

/** Our legal entity by company id, or the default seller when no id is given. */
export async function getOwnEntity(ctx: Ctx, companyId?: string): Promise<OwnEntity> {
  let q = ctx.db.selectFrom('own_entity').selectAll();
  q = companyId ? q.where('company_id', '=', companyId) : q.where('is_default', '=', true);
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('rule', 'e.ownEntity.none');
  const company = await findCompany(ctx.db, row.company_id);
  if (!company) throw new AppError('not_found', 'e.notFound', { entity: 'company', id: row.company_id });
  return { company, taxMode: row.tax_mode as TaxMode, isDefault: row.is_default };
}

/** All our legal entities. */
export async function listOwnEntities(ctx: Ctx): Promise<OwnEntity[]> {
  requirePermission(ctx, 'company.read');
  const rows = await ctx.db.selectFrom('own_entity').select('company_id').orderBy('company_id').execute();
  return Promise.all(rows.map((r) => getOwnEntity(ctx, r.company_id)));
}
