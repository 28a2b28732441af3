import { useState } from 'react';
import { CompanyPicker, type Picked } from '../../components/async-picker.tsx';
import { BarChart } from '../../components/charts.tsx';
import { useConfirm } from '../../components/confirm.tsx';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { Modal } from '../../components/modal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { fmtPeriod } from '../../lib/format.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { rub } from '../../lib/quoting.ts';
import { ImportCard, monthsBack, rubNumber } from './marketing-lib.tsx';

interface Spend { id: string; campaign: string; month: string; amount: string; channel: string | null; note: string | null; usedBy: { id: string; name: string } | null; company: { id: string; name: string } | null }
interface Attr { campaign: string; spend: string; leads: number; won: number; lost: number; revenue: string; invoiced: string; invoicedMonthly: string; clients: number; costPerLead: string | null; costPerClient: string | null }

/** The ad spend screen: spend per campaign and month (form, file), spend a manager used, attribution with charts. */
export function SpendPage({ canWrite, canPayroll }: { canWrite: boolean; canPayroll: boolean }) {
  const { t, lang } = useI18n();
  const [range, setRange] = useState(() => monthsBack(5));
  const q = `from=${range.from}&to=${range.to}`;
  const spend = useData(() => api<{ items: Spend[] }>('GET', `/marketing/spend?${q}`), [q]);
  const attr = useData(() => api<{ rows: Attr[]; total: { spend: string; leads: number; won: number; revenue: string; invoiced: string; invoicedMonthly: string; clients: number } }>('GET', `/marketing/attribution?${q}`), [q]);
  const reload = () => { spend.reload(); attr.reload(); };
  const [using, setUsing] = useState<Spend | null>(null);
  const { confirm, dialog } = useConfirm();
  const del = useSubmit((id: string) => api('DELETE', `/marketing/spend/${id}`), { onDone: reload });
  const name = (c: string) => c || t('mkt.attr.noCampaign');
  return (
    <section className="page">
      <div className="page-head"><div><h1>{t('mkt.spend.title')}</h1><p className="page-sub">{t('mkt.spend.sub')}</p></div></div>
      <div className="toolbar">
        <label>{t('mkt.from')} <input type="month" value={range.from} onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })} data-testid="mkt-from" /></label>
        <label>{t('mkt.to')} <input type="month" value={range.to} onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })} data-testid="mkt-to" /></label>
      </div>
      <h2>{t('mkt.attr.title')}</h2>
      {attr.error ? <Banner kind="error">{attr.error}</Banner> : !attr.data ? <Spinner label={t('common.loading')} /> : attr.data.rows.length === 0 ? <div className="card empty">{t('mkt.none')}</div> : (
        <>
          <div className="card" style={{ padding: 12, overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('mkt.attr.chartCpl')}>
            <h3>{t('mkt.attr.chartCpl')}</h3>
            <BarChart testId="mkt-cpl-chart" title={t('mkt.attr.chartCpl')}
              rows={attr.data.rows.filter((r) => r.costPerLead !== null).map((r) => ({ label: name(r.campaign), value: rubNumber(r.costPerLead), note: rub(r.costPerLead, lang) }))} />
            <h3>{t('mkt.attr.chartSpend')}</h3>
            <BarChart testId="mkt-spend-chart" title={t('mkt.attr.chartSpend')}
              rows={attr.data.rows.flatMap((r) => [
                { label: `${name(r.campaign)} · ${t('mkt.attr.spend')}`, value: rubNumber(r.spend), note: rub(r.spend, lang), color: '#e07a2f' },
                { label: `${name(r.campaign)} · ${t('mkt.attr.revenue')}`, value: rubNumber(r.revenue), note: rub(r.revenue, lang), color: '#9ccfb3' },
                { label: `${name(r.campaign)} · ${t('mkt.attr.invoicedMonthly')}`, value: rubNumber(r.invoicedMonthly), note: rub(r.invoicedMonthly, lang), color: '#34a26b' },
              ])} />
          </div>
          <div className="card table-card" tabIndex={0} role="region" aria-label={t('mkt.attr.title')} style={{ marginTop: 12 }}>
            <table className="table" data-testid="mkt-attr-table">
              <thead><tr><th>{t('mkt.campaign')}</th><th className="num">{t('mkt.attr.spend')}</th><th className="num">{t('mkt.attr.leads')}</th><th className="num">{t('mkt.attr.won')}</th><th className="num">{t('mkt.lost')}</th><th className="num">{t('mkt.attr.revenue')}</th><th className="num">{t('mkt.attr.invoiced')}</th><th className="num">{t('mkt.attr.invoicedMonthly')}</th><th className="num">{t('mkt.attr.clients')}</th><th className="num">{t('mkt.attr.cpl')}</th><th className="num">{t('mkt.attr.cpc')}</th></tr></thead>
              <tbody>
                {attr.data.rows.map((r) => (
                  <tr key={r.campaign} data-testid="mkt-attr-row">
                    <td className="mono">{name(r.campaign)}</td><td className="num">{rub(r.spend, lang)}</td><td className="num">{r.leads}</td><td className="num">{r.won}</td><td className="num">{r.lost}</td>
                    <td className="num">{rub(r.revenue, lang)}</td><td className="num" data-testid="mkt-attr-invoiced">{rub(r.invoiced, lang)}</td><td className="num">{rub(r.invoicedMonthly, lang)}</td><td className="num">{r.clients}</td>
                    <td className="num" data-testid="mkt-attr-cpl">{rub(r.costPerLead, lang)}</td><td className="num">{rub(r.costPerClient, lang)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot><tr><td className="strong">{t('mkt.total')}</td><td className="num strong">{rub(attr.data.total.spend, lang)}</td><td className="num">{attr.data.total.leads}</td><td className="num">{attr.data.total.won}</td><td /><td className="num">{rub(attr.data.total.revenue, lang)}</td><td className="num">{rub(attr.data.total.invoiced, lang)}</td><td className="num">{rub(attr.data.total.invoicedMonthly, lang)}</td><td className="num">{attr.data.total.clients}</td><td /><td /></tr></tfoot>
            </table>
          </div>
        </>
      )}
      {canWrite ? <SpendForm onDone={reload} /> : null}
      {canWrite ? <ImportCard path="/marketing/spend/import" label={t('mkt.spend.importFile')} hint={t('mkt.spend.importHint')} testId="mkt-spend-import" onDone={reload} /> : null}
      {del.banner ? <Banner kind="error">{del.banner}</Banner> : null}
      {spend.error ? <Banner kind="error">{spend.error}</Banner> : !spend.data ? null : spend.data.items.length === 0 ? null : (
        <div className="card table-card" tabIndex={0} role="region" aria-label={t('mkt.spend.title')} style={{ marginTop: 16 }}>
          <table className="table" data-testid="mkt-spend-table">
            <thead><tr><th>{t('mkt.month')}</th><th>{t('mkt.campaign')}</th><th>{t('mkt.channel')}</th><th className="num">{t('mkt.amount')}</th><th>{t('mkt.spend.usedBy')}</th><th /></tr></thead>
            <tbody>
              {spend.data.items.map((s) => (
                <tr key={s.id} data-testid="mkt-spend-row">
                  <td>{fmtPeriod(s.month, lang)}</td><td className="mono">{s.campaign}</td><td>{s.channel ?? '—'}{s.note ? <div className="muted small">{s.note}</div> : null}</td>
                  <td className="num">{rub(s.amount, lang)}</td>
                  <td>{s.usedBy ? <>{s.usedBy.name}{s.company ? <div className="muted small">{s.company.name}</div> : null}</> : '—'}</td>
                  <td className="nowrap">
                    {!s.usedBy && canWrite && canPayroll ? <button type="button" className="btn btn-sm" onClick={() => setUsing(s)} data-testid="mkt-spend-use">{t('mkt.spend.use')}</button> : null}
                    {!s.usedBy && canWrite ? (
                      <button type="button" className="btn btn-sm" data-testid="mkt-spend-delete" onClick={() => void confirm({ title: t('mkt.spend.delete'), text: t('mkt.spend.deleteConfirm', { campaign: s.campaign, month: fmtPeriod(s.month, lang) }), confirmLabel: t('mkt.spend.delete'), danger: true }).then((ok) => { if (ok) void del.run(s.id); })}>{t('mkt.spend.delete')}</button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {using ? <UseDialog spend={using} onClose={() => setUsing(null)} onDone={() => { setUsing(null); reload(); }} /> : null}
      {dialog}
    </section>
  );
}

function SpendForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const empty = { campaign: '', month: new Date().toISOString().slice(0, 7), amount: '', channel: '', note: '' };
  const [f, setF] = useState(empty);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = useSubmit(() => api('POST', '/marketing/spend', { ...f, channel: f.channel || null, note: f.note || null }), { success: t('mkt.spend.added'), onDone: () => { setF(empty); onDone(); } });
  const err = (k: string) => submit.fieldErrors[k];
  return (
    <form className="card form-card" onSubmit={submit.onSubmit} style={{ marginTop: 16 }} data-testid="mkt-spend-form">
      <h2>{t('mkt.spend.add')}</h2>
      {submit.banner ? <Banner kind="error">{submit.banner}</Banner> : null}
      <div className="form-grid">
        <Field id="sp-campaign" label={t('mkt.campaign')} required error={err('campaign')}><input id="sp-campaign" value={f.campaign} onChange={set('campaign')} data-testid="sp-campaign" /></Field>
        <Field id="sp-month" label={t('mkt.month')} required error={err('month')}><input id="sp-month" type="month" value={f.month} onChange={set('month')} data-testid="sp-month" /></Field>
        <Field id="sp-amount" label={t('mkt.amount')} required error={err('amount')}><input id="sp-amount" value={f.amount} onChange={set('amount')} inputMode="decimal" data-testid="sp-amount" /></Field>
        <Field id="sp-channel" label={t('mkt.channel')} error={err('channel')}><input id="sp-channel" value={f.channel} onChange={set('channel')} /></Field>
        <Field id="sp-note" label={t('mkt.note')} error={err('note')} wide><input id="sp-note" value={f.note} onChange={set('note')} /></Field>
      </div>
      <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={submit.busy} data-testid="sp-save">{t('mkt.spend.add')}</button></div>
    </form>
  );
}

function UseDialog({ spend, onClose, onDone }: { spend: Spend; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const users = useData(() => api<{ items: { id: string; fullName: string; role: string; active: boolean }[] }>('GET', '/users'), []);
  const [userId, setUserId] = useState('');
  const [company, setCompany] = useState<Picked | null>(null);
  const { confirm, dialog } = useConfirm();
  const submit = useSubmit(() => api('POST', `/marketing/spend/${spend.id}/use`, { userId, companyId: company?.id ?? null }), { success: t('mkt.spend.usedOk'), onDone });
  const managers = (users.data?.items ?? []).filter((u) => u.active && u.role === 'manager');
  const ask = async () => {
    const who = managers.find((u) => u.id === userId)?.fullName ?? '';
    if (await confirm({ title: t('mkt.spend.useTitle'), text: t('mkt.spend.useConfirm', { amount: rub(spend.amount, lang), name: who, month: fmtPeriod(spend.month, lang) }), confirmLabel: t('mkt.spend.use') })) await submit.run();
  };
  return (
    <Modal title={t('mkt.spend.useTitle')} onClose={onClose} testId="mkt-use-dialog">
      <p className="muted small">{t('mkt.spend.useHint')}</p>
      {submit.banner ? <Banner kind="error">{submit.banner}</Banner> : null}
      <div className="form-grid">
        <Field id="su-user" label={t('mkt.spend.manager')} required error={submit.fieldErrors.userId}>
          <select id="su-user" value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="su-user">
            <option value="" />
            {managers.map((u) => <option key={u.id} value={u.id}>{u.fullName}</option>)}
          </select>
        </Field>
        <Field id="su-company" label={t('mkt.spend.client')} error={submit.fieldErrors.companyId}>
          <CompanyPicker id="su-company" label={t('mkt.spend.client')} value={company} onChange={setCompany} role="client" testId="su-company" />
        </Field>
      </div>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" disabled={!userId || submit.busy} onClick={() => void ask()} data-testid="su-save">{t('mkt.spend.use')}</button>
        <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
      </div>
      {dialog}
    </Modal>
  );
}
