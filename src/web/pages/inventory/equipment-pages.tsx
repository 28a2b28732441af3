import { useEffect, useState, type FormEvent } from 'react';
import { Banner, Field } from '../../components/field.tsx';
import { Modal, FormActions } from '../../components/modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { ListTable, SearchBox, useList, type Column } from '../../components/list.tsx';
import type { Picked } from '../../components/async-picker.tsx';
import { OwnerFields, OWNERS } from './owner-fields.tsx';
import { formatDate } from '../../../domain/dates.ts';
import { useI18n } from '../../i18n/index.ts';
import { api, qs, upload } from '../../lib/api.ts';
import { errorText, fieldErrorsOf, importProblems } from '../../lib/errors.ts';
import { dash } from '../../lib/format.ts';

interface Site { id: string; code: string; name: string }
interface Rack { id: string; name: string; units: number }
interface Assignment { state: string; kind: string | null; ref: string | null; holdCompanyId: string | null; holdCompanyName: string | null }
interface RegisterRow {
  id: string; kind: string; model: string; serial: string | null; quantity: number; siteId: string | null; rackId: string | null;
  uFrom: number | null; uHeight: number | null; location: 'rack' | 'stock'; owner: 'us' | 'client' | 'supplier'; ownerCompanyId: string | null;
  paidOffOn: string | null; project: string | null; siteCode: string | null; rackName: string | null; ownerName: string | null; assignment: Assignment | null;
}

const KINDS = ['server', 'switch', 'router', 'pdu', 'part', 'other'] as const;
const ASSIGNED_KINDS = ['service', 'client', 'project'] as const;
const IMPORT_KINDS = ['equipment', 'racks', 'ports', 'prefixes', 'vps-hosts', 'uplinks', 'coverage'] as const;

function useSites() {
  const [sites, setSites] = useState<Site[]>([]);
  useEffect(() => { api<{ items: Site[] }>('GET', '/sites').then((r) => setSites(r.items)).catch(() => setSites([])); }, []);
  return sites;
}

/** Equipment register (facilities): filters by kind, site and owner; add equipment; assign free equipment. */
export function EquipmentPage({ can }: { can: (p: string) => boolean }) {
  const { t, lang } = useI18n();
  const sites = useSites();
  // Filters, sort and pages on the server: the register grows with every unit bought.
  const list = useList<RegisterRow>('/equipment-register', { sort: 'createdAt' });
  const load = list.reload;
  const [creating, setCreating] = useState(false);
  const [assigning, setAssigning] = useState<RegisterRow | null>(null);

  const location = (r: RegisterRow) => {
    if (r.location === 'stock') return `${t('eq.stock')}${r.siteCode ? ` · ${r.siteCode}` : ''}`;
    const u = r.uFrom !== null ? ` · U${r.uFrom}${r.uHeight && r.uHeight > 1 ? `–${r.uFrom + r.uHeight - 1}` : ''}` : '';
    return `${r.siteCode ?? ''} · ${r.rackName ?? ''}${u}`;
  };
  const ownerText = (r: RegisterRow) => {
    if (r.owner === 'us') return t('eq.owner.us');
    const base = `${t(`eq.owner.${r.owner}`)}: ${r.ownerName ?? dash}`;
    return r.owner === 'supplier' && r.paidOffOn ? `${base} · ${t('eq.until', { date: formatDate(r.paidOffOn, lang) })}` : base;
  };
  const assignmentText = (a: Assignment | null) => {
    if (!a) return dash;
    const state = t(`inv.legend.${a.state}`, { defaultValue: a.state });
    if (a.state === 'held') return `${state} · ${a.holdCompanyName ?? ''}`;
    return `${state} · ${a.kind ? t(`eq.assigned.${a.kind}`, { defaultValue: a.kind }) : ''}: ${a.ref ?? ''}`;
  };

  const columns: Column<RegisterRow>[] = [
    { key: 'kind', label: t('eq.kind'), sort: 'kind', render: (r) => <>{t(`eq.kind.${r.kind}`, { defaultValue: r.kind })}{r.quantity > 1 ? ` × ${r.quantity}` : ''}</> },
    { key: 'model', label: t('eq.model'), sort: 'model', render: (r) => r.model },
    { key: 'serial', label: t('eq.serial'), sort: 'serial', render: (r) => <span className="mono">{r.serial ?? dash}</span> },
    { key: 'location', label: t('eq.location'), sort: 'location', render: (r) => <span data-testid="eq-cell-location">{location(r)}</span> },
    { key: 'owner', label: t('eq.ownerLabel'), sort: 'owner', render: (r) => <span data-testid="eq-cell-owner">{ownerText(r)}</span> },
    { key: 'assignment', label: t('eq.assignment'), render: (r) => <span data-testid="eq-cell-assignment">{assignmentText(r.assignment)}</span> },
    { key: 'actions', label: '', render: (r) => (!r.assignment && can('inventory.allocate') && r.kind !== 'part'
      ? <button type="button" className="link-button" data-testid="eq-assign" onClick={() => setAssigning(r)}>{t('eq.assign')}</button> : null) },
  ];

  return (
    <section className="page">
      <div className="page-head">
        <div><h1>{t('eq.title')}</h1><p className="page-sub">{t('eq.subtitle')}</p></div>
        {can('inventory.manage') ? (
          <div className="form-actions">
            <a className="btn" href="#/inventory-import" data-testid="eq-import-link">{t('nav.inventoryImport')}</a>
            <button type="button" className="btn btn-primary" data-testid="eq-new" onClick={() => setCreating(true)}>{t('eq.new')}</button>
          </div>
        ) : null}
      </div>
      <div className="toolbar" style={{ flexWrap: 'wrap' }}>
        <SearchBox list={list as never} id="eq-q" label={t('eq.search')} testId="eq-search" />
        <label style={{ flex: '0 0 auto', margin: 0 }} htmlFor="eq-f-kind">{t('eq.kind')}</label>
        <select id="eq-f-kind" value={String(list.filters.kind ?? '')} onChange={(e) => list.setFilter('kind', e.target.value || null)} data-testid="eq-filter-kind" style={{ width: 'auto', flex: '0 0 auto' }}>
          <option value="">{t('eq.all')}</option>
          {KINDS.map((k) => <option key={k} value={k}>{t(`eq.kind.${k}`)}</option>)}
        </select>
        <label style={{ flex: '0 0 auto', margin: 0 }} htmlFor="eq-f-site">{t('inv.site')}</label>
        <select id="eq-f-site" value={String(list.filters.siteId ?? '')} onChange={(e) => list.setFilter('siteId', e.target.value || null)} data-testid="eq-filter-site" style={{ width: 'auto', flex: '0 0 auto' }}>
          <option value="">{t('eq.all')}</option>
          {sites.map((s) => <option key={s.id} value={s.id}>{`${s.code} — ${s.name}`}</option>)}
        </select>
        <label style={{ flex: '0 0 auto', margin: 0 }} htmlFor="eq-f-owner">{t('eq.ownerLabel')}</label>
        <select id="eq-f-owner" value={String(list.filters.owner ?? '')} onChange={(e) => list.setFilter('owner', e.target.value || null)} data-testid="eq-filter-owner" style={{ width: 'auto', flex: '0 0 auto' }}>
          <option value="">{t('eq.all')}</option>
          {OWNERS.map((o) => <option key={o} value={o}>{t(`eq.owner.${o}`)}</option>)}
        </select>
      </div>
      <ListTable list={list} columns={columns} rowKey={(r) => r.id} rowTestId="eq-row" testId="eq-table" empty={t('eq.empty')} caption={t('eq.title')} />
      {creating ? <EquipmentForm sites={sites} onClose={() => setCreating(false)} onSaved={() => { setCreating(false); load(); }} /> : null}
      {assigning ? <AssignForm row={assigning} onClose={() => setAssigning(null)} onSaved={() => { setAssigning(null); load(); }} /> : null}
    </section>
  );
}

/** New equipment: what it is, where it stands (rack and units, or stock), who owns it, what project it serves. */
function EquipmentForm({ sites, onClose, onSaved }: { sites: Site[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [f, setF] = useState({ kind: 'server', model: '', serial: '', cpuCores: '', ramGb: '', quantity: '1', siteId: '', rackId: '', uFrom: '', uHeight: '1', owner: 'us', ownerCompanyId: '', paidOffOn: '', project: '' });
  const [racks, setRacks] = useState<Rack[]>([]);
  const [ownerCompany, setOwnerCompany] = useState<Picked | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((o) => ({ ...o, [k]: e.target.value }));

  useEffect(() => {
    if (!f.siteId) { setRacks([]); return; }
    api<{ items: Rack[] }>('GET', `/racks${qs({ siteId: f.siteId })}`).then((r) => setRacks(r.items)).catch(() => setRacks([]));
  }, [f.siteId]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true); setErrors({}); setBanner(null);
    const num = (v: string) => (v.trim() === '' ? null : Number(v));
    const inRack = f.rackId !== '';
    const body = {
      kind: f.kind, model: f.model, serial: f.serial || null, cpuCores: num(f.cpuCores), ramGb: num(f.ramGb),
      quantity: f.kind === 'part' ? num(f.quantity) ?? 1 : 1,
      siteId: f.siteId || null, rackId: inRack ? f.rackId : null, uFrom: inRack ? num(f.uFrom) : null, uHeight: inRack ? num(f.uHeight) : null,
      owner: f.owner, ownerCompanyId: f.owner === 'us' ? null : f.ownerCompanyId || null, paidOffOn: f.owner === 'supplier' ? f.paidOffOn || null : null,
      project: f.project || null,
    };
    try {
      await api('POST', '/equipment', body);
      toast.success(t('eq.created'));
      onSaved();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setBanner(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={t('eq.new')} onClose={onClose} wide testId="eq-form">
      <form onSubmit={(e) => void submit(e)} noValidate>
        {banner ? <Banner kind="error" testId="eq-form-error">{banner}</Banner> : null}
        <div className="form-grid">
          <Field id="eq-kind" label={t('eq.kind')} required error={errors.kind}>
            <select id="eq-kind" data-testid="eq-kind" value={f.kind} onChange={set('kind')}>
              {KINDS.map((k) => <option key={k} value={k}>{t(`eq.kind.${k}`)}</option>)}
            </select>
          </Field>
          <Field id="eq-model" label={t('eq.model')} required error={errors.model}>
            <input id="eq-model" data-testid="eq-model" value={f.model} onChange={set('model')} />
          </Field>
          <Field id="eq-serial" label={t('eq.serial')} error={errors.serial}>
            <input id="eq-serial" data-testid="eq-serial" value={f.serial} onChange={set('serial')} />
          </Field>
          {f.kind === 'part' ? (
            <Field id="eq-quantity" label={t('eq.quantity')} error={errors.quantity}>
              <input id="eq-quantity" type="number" min={0} data-testid="eq-quantity" value={f.quantity} onChange={set('quantity')} />
            </Field>
          ) : (
            <>
              <Field id="eq-cores" label={t('eq.cpuCores')} error={errors.cpuCores}>
                <input id="eq-cores" type="number" min={1} data-testid="eq-cores" value={f.cpuCores} onChange={set('cpuCores')} />
              </Field>
              <Field id="eq-ram" label={t('eq.ramGb')} error={errors.ramGb}>
                <input id="eq-ram" type="number" min={1} data-testid="eq-ram" value={f.ramGb} onChange={set('ramGb')} />
              </Field>
            </>
          )}
          <Field id="eq-site" label={t('inv.site')} error={errors.siteId}>
            <select id="eq-site" data-testid="eq-site" value={f.siteId} onChange={(e) => setF((o) => ({ ...o, siteId: e.target.value, rackId: '' }))}>
              <option value="">{dash}</option>
              {sites.map((s) => <option key={s.id} value={s.id}>{`${s.code} — ${s.name}`}</option>)}
            </select>
          </Field>
          <Field id="eq-rack" label={t('eq.rack')} error={errors.rackId} hint={t('eq.rackHint')}>
            <select id="eq-rack" data-testid="eq-rack" value={f.rackId} onChange={set('rackId')} disabled={f.kind === 'part'}>
              <option value="">{t('eq.stock')}</option>
              {racks.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
            </select>
          </Field>
          {f.rackId ? (
            <>
              <Field id="eq-ufrom" label={t('eq.uFrom')} required error={errors.uFrom}>
                <input id="eq-ufrom" type="number" min={1} data-testid="eq-ufrom" value={f.uFrom} onChange={set('uFrom')} />
              </Field>
              <Field id="eq-uheight" label={t('eq.uHeight')} required error={errors.uHeight}>
                <input id="eq-uheight" type="number" min={1} data-testid="eq-uheight" value={f.uHeight} onChange={set('uHeight')} />
              </Field>
            </>
          ) : null}
          <OwnerFields prefix="eq" owner={f.owner} company={ownerCompany} errors={errors}
            onChange={(owner, p) => { setOwnerCompany(p); setF((o) => ({ ...o, owner, ownerCompanyId: p?.id ?? '' })); }} />
          {f.owner === 'supplier' ? (
            <Field id="eq-paid-off" label={t('eq.paidOffOn')} error={errors.paidOffOn}>
              <input id="eq-paid-off" type="date" data-testid="eq-paid-off" value={f.paidOffOn} onChange={set('paidOffOn')} />
            </Field>
          ) : null}
          <Field id="eq-project" label={t('eq.project')} error={errors.project} wide>
            <input id="eq-project" data-testid="eq-project" value={f.project} onChange={set('project')} />
          </Field>
        </div>
        <FormActions onCancel={onClose} testId="eq-save" busy={busy} />
      </form>
    </Modal>
  );
}

/** Assigns a free piece of equipment to a service, client or project (an allocation). */
function AssignForm({ row, onClose, onSaved }: { row: RegisterRow; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [assignedKind, setKind] = useState<string>('service');
  const [assignedRef, setRef] = useState('');
  const [banner, setBanner] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('POST', '/allocations', { target: { resource: 'equipment', equipmentId: row.id }, assignedKind, assignedRef });
      toast.success(t('eq.assignedToast'));
      onSaved();
    } catch (err) {
      setBanner(errorText(err, t));
    }
  }

  return (
    <Modal title={`${t('eq.assign')}: ${row.model}${row.serial ? ` · ${row.serial}` : ''}`} onClose={onClose} testId="eq-assign-form">
      <form onSubmit={(e) => void submit(e)} noValidate>
        {banner ? <Banner kind="error">{banner}</Banner> : null}
        <div className="form-grid">
          <Field id="eq-as-kind" label={t('eq.assignment')} required>
            <select id="eq-as-kind" data-testid="eq-as-kind" value={assignedKind} onChange={(e) => setKind(e.target.value)}>
              {ASSIGNED_KINDS.map((k) => <option key={k} value={k}>{t(`eq.assigned.${k}`)}</option>)}
            </select>
          </Field>
          <Field id="eq-as-ref" label={t('eq.assignedRef')} required>
            <input id="eq-as-ref" data-testid="eq-as-ref" value={assignedRef} onChange={(e) => setRef(e.target.value)} />
          </Field>
        </div>
        <FormActions onCancel={onClose} testId="eq-as-save" />
      </form>
    </Modal>
  );
}

/** Import of one kind of inventory from CSV or XLSX: all or nothing, line-numbered errors or the created count. */
export function InventoryImportPage() {
  const { t, lang } = useI18n();
  const [kind, setKind] = useState<string>('equipment');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<number | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  async function send() {
    setCreated(null); setBanner(null); setProblems([]);
    if (!file) { setBanner(t('imp.pickFile')); return; }
    setBusy(true);
    try {
      const r = await upload<{ created: number }>(`/inventory/import/${kind}${qs({ fileName: file.name })}`, file, lang);
      setCreated(r.created);
    } catch (e) {
      setBanner(errorText(e, t));
      setProblems(importProblems(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="page">
      <div className="page-head"><div><h1>{t('imp.title')}</h1><p className="page-sub">{t('imp.subtitle')}</p></div></div>
      <div className="card form-card">
        <div className="form-grid">
          <Field id="imp-kind" label={t('imp.kind')} required hint={t(`imp.columns.${kind}`)}>
            <select id="imp-kind" data-testid="imp-kind" value={kind} onChange={(e) => { setKind(e.target.value); setCreated(null); setProblems([]); setBanner(null); }}>
              {IMPORT_KINDS.map((k) => <option key={k} value={k}>{t(`imp.kind.${k}`)}</option>)}
            </select>
          </Field>
          <Field id="imp-file" label={t('imp.file')} required>
            <input id="imp-file" type="file" accept=".csv,.xlsx" data-testid="imp-file" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setCreated(null); setProblems([]); setBanner(null); }} />
          </Field>
        </div>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" data-testid="imp-submit" disabled={busy} onClick={() => void send()}>{t('imp.submit')}</button>
        </div>
      </div>
      {created !== null ? <Banner kind="info" testId="imp-created">{t('imp.created', { count: created })}</Banner> : null}
      {banner ? (
        <Banner kind="error" testId="imp-errors">
          {problems.length ? <>{t('imp.errorsTitle')}<ul>{problems.map((p, i) => <li key={i} data-testid="imp-error">{p}</li>)}</ul></> : banner}
        </Banner>
      ) : null}
    </section>
  );
}
