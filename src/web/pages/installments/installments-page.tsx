import { Banner, Spinner } from '../../components/field.tsx';
import { BarChart } from '../../components/charts.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useData } from '../../lib/hooks.ts';
import { formatDate } from '../../../domain/dates.ts';
import { formatRubles } from '../../../domain/money.ts';

interface Dashboard {
  today: string;
  calendar: { months: string[]; suppliers: { supplierId: string; supplierName: string; months: Record<string, string>; total: string }[]; totals: Record<string, string> };
  bySupplier: { supplierId: string; supplierName: string; agreements: number; remaining: string; overdue: string }[];
  payOffs: { agreementId: string; number: string; supplierName: string; payOffOn: string | null; remaining: string }[];
  overdue: { agreementId: string; number: string; supplierName: string; seq: number; dueOn: string; open: string; daysLate: number }[];
  unpaidAssigned: { equipmentId: string; serial: string | null; model: string; agreementId: string; number: string; state: string; clientName: string | null; assignedRef: string | null }[];
}
interface AgreementRow { id: string; number: string; supplierName: string; signedOn: string; units: number; remaining: string; overdue: string; nextDueOn: string | null; nextAmount: string | null; payOffOn: string | null; status: string }

const monthLabel = (m: string, lang: 'ru' | 'en') => new Date(`${m}-01T00:00:00Z`).toLocaleDateString(lang === 'ru' ? 'ru-RU' : 'en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The management screen: cash-out calendar (chart + XLSX), debt by supplier, pay-off dates, overdue, unpaid units at clients, agreements. */
export function InstallmentsPage() {
  const { t, lang } = useI18n();
  const rub = (s: string) => formatRubles(BigInt(s), lang);
  const dash = useData(() => api<Dashboard>('GET', '/installments/dashboard'), []);
  const list = useData(() => api<{ items: AgreementRow[] }>('GET', '/installments/agreements'), []);
  if (dash.error) return <section className="page"><Banner kind="error">{dash.error}</Banner></section>;
  if (!dash.data || !list.data) return <section className="page"><Spinner label={t('common.loading')} /></section>;
  const d = dash.data;
  const from = d.calendar.months[0]!;
  return (
    <section className="page" data-testid="installments-page">
      <div className="page-head"><h1>{t('inst.title')}</h1>
        <div className="form-actions">
          <a className="btn" href="#/installments/outgoing" data-testid="inst-queue-link">{t('inst.queue.title')}</a>
          <a className="btn btn-primary" href="#/installments/new" data-testid="inst-new">{t('inst.new.title')}</a>
        </div>
      </div>
      <div className="card" style={{ padding: 16, marginBottom: 16 }}>
        <div className="toolbar"><strong>{t('inst.calendar')}</strong>
          <a className="btn btn-sm" href={`/api/v1/installments/calendar?from=${from}&format=xlsx`} data-testid="inst-xlsx">{t('inst.calendar.xlsx')}</a></div>
        <BarChart testId="inst-calendar-chart" title={t('inst.calendar')}
          rows={d.calendar.months.map((m) => ({ label: monthLabel(m, lang), value: Number(BigInt(d.calendar.totals[m] ?? '0') / 100n), note: rub(d.calendar.totals[m] ?? '0') }))} />
        <table className="table" data-testid="inst-calendar">
          <thead><tr><th>{t('inst.col.supplier')}</th>{d.calendar.months.map((m) => <th key={m} className="num">{monthLabel(m, lang)}</th>)}</tr></thead>
          <tbody>{d.calendar.suppliers.map((s) => (
            <tr key={s.supplierId}><td>{s.supplierName}</td>{d.calendar.months.map((m) => <td key={m} className="num">{s.months[m] ? rub(s.months[m]) : '—'}</td>)}</tr>
          ))}</tbody>
        </table>
      </div>
      <div className="grid-2" style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16, marginBottom: 16 }}>
        <div className="card table-card">
          <h2 style={{ padding: '12px 16px 0' }}>{t('inst.bySupplier')}</h2>
          <table className="table" data-testid="inst-by-supplier">
            <thead><tr><th>{t('inst.col.supplier')}</th><th className="num">{t('inst.col.remaining')}</th><th className="num">{t('inst.col.overdue')}</th></tr></thead>
            <tbody>{d.bySupplier.map((s) => <tr key={s.supplierId}><td>{s.supplierName}</td><td className="num">{rub(s.remaining)}</td><td className={`num${s.overdue !== '0' ? ' text-danger' : ''}`}>{rub(s.overdue)}</td></tr>)}</tbody>
          </table>
        </div>
        <div className="card table-card">
          <h2 style={{ padding: '12px 16px 0' }}>{t('inst.overdue')}</h2>
          {d.overdue.length === 0 ? <div className="empty">{t('inst.overdue.none')}</div> : (
            <table className="table" data-testid="inst-overdue">
              <thead><tr><th>{t('inst.col.number')}</th><th>{t('inst.col.due')}</th><th className="num">{t('inst.col.amount')}</th><th className="num">{t('inst.col.days')}</th></tr></thead>
              <tbody>{d.overdue.map((o) => <tr key={`${o.agreementId}-${o.seq}`}><td><a href={`#/installments/${o.agreementId}`}>{o.number}</a> · {o.supplierName}</td><td>{formatDate(o.dueOn, lang)}</td><td className="num text-danger">{rub(o.open)}</td><td className="num">{o.daysLate}</td></tr>)}</tbody>
            </table>
          )}
        </div>
        <div className="card table-card">
          <h2 style={{ padding: '12px 16px 0' }}>{t('inst.payOffs')}</h2>
          <table className="table" data-testid="inst-payoffs">
            <thead><tr><th>{t('inst.col.number')}</th><th>{t('inst.col.payOff')}</th><th className="num">{t('inst.col.remaining')}</th></tr></thead>
            <tbody>{d.payOffs.map((p) => <tr key={p.agreementId}><td><a href={`#/installments/${p.agreementId}`}>{p.number}</a> · {p.supplierName}</td><td>{p.payOffOn ? formatDate(p.payOffOn, lang) : '—'}</td><td className="num">{rub(p.remaining)}</td></tr>)}</tbody>
          </table>
        </div>
        <div className="card table-card">
          <h2 style={{ padding: '12px 16px 0' }}>{t('inst.unpaidAssigned')}</h2>
          {d.unpaidAssigned.length === 0 ? <div className="empty">{t('inst.unpaidAssigned.none')}</div> : (
            <table className="table" data-testid="inst-unpaid-assigned">
              <thead><tr><th>{t('inst.col.unit')}</th><th>{t('inst.col.number')}</th><th>{t('inst.col.client')}</th></tr></thead>
              <tbody>{d.unpaidAssigned.map((u) => <tr key={u.equipmentId}><td>{u.model} <span className="muted small">{u.serial}</span></td><td><a href={`#/installments/${u.agreementId}`}>{u.number}</a></td><td>{u.clientName ?? u.assignedRef ?? '—'} <span className="muted small">({u.state})</span></td></tr>)}</tbody>
            </table>
          )}
        </div>
      </div>
      <div className="card table-card">
        <h2 style={{ padding: '12px 16px 0' }}>{t('inst.agreements')}</h2>
        <table className="table" data-testid="inst-agreements">
          <thead><tr><th>{t('inst.col.number')}</th><th>{t('inst.col.supplier')}</th><th>{t('inst.col.signed')}</th><th className="num">{t('inst.col.units')}</th><th className="num">{t('inst.col.remaining')}</th><th className="num">{t('inst.col.overdue')}</th><th>{t('inst.col.next')}</th><th>{t('inst.col.payOff')}</th><th>{t('inst.col.status')}</th></tr></thead>
          <tbody>{list.data.items.map((a) => (
            <tr key={a.id}>
              <td><a href={`#/installments/${a.id}`} data-testid={`inst-link-${a.number}`}>{a.number}</a></td><td>{a.supplierName}</td><td>{formatDate(a.signedOn, lang)}</td><td className="num">{a.units}</td>
              <td className="num">{rub(a.remaining)}</td><td className={`num${a.overdue !== '0' ? ' text-danger' : ''}`}>{rub(a.overdue)}</td>
              <td>{a.nextDueOn ? `${formatDate(a.nextDueOn, lang)} · ${rub(a.nextAmount ?? '0')}` : '—'}</td><td>{a.payOffOn ? formatDate(a.payOffOn, lang) : '—'}</td><td>{t(`inst.status.${a.status}`)}</td>
            </tr>
          ))}</tbody>
        </table>
      </div>
    </section>
  );
}
