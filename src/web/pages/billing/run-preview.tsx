import { useState } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { useConfirm } from '../../components/confirm.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { useData } from '../../lib/hooks.ts';
import { fmtPeriod } from '../../lib/format.ts';
import { formatDate } from '../../../domain/dates.ts';
import { formatRubles } from '../../../domain/money.ts';

interface PlannedPeriod {
  period: string; catchUp: boolean; clients: number; invoices: number; lines: number; net: string; vat: string; total: string;
  examples: { clientName: string; description: string; total: string }[];
}
interface Preview { asOf: string; periods: PlannedPeriod[] }
interface RunResult { period: string; invoices: number; lines: number }

/**
 * The billing run as accounting does it: first what would be issued (today's plan with catch-up months, or
 * one period), per period clients, invoices and sums with a few examples; then a confirmation; then the run
 * of exactly that plan.
 */
export function RunPanel() {
  const { t, lang } = useI18n();
  const toast = useToast();
  const { confirm, dialog } = useConfirm();
  const [mode, setMode] = useState<'daily' | 'period'>('daily');
  const [period, setPeriod] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const preview = useData(() => api<Preview>('GET', `/billing/runs/preview${qs({ period: asked ?? undefined })}`), [asked]);
  const rub = (s: string | bigint) => formatRubles(BigInt(s), lang);
  const p = preview.data;
  const invoices = p?.periods.reduce((a, x) => a + x.invoices, 0) ?? 0;
  const total = p?.periods.reduce((a, x) => a + BigInt(x.total), 0n) ?? 0n;

  async function run() {
    if (!p) return;
    const periods = p.periods.filter((x) => x.invoices > 0).map((x) => fmtPeriod(x.period, lang)).join(', ');
    if (!(await confirm({ title: t('docs.preview.confirmTitle'), text: t('docs.preview.confirmText', { invoices, total: rub(total), periods }), confirmLabel: t('docs.preview.confirmYes') }))) return;
    setBusy(true); setError(null);
    try {
      const runs = asked ? [await api<RunResult>('POST', '/billing/runs', { period: asked })] : (await api<{ runs: RunResult[] }>('POST', '/billing/runs/daily')).runs;
      toast.success(t('docs.preview.done', { invoices: runs.reduce((a, r) => a + r.invoices, 0), lines: runs.reduce((a, r) => a + r.lines, 0) }));
      preview.reload();
    } catch (e) { setError(errorText(e, t)); } finally { setBusy(false); }
  }

  return (
    <div className="card" style={{ padding: 16 }} data-testid="run-preview">
      <div className="toolbar" role="group" aria-label={t('docs.preview.title')}>
        <label><input type="radio" name="run-mode" checked={mode === 'daily'} onChange={() => { setMode('daily'); setAsked(null); }} data-testid="run-mode-daily" /> {t('docs.preview.daily')}</label>
        <label><input type="radio" name="run-mode" checked={mode === 'period'} onChange={() => setMode('period')} data-testid="run-mode-period" /> {t('docs.preview.period')}</label>
        {mode === 'period' ? (
          <>
            <label htmlFor="run-period" className="sr-only">{t('billing.run.period')}</label>
            <input id="run-period" style={{ width: 110 }} value={period} placeholder="2026-12" onChange={(e) => setPeriod(e.target.value)} data-testid="run-period" size={8} />
            <button type="button" className="btn" onClick={() => setAsked(period.trim() || null)} data-testid="run-show">{t('docs.preview.show')}</button>
          </>
        ) : null}
      </div>
      <h2>{t('docs.preview.title')}</h2>
      {preview.error ? <Banner kind="error">{preview.error}</Banner> : null}
      {!p ? <Spinner label={t('common.loading')} /> : (
        <>
          {!asked ? <p className="muted small">{t('docs.preview.asOf', { date: formatDate(p.asOf, lang) })}</p> : null}
          {invoices === 0 ? <div className="empty" data-testid="run-nothing">{t('docs.preview.nothing')}</div> : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('docs.preview.title')}>
              <table className="table" data-testid="run-preview-table">
                <thead><tr>
                  <th>{t('docs.preview.col.period')}</th><th className="num">{t('docs.preview.col.clients')}</th><th className="num">{t('docs.preview.col.invoices')}</th>
                  <th className="num">{t('docs.preview.col.lines')}</th><th className="num">{t('docs.preview.col.net')}</th><th className="num">{t('docs.preview.col.vat')}</th>
                  <th className="num">{t('docs.preview.col.total')}</th><th>{t('docs.preview.examples')}</th>
                </tr></thead>
                <tbody>{p.periods.filter((x) => x.invoices > 0).map((x) => (
                  <tr key={x.period} data-testid={`run-period-${x.period}`}>
                    <td>{fmtPeriod(x.period, lang)}{x.catchUp ? <div><span className="badge badge-overdue" data-testid="run-catch-up">{t('docs.preview.catchUp')}</span></div> : null}</td>
                    <td className="num">{x.clients}</td><td className="num">{x.invoices}</td><td className="num">{x.lines}</td>
                    <td className="num">{rub(x.net)}</td><td className="num">{rub(x.vat)}</td><td className="num"><strong>{rub(x.total)}</strong></td>
                    <td className="small">{x.examples.map((e, i) => <div key={i}>{e.clientName}: {e.description} — {rub(e.total)}</div>)}</td>
                  </tr>
                ))}</tbody>
              </table>
            </div>
          )}
          {invoices > 0 ? (
            <div className="toolbar" style={{ marginTop: 12 }}>
              <strong data-testid="run-preview-total">{t('docs.preview.total', { invoices, total: rub(total) })}</strong>
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run()} data-testid="run-start">{busy ? t('billing.run.running') : t('docs.preview.confirm')}</button>
            </div>
          ) : null}
          <p className="muted small">{t('billing.run.hint')}</p>
        </>
      )}
      {error ? <Banner kind="error">{error}</Banner> : null}
      {dialog}
    </div>
  );
}
