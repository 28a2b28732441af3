import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { SiteCreateSchema, type Site, type SiteKind } from '../../domain/reference.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx } from '../context.ts';

const siteFromRow = (r: { id: string; code: string; name: string; kind: string; address: string | null; active: boolean; created_at: Date }): Site => ({
  id: r.id, code: r.code, name: r.name, kind: r.kind as SiteKind, address: r.address, active: r.active, createdAt: r.created_at,
});

/** Adds a site: a data center, a point of presence or an office. */
export async function createSite(ctx: Ctx, input: unknown): Promise<Site> {
  requirePermission(ctx, 'reference.manage');
  const data = parseInput(SiteCreateSchema, input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const row = await tx.db.insertInto('site').values({ id: newId('st'), ...data }).returningAll().executeTakeFirstOrThrow();
      const site = siteFromRow(row);
      await writeAudit(tx, { entityType: 'site', entityId: site.id, action: 'create', after: site });
      return site;
    });
  } catch (e) {
    if (sqlStateOf(e) === '23505') throw new AppError('conflict', 'e.site.duplicate', { code: data.code }, [{ path: 'code', key: 'e.site.duplicate', params: { code: data.code } }]);
    throw e;
  }
}

/** All sites by code. */
export async function listSites(ctx: Ctx): Promise<Site[]> {
  requirePermission(ctx, 'company.read');
  return (await ctx.db.selectFrom('site').selectAll().orderBy('code').execute()).map(siteFromRow);
}

/** One site by id or code. */
export async function getSite(ctx: Ctx, idOrCode: string): Promise<Site> {
  requirePermission(ctx, 'company.read');
  const row = await ctx.db.selectFrom('site').selectAll().where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)])).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'e.notFound', { entity: 'site', id: idOrCode });
  return siteFromRow(row);
}
