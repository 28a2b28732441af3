import { useEffect, useState, type ReactNode } from 'react';
import { Banner, Spinner } from './field.tsx';
import { useI18n } from '../i18n/index.ts';
import { api, qs } from '../lib/api.ts';
import { useData, type Loaded } from '../lib/hooks.ts';

/** One page of a server-side list, as every growing list answers (`items`, `total`, `limit`, `offset`, `sort`). */
export interface ListPage<T> { items: T[]; total: number; limit: number; offset: number; sort: string }

export type Filters = Record<string, string | number | null | undefined>;

export type ListState<T> = Loaded<ListPage<T>> & {
  filters: Filters;
  /** Changes filters (and goes back to the first page). */
  setFilter: (key: string, value: string | null) => void;
  sort: string;
  setSort: (s: string) => void;
  offset: number;
  setOffset: (n: number) => void;
  limit: number;
};

/**
 * The one hook behind every growing list: filters, sort and page live here and go to the server, which
 * sorts, filters and pages (nothing is capped or sorted in the browser). Typing in a search box waits a
 * moment before asking. `fixed` filters come from the page and follow its props.
 */
export function useList<T>(path: string, opts: { sort: string; filters?: Filters; limit?: number; fixed?: Filters }): ListState<T> {
  const [filters, setFilters] = useState<Filters>(opts.filters ?? {});
  const [sort, setSortState] = useState(opts.sort);
  const [offset, setOffset] = useState(0);
  const limit = opts.limit ?? 25;
  const [debounced, setDebounced] = useState(filters);
  useEffect(() => { const h = setTimeout(() => setDebounced(filters), 250); return () => clearTimeout(h); }, [filters]);
  // `fixed` filters come from the page (the record whose history this is), not from the user: they follow the props.
  const query = qs({ ...debounced, ...opts.fixed, sort, limit, offset });
  const loaded = useData(() => api<ListPage<T>>('GET', `${path}${query}`), [path, query]);
  return {
    ...loaded, filters, sort, offset, limit, setOffset,
    setFilter: (key, value) => { setFilters((f) => ({ ...f, [key]: value })); setOffset(0); },
    setSort: (s) => { setSortState(s); setOffset(0); },
  };
}

export interface Column<T> {
  key: string;
  label: string;
  /** The server's sort key when the column can be sorted. */
  sort?: string;
  num?: boolean;
  render: (row: T) => ReactNode;
}

/** A table over `useList`: clickable sortable headers (aria-sort), the rows, and the pager with the range and the total. */
export function ListTable<T>(props: {
  list: ListState<T>; columns: Column<T>[]; rowKey: (r: T) => string; testId?: string; empty: string; caption: string;
  /** `data-testid` of each row, and other attributes a test or a style needs on it. */
  rowTestId?: string; rowAttrs?: (r: T) => { [attr: string]: string }; tableClass?: string;
}) {
  const { t } = useI18n();
  const { list, columns } = props;
  const desc = list.sort.startsWith('-');
  const sortKey = desc ? list.sort.slice(1) : list.sort;
  if (list.error) return <Banner kind="error">{list.error} <button type="button" className="btn btn-sm" onClick={list.reload}>{t('common.retry')}</button></Banner>;
  if (!list.data) return <Spinner label={t('common.loading')} />;
  const { items, total, offset, limit } = list.data;
  return (
    <div className="card table-card">
      <div className="table-scroll" tabIndex={0} role="region" aria-label={props.caption}>
        <table className={props.tableClass ? `table ${props.tableClass}` : 'table'} data-testid={props.testId} aria-busy={list.loading}>
          <caption className="sr-only">{props.caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => {
                const active = c.sort && c.sort === sortKey;
                return (
                  <th key={c.key} className={c.num ? 'num' : undefined} aria-sort={active ? (desc ? 'descending' : 'ascending') : undefined} scope="col">
                    {c.sort ? (
                      <button type="button" className="sort-button" data-testid={`sort-${c.key}`}
                        onClick={() => list.setSort(active && !desc ? `-${c.sort}` : c.sort!)}>
                        {c.label}<span aria-hidden="true">{active ? (desc ? ' ▼' : ' ▲') : ' ↕'}</span>
                      </button>
                    ) : c.label}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {items.length === 0 ? <tr><td colSpan={columns.length} className="empty">{props.empty}</td></tr> : items.map((r) => (
              <tr key={props.rowKey(r)} data-testid={props.rowTestId} {...props.rowAttrs?.(r)}>{columns.map((c) => <td key={c.key} className={c.num ? 'num' : undefined}>{c.render(r)}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager" data-testid={props.testId ? `${props.testId}-pager` : undefined}>
        <span>{total === 0 ? t('list.none') : t('list.range', { from: offset + 1, to: offset + items.length, total })}</span>
        <button type="button" className="btn btn-sm" disabled={offset === 0} onClick={() => list.setOffset(Math.max(0, offset - limit))}>{t('list.prev')}</button>
        <button type="button" className="btn btn-sm" disabled={offset + items.length >= total} onClick={() => list.setOffset(offset + limit)}>{t('list.next')}</button>
      </div>
    </div>
  );
}

/** A search box for a list's `q` filter. */
export function SearchBox(props: { list: ListState<unknown>; label: string; testId?: string; id: string }) {
  return (
    <span className="filter">
      <label htmlFor={props.id} className="sr-only">{props.label}</label>
      <input id={props.id} type="search" placeholder={props.label} value={String(props.list.filters.q ?? '')} data-testid={props.testId}
        onChange={(e) => props.list.setFilter('q', e.target.value)} />
    </span>
  );
}

/**
 * Every row of a paged list, page after page until the total (for a short choice such as the catalog's offers
 * in a select): nothing is cut off at a fixed limit.
 */
export async function fetchAll<T>(path: string, filters: Filters = {}): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const p = await api<ListPage<T>>('GET', `${path}${qs({ ...filters, limit: 500, offset: out.length })}`);
    out.push(...p.items);
    if (p.items.length === 0 || out.length >= p.total) return out;
  }
}
