import { useEffect, useState } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs, type AuditRow, type Contact, type Page } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { dash, fmtInstant } from '../../lib/format.ts';

// Bookkeeping fields say nothing to a person reading the history.
const hidden = new Set(['id', 'version', 'createdAt', 'updatedAt', 'companyId', 'passwordHash', 'recordedBy']);
// Enum values stored in the audit are shown with their catalog labels.
const valuePrefix: Record<string, string> = {
  kind: 'kind', roles: 'companyRole', role: 'role', channel: 'channel', purpose: 'purpose', status: 'consentStatus',
};

// Fields in the order of the forms, so every row reads the same way.
const fieldOrder = [
  'kind', 'legalForm', 'name', 'inn', 'kpp', 'ogrn', 'bik', 'bankName', 'settlementAccount', 'corrAccount',
  'legalAddress', 'postalAddress', 'phone', 'email', 'website', 'roles', 'notes',
  'fullName', 'position', 'phones', 'emails', 'contactId', 'channel', 'purpose', 'status', 'at', 'source', 'textVersion',
  'role', 'active', 'locale',
];
const rank = (k: string) => { const i = fieldOrder.indexOf(k); return i < 0 ? fieldOrder.length : i; };

/** The audit trail of a company, with what belongs to it (contacts, consents). */
export function HistoryTab({ entityId, companyId }: { entityId: string; companyId?: string }) {
  const { t, lang } = useI18n();
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [contactNames, setContactNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // Consent rows name the contact by id; the contacts come along so the person is shown at once.
    const contacts = companyId
      ? api<Page<Contact>>('GET', `/companies/${encodeURIComponent(companyId)}/contacts`).then((p) => p.items, () => [] as Contact[])
      : Promise.resolve([] as Contact[]);
    Promise.all([api<Page<AuditRow>>('GET', `/audit${qs({ entityId })}`), contacts])
      .then(([audit, cs]) => {
        setContactNames(Object.fromEntries(cs.map((c) => [c.id, c.fullName])));
        // Newest first: people look for the last change.
        setRows([...audit.items].reverse());
      })
      .catch((e) => setError(errorText(e, t)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entityId, companyId]);

  if (error) return <Banner kind="error">{error}</Banner>;
  if (!rows) return <Spinner label={t('common.loading')} />;

  const fieldLabel = (f: string) => t(`field.${f}`, { defaultValue: f });
  const show = (x: unknown, field = ''): string => {
    if (x === null || x === undefined || x === '') return dash;
    if (Array.isArray(x)) return x.length ? x.map((i) => show(i, field)).join(', ') : dash;
    const prefix = valuePrefix[field];
    if (prefix && typeof x === 'string') return t(`${prefix}.${x}`, { defaultValue: x });
    if (field === 'contactId' && typeof x === 'string') return contactNames[x] ?? x;
    if (field === 'at' && typeof x === 'string') return fmtInstant(x, lang);
    if (typeof x === 'object') return JSON.stringify(x);
    if (typeof x === 'boolean') return x ? t('common.yes') : t('common.no');
    return String(x);
  };

  return (
    <div>
      <div className="section-head"><h2>{t('history.title')}</h2></div>
      {rows.length === 0 ? <div className="card empty">{t('history.none')}</div> : (
        <div className="card table-card">
          <table className="table history" data-testid="history-table">
            <thead>
              <tr>
                <th className="nowrap">{t('history.when')}</th>
                <th>{t('history.who')}</th>
                <th>{t('history.action')}</th>
                <th>{t('history.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const before = r.before ?? {};
                const after = r.after ?? {};
                const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
                  .filter((k) => !hidden.has(k) && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
                  .sort((a, b) => rank(a) - rank(b));
                const created = !r.before;
                return (
                  <tr key={r.id} data-testid="history-row" data-action={r.action}>
                    <td className="nowrap muted">{fmtInstant(r.at, lang)}</td>
                    <td className="nowrap">{r.actorName ?? r.actorId ?? t('history.system')}</td>
                    <td className="nowrap"><span className={`action action-${actionKind(r.action)}`}>{actionLabel(r, t)}</span></td>
                    <td>
                      {keys.length === 0 ? <span className="muted">{dash}</span> : (
                        <dl className="changes">
                          {keys.map((k) => (
                            <div key={k} className="change">
                              <dt>{fieldLabel(k)}</dt>
                              <dd>
                                {created ? null : <><span className="before">{show(before[k], k)}</span><span className="arrow"> → </span></>}
                                <span className="after">{show(after[k], k)}</span>
                              </dd>
                            </div>
                          ))}
                        </dl>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

const actionKind = (a: string): string =>
  /create|insert|add|grant/.test(a) ? 'create' : /delete|remove|withdraw/.test(a) ? 'delete' : 'update';

function actionLabel(r: AuditRow, t: ReturnType<typeof useI18n>['t']): string {
  const exact = t(`audit.${r.entityType}.${r.action}`, { defaultValue: '' });
  if (exact) return exact;
  const verb = r.action.split('.').pop() ?? r.action;
  const entity = t(`entity.${r.entityType}`, { defaultValue: r.entityType });
  const v = t(`auditVerb.${verb}`, { defaultValue: '' });
  return v ? `${entity}: ${v}` : r.action;
}
