import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtPeriod } from '../../lib/format.ts';
import { api } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { navigate } from '../../lib/router.ts';
import { useConfirm } from '../../components/confirm.tsx';
import { rub, type SummaryRow } from './payroll-lib.ts';
import { StatementView } from './statement-page.tsx';

/** The month's pay: every manager's statement for accounting and management; a manager sees their own. */
export function PayrollPage({ month, canReadAll, canManage, myId }: { month: string; canReadAll: boolean; canManage: boolean; myId: string }) {
  const { t } = useI18n();
  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('pay.title')}</h1>
        <label className="month-picker">
          <span className="muted small">{t('pay.month')}</span>{' '}
          <input type="month" value={month} data-testid="pay-month" onChange={(e) => { if (e.target.value) navigate(`/payroll/m/${e.target.value}`); }} />
        </label>
      </div>
      {canReadAll ? <Summary month={month} canManage={canManage} /> : <StatementView userId={myId} month={month} canManage={false} />}
    </section>
  );
}

function Summary({ month, canManage }: { month: string; canManage: boolean }) {
  const { t, tm, lang } = useI18n();
  const { data, error, reload } = useData(() => api<{ rows: SummaryRow[]; total: string }>('GET', `/payroll/summary/${month}`), [month]);
  const close = useSubmit(() => api('POST', `/payroll/months/${month}/close`), { success: t('pay.savedOk'), onDone: reload });
  const { confirm, dialog } = useConfirm();
  if (error) return <Banner kind="error">{error}</Banner>;
  if (!data) return <Spinner label={t('common.loading')} />;
  const cols = ['base', 'management', 'acquisition', 'handling', 'retention', 'deductions', 'penalties'] as const;
  const head: Record<(typeof cols)[number], string> = {
    base: tm('pay.kind.base'), management: tm('pay.kind.management'), acquisition: tm('pay.kind.acquisition'), handling: tm('pay.kind.handling'),
    retention: tm('pay.kind.retention'), deductions: tm('pay.kind.deduction'), penalties: tm('pay.kind.penalty'),
  };
  return (
    <>
      {close.banner ? <Banner kind="error">{close.banner}</Banner> : null}
      {dialog}
      <div className="toolbar">
        <a className="btn btn-sm" href={`/api/v1/payroll/summary/${month}?format=xlsx`} data-testid="pay-xlsx">{t('pay.xlsx')}</a>
        {canManage && data.rows.some((r) => !r.approved) ? (
          <button type="button" className="btn btn-sm" data-testid="pay-close-month" disabled={close.busy} onClick={async () => {
            if (await confirm({ title: t('pay.closeMonth'), confirmLabel: t('pay.closeMonth'), text: t('pay.closeMonthConfirm', { month: fmtPeriod(month, lang) }) })) await close.run();
          }}>{t('pay.closeMonth')}</button>
        ) : null}
      </div>
      {data.rows.length === 0 ? <div className="card empty">{t('pay.noManagers')}</div> : (
        <div className="card table-card">
          <table className="table" data-testid="pay-summary">
            <thead>
              <tr><th>{t('pay.manager')}</th>{cols.map((c) => <th key={c} className="num">{head[c]}</th>)}<th className="num">{t('pay.total')}</th><th /></tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.userId} data-testid="pay-summary-row">
                  <td><a href={`#/payroll/${r.userId}/${month}`} className="strong">{r.name}</a></td>
                  {cols.map((c) => <td key={c} className="num">{rub(r[c], lang)}</td>)}
                  <td className="num strong">{rub(r.total, lang)}</td>
                  <td><span className={`status ${r.approved ? 'status-granted' : 'status-none'}`}>{r.approved ? t('pay.approved') : t('pay.draft')}</span></td>
                </tr>
              ))}
            </tbody>
            <tfoot><tr><td className="strong">{t('pay.total')}</td>{cols.map((c) => <td key={c} />)}<td className="num strong" data-testid="pay-summary-total">{rub(data.total, lang)}</td><td /></tr></tfoot>
          </table>
        </div>
      )}
    </>
  );
}
