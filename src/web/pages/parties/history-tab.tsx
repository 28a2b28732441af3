import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs, type AuditRow, type Contact, type Page } from '../../lib/api.ts';
import { describeAudit, type Lookup } from '../../lib/audit-text.ts';
import { dash, fmtInstant } from '../../lib/format.ts';
import { useData } from '../../lib/hooks.ts';

interface StageName { code: string; nameRu: string; nameEn: string }

/**
 * The history of a record and of what belongs to it, as sentences in the user's language (see
 * `describeAudit`); admins can open the raw record of an entry behind a details toggle.
 */
export function HistoryTab({ entityId, companyId, showRaw = false }: { entityId: string; companyId?: string; showRaw?: boolean }) {
  const { t, lang } = useI18n();
  const { data, error } = useData(() => Promise.all([
    api<Page<AuditRow>>('GET', `/audit${qs({ entityId })}`).then((p) => p.items),
    // Contacts and stages are named by id and code in the log; they come along so people see names.
    companyId ? api<Page<Contact>>('GET', `/companies/${encodeURIComponent(companyId)}/contacts`).then((p) => p.items, () => [] as Contact[]) : Promise.resolve([] as Contact[]),
    api<{ items: StageName[] }>('GET', '/crm/stages').then((p) => p.items, () => [] as StageName[]),
  ]), [entityId, companyId]);

  if (error) return <Banner kind="error">{error}</Banner>;
  if (!data) return <Spinner label={t('common.loading')} />;
  const [audit, contacts, stages] = data;
  const names = {
    contacts: Object.fromEntries(contacts.map((c) => [c.id, c.fullName])),
    stages: Object.fromEntries(stages.map((s) => [s.code, lang === 'ru' ? s.nameRu : s.nameEn])),
  };
  const lookup: Lookup = (key, params) => t(key, { ...params, defaultValue: '' });
  // Newest first: people look for the last change.
  const rows = [...audit].reverse();

  // Wide on a phone the table scrolls sideways, so its region is reachable by keyboard too.
  return (
    <div>
      <div className="section-head"><h2>{t('history.title')}</h2></div>
      {rows.length === 0 ? <div className="card empty">{t('history.none')}</div> : (
        <div className="card table-card" tabIndex={0} role="region" aria-label={t('history.title')}>
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
                const d = describeAudit(r, lookup, lang, names);
                return (
                  <tr key={r.id} data-testid="history-row" data-action={r.action}>
                    <td className="nowrap muted">{fmtInstant(r.at, lang)}</td>
                    <td className="nowrap">{r.actorName ?? t('history.system')}</td>
                    <td data-testid="history-sentence">{d.link && r.entityId !== entityId ? <a href={d.link}>{d.sentence}</a> : d.sentence}</td>
                    <td>
                      {d.changes.length === 0 ? <span className="muted">{dash}</span> : (
                        <dl className="changes">
                          {d.changes.map((c) => (
                            <div key={c.field} className="change">
                              <dt>{c.label}</dt>
                              <dd>
                                {c.before !== null ? <><span className="before">{c.before}</span><span className="arrow"> → </span></> : null}
                                <span className="after">{c.after}</span>
                              </dd>
                            </div>
                          ))}
                        </dl>
                      )}
                      {showRaw ? (
                        <details className="raw" data-testid="history-raw">
                          <summary>{t('history.details')}</summary>
                          <pre>{JSON.stringify({ action: r.action, entityType: r.entityType, entityId: r.entityId, before: r.before, after: r.after }, null, 2)}</pre>
                        </details>
                      ) : null}
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
