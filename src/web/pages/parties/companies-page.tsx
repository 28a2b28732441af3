import { useEffect, useRef, useState } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs, type Company, type Page } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { companyTitle, dash, fmtInstant } from '../../lib/format.ts';
import { navigate } from '../../lib/router.ts';

const PAGE_SIZE = 50;
// The search survives a trip to a company card and back.
let lastQuery = '';

export function CompaniesPage({ canWrite }: { canWrite: boolean }) {
  const { t, lang } = useI18n();
  const [query, setQuery] = useState(lastQuery);
  const [debounced, setDebounced] = useState(lastQuery);
  const [items, setItems] = useState<Company[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const requestNo = useRef(0);

  useEffect(() => {
    lastQuery = query;
    const h = window.setTimeout(() => setDebounced(query.trim()), 300);
    return () => window.clearTimeout(h);
  }, [query]);

  useEffect(() => {
    const no = ++requestNo.current;
    setLoading(true);
    setError(null);
    api<Page<Company>>('GET', `/companies${qs({ q: debounced, limit: PAGE_SIZE })}`)
      .then((page) => {
        if (no !== requestNo.current) return;
        setItems(page.items);
        setCursor(page.nextCursor ?? null);
      })
      .catch((e) => { if (no === requestNo.current) setError(errorText(e, t)); })
      .finally(() => { if (no === requestNo.current) setLoading(false); });
    // t is stable per language; refetching on a language switch is not needed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  async function more() {
    if (!cursor) return;
    const no = requestNo.current;
    setLoadingMore(true);
    try {
      const page = await api<Page<Company>>('GET', `/companies${qs({ q: debounced, limit: PAGE_SIZE, cursor })}`);
      if (no !== requestNo.current) return;
      setItems((xs) => [...xs, ...page.items]);
      setCursor(page.nextCursor ?? null);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('companies.title')}</h1>
          <p className="page-sub">{t('companies.subtitle')}</p>
        </div>
        {canWrite ? (
          <a className="btn btn-primary" href="#/companies/new" data-testid="companies-new">+ {t('companies.new')}</a>
        ) : null}
      </div>
      <div className="toolbar">
        <div className="search">
          <svg className="search-icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
            <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
            <path d="M13 13l4.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('companies.searchPlaceholder')}
            aria-label={t('companies.searchPlaceholder')}
            data-testid="companies-search"
          />
        </div>
        {loading ? <span className="muted small">{t('common.loading')}</span> : (
          <span className="muted small" data-testid="companies-count">
            {cursor ? t('companies.countMore', { count: items.length }) : t('companies.count', { count: items.length })}
          </span>
        )}
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      <div className="card table-card">
        <table className="table" data-testid="companies-table">
          <thead>
            <tr>
              <th>{t('company.name')}</th>
              <th>{t('company.kind')}</th>
              <th>{t('company.inn')}</th>
              <th>{t('company.kpp')}</th>
              <th>{t('company.roles')}</th>
              <th className="nowrap">{t('companies.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} className="clickable" data-testid="company-row" data-id={c.id} onClick={() => navigate(`/companies/${c.id}`)}>
                <td>
                  <a href={`#/companies/${c.id}`} className="strong" onClick={(e) => e.stopPropagation()}>
                    <CompanyName company={c} />
                  </a>
                </td>
                <td className="nowrap">{t(`kind.${c.kind}`)}</td>
                <td className="mono">{c.inn ?? dash}</td>
                <td className="mono">{c.kpp ?? dash}</td>
                <td><RoleBadges roles={c.roles} /></td>
                <td className="nowrap muted">{fmtInstant(c.updatedAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!loading && items.length === 0 && !error ? (
          <div className="empty" data-testid="companies-empty">
            {debounced ? t('companies.notFound', { q: debounced }) : t('companies.none')}
          </div>
        ) : null}
        {loading && items.length === 0 ? <Spinner label={t('common.loading')} /> : null}
      </div>
      {cursor ? (
        <div className="more">
          <button type="button" className="btn" onClick={() => void more()} disabled={loadingMore} data-testid="companies-more">
            {loadingMore ? t('common.loading') : t('companies.more')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

export function RoleBadges({ roles }: { roles: string[] }) {
  const { t } = useI18n();
  return (
    <span className="badges">
      {roles.map((r) => (
        <span key={r} className={`badge badge-${r}`}>{t(`companyRole.${r}`, { defaultValue: r })}</span>
      ))}
    </span>
  );
}

export function CompanyName({ company }: { company: Company }) {
  const title = companyTitle(company);
  return (
    <>
      {title.prefix ? <span className="legal-form">{title.prefix} </span> : null}
      {title.name}
    </>
  );
}
