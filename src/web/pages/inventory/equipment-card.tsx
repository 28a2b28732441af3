import { useState } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs } from '../../lib/api.ts';
import { dash, fmtInstant } from '../../lib/format.ts';
import { useData } from '../../lib/hooks.ts';
import { EquipmentEditForm, unitsText, type EditableUnit } from './equipment-edit-form.tsx';

interface History {
  equipment: EditableUnit & { cpu: string | null; cpuCores: number | null; ramGb: number | null; disks: string | null };
  agreement: { id: string; number: string; status: string; paidOffOn: string | null } | null;
  allocations: { id: string; resource: string; state: string; rackId: string | null; face: 'front' | 'rear' | 'both' | null; holdCompanyId: string | null; assignedKind: string | null; assignedRef: string | null; uFrom: number | null; uHeight: number | null; createdAt: string }[];
  audit: { id: string; at: string; actorName: string | null; action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[];
}
interface Rack { id: string; name: string }

/** The fields an edit can change, in the order the history names them. */
const TRACKED = ['owner', 'ownerCompanyId', 'status', 'project', 'location'] as const;
const ACTIVE = ['held', 'assigned', 'releasing', 'cooldown'];

/** One unit (the rack picture leads here): what it is, whose, where, and every hold, assignment and move of it. */
export function EquipmentCard({ id, canManage }: { id: string; canManage: boolean }) {
  const { t, lang } = useI18n();
  const [editing, setEditing] = useState(false);
  const h = useData(() => api<History>('GET', `/equipment/${id}/history`), [id]);
  const siteId = h.data?.equipment.siteId ?? null;
  const racks = useData(() => (siteId ? api<{ items: Rack[] }>('GET', `/racks${qs({ siteId })}`).then((r) => r.items) : Promise.resolve([] as Rack[])), [siteId]);
  const ownerId = h.data?.equipment.ownerCompanyId ?? null;
  const owner = useData(() => (ownerId ? api<{ name: string }>('GET', `/companies/${ownerId}`).then((c) => c.name) : Promise.resolve(null)), [ownerId]);
  if (h.error) return <section className="page"><Banner kind="error">{h.error}</Banner></section>;
  if (!h.data) return <section className="page"><Spinner label={t('common.loading')} /></section>;
  const { equipment: e, agreement, allocations, audit } = h.data;
  const rackName = (rackId: unknown) => racks.data?.find((r) => r.id === rackId)?.name ?? null;
  const where = (v: { rackId?: unknown; uFrom?: unknown; uHeight?: unknown }) => (v.rackId
    ? [rackName(v.rackId), `U${unitsText(Number(v.uFrom), Number(v.uHeight ?? 1))}`].filter(Boolean).join(' · ')
    : t('eq.stock'));
  const current = allocations.find((a) => a.resource === 'rack_units' && ACTIVE.includes(a.state));
  const locked = agreement?.status === 'active' ? t('eq.ownerLocked', { number: agreement.number }) : null;
  const valueText = (k: (typeof TRACKED)[number], v: Record<string, unknown> | null): string => {
    if (!v) return dash;
    if (k === 'location') return where(v);
    if (k === 'owner') return t(`eq.owner.${String(v.owner)}`, { defaultValue: String(v.owner) });
    if (k === 'status') return t(`eq.status.${String(v.status)}`, { defaultValue: String(v.status) });
    return v[k] === null || v[k] === undefined || v[k] === '' ? dash : String(v[k]);
  };
  const changes = (a: History['audit'][number]) => TRACKED.filter((k) => valueText(k, a.before) !== valueText(k, a.after))
    .map((k) => `${t(`eq.change.${k}`)}: ${valueText(k, a.before)} → ${valueText(k, a.after)}`);
  const edits = audit.filter((a) => a.action === 'update' || a.action === 'move');
  return (
    <section className="page" data-testid="equipment-card">
      <div className="page-head">
        <div><h1>{e.model}</h1><p className="page-sub">{t(`eq.kind.${e.kind}`)} · {e.serial ?? dash}</p></div>
        <div className="form-actions">
          {canManage ? <button type="button" className="btn btn-primary" onClick={() => setEditing(true)} data-testid="eq-edit">{t('eq.edit')}</button> : null}
          <a className="btn" href="#/inventory">{t('tech.backToInventory')}</a>
        </div>
      </div>
      <div className="card capacity-panel">
        <div data-testid="eq-card-location">{t('eq.location')}: {where(e)}</div>
        <div>{t('eq.ownerLabel')}: {e.ownerCompanyId ? <a href={`#/companies/${e.ownerCompanyId}`}>{t(`eq.owner.${e.owner}`)}{owner.data ? ` · ${owner.data}` : ''}</a> : t(`eq.owner.${e.owner}`)}</div>
        <div data-testid="eq-card-status">{t('eq.status')}: {t(`eq.status.${e.status}`, { defaultValue: e.status })}</div>
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
                  <td>{a.resource === 'rack_units' ? where(a) : t('tech.thisUnit')}</td>
                  <td>{t(`tech.state.${a.state}`)}</td>
                  <td>{a.holdCompanyId ? <a href={`#/companies/${a.holdCompanyId}`}>{a.holdCompanyId}</a> : a.assignedKind === 'client' && a.assignedRef ? <a href={`#/companies/${a.assignedRef}`}>{a.assignedRef}</a> : a.assignedKind === 'equipment' && a.assignedRef === e.id ? [e.model, e.serial].filter(Boolean).join(' ') : a.assignedRef ? `${t(`eq.assigned.${a.assignedKind}`)}: ${a.assignedRef}` : dash}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <h2 className="section-title">{t('eq.changes')}</h2>
      <div className="card table-card">
        {edits.length === 0 ? <div className="empty">{t('eq.noChanges')}</div> : (
          <div className="table-scroll" role="region" aria-label={t('eq.changes')} tabIndex={0}>
            <table className="table" data-testid="equipment-changes">
              <thead><tr><th>{t('eq.col.when')}</th><th>{t('eq.col.who')}</th><th>{t('eq.col.what')}</th><th>{t('eq.reason')}</th></tr></thead>
              <tbody>
                {edits.slice().reverse().map((a) => (
                  <tr key={a.id} data-testid="equipment-change">
                    <td className="nowrap">{fmtInstant(a.at, lang)}</td><td>{a.actorName ?? dash}</td>
                    <td>{changes(a).join('; ') || dash}</td><td>{typeof a.after?.reason === 'string' ? a.after.reason : dash}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {editing ? (
        <EquipmentEditForm unit={e} face={current?.face ?? 'both'} ownerName={owner.data ?? null} ownerLocked={locked}
          onClose={() => setEditing(false)} onSaved={() => { setEditing(false); h.reload(); }} />
      ) : null}
    </section>
  );
}
