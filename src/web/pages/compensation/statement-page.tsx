import { useState } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtPeriod } from '../../lib/format.ts';
import { api } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { formatDate, formatInstant } from '../../../domain/dates.ts';
import { useConfirm } from '../../components/confirm.tsx';
import { rub, type PayLine, type Statement, type StatementChanges } from './payroll-lib.ts';

/** One manager's statement for a month, read like a bank statement, with the sources of every line. */
export function StatementPage({ userId, month, canManage }: { userId: string; month: string; canManage: boolean }) {
  const { t } = useI18n();
  return (
    <section className="page">
      <div className="page-head">
        <div><a href={`#/payroll/m/${month}`} className="muted small">← {t('pay.title')}</a><h1>{t('pay.statement')}</h1></div>
      </div>
      <StatementView userId={userId} month={month} canManage={canManage} />
    </section>
  );
}

export function StatementView({ userId, month, canManage }: { userId: string; month: string; canManage: boolean }) {
  const { t, tm, lang } = useI18n();
  const { data, error, reload } = useData(() => api<Statement>('GET', `/payroll/statements/${userId}/${month}`), [userId, month, lang]);
  const approve = useSubmit(() => api('POST', `/payroll/statements/${userId}/${month}/approve`), { success: t('pay.approvedOk'), onDone: reload });
  const [open, setOpen] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();
  if (error) return <Banner kind="error">{error}</Banner>;
  if (!data) return <Spinner label={t('common.loading')} />;
  const s = data;
  return (
    <div data-testid="pay-statement">
      {approve.banner ? <Banner kind="error">{approve.banner}</Banner> : null}
      <div className="toolbar">
        <strong data-testid="pay-statement-title">{t('pay.statementOf', { name: s.userName, month: fmtPeriod(s.month, lang) })}</strong>
        {s.plan ? <span className="muted small">{t('pay.plan', { name: s.plan.name })}</span> : null}
        {s.approved
          ? <span className="status status-granted" data-testid="pay-approved">{t('pay.approvedBy', { by: s.approved.by, at: formatInstant(new Date(s.approved.at), lang) })}</span>
          : <span className="status status-none">{t('pay.draft')}</span>}
        <a className="btn btn-sm" href={`/api/v1/payroll/statements/${userId}/${month}?format=pdf`} data-testid="pay-pdf">{t('pay.pdf')}</a>
        <a className="btn btn-sm" href={`/api/v1/payroll/statements/${userId}/${month}?format=xlsx`}>{t('pay.xlsxOne')}</a>
        {canManage && !s.approved ? (
          <button type="button" className="btn btn-primary" data-testid="pay-approve" disabled={approve.busy} onClick={async () => {
            const ok = await confirm({ title: t('pay.approve'), confirmLabel: t('pay.approve'),
              text: t('pay.approveConfirm', { name: s.userName, month: fmtPeriod(s.month, lang), total: rub(s.total, lang) }) });
            if (ok) await approve.run();
          }}>{t('pay.approve')}</button>
        ) : null}
        {dialog}
      </div>
      <div className="card table-card">
        <table className="table" data-testid="pay-lines">
          <thead><tr><th>{t('pay.col.kind')}</th><th>{t('pay.col.client')}</th><th>{t('pay.col.due')}</th><th>{t('pay.col.how')}</th><th className="num">{t('pay.col.amount')}</th></tr></thead>
          <tbody>
            {s.lines.map((l) => (
              <LineRow key={l.key} l={l} open={open === l.key} onToggle={() => setOpen(open === l.key ? null : l.key)} kindLabel={tm(`pay.kind.${l.kind}`)} />
            ))}
          </tbody>
          <tfoot><tr><td colSpan={4} className="strong">{t('pay.total')}</td><td className="num strong" data-testid="pay-total">{rub(s.total, lang)}</td></tr></tfoot>
        </table>
      </div>
      {BigInt(s.carried) > 0n ? <Banner kind="info">{t('pay.carried', { amount: rub(s.carried, lang) })}</Banner> : null}
      {s.changes ? <Changes c={s.changes} total={s.total} /> : null}
      <Upcoming userId={userId} />
      <WhatIf userId={userId} />
    </div>
  );
}

function LineRow({ l, open, onToggle, kindLabel }: { l: PayLine; open: boolean; onToggle: () => void; kindLabel: string }) {
  const { t, lang } = useI18n();
  const docs = Array.isArray(l.sources.documents) ? (l.sources.documents as { kind: string; number: string | null; date: string; net: string }[]) : [];
  return (
    <>
      <tr data-testid="pay-line" className={l.status !== 'due' ? 'inactive' : ''}>
        <td>
          <button type="button" className="link-button" aria-expanded={open} onClick={onToggle}>{kindLabel}</button>
          {l.status !== 'due' ? <> <span className="status status-none">{t(`pay.status.${l.status}`)}</span></> : null}
        </td>
        <td>{l.companyId ? <a href={`#/companies/${l.companyId}`}>{l.companyName}</a> : t('pay.none')}</td>
        <td>{fmtPeriod(l.dueMonth, lang)}</td>
        <td>{l.text}</td>
        <td className="num">{rub(l.amount, lang)}</td>
      </tr>
      {open ? (
        <tr className="details-row">
          <td colSpan={5}>
            <strong>{t('pay.sources')}:</strong>{' '}
            {docs.length > 0 ? (
              <ul className="plain-list">
                {docs.map((d, i) => <li key={i}>{t(d.kind === 'invoice' ? 'pay.src.invoice' : 'pay.src.payment', { number: d.number ?? '—' })} {formatDate(d.date, lang)} — {rub(d.net, lang)}</li>)}
              </ul>
            ) : <SourceFacts sources={l.sources} />}
          </td>
        </tr>
      ) : null}
    </>
  );
}

const moneyKeys = ['tariff', 'averaged', 'first', 'total', 'revenue', 'agentFees', 'asked', 'covered', 'full', 'cap'];
const dateKeys = ['start', 'averagedFrom', 'averagedTo'];

/** The figures behind a line, labelled: tariffs, averages, dates, rates — never raw records. */
function SourceFacts({ sources }: { sources: Record<string, unknown> }) {
  const { t, lang } = useI18n();
  const facts = Object.entries(sources).flatMap(([k, v]) => {
    if (typeof v !== 'string' && typeof v !== 'number') return [];
    const label = t(`pay.src.${k}`, { defaultValue: '' });
    if (!label) return [];
    const value = moneyKeys.includes(k) ? rub(String(v), lang) : dateKeys.includes(k) ? formatDate(String(v), lang)
      : k === 'rate' ? `${String(v).replace('.', lang === 'ru' ? ',' : '.')} %` : k === 'basis' ? t(`pay.basis.${String(v)}`) : String(v);
    return [[label, value] as const];
  });
  return <span className="small">{facts.map(([a, b]) => `${a}: ${b}`).join(' · ') || t('pay.none')}</span>;
}

/** What changed since the previous approved statement: totals by kind, clients that came and went, corrections. */
function Changes({ c, total }: { c: StatementChanges; total: string }) {
  const { t, tm, lang } = useI18n();
  const client = (x: { companyId: string | null; companyName: string | null }) => (x.companyId ? <a href={`#/companies/${x.companyId}`}>{x.companyName}</a> : t('pay.none'));
  return (
    <div className="card" style={{ padding: 16, marginTop: 16 }} data-testid="pay-changes">
      <h2>{t('pay.changes', { month: fmtPeriod(c.previousMonth, lang) })}</h2>
      <div className="table-card" role="region" aria-label={t('pay.changes', { month: fmtPeriod(c.previousMonth, lang) })} tabIndex={0}>
        <table className="table">
          <thead><tr><th>{t('pay.col.kind')}</th><th className="num">{fmtPeriod(c.previousMonth, lang)}</th><th className="num">{t('pay.changesNow')}</th><th className="num">{t('pay.changesDelta')}</th></tr></thead>
          <tbody>
            {c.byKind.map((r) => (
              <tr key={r.kind}><td>{tm(`pay.kind.${r.kind}`)}</td><td className="num">{rub(r.before, lang)}</td><td className="num">{rub(r.now, lang)}</td>
                <td className="num">{rub(String(BigInt(r.now) - BigInt(r.before)), lang)}</td></tr>
            ))}
          </tbody>
          <tfoot><tr><td className="strong">{t('pay.total')}</td><td className="num">{rub(c.previousTotal, lang)}</td><td className="num">{rub(total, lang)}</td>
            <td className="num strong" data-testid="pay-changes-delta">{rub(String(BigInt(total) - BigInt(c.previousTotal)), lang)}</td></tr></tfoot>
        </table>
      </div>
      <ul className="plain-list">
        {c.newClients.length > 0 ? <li>{t('pay.changesNew')}: {c.newClients.map((x, i) => <span key={x.companyId}>{i > 0 ? ', ' : ''}{client(x)} ({rub(x.amount, lang)})</span>)}</li> : null}
        {c.goneClients.length > 0 ? <li>{t('pay.changesGone')}: {c.goneClients.map((x, i) => <span key={x.companyId}>{i > 0 ? ', ' : ''}{client(x)}</span>)}</li> : null}
        {c.corrections.map((x) => <li key={x.key} data-testid="pay-change-correction">{t('pay.changesCorrection', { kind: tm(`pay.kind.${x.kind}`), amount: rub(x.amount, lang) })} — {client(x)}</li>)}
        {c.newClients.length + c.goneClients.length + c.corrections.length === 0 ? <li className="muted">{t('pay.changesNone')}</li> : null}
      </ul>
    </div>
  );
}

function Upcoming({ userId }: { userId: string }) {
  const { t, lang } = useI18n();
  const { data } = useData(() => api<{ items: { companyId: string; companyName: string; kind: string; dueMonth: string; estimate: string }[] }>('GET', `/payroll/upcoming/${userId}`), [userId]);
  if (!data) return null;
  return (
    <div className="card" style={{ padding: 16, marginTop: 16 }} data-testid="pay-upcoming">
      <h2>{t('pay.upcoming')}</h2>
      <p className="muted small">{t('pay.upcomingHint')}</p>
      {data.items.length === 0 ? <p>{t('pay.upcomingNone')}</p> : (
        <table className="table">
          <tbody>{data.items.map((u) => (
            <tr key={`${u.companyId}:${u.kind}`}><td>{fmtPeriod(u.dueMonth, lang)}</td><td><a href={`#/companies/${u.companyId}`}>{u.companyName}</a></td><td>{t(`pay.kind.${u.kind}`)}</td><td className="num">{rub(u.estimate, lang)}</td></tr>
          ))}</tbody>
        </table>
      )}
    </div>
  );
}

function WhatIf({ userId }: { userId: string }) {
  const { t, lang } = useI18n();
  const { data } = useData(() => api<{ deals: { dealId: string; title: string; companyName: string; revenue: string; first: string; second: string }[]; now: string; later: string; monthlyRetention: string; deferralMonths: number }>('GET', `/payroll/what-if/${userId}`), [userId]);
  if (!data) return null;
  return (
    <div className="card" style={{ padding: 16, marginTop: 16 }} data-testid="pay-what-if">
      <h2>{t('pay.whatIf')}</h2>
      <p className="muted small">{t('pay.whatIfHint')}</p>
      {data.deals.length === 0 ? <p>{t('pay.whatIfNone')}</p> : (
        <>
          <p><strong>{rub(data.now, lang)}</strong> {t('pay.whatIfNow')} · <strong>{rub(data.later, lang)}</strong> {t('pay.whatIfLater', { n: data.deferralMonths })} · <strong>{rub(data.monthlyRetention, lang)}</strong> {t('pay.whatIfRetention')}</p>
          <table className="table">
            <tbody>{data.deals.map((d) => (
              <tr key={d.dealId}><td><a href={`#/deals/${d.dealId}`}>{d.title}</a></td><td>{d.companyName}</td><td className="num">{rub(d.revenue, lang)}</td><td className="num">{rub(d.first, lang)}</td><td className="num">{rub(d.second, lang)}</td></tr>
            ))}</tbody>
          </table>
        </>
      )}
    </div>
  );
}
