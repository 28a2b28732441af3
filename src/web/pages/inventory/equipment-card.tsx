import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { dash, fmtInstant } from '../../lib/format.ts';
import { useData } from '../../lib/hooks.ts';

interface History {
  equipment: { id: string; kind: string; model: string; serial: string | null; cpu: string | null; cpuCores: number | null; ramGb: number | null; disks: string | null; rackId: string | null; uFrom: number | null; uHeight: number | null; owner: string; ownerCompanyId: string | null; status: string; project: string | null };
  agreement: { id: string; number: string; status: string; paidOffOn: string | null } | null;
  allocations: { id: string; resource: string; state: string; holdCompanyId: string | null; assignedKind: string | null; assignedRef: string | null; uFrom: number | null; uHeight: number | null; createdAt: string }[];
}

/** One unit (the rack picture leads here): what it is, whose, where, and every hold, assignment and move of it. */
export function EquipmentCard({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const h = useData(() => api<History>('GET', `/equipment/${id}/history`), [id]);
  if (h.error) return <section className="page"><Banner kind="error">{h.error}</Banner></section>;
  if (!h.data) return <section className="page"><Spinner label={t('common.loading')} /></section>;
  const { equipment: e, agreement, allocations } = h.data;
  return (
    <section className="page" data-testid="equipment-card">
      <div className="page-head">
        <div><h1>{e.model}</h1><p className="page-sub">{t(`eq.kind.${e.kind}`)} · {e.serial ?? dash}</p></div>
        <a className="btn" href="#/inventory">{t('tech.backToInventory')}</a>
      </div>
      <div className="card capacity-panel">
        <div>{t('eq.location')}: {e.rackId ? `U${e.uFrom}${e.uHeight && e.uHeight > 1 ? `–${(e.uFrom ?? 0) + e.uHeight - 1}` : ''}` : t('eq.stock')}</div>
        <div>{t('eq.ownerLabel')}: {e.ownerCompanyId ? <a href={`#/companies/${e.ownerCompanyId}`}>{t(`eq.owner.${e.owner}`)}</a> : t(`eq.owner.${e.owner}`)}</div>
        {e.cpu || e.cpuCores ? <div>{[e.cpu, e.cpuCores ? `${e.cpuCores} ${t('eq.cpuCores')}` : null, e.ramGb ? `${e.ramGb} ${t('eq.ramGb')}` : null, e.disks].filter(Boolean).join(' · ')}</div> : null}
        {e.project ? <div>{t('eq.project')}: {e.project}</div> : null}
        {agreement ? <div>{t('tech.agreement')}: <a href={`#/installments/${agreement.id}`}>{agreement.number}</a></div> : null}
      </div>
      <h2 className="section-title">{t('tech.history')}</h2>
      <div className="card table-card">
        <div className="table-scroll" role="region" aria-label={t('tech.history')} tabIndex={0}>
          <table className="table" data-testid="equipment-history">
            <thead><tr><th>{t('feas.created')}</th><th>{t('cap.resource')}</th><th>{t('feas.status')}</th><th>{t('tech.col.whom')}</th></tr></thead>
            <tbody>
              {allocations.map((a) => (
                <tr key={a.id}>
                  <td className="nowrap">{fmtInstant(a.createdAt, lang)}</td>
                  <td>{a.resource === 'rack_units' ? `U${a.uFrom}` : t('tech.thisUnit')}</td>
                  <td>{t(`tech.state.${a.state}`)}</td>
                  <td>{a.holdCompanyId ? <a href={`#/companies/${a.holdCompanyId}`}>{a.holdCompanyId}</a> : a.assignedKind === 'client' && a.assignedRef ? <a href={`#/companies/${a.assignedRef}`}>{a.assignedRef}</a> : a.assignedRef ? `${t(`eq.assigned.${a.assignedKind}`)}: ${a.assignedRef}` : dash}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
