import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { UsageBar } from '../../components/charts.tsx';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { FormActions, Modal } from '../../components/modal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs } from '../../lib/api.ts';
import { dash } from '../../lib/format.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { RackPicture, type Elevation } from './rack-picture.tsx';

interface Site { id: string; code: string; name: string }
type Row = Record<string, unknown> & { id: string };
interface PrefixUse { id: string; prefix: string; pool: string; used: string; free: string; percentUsed: number }

type Kind = 'rooms' | 'racks' | 'ip-prefixes' | 'vps-hosts' | 'uplinks';
interface FieldDef { key: string; type: 'text' | 'number' | 'room'; required?: boolean }
/** The hand-editable fields of each kind (the same names as the API's schemas). */
const FIELDS: Record<Kind, FieldDef[]> = {
  rooms: [{ key: 'name', type: 'text', required: true }],
  racks: [{ key: 'name', type: 'text', required: true }, { key: 'roomId', type: 'room' }, { key: 'units', type: 'number', required: true }, { key: 'powerAW', type: 'number' }, { key: 'powerBW', type: 'number' }],
  'ip-prefixes': [{ key: 'prefix', type: 'text', required: true }, { key: 'pool', type: 'text' }, { key: 'description', type: 'text' }],
  'vps-hosts': [{ key: 'name', type: 'text', required: true }, { key: 'vcpu', type: 'number', required: true }, { key: 'ramGb', type: 'number', required: true }, { key: 'diskGb', type: 'number', required: true }, { key: 'cpuOvercommit', type: 'number' }, { key: 'ramOvercommit', type: 'number' }],
  uplinks: [{ key: 'name', type: 'text', required: true }, { key: 'capacityMbps', type: 'number', required: true }],
};

/** Add (POST with the site) or edit (PATCH of the changed fields) one item of a kind. */
function ResourceForm({ kind, siteId, item, rooms, onDone, onCancel }: { kind: Kind; siteId: string; item: Row | null; rooms: Row[]; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const initial = Object.fromEntries(FIELDS[kind].map((f) => [f.key, item?.[f.key] === null || item?.[f.key] === undefined ? '' : String(item[f.key]).replace('.', ',')]));
  const [v, setV] = useState<Record<string, string>>(initial);
  const body = () => {
    const out: Record<string, unknown> = item ? {} : { siteId };
    for (const f of FIELDS[kind]) {
      const raw = (v[f.key] ?? '').trim();
      if (item && raw === initial[f.key]) continue;
      out[f.key] = raw === '' ? (f.type === 'text' && f.required ? '' : null) : f.type === 'number' ? Number(raw.replace(',', '.')) : raw;
      if (out[f.key] === null && !item) delete out[f.key];
    }
    return out;
  };
  const save = useSubmit(() => (item ? api('PATCH', `/${kind}/${item.id}`, body()) : api('POST', `/${kind}`, body())), { success: t(item ? 'tech.saved' : 'tech.added'), onDone });
  return (
    <Modal title={t(item ? `tech.edit.${kind}` : `tech.add.${kind}`)} onClose={onCancel} testId="inv-form">
      <form onSubmit={save.onSubmit} noValidate>
        {save.banner ? <Banner kind="error" testId="inv-form-error">{save.banner}</Banner> : null}
        <div className="form-grid">
          {FIELDS[kind].map((f) => (
            <Field key={f.key} id={`inv-f-${f.key}`} label={t(`tech.f.${f.key}`)} error={save.fieldErrors[f.key]} required={f.required}>
              {f.type === 'room' ? (
                <select id={`inv-f-${f.key}`} value={v[f.key]} onChange={(e) => setV({ ...v, [f.key]: e.target.value })} data-testid={`inv-f-${f.key}`}>
                  <option value="">{dash}</option>
                  {rooms.map((r) => <option key={r.id} value={r.id}>{String(r.name)}</option>)}
                </select>
              ) : (
                <input id={`inv-f-${f.key}`} value={v[f.key]} inputMode={f.type === 'number' ? 'decimal' : 'text'} onChange={(e) => setV({ ...v, [f.key]: e.target.value })} data-testid={`inv-f-${f.key}`} />
              )}
            </Field>
          ))}
        </div>
        <FormActions onCancel={onCancel} busy={save.busy} testId="inv-form-submit" />
      </form>
    </Modal>
  );
}

/**
 * Inventory of a site, as the tech department runs it: rooms, racks (with the front and rear picture),
 * prefixes (each with its own page), VPS hosts and uplinks — each added and edited by hand; import stays.
 */
export function SiteInventoryPage({ canManage }: { canManage: boolean }) {
  const { t } = useI18n();
  const sites = useData(() => api<{ items: Site[] }>('GET', '/sites').then((r) => r.items), []);
  const [siteId, setSiteId] = useState('');
  const [rackId, setRackId] = useState<string | null>(null);
  const [form, setForm] = useState<{ kind: Kind; item: Row | null } | null>(null);
  useEffect(() => { if (!siteId && sites.data?.[0]) setSiteId(sites.data[0].id); }, [sites.data, siteId]);
  const lists = useData(async () => {
    if (!siteId) return null;
    const get = (k: string) => api<{ items: Row[] }>('GET', `/${k}${qs({ siteId })}`).then((r) => r.items);
    const [rooms, racks, prefixes, hosts, uplinks] = await Promise.all([get('rooms'), get('racks'), api<{ items: PrefixUse[] }>('GET', `/ip-prefixes/utilization${qs({ siteId })}`).then((r) => r.items), get('vps-hosts'), get('uplinks')]);
    return { rooms, racks, prefixes, hosts, uplinks };
  }, [siteId]);
  const racks = useMemo(() => lists.data?.racks ?? [], [lists.data]);
  useEffect(() => { if (racks.length && !racks.some((r) => r.id === rackId)) setRackId(racks[0]!.id); }, [racks, rackId]);
  const elevation = useData(() => (rackId ? api<Elevation>('GET', `/racks/${rackId}/elevation`) : Promise.resolve(null)), [rackId, lists.data]);

  const addButton = (kind: Kind) => (canManage ? <button type="button" className="btn btn-sm" onClick={() => setForm({ kind, item: null })} data-testid={`inv-add-${kind}`}>{t(`tech.add.${kind}`)}</button> : null);
  const editButton = (kind: Kind, item: Row, name: string) => (canManage ? <button type="button" className="btn btn-sm" onClick={() => setForm({ kind, item })} data-testid={`inv-edit-${kind}`} aria-label={`${t('tech.editShort')} ${name}`}>{t('tech.editShort')}</button> : null);
  const d = lists.data;
  const room = (id: unknown) => d?.rooms.find((r) => r.id === id)?.name as string | undefined;

  return (
    <section className="page">
      <div className="page-head">
        <div><h1>{t('inv.title')}</h1><p className="page-sub">{t('tech.subtitle')}</p></div>
        {canManage ? <a className="btn" href="#/inventory-import">{t('nav.inventoryImport')}</a> : null}
      </div>
      {sites.error || lists.error ? <Banner kind="error">{sites.error ?? lists.error}</Banner> : null}
      <div className="toolbar">
        <label htmlFor="inv-site">{t('inv.site')}</label>
        <select id="inv-site" value={siteId} onChange={(e) => { setSiteId(e.target.value); setRackId(null); }} data-testid="inv-site">
          <option value="">{t('inv.chooseSite')}</option>
          {(sites.data ?? []).map((s) => <option key={s.id} value={s.id}>{`${s.code} — ${s.name}`}</option>)}
        </select>
      </div>
      {!d ? (siteId ? <Spinner label={t('common.loading')} /> : null) : (
        <>
          <div className="inv-grid">
            <div className="card inv-racks">
              <div className="card-head"><h2 className="section-title">{t('inv.racks')}</h2>{addButton('racks')}</div>
              {racks.length === 0 ? <div className="empty">{t('inv.noRacks')}</div> : (
                <ul className="plain-list">
                  {racks.map((r) => (
                    <li key={r.id} className="card-head">
                      <button type="button" className={`link-button${r.id === rackId ? ' strong' : ''}`} onClick={() => setRackId(r.id)} data-testid="rack-item">
                        {String(r.name)} · {t('inv.units', { n: Number(r.units) })}{room(r.roomId) ? ` · ${room(r.roomId)}` : ''}
                      </button>
                      {editButton('racks', r, String(r.name))}
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div className="card inv-elevation">{elevation.data ? <RackPicture e={elevation.data} /> : null}</div>
          </div>
          <div className="card table-card" style={{ marginBottom: 16 }}>
            <div className="card-head" style={{ padding: '8px 16px 0' }}><h2 className="section-title">{t('inv.prefixes')}</h2>{addButton('ip-prefixes')}</div>
            {d.prefixes.length === 0 ? <div className="empty">{t('inv.noPrefixes')}</div> : (
              <div className="table-scroll" role="region" aria-label={t('inv.prefixes')} tabIndex={0}>
                <table className="table" data-testid="prefix-table">
                  <thead><tr><th>{t('inv.prefix')}</th><th>{t('inv.pool')}</th><th className="num">{t('inv.used')}</th><th className="num">{t('inv.free')}</th><th>{t('inv.utilization')}</th><th /></tr></thead>
                  <tbody>
                    {d.prefixes.map((p) => (
                      <tr key={p.id}>
                        <td className="mono"><a href={`#/prefixes/${p.id}`} data-testid="prefix-link">{p.prefix}</a></td><td>{p.pool}</td>
                        <td className="num mono">{p.used}</td><td className="num mono">{p.free}</td><td><UsageBar percent={p.percentUsed} /> <span className="small muted">{p.percentUsed}%</span></td>
                        <td className="actions">{editButton('ip-prefixes', { ...p } as Row, p.prefix)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
          <div className="inv-sections">
            <Section title={t('tech.rooms')} add={addButton('rooms')} empty={d.rooms.length === 0}>
              <ul className="plain-list">{d.rooms.map((r) => <li key={r.id} className="card-head"><span>{String(r.name)}</span>{editButton('rooms', r, String(r.name))}</li>)}</ul>
            </Section>
            <Section title={t('tech.vpsHosts')} add={addButton('vps-hosts')} empty={d.hosts.length === 0}>
              <ul className="plain-list">{d.hosts.map((h) => (
                <li key={h.id} className="card-head"><span>{String(h.name)} · {t('tech.hostLine', { vcpu: Number(h.vcpu), ram: Number(h.ramGb), disk: Number(h.diskGb), cpu: String(h.cpuOvercommit), ramOc: String(h.ramOvercommit) })}</span>{editButton('vps-hosts', h, String(h.name))}</li>
              ))}</ul>
            </Section>
            <Section title={t('tech.uplinks')} add={addButton('uplinks')} empty={d.uplinks.length === 0}>
              <ul className="plain-list">{d.uplinks.map((u) => <li key={u.id} className="card-head"><span>{String(u.name)} · {t('tech.mbps', { n: Number(u.capacityMbps) })}</span>{editButton('uplinks', u, String(u.name))}</li>)}</ul>
            </Section>
          </div>
        </>
      )}
      {form ? <ResourceForm kind={form.kind} siteId={siteId} item={form.item} rooms={d?.rooms ?? []} onCancel={() => setForm(null)} onDone={() => { setForm(null); lists.reload(); }} /> : null}
    </section>
  );
}

function Section({ title, add, empty, children }: { title: string; add: ReactNode; empty: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="card">
      <div className="card-head"><h2 className="section-title">{title}</h2>{add}</div>
      {empty ? <div className="empty">{t('tech.none')}</div> : children}
    </div>
  );
}
