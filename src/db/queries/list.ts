import { sql, type Expression, type SelectQueryBuilder } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { DEFAULT_PAGE_SIZE, parseSort, type ListQuery, type Page } from '../../domain/lists/list-query.ts';

/** What a list may be sorted by: API key → SQL column reference (`i.issue_date`) or expression. */
export interface SortSpec {
  columns: Record<string, string | Expression<unknown>>;
  /** Applied when the request names no sort, e.g. `-issueDate`. */
  default: string;
  /** A unique column that makes the order total, so pages never overlap or skip rows. */
  tieBreaker: string;
}

const toExpr = (c: string | Expression<unknown>) => (typeof c === 'string' ? sql.ref(c) : c);

/**
 * Runs one page of a filtered list: validates the sort against what the list allows (an unknown key is a
 * 400 naming `query.sort`, never a 500 or a silent default), orders with a unique tie-breaker, and counts
 * every matching row in the same statement (a window count), so the UI can show «1–50 из 1 234».
 */
export async function runPage<DB, TB extends keyof DB, O, T>(
  query: SelectQueryBuilder<DB, TB, O>, input: ListQuery, spec: SortSpec, map: (row: O) => T,
): Promise<Page<T>> {
  const sort = input.sort ?? spec.default;
  const { key, desc } = parseSort(sort);
  const col = spec.columns[key];
  if (!col) throw new AppError('validation', 'e.validation', {}, [{ path: 'query.sort', key: 'v.enum', params: { options: Object.keys(spec.columns).join(', ') } }]);
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const offset = input.offset ?? 0;
  const dir = desc ? sql`DESC NULLS LAST` : sql`ASC NULLS FIRST`;
  const rows = await query
    .select(sql<string>`count(*) OVER ()`.as('__total'))
    .orderBy(sql`${toExpr(col)} ${dir}`)
    .orderBy(sql`${sql.ref(spec.tieBreaker)} ${desc ? sql`DESC` : sql`ASC`}`)
    .limit(limit).offset(offset)
    .execute() as (O & { __total: string | number | bigint })[];
  let total = rows.length ? Number(rows[0]!.__total) : 0;
  // Past the last page the window has no row to report on; count separately.
  if (!rows.length && offset > 0) {
    const c = await query.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirst() as { n: string | number } | undefined;
    total = Number(c?.n ?? 0);
  }
  return { items: rows.map((r) => map(r)), total, limit, offset, sort };
}
