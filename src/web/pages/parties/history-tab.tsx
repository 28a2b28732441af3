import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { ListTable, useList, type Column } from '../../components/list.tsx';
import { api, type AuditRow, type Contact, type Page } from '../../lib/api.ts';
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
  // Newest first, paged on the server: people look for the last change, and the pager reaches the first.
  const list = useList<AuditRow>('/audit', { sort: '-at', fixed: { entityId } });
  const { data, error } = useData(() => Promise.all([
    // Contacts and stages are named by id and code in the log; they come along so people see names.
    companyId ? api<Page<Contact>>('GET', `/companies/${encodeURIComponent(companyId)}/contacts`).then((p) => p.items, () => [] as Contact[]) : Promise.resolve([] as Contact[]),
    api<{ items: StageName[] }>('GET', '/crm/stages').then((p) => p.items, () => [] as StageName[]),
  ]), [companyId]);

  if (error) return <Banner kind="error">{error}</Banner>;
  if (!data) return <Spinner label={t('common.loading')} />;
  const [contacts, stages] = data;
  const names = {
    contacts: Object.fromEntries(contacts.map((c) => [c.id, c.fullName])),
    stages: Object.fromEntries(stages.map((s) => [s.code, lang === 'ru' ? s.nameRu : s.nameEn])),
  };
  const lookup: Lookup = (key, params) => t(key, { ...params, defaultValue: '' });
  const columns: Column<AuditRow>[] = [
    { key: 'at', label: t('history.when'), sort: 'at', render: (r) => <span className="nowrap muted">{fmtInstant(r.at, lang)}</span> },
    { key: 'who', label: t('history.who'), render: (r) => <span className="nowrap">{r.actorName ?? t('history.system')}</span> },
    { key: 'action', label: t('history.action'), render: (r) => {
      const d = describeAudit(r, lookup, lang, names);
      return <span data-testid="history-sentence">{d.link && r.entityId !== entityId ? <a href={d.link}>{d.sentence}</a> : d.sentence}</span>;
    } },
    { key: 'changes', label: t('history.changes'), render: (r) => {
      const d = describeAudit(r, lookup, lang, names);
      return (
        <>
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
        </>
      );
    } },
  ];

  return (
    <div>
      <div className="section-head"><h2>{t('history.title')}</h2></div>
      <ListTable list={list} columns={columns} rowKey={(r) => r.id} rowTestId="history-row" rowAttrs={(r) => ({ 'data-action': r.action })}
        testId="history-table" tableClass="history" empty={t('history.none')} caption={t('history.title')} />
    </div>
  );
}
