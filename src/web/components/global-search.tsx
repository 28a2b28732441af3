import { useEffect, useId, useState } from 'react';
import { useI18n } from '../i18n/index.ts';
import { api, qs } from '../lib/api.ts';
import { navigate } from '../lib/router.ts';

interface Hit { kind: 'company' | 'contact' | 'deal' | 'proposal' | 'invoice'; id: string; title: string; subtitle: string | null; companyId: string | null }

const hrefOf = (h: Hit): string => {
  switch (h.kind) {
    case 'company': return `/companies/${h.id}`;
    case 'contact': return `/companies/${h.companyId}/contacts`;
    case 'deal': return `/deals/${h.id}`;
    case 'proposal': return `/proposals/${h.id}`;
    case 'invoice': return `/billing/clients/${h.companyId}`;
  }
};

/** The top bar's search over companies (name, INN), contacts, deals, proposal and invoice numbers; a combobox. */
export function GlobalSearch() {
  const { t } = useI18n();
  const listId = useId();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  useEffect(() => {
    const term = q.trim();
    if (term.length < 2) { setHits(null); return; }
    const h = setTimeout(() => {
      api<{ hits: Hit[] }>('GET', `/search${qs({ q: term })}`).then((r) => { setHits(r.hits); setActive(0); setOpen(true); }, () => setHits([]));
    }, 200);
    return () => clearTimeout(h);
  }, [q]);
  const go = (h: Hit) => { setOpen(false); setQ(''); navigate(hrefOf(h)); };
  return (
    <div className="global-search" role="search">
      <label htmlFor="global-search" className="sr-only">{t('search.label')}</label>
      <input id="global-search" type="search" role="combobox" aria-expanded={open && hits !== null} aria-controls={listId} aria-autocomplete="list" autoComplete="off"
        aria-activedescendant={open && hits?.[active] ? `${listId}-${active}` : undefined}
        placeholder={t('search.placeholder')} value={q} data-testid="global-search"
        onChange={(e) => setQ(e.target.value)} onFocus={() => setOpen(true)} onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (!hits) return;
          if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(a + 1, hits.length - 1)); }
          else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
          else if (e.key === 'Enter' && hits[active]) { e.preventDefault(); go(hits[active]); }
          else if (e.key === 'Escape') setOpen(false);
        }} />
      {open && hits !== null ? (
        <ul id={listId} role="listbox" aria-label={t('search.label')} className="search-results" data-testid="global-search-results">
          {hits.length === 0 ? <li className="muted">{t('search.none')}</li> : hits.map((h, i) => (
            <li key={`${h.kind}:${h.id}`} id={`${listId}-${i}`} role="option" aria-selected={i === active} className={i === active ? 'active' : ''}
              onMouseDown={(e) => { e.preventDefault(); go(h); }} data-testid={`search-hit-${h.kind}`}>
              <span className="search-kind">{t(`search.kind.${h.kind}`)}</span> <strong>{h.title}</strong>{h.subtitle ? <span className="muted small"> · {h.subtitle}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
