import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { fmtInstant } from '../../lib/format.ts';
import { useData } from '../../lib/hooks.ts';
import { formatDate } from '../../../domain/dates.ts';

interface SurveyRow {
  id: string; serviceId: string; serviceTitle: string; startDate: string; companyId: string; companyName: string; contactName: string;
  sentAt: string; score: number | null; comment: string | null; answeredAt: string | null; taskId: string | null;
}

/**
 * The clients' satisfaction answers: who was asked about which service, the score and comment; a score at or
 * below the threshold of the CRM settings is flagged, with the task the manager got for it.
 */
export function SurveysPage() {
  const { t, lang } = useI18n();
  const q = useData(() => Promise.all([
    api<{ items: SurveyRow[] }>('GET', '/surveys'),
    api<{ lowScoreThreshold: number }>('GET', '/sales/settings'),
  ]), []);
  if (q.error) return <Banner kind="error">{q.error}</Banner>;
  if (!q.data) return <Spinner label={t('common.loading')} />;
  const [{ items }, { lowScoreThreshold }] = q.data;
  const answered = items.filter((r) => r.score !== null);
  const average = answered.length ? answered.reduce((a, r) => a + r.score!, 0) / answered.length : null;
  return (
    <section className="page">
      <div className="page-head"><div>
        <h1>{t('surveys.title')}</h1>
        <p className="muted">{t('surveys.summary', { sent: items.length, answered: answered.length, average: average === null ? '—' : average.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 1 }), threshold: lowScoreThreshold })}</p>
      </div></div>
      <div className="card table-card" role="region" aria-label={t('surveys.title')} tabIndex={0}>
        {items.length === 0 ? <div className="empty">{t('surveys.none')}</div> : (
          <table className="table" data-testid="surveys-table">
            <thead><tr><th>{t('surveys.col.client')}</th><th>{t('surveys.col.service')}</th><th>{t('surveys.col.sent')}</th><th>{t('surveys.col.score')}</th><th>{t('surveys.col.comment')}</th><th>{t('surveys.col.task')}</th></tr></thead>
            <tbody>{items.map((r) => {
              const low = r.score !== null && r.score <= lowScoreThreshold;
              return (
                <tr key={r.id} data-testid="survey-row" data-low={low ? 'true' : 'false'}>
                  <td><a href={`#/companies/${r.companyId}`}>{r.companyName}</a><div className="muted small">{r.contactName}</div></td>
                  <td>{r.serviceTitle}<div className="muted small">{t('surveys.since', { date: formatDate(r.startDate, lang) })}</div></td>
                  <td>{fmtInstant(r.sentAt, lang)}</td>
                  <td className="num">{r.score === null ? <span className="muted">{t('surveys.waiting')}</span> : <strong className={low ? 'danger' : undefined}>{r.score} / 5{low ? ` ⚠ ${t('surveys.low')}` : ''}</strong>}</td>
                  <td>{r.comment || '—'}</td>
                  <td>{r.taskId ? <a href="#/today" data-testid="survey-task">{t('surveys.taskCreated')}</a> : '—'}</td>
                </tr>
              );
            })}</tbody>
          </table>
        )}
      </div>
    </section>
  );
}
