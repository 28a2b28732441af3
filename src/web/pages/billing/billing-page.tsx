import { useCallback, useEffect, useState } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { BarChart } from '../../components/charts.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs, type Company, type Page } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { formatDate } from '../../../domain/dates.ts';
import { formatRubles } from '../../../domain/money.ts';
import { useConfirm } from '../../components/confirm.tsx';
import { RunPanel } from './run-preview.tsx';
import { StatementHistory } from './statements-history.tsx';

const buckets = ['current', 'd1_30', 'd31_60', 'd60plus'] as const;
const colors = ['#4c9a6a', '#e0a526', '#e07a26', '#c53b3b'];

interface AgingRow { clientId: string; clientName: string; inn: string | null; buckets: Record<string, string>; debt: string; onAccount: string; daysOverdue: number }
interface Aging { asOf: string; totals: Record<string, string>; rows: AgingRow[] }
interface Queued { id: string; amount: string; paidOn: string; docNumber: string | null; payerName: string | null; payerInn: string | null; purpose: string | null; suggestedClientId: string | null; suggestedClientName: string | null }
interface ImportResult { documents: number; incoming: number; duplicates: number; matched: number; queued: number; skipped: number }

export const rub = (s: string | bigint, lang: 'ru' | 'en') => formatRubles(BigInt(s), lang);

/** Billing: receivables dashboard, bank statement import with the manual queue, billing run. */
export function BillingPage({ tab, can }: { tab: string; can: (p: string) => boolean }) {
  const { t } = useI18n();
  const tabs = ['receivables', 'statement', 'history', ...(can('billing.run') ? ['run'] : [])];
  const current = tabs.includes(tab) ? tab : 'receivables';
  return (
    <section className="page">
      <div className="page-head"><h1>{t('billing.title')}</h1></div>
      <div className="tabs" role="tablist">
        {tabs.map((x) => (
          <a key={x} role="tab" aria-selected={current === x} className={current === x ? 'active' : ''} href={`#/billing/${x}`} data-testid={`billing-tab-${x}`}>{t(`billing.tab.${x}`)}</a>
        ))}
      </div>
      <div className="tab-panel">
        {current === 'receivables' ? <Receivables /> : null}
        {current === 'statement' ? <Statement canWrite={can('payment.write')} /> : null}
        {current === 'history' ? <StatementHistory /> : null}
        {current === 'run' ? <RunPanel /> : null}
      </div>
    </section>
  );
}

function Receivables() {
  const { t, lang } = useI18n();
  const [data, setData] = useState<Aging | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { api<Aging>('GET', '/billing/receivables').then(setData, (e) => setError(errorText(e, t))); }, [t]);
  if (error) return <Banner kind="error">{error}</Banner>;
  if (!data) return <Spinner label={t('common.loading')} />;
  return (
    <div>
      <div className="card" style={{ padding: 16, marginBottom: 16 }}>
        <div className="toolbar"><strong>{t('billing.aging.chart')}</strong><span className="muted small">{t('billing.aging.asOf', { date: formatDate(data.asOf, lang) })}</span>
          <a className="btn btn-sm" href="/api/v1/billing/receivables.xlsx" data-testid="debt-xlsx">{t('billing.aging.download')}</a></div>
        <BarChart testId="aging-chart" title={t('billing.aging.chart')}
          rows={buckets.map((b, i) => ({ label: t(`billing.aging.${b}`), value: Number(BigInt(data.totals[b] ?? '0') / 100n), note: rub(data.totals[b] ?? '0', lang), color: colors[i] }))} />
      </div>
      <div className="card table-card">
        {data.rows.length === 0 ? <div className="empty">{t('billing.aging.none')}</div> : (
          <table className="table" data-testid="aging-table">
            <thead><tr><th>{t('billing.col.client')}</th>{buckets.map((b) => <th key={b}>{t(`billing.aging.${b}`)}</th>)}<th>{t('billing.col.debt')}</th><th>{t('billing.col.onAccount')}</th><th>{t('billing.col.daysOverdue')}</th></tr></thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.clientId}>
                  <td><a href={`#/billing/clients/${r.clientId}`}>{r.clientName}</a></td>
                  {buckets.map((b) => <td key={b} className="num">{rub(r.buckets[b] ?? '0', lang)}</td>)}
                  <td className="num"><strong>{rub(r.debt, lang)}</strong></td><td className="num">{rub(r.onAccount, lang)}</td><td className="num">{r.daysOverdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

function Statement({ canWrite }: { canWrite: boolean }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [queue, setQueue] = useState<Queued[] | null>(null);
  const load = useCallback(() => { api<Page<Queued>>('GET', '/billing/payments/queue').then((p) => setQueue(p.items), (e) => setError(errorText(e, t))); }, [t]);
  useEffect(load, [load]);

  async function upload(file: File) {
    setBusy(true); setError(null); setResult(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let bin = '';
      for (const b of bytes) bin += String.fromCharCode(b);
      setResult(await api<ImportResult>('POST', `/billing/payments/import${qs({ fileName: file.name })}`, { base64: btoa(bin) }));
      load();
    } catch (e) { setError(errorText(e, t)); } finally { setBusy(false); }
  }

  return (
    <div>
      {canWrite ? (
        <div className="card" style={{ padding: 16, marginBottom: 16 }}>
          <label htmlFor="statement-file">{t('billing.statement.file')}</label>{' '}
          <input id="statement-file" type="file" accept=".txt" disabled={busy} style={{ width: 'auto', marginBottom: 8 }} data-testid="statement-file" onChange={(e) => { const f = e.target.files?.[0]; if (f) void upload(f); }} />
          {busy ? <Spinner label={t('billing.statement.importing')} /> : null}
          {result ? <Banner kind="info" testId="statement-result">{t('billing.statement.result', { ...result })}</Banner> : null}
          {error ? <Banner kind="error" testId="statement-error">{error}</Banner> : null}
        </div>
      ) : null}
      <h2>{t('billing.queue.title')}</h2>
      {!queue ? <Spinner label={t('common.loading')} /> : queue.length === 0 ? <div className="empty" data-testid="queue-empty">{t('billing.queue.empty')}</div> : (
        <div className="card table-card">
          <table className="table" data-testid="payment-queue">
            <thead><tr><th>{t('billing.col.date')}</th><th>{t('billing.col.number')}</th><th>{t('billing.col.amount')}</th><th>{t('billing.col.payer')}</th><th>{t('billing.col.purpose')}</th><th /></tr></thead>
            <tbody>
              {queue.map((q) => <QueueRow key={q.id} q={q} lang={lang} canWrite={canWrite} onDone={(msg) => { toast.success(msg); load(); }} />)}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function QueueRow({ q, lang, canWrite, onDone }: { q: Queued; lang: 'ru' | 'en'; canWrite: boolean; onDone: (msg: string) => void }) {
  const { t } = useI18n();
  const { confirm, dialog } = useConfirm();
  const [inn, setInn] = useState(q.payerInn ?? '');
  const [err, setErr] = useState<string | null>(null);
  async function resolve() {
    setErr(null);
    try {
      let clientId = q.suggestedClientId;
      if (!clientId || inn !== q.payerInn) {
        const found = await api<Page<Company>>('GET', `/companies${qs({ q: inn, role: 'client' })}`);
        const c = found.items.find((x) => x.inn === inn.trim());
        if (!c) { setErr(t('billing.queue.noClient')); return; }
        clientId = c.id;
      }
      const r = await api<{ onBalance: string }>('POST', `/billing/payments/${q.id}/resolve`, { clientId });
      onDone(t('billing.queue.resolved', { rest: rub(r.onBalance, lang) }));
    } catch (e) { setErr(errorText(e, t)); }
  }
  async function ignore() {
    if (!(await confirm({ title: t('sales.confirm.ignoreTitle'), text: t('sales.confirm.ignoreText', { amount: rub(q.amount, lang), payer: q.payerName ?? '—' }), confirmLabel: t('sales.confirm.ignoreYes'), danger: true }))) return;
    try { await api('POST', `/billing/payments/${q.id}/ignore`, { note: t('billing.queue.ignoreNote') }); onDone(t('billing.queue.ignored')); } catch (e) { setErr(errorText(e, t)); }
  }
  return (
    <tr data-testid={`queue-row-${q.docNumber ?? q.id}`}>
      <td>{formatDate(q.paidOn, lang)}</td><td>{q.docNumber}</td><td className="num">{rub(q.amount, lang)}</td>
      <td>{q.payerName}<div className="muted small">{q.payerInn}</div>{q.suggestedClientName ? <div className="small">{t('billing.queue.suggested', { name: q.suggestedClientName })}</div> : null}</td>
      <td className="small">{q.purpose}</td>
      <td className="actions">
        {canWrite ? (
          <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
            <input aria-label={t('billing.queue.clientInn')} placeholder={t('billing.queue.clientInn')} value={inn} onChange={(e) => setInn(e.target.value)} style={{ width: 130 }} data-testid="queue-inn" />
            <button type="button" className="btn btn-sm btn-primary" onClick={() => void resolve()} data-testid="queue-resolve">{t('billing.queue.resolve')}</button>
            <button type="button" className="btn btn-sm" onClick={() => void ignore()} data-testid="queue-ignore">{t('billing.queue.ignore')}</button>
          </div>
        ) : null}
        {err ? <div className="field-error" role="alert">{err}</div> : null}
        {dialog}
      </td>
    </tr>
  );
}
