import { AppError } from '../../domain/errors.ts';
import type { Company } from '../../domain/parties/company.ts';
import { sql } from 'kysely';
import { companyFromRow, findCompany } from '../../db/queries/parties.ts';
import { runPage } from '../../db/queries/list.ts';
import { containsPattern } from '../../domain/lists/list-query.ts';
import { requirePermission, type Ctx } from '../context.ts';

/** One company by id. */
export async function getCompany(ctx: Ctx, id: string): Promise<Company> {
  requirePermission(ctx, 'company.read');
  const c = await findCompany(ctx.db, id);
  if (!c) throw new AppError('not_found', 'e.notFound', { entity: 'company', id });
  return c;
}

export interface CompanyPage { items: Company[]; nextCursor: string | null; total?: number; limit?: number; offset?: number; sort?: string }

const companySorts = { columns: { name: sql`lower(name)`, inn: 'inn', createdAt: 'created_at', updatedAt: 'updated_at' }, default: 'name', tieBreaker: 'id' };

/**
 * Companies searched by name or ИНН/ОГРН prefix. Paged by `offset` with any sort the list allows (and the
 * total), or — for integrations walking the whole list — by `cursor` in name order.
 */
export async function listCompanies(ctx: Ctx, input: { q?: string; role?: string; limit?: number; cursor?: string; sort?: string; offset?: number }): Promise<CompanyPage> {
  requirePermission(ctx, 'company.read');
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  let q = ctx.db.selectFrom('company').selectAll();
  const term = input.q?.trim();
  if (term) {
    const digits = term.replace(/\s/g, '');
    const like = containsPattern(term);
    q = q.where((eb) => eb.or([
      eb(eb.fn('lower', ['name']), 'like', like),
      ...(/^\d+$/.test(digits) ? [eb('inn', 'like', `${digits}%`), eb('ogrn', 'like', `${digits}%`)] : []),
    ]));
  }
  if (input.role) q = q.where((eb) => eb(eb.val(input.role), '=', eb.fn.any('roles')));
  if (!input.cursor) {
    const page = await runPage(q, { ...input, limit }, companySorts, (r) => companyFromRow(r));
    const last = page.items.at(-1);
    const more = page.offset + page.items.length < page.total;
    return { ...page, nextCursor: more && last && page.sort === 'name' ? encodeCursor(last.name.toLowerCase(), last.id) : null };
  }
  const [name, id] = decodeCursor(input.cursor);
  q = q.where((eb) => eb.or([
    eb(eb.fn('lower', ['name']), '>', name),
    eb.and([eb(eb.fn('lower', ['name']), '=', name), eb('id', '>', id)]),
  ]));
  const rows = await q.orderBy((eb) => eb.fn('lower', ['name'])).orderBy('id').limit(limit + 1).execute();
  const items = rows.slice(0, limit).map(companyFromRow);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.name.toLowerCase(), last.id) : null };
}

const encodeCursor = (name: string, id: string) => Buffer.from(JSON.stringify([name, id])).toString('base64url');
function decodeCursor(c: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString()) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch { /* fall through */ }
  throw new AppError('validation', 'e.validation', {}, [{ path: 'cursor', key: 'v.invalid' }]);
}
