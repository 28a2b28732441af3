import { AppError } from '../../domain/errors.ts';
import type { Company } from '../../domain/parties/company.ts';
import { companyFromRow, findCompany } from '../../db/queries/parties.ts';
import { requirePermission, type Ctx } from '../context.ts';

/** One company by id. */
export async function getCompany(ctx: Ctx, id: string): Promise<Company> {
  requirePermission(ctx, 'company.read');
  const c = await findCompany(ctx.db, id);
  if (!c) throw new AppError('not_found', 'e.notFound', { entity: 'company', id });
  return c;
}

export interface CompanyPage { items: Company[]; nextCursor: string | null }

/** Companies by name, searched by name or ИНН/ОГРН prefix; cursor-paginated. */
export async function listCompanies(ctx: Ctx, input: { q?: string; role?: string; limit?: number; cursor?: string }): Promise<CompanyPage> {
  requirePermission(ctx, 'company.read');
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  let q = ctx.db.selectFrom('company').selectAll();
  const term = input.q?.trim();
  if (term) {
    const digits = term.replace(/\s/g, '');
    const like = `%${term.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([
      eb(eb.fn('lower', ['name']), 'like', like),
      ...(/^\d+$/.test(digits) ? [eb('inn', 'like', `${digits}%`), eb('ogrn', 'like', `${digits}%`)] : []),
    ]));
  }
  if (input.role) q = q.where((eb) => eb(eb.val(input.role), '=', eb.fn.any('roles')));
  if (input.cursor) {
    const [name, id] = decodeCursor(input.cursor);
    q = q.where((eb) => eb.or([
      eb(eb.fn('lower', ['name']), '>', name),
      eb.and([eb(eb.fn('lower', ['name']), '=', name), eb('id', '>', id)]),
    ]));
  }
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
