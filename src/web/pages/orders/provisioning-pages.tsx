import { Banner, Spinner } from '../../components/field.tsx';
import { ListTable, useList, type Column } from '../../components/list.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, upload } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { useData } from '../../lib/hooks.ts';
import { formatDate } from '../../../domain/dates.ts';

interface QueueItem { id: string; orderId: string; orderNumber: string; status: string; priority: string; deadline: string | null; companyName: string; services: string; managerName: string; assigneeName: string | null; workingDaysLeft: number | null; overdue: boolean; openItems: number }
interface DelayRow { orderId: string; orderNumber: string; companyName: string; deadline: string; doneOn: string | null; open: boolean; workingDaysLate: number; assigneeName: string | null; managerName: string; reasons: { responsible: string; reason: string }[] }
interface Template { id: string; name: string; tags: string[]; active: boolean; uploadedByName: string; uploadedAt: string }

/** The tech department's queue: deadline first, then the manager's priority; waiting for payment last (sorted and paged by the server). */
export function ProvisioningQueuePage() {
  const { t, lang } = useI18n();
  const list = useList<QueueItem>('/provisioning/queue', { sort: 'queue', limit: 25 });
  const columns: Column<QueueItem>[] = [
    { key: 'deadline', label: t('orders.col.deadline'), sort: 'deadline', render: (r) => <>{r.deadline ? formatDate(r.deadline, lang) : '—'}{r.overdue ? <span className="flag"> {t('prov.overdue')}</span> : r.workingDaysLeft !== null ? <span className="muted small"> {t('prov.daysLeft', { n: r.workingDaysLeft })}</span> : null}</> },
    { key: 'priority', label: t('orders.col.priority'), render: (r) => t(`priority.${r.priority}`) },
    { key: 'number', label: t('orders.col.number'), sort: 'number', render: (r) => <a href={`#/orders/${r.orderId}`}>{r.orderNumber}</a> },
    { key: 'client', label: t('orders.col.client'), sort: 'client', render: (r) => r.companyName },
    { key: 'services', label: t('order.services'), render: (r) => r.services },
    { key: 'status', label: t('orders.col.provisioning'), sort: 'status', render: (r) => t(`prov.${r.status}`) },
    { key: 'who', label: t('delays.who'), render: (r) => r.assigneeName ?? '—' },
  ];
  return (
    <section className="page"><div className="page-head"><h1>{t('prov.title')}</h1>
      {list.sort !== 'queue' ? <button type="button" className="btn btn-sm" data-testid="prov-queue-order" onClick={() => list.setSort('queue')}>{t('prov.queueOrder')}</button> : null}</div>
      <ListTable list={list} columns={columns} rowKey={(r) => r.id} testId="prov-queue" empty={t('prov.none')} caption={t('prov.title')}
        rowAttrs={(r) => ({ 'data-testid': `prov-row-${r.orderNumber}`, className: r.overdue ? 'row-danger' : '' })} />
    </section>
  );
}

/** Management's report: late provisioning, how many working days, who worked on it, why. */
export function DelaysPage() {
  const { t, lang } = useI18n();
  const q = useData(() => api<{ items: DelayRow[] }>('GET', '/provisioning/delays'), []);
  if (q.error) return <Banner kind="error">{q.error}</Banner>;
  if (!q.data) return <Spinner label={t('common.loading')} />;
  return (
    <section className="page"><div className="page-head"><h1>{t('delays.title')}</h1></div>
      <div className="card table-card">
        {q.data.items.length === 0 ? <div className="empty">{t('delays.none')}</div> : (
          <table className="table" data-testid="delays-report">
            <thead><tr><th>{t('orders.col.number')}</th><th>{t('orders.col.client')}</th><th>{t('orders.col.deadline')}</th><th>{t('delays.late')}</th><th>{t('delays.who')}</th><th>{t('delays.why')}</th></tr></thead>
            <tbody>{q.data.items.map((r) => (
              <tr key={r.orderId}><td><a href={`#/orders/${r.orderId}`}>{r.orderNumber}</a></td><td>{r.companyName}</td><td>{formatDate(r.deadline, lang)}</td>
                <td className="num">{r.workingDaysLate}{r.open ? <span className="flag"> {t('prov.overdue')}</span> : null}</td><td>{r.assigneeName ?? '—'} / {r.managerName}</td>
                <td>{r.reasons.map((x) => `${t(`responsible.${x.responsible}`)}: ${x.reason}`).join('; ') || '—'}</td></tr>
            ))}</tbody>
          </table>
        )}
      </div>
    </section>
  );
}

/** The company's Word templates for contracts: upload (checked), download, choose the active one. */
export function ContractTemplatesPage({ can }: { can: (p: string) => boolean }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const q = useData(() => api<{ items: Template[] }>('GET', '/contract-templates'), []);
  const manage = can('contract.template');
  const activate = (id: string) => api('POST', `/contract-templates/${id}/activate`).then(q.reload, (e: unknown) => toast.error(errorText(e, t)));
  if (q.error) return <Banner kind="error">{q.error}</Banner>;
  if (!q.data) return <Spinner label={t('common.loading')} />;
  const noneActive = !q.data.items.some((x) => x.active);
  return (
    <section className="page"><div className="page-head"><h1>{t('templates.title')}</h1></div>
      {manage ? (
        <div className="card form-card"><label>{t('templates.upload')} <input type="file" accept=".docx" data-testid="template-upload" onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void upload(`/contract-templates?name=${encodeURIComponent(f.name.replace(/\.docx$/i, ''))}`, f, lang).then(() => { toast.success(t('templates.uploaded')); q.reload(); }, (err: unknown) => toast.error(errorText(err, t)));
        }} /></label></div>
      ) : null}
      <div className="card table-card" style={{ marginTop: 14 }}>
        <table className="table" data-testid="templates">
          <tbody>
            <tr><td>{t('templates.builtIn')}</td><td>{noneActive ? <span className="status status-ok">{t('templates.active')}</span> : manage ? <button type="button" className="btn" onClick={() => void activate('built-in')}>{t('templates.activate')}</button> : null}</td>
              <td><a href="/api/v1/contract-templates/built-in/file">{t('templates.download')}</a></td></tr>
            {q.data.items.map((x) => (
              <tr key={x.id}><td>{x.name}<div className="muted small">{t('templates.tags', { tags: x.tags.join(', ') })}</div></td>
                <td>{x.active ? <span className="status status-ok">{t('templates.active')}</span> : manage ? <button type="button" className="btn" onClick={() => void activate(x.id)}>{t('templates.activate')}</button> : null}</td>
                <td><a href={`/api/v1/contract-templates/${x.id}/file`}>{t('templates.download')}</a></td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
