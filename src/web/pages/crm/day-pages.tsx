import { useCallback, useEffect, useState } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { BarChart } from '../../components/charts.tsx';
import { fetchAll } from '../../components/list.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { fmtInstant } from '../../lib/format.ts';
import { fmtDate, rubles, stageName, todayIso, type MissingItem, type Stage, type Task } from './types.ts';
import './crm.css';

/** Today's and overdue tasks, and the end-of-day panel. */
export function TodayPage({ team }: { team: boolean }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [overdue, setOverdue] = useState<{ managerId: string; managerName: string; overdue: number; oldestDue: string }[]>([]);
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [eod, setEod] = useState<MissingItem[] | null>(null);
  const [stages, setStages] = useState<Stage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    Promise.all([
      fetchAll<Task>('/tasks', { view: 'today' }),
      api<{ items: MissingItem[] }>('GET', '/crm/end-of-day'),
      api<{ items: Stage[] }>('GET', '/crm/stages'),
    ]).then(([a, b, s]) => { setTasks(a); setEod(b.items); setStages(s.items); }).catch((e) => setError(errorText(e, t)));
    if (team) api<{ items: typeof overdue }>('GET', '/tasks/overdue-by-manager').then((r) => setOverdue(r.items)).catch(() => {});
  }, [t, team]);
  useEffect(load, [load]);
  async function done(id: string) {
    try { await api('POST', `/tasks/${id}/done`); load(); } catch (e) { toast.error(errorText(e, t)); }
  }
  if (error) return <Banner kind="error">{error}</Banner>;
  if (!tasks || !eod) return <Spinner label={t('common.loading')} />;
  return (
    <div>
      <div className="section-head"><h1>{t('crm.today')}</h1></div>
      <div className="crm-cols">
        <div className="card crm-panel" data-testid="eod-panel">
          <h3>{t('crm.eod')}</h3>
          <p className="small muted">{t('crm.eodHint')}</p>
          {eod.length === 0 ? <div data-testid="eod-none">{t('crm.eodNone')}</div> : (
            <table className="table">
              <thead><tr><th>{t('crm.title')}</th><th>{t('crm.stage')}</th><th>{t('crm.owner')}</th><th>{t('crm.lastActivity')}</th></tr></thead>
              <tbody>
                {eod.map((x) => (
                  <tr key={x.dealId ?? `client-${x.companyId}`} data-testid={x.kind === 'deal' ? 'eod-row' : 'eod-client-row'}>
                    {x.kind === 'deal'
                      ? <td><a href={`#/deals/${x.dealId}`}>{x.title}</a><div className="small muted">{x.companyName}</div></td>
                      : <td><a href={`#/companies/${x.companyId}`}>{x.companyName}</a><div className="small muted">{t('crm.eodClient')}</div></td>}
                    <td>{x.stage ? stageName(stages, x.stage, lang) : '—'}</td>
                    <td>{x.ownerName}</td>
                    <td>{fmtInstant(x.lastActivityAt, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="card crm-panel">
          <h3>{t('crm.todayTasks')}</h3>
          {tasks.length === 0 ? <div className="muted">{t('crm.noTasks')}</div> : (
            <ul className="timeline">
              {tasks.map((x) => (
                <li key={x.id} data-testid="task-row">
                  <div className="strong">{x.title} {x.overdue ? <span className="danger small">({t('crm.overdueMark')})</span> : null} {x.reminderDue ? <span className="small">🔔 {t('crm.reminderMark')}</span> : null}</div>
                  <div className="small muted">{fmtDate(x.dueDate, lang)} {x.dealId ? <a href={`#/deals/${x.dealId}`}>{x.dealTitle}</a> : x.companyName}</div>
                  <button type="button" className="btn btn-sm" onClick={() => void done(x.id)} data-testid="task-done">{t('crm.done')}</button>
                </li>
              ))}
            </ul>
          )}
          {team && overdue.length ? (
            <div data-testid="overdue-by-manager">
              <h3>{t('crm.overdueByManager')}</h3>
              <table className="table">
                <thead><tr><th>{t('crm.owner')}</th><th>{t('crm.count')}</th><th>{t('crm.dueDate')}</th></tr></thead>
                <tbody>{overdue.map((o) => <tr key={o.managerId}><td>{o.managerName}</td><td>{o.overdue}</td><td>{fmtDate(o.oldestDue, lang)}</td></tr>)}</tbody>
              </table>
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}

interface Summary {
  date: string; managerName: string | null; stageNames: Record<string, string>;
  moved: { dealId: string; title: string; companyName: string; ownerName: string; fromStage: string | null; toStage: string; at: string }[];
  activities: { id: string; dealId: string | null; dealTitle: string | null; companyName: string; ownerName: string | null; kind: string; subject: string | null; outcome: string | null; at: string }[];
  tasksDone: { id: string; title: string; dealTitle: string | null; assigneeName: string }[];
  pending: { dealId: string; title: string; companyName: string; ownerName: string; stage: string; expectedMonthlyRevenue: string; nextStep: string | null; nextStepDue: string | null; lastActivity: string | null; lastActivityAt: string | null; contactName: string | null }[];
  pendingTotal: number;
  overdueDeals: { dealId: string; title: string; companyName: string; nextStep: string | null; nextStepDue: string; ownerName: string }[];
  overdueTasks: { id: string; title: string; dueDate: string; assigneeName: string }[];
  blocked: { dealId: string; title: string; companyName: string; blockedReason: string; ownerName: string }[];
  missingStatus: MissingItem[];
  proposals: { proposalId: string; number: string; version: number; companyName: string; dealTitle: string | null; ownerName: string | null; status: string; grossTotal: string; sentAt: string | null; decidedAt: string | null }[];
}

/** The daily summary page, with Markdown and PDF downloads. */
export function SummaryPage({ team }: { team: boolean }) {
  const { t, lang } = useI18n();
  const [date, setDate] = useState(todayIso());
  const [s, setS] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<Summary>('GET', `/crm/summary/daily${qs({ date })}`).then((x) => { setS(x); setError(null); }).catch((e) => setError(errorText(e, t)));
  }, [date, t]);
  const st = (c: string | null) => (c ? (s?.stageNames[c] ?? c) : '—');
  const list = (title: string, testId: string, items: string[]) => (
    <div className="summary-section" data-testid={testId}>
      <h2>{title} ({items.length})</h2>
      {items.length ? <ul>{items.map((x, i) => <li key={i}>{x}</li>)}</ul> : <div className="muted">{t('crm.none')}</div>}
    </div>
  );
  return (
    <div>
      <div className="section-head">
        <h1>{t('crm.summary')}{s ? `: ${s.managerName ?? (team ? t('crm.team') : '')}` : ''}</h1>
        <div className="row-gap">
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} aria-label={t('crm.date')} data-testid="summary-date" />
          <a className="btn btn-sm" href={`/api/v1/crm/summary/daily${qs({ date, format: 'md' })}`} data-testid="summary-md">{t('crm.downloadMd')}</a>
          <a className="btn btn-sm" href={`/api/v1/crm/summary/daily${qs({ date, format: 'pdf' })}`} data-testid="summary-pdf">{t('crm.downloadPdf')}</a>
        </div>
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!s ? <Spinner label={t('common.loading')} /> : (
        <div className="card crm-panel" data-testid="summary">
          {list(t('crm.sum.moved'), 'sum-moved', s.moved.map((m) => `${m.title} — ${m.companyName}: ${st(m.fromStage)} → ${st(m.toStage)} (${m.ownerName}, ${fmtInstant(m.at, lang)})`))}
          <div className="summary-section" data-testid="sum-proposals">
            <h2>{t('crm.sum.proposals')} ({s.proposals.length})</h2>
            {s.proposals.length ? (
              <ul>
                {s.proposals.map((x) => (
                  <li key={`${x.proposalId}-${x.version}`}>
                    <a href={`#/proposals/${x.proposalId}`}>{x.number}</a> v{x.version} — {x.companyName}{x.dealTitle ? ` (${x.dealTitle})` : ''}: {t(`status.${x.status}`)}, {rubles(x.grossTotal, lang)} ({x.ownerName ?? '—'}, {fmtInstant(x.decidedAt && x.status !== 'sent' ? x.decidedAt : x.sentAt, lang)})
                  </li>
                ))}
              </ul>
            ) : <div className="muted">{t('crm.none')}</div>}
          </div>
          {list(t('crm.sum.activities'), 'sum-activities', s.activities.map((a) => `${fmtInstant(a.at, lang)} ${t(`crm.kind.${a.kind}`)} — ${a.dealTitle ?? a.companyName}${a.subject ? `: ${a.subject}` : ''}${a.outcome ? ` → ${a.outcome}` : ''}`))}
          {list(t('crm.sum.tasksDone'), 'sum-tasks', s.tasksDone.map((x) => `${x.title}${x.dealTitle ? ` — ${x.dealTitle}` : ''} (${x.assigneeName})`))}
          {list(t('crm.eod'), 'sum-missing', s.missingStatus.map((x) => (x.kind === 'deal' ? `${x.title} — ${x.companyName} (${x.ownerName})` : `${x.companyName} — ${t('crm.eodClient')} (${x.ownerName})`)))}
          {list(t('crm.sum.overdue'), 'sum-overdue', [...s.overdueDeals.map((x) => `${x.title}: ${x.nextStep ?? ''} (${fmtDate(x.nextStepDue, lang)})`), ...s.overdueTasks.map((x) => `${x.title} (${fmtDate(x.dueDate, lang)}, ${x.assigneeName})`)])}
          {list(t('crm.sum.blocked'), 'sum-blocked', s.blocked.map((x) => `${x.title} — ${x.companyName}: ${x.blockedReason}`))}
          <div className="summary-section">
            <h2>{t('crm.sum.pending')} ({s.pendingTotal})</h2>
            <table className="table" data-testid="sum-pending">
              <thead><tr><th>{t('crm.title')}</th><th>{t('crm.stage')}</th><th>{t('crm.nextStep')}</th><th>{t('crm.lastActivity')}</th><th>{t('crm.contact')}</th><th>{t('crm.revenue')}</th><th>{t('crm.owner')}</th></tr></thead>
              <tbody>
                {s.pending.map((x) => (
                  <tr key={x.dealId}>
                    <td><a href={`#/deals/${x.dealId}`}>{x.title}</a><div className="small muted">{x.companyName}</div></td>
                    <td>{st(x.stage)}</td>
                    <td>{x.nextStep ? `${x.nextStep} · ${fmtDate(x.nextStepDue, lang)}` : '—'}</td>
                    <td>{x.lastActivity ? `${x.lastActivity} (${fmtInstant(x.lastActivityAt, lang)})` : '—'}</td>
                    <td>{x.contactName ?? '—'}</td>
                    <td className="nowrap">{rubles(x.expectedMonthlyRevenue, lang)}</td>
                    <td>{x.ownerName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}

interface Funnel {
  stages: { stage: string; name: string; outcome: string; reached: number; current: number; conversionFromPrevious: string; avgDaysInStage: number | null }[];
  sources: { source: string; deals: number; won: number; lost: number; open: number; conversion: string; wonRevenue: string }[];
}

/** Funnel, sources, refusal reasons and manager activity, with charts and CSV/XLSX exports. */
export function ReportsPage() {
  const { t, lang } = useI18n();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [funnel, setFunnel] = useState<Funnel | null>(null);
  const [refusals, setRefusals] = useState<{ reason: string; name: string; count: number; revenueLost: string }[] | null>(null);
  const [activity, setActivity] = useState<{ managerId: string; managerName: string; calls: number; emails: number; visits: number; meetings: number; conferences: number; dealsCreated: number; won: number; lost: number; tasksDone: number }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stages, setStages] = useState<Stage[]>([]);
  useEffect(() => {
    const q = qs({ from, to });
    Promise.all([
      api<Funnel>('GET', `/crm/reports/funnel${q}`), api<{ items: NonNullable<typeof refusals> }>('GET', `/crm/reports/refusals${q}`),
      api<{ items: NonNullable<typeof activity> }>('GET', `/crm/reports/activity${q}`), api<{ items: Stage[] }>('GET', '/crm/stages'),
    ]).then(([f, r, a, s]) => { setFunnel(f); setRefusals(r.items); setActivity(a.items); setStages(s.items); setError(null); })
      .catch((e) => setError(errorText(e, t)));
  }, [from, to, t]);
  const exportLinks = (name: string) => (
    <span className="row-gap">
      <a className="btn btn-sm" href={`/api/v1/crm/reports/${name}${qs({ from, to, format: 'csv' })}`} data-testid={`export-${name}-csv`}>{t('crm.csv')}</a>
      <a className="btn btn-sm" href={`/api/v1/crm/reports/${name}${qs({ from, to, format: 'xlsx' })}`}>{t('crm.xlsx')}</a>
    </span>
  );
  return (
    <div>
      <div className="section-head"><h1>{t('crm.reports')}</h1></div>
      <div className="toolbar">
        <label>{t('crm.from')}<input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
        <label>{t('crm.to')}<input type="date" value={to} onChange={(e) => setTo(e.target.value)} /></label>
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!funnel || !refusals || !activity ? <Spinner label={t('common.loading')} /> : (
        <>
          <div className="card crm-panel">
            <div className="section-head"><h3>{t('crm.funnel')}</h3>{exportLinks('funnel')}</div>
            <BarChart testId="chart-funnel" rows={funnel.stages.map((s) => ({ label: stageName(stages, s.stage, lang), value: s.reached, note: `${s.reached}${s.conversionFromPrevious ? ` · ${s.conversionFromPrevious}%` : ''}` }))} />
            <table className="table">
              <thead><tr><th>{t('crm.stage')}</th><th>{t('crm.reached')}</th><th>{t('crm.current')}</th><th>{t('crm.conversion')}</th><th>{t('crm.daysInStage')}</th></tr></thead>
              <tbody>{funnel.stages.map((s) => <tr key={s.stage}><td>{stageName(stages, s.stage, lang)}</td><td>{s.reached}</td><td>{s.current}</td><td>{s.conversionFromPrevious || '—'}</td><td>{s.avgDaysInStage ?? '—'}</td></tr>)}</tbody>
            </table>
          </div>
          <div className="card crm-panel">
            <div className="section-head"><h3>{t('crm.bySource')}</h3>{exportLinks('sources')}</div>
            <table className="table">
              <thead><tr><th>{t('crm.source')}</th><th>{t('crm.deals')}</th><th>{t('crm.won')}</th><th>{t('crm.lost')}</th><th>{t('crm.winRate')}</th><th>{t('crm.revenue')}</th></tr></thead>
              <tbody>{funnel.sources.map((s) => <tr key={s.source}><td>{t(`crm.source.${s.source}`)}</td><td>{s.deals}</td><td>{s.won}</td><td>{s.lost}</td><td>{s.conversion}</td><td>{rubles(s.wonRevenue, lang)}</td></tr>)}</tbody>
            </table>
          </div>
          <div className="card crm-panel" data-testid="report-refusals">
            <div className="section-head"><h3>{t('crm.refusals')}</h3>{exportLinks('refusals')}</div>
            <BarChart testId="chart-refusals" rows={refusals.map((r) => ({ label: r.name, value: r.count, note: `${r.count} · ${rubles(r.revenueLost, lang)}` }))} />
            <table className="table">
              <thead><tr><th>{t('crm.lostReason')}</th><th>{t('crm.count')}</th><th>{t('crm.revenueLost')}</th></tr></thead>
              <tbody>{refusals.map((r) => <tr key={r.reason} data-testid="refusal-row"><td>{r.name}</td><td>{r.count}</td><td>{rubles(r.revenueLost, lang)}</td></tr>)}</tbody>
            </table>
          </div>
          <div className="card crm-panel">
            <div className="section-head"><h3>{t('crm.activity')}</h3>{exportLinks('activity')}</div>
            <table className="table">
              <thead><tr><th>{t('crm.owner')}</th><th>{t('crm.calls')}</th><th>{t('crm.emails')}</th><th>{t('crm.visits')}</th><th>{t('crm.meetings')}</th><th>{t('crm.conferences')}</th><th>{t('crm.created')}</th><th>{t('crm.won')}</th><th>{t('crm.lost')}</th><th>{t('crm.tasksDone')}</th></tr></thead>
              <tbody>{activity.map((a) => <tr key={a.managerId}><td>{a.managerName}</td><td>{a.calls}</td><td>{a.emails}</td><td>{a.visits}</td><td>{a.meetings}</td><td>{a.conferences}</td><td>{a.dealsCreated}</td><td>{a.won}</td><td>{a.lost}</td><td>{a.tasksDone}</td></tr>)}</tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
