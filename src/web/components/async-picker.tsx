import { useEffect, useId, useState } from 'react';
import { useI18n } from '../i18n/index.ts';
import { api, qs } from '../lib/api.ts';

export interface Picked { id: string; label: string; hint?: string | null }
/** Turns what was typed into options. */
export interface Searcher { (q: string): Promise<Picked[]> }

/**
 * A combobox that asks the server as you type (no list of the first N loaded up front): arrow keys move
 * through the options, Enter picks, Escape closes. `search` turns the text into options.
 */
export function AsyncPicker(props: { id: string; label: string; value: Picked | null; onChange: (p: Picked | null) => void; search: Searcher; testId?: string; placeholder?: string }) {
  const { t } = useI18n();
  const listId = useId();
  const [text, setText] = useState(props.value?.label ?? '');
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<Picked[]>([]);
  const [active, setActive] = useState(0);
  const [failed, setFailed] = useState(false);
  const { search } = props;
  useEffect(() => { setText(props.value?.label ?? ''); }, [props.value]);
  useEffect(() => {
    if (!open) return;
    const h = setTimeout(() => {
      search(text.trim()).then((o) => { setOptions(o); setActive(0); setFailed(false); }, () => setFailed(true));
    }, 200);
    return () => clearTimeout(h);
  }, [text, open, search]);
  const pick = (o: Picked) => { props.onChange(o); setText(o.label); setOpen(false); };
  return (
    <div className="picker">
      <input id={props.id} role="combobox" aria-expanded={open} aria-controls={listId} aria-autocomplete="list" autoComplete="off"
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined} placeholder={props.placeholder ?? t('picker.type')}
        value={text} data-testid={props.testId}
        onChange={(e) => { setText(e.target.value); setOpen(true); if (props.value) props.onChange(null); }}
        onFocus={() => setOpen(true)} onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => Math.min(a + 1, options.length - 1)); }
          else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
          else if (e.key === 'Enter' && open && options[active]) { e.preventDefault(); pick(options[active]); }
          else if (e.key === 'Escape') setOpen(false);
        }} />
      {open ? (
        <ul id={listId} role="listbox" aria-label={props.label} className="picker-options">
          {failed ? <li className="muted">{t('error.network')}</li> : options.length === 0 ? <li className="muted">{t('picker.none')}</li> : options.map((o, i) => (
            <li key={o.id} id={`${listId}-${i}`} role="option" aria-selected={i === active} className={i === active ? 'active' : ''}
              onMouseDown={(e) => { e.preventDefault(); pick(o); }} data-testid="picker-option">
              {o.label}{o.hint ? <span className="muted small"> · {o.hint}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

interface CompanyHit { id: string; name: string; inn: string | null }
interface ContactHit { id: string; fullName: string; position: string | null; companyName: string }

/** Companies by name or INN, from the server (optionally of one role, e.g. clients). */
export const searchCompanies = (role: string | undefined, innLabel: (inn: string) => string): Searcher => (q: string) =>
  api<{ items: CompanyHit[] }>('GET', `/companies${qs({ q, role, limit: 10 })}`).then((p) => p.items.map((c) => ({ id: c.id, label: c.name, hint: c.inn ? innLabel(c.inn) : null })));

/** Contacts by name or e-mail, from the server (optionally of one company). */
export const searchContacts = (companyId?: string): Searcher => (q: string) =>
  api<{ items: ContactHit[] }>('GET', `/contacts${qs({ q, companyId, limit: 10 })}`).then((p) => p.items.map((c) => ({ id: c.id, label: c.fullName, hint: c.position ?? c.companyName })));

export function CompanyPicker(props: { id: string; label: string; value: Picked | null; onChange: (p: Picked | null) => void; role?: string; testId?: string }) {
  const { t } = useI18n();
  const [search] = useState(() => searchCompanies(props.role, (inn) => t('acc.inn', { inn })));
  return <AsyncPicker {...props} search={search} />;
}

export function ContactPicker(props: { id: string; label: string; value: Picked | null; onChange: (p: Picked | null) => void; companyId?: string; testId?: string }) {
  const { companyId } = props;
  const [search, setSearch] = useState(() => searchContacts(companyId));
  useEffect(() => { setSearch(() => searchContacts(companyId)); }, [companyId]);
  return <AsyncPicker {...props} search={search} />;
}
