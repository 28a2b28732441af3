import { useEffect, useState, type FormEvent } from 'react';
import type { Picked } from '../../components/async-picker.tsx';
import { useConfirm } from '../../components/confirm.tsx';
import { Banner, Field } from '../../components/field.tsx';
import { FormActions, Modal } from '../../components/modal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs } from '../../lib/api.ts';
import { dash } from '../../lib/format.ts';
import { useSubmit } from '../../lib/hooks.ts';
import { OwnerFields } from './owner-fields.tsx';

export interface EditableUnit {
  id: string; kind: string; model: string; serial: string | null; siteId: string | null; rackId: string | null; uFrom: number | null; uHeight: number | null;
  owner: string; ownerCompanyId: string | null; status: string; project: string | null;
}
interface Site { id: string; code: string; name: string }
interface Rack { id: string; name: string; units: number }
type Face = 'front' | 'rear' | 'both';

const STATUSES = ['in_service', 'spare', 'repair', 'retired'] as const;
const FACES: Face[] = ['both', 'front', 'rear'];

/**
 * Facilities edit a unit on its card: owner, status, project, and where it stands (a rack and units, or
 * stock). Only what changed is sent (PATCH); the server's allocation guards decide a move and their refusal
 * (the units are taken, by whom) shows next to the location. A move to another rack asks first.
 */
export function EquipmentEditForm({ unit, face, ownerName, ownerLocked, onClose, onSaved }: {
  unit: EditableUnit; face: Face; ownerName: string | null; ownerLocked: string | null; onClose: () => void; onSaved: () => void;
}) {
  const { t } = useI18n();
  const { confirm, dialog } = useConfirm();
  const str = (n: number | null) => (n === null ? '' : String(n));
  const initial = {
    owner: unit.owner, ownerCompanyId: unit.ownerCompanyId ?? '', status: unit.status, project: unit.project ?? '',
    place: unit.rackId ? 'rack' : 'stock', siteId: unit.siteId ?? '', rackId: unit.rackId ?? '', uFrom: str(unit.uFrom), uHeight: str(unit.uHeight ?? 1), face,
  };
  const [f, setF] = useState(initial);
  const [reason, setReason] = useState('');
  const [ownerCompany, setOwnerCompany] = useState<Picked | null>(unit.ownerCompanyId ? { id: unit.ownerCompanyId, label: ownerName ?? unit.ownerCompanyId } : null);
  const [sites, setSites] = useState<Site[]>([]);
  const [racks, setRacks] = useState<Rack[]>([]);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((o) => ({ ...o, [k]: e.target.value }));

  useEffect(() => { api<{ items: Site[] }>('GET', '/sites').then((r) => setSites(r.items)).catch(() => setSites([])); }, []);
  useEffect(() => {
    if (!f.siteId) { setRacks([]); return; }
    api<{ items: Rack[] }>('GET', `/racks${qs({ siteId: f.siteId })}`).then((r) => setRacks(r.items)).catch(() => setRacks([]));
  }, [f.siteId]);

  const body = () => {
    const out: Record<string, unknown> = {};
    if (f.owner !== initial.owner || f.ownerCompanyId !== initial.ownerCompanyId) {
      out.owner = f.owner;
      out.ownerCompanyId = f.owner === 'us' ? null : f.ownerCompanyId || null;
    }
    if (f.status !== initial.status) out.status = f.status;
    if (f.project.trim() !== initial.project) out.project = f.project.trim() || null;
    const moved = ['place', 'siteId', 'rackId', 'uFrom', 'uHeight', 'face'].some((k) => f[k as keyof typeof f] !== initial[k as keyof typeof initial]);
    if (moved) {
      out.location = f.place === 'stock'
        ? { stock: true, siteId: f.siteId || null }
        : { rackId: f.rackId, uFrom: Number(f.uFrom), uHeight: Number(f.uHeight || '1'), face: f.face };
    }
    if (reason.trim()) out.reason = reason.trim();
    return out;
  };
  const save = useSubmit((b: Record<string, unknown>) => api('PATCH', `/equipment/${unit.id}`, b), { success: t('eq.saved'), onDone: onSaved });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const b = body();
    if (Object.keys(b).length === 0 || (Object.keys(b).length === 1 && 'reason' in b)) { onClose(); return; }
    const loc = b.location as { rackId?: string } | undefined;
    if (loc?.rackId && unit.rackId && loc.rackId !== unit.rackId) {
      const to = racks.find((r) => r.id === loc.rackId)?.name ?? dash;
      const ok = await confirm({
        title: t('eq.moveConfirm.title'),
        text: t('eq.moveConfirm.text', { name: [unit.model, unit.serial].filter(Boolean).join(' '), to, units: unitsText(Number(f.uFrom), Number(f.uHeight || '1')) }),
        confirmLabel: t('eq.moveConfirm.yes'),
      });
      if (!ok) return;
    }
    await save.run(b);
  }

  const errors = save.fieldErrors;
  const locationError = errors.location;
  return (
    <Modal title={t('eq.editTitle', { name: [unit.model, unit.serial].filter(Boolean).join(' · ') })} onClose={onClose} wide testId="eq-edit-form">
      <form onSubmit={(e) => void submit(e)} noValidate>
        {save.banner && !locationError ? <Banner kind="error" testId="eq-edit-error">{save.banner}</Banner> : null}
        <div className="form-grid">
          <OwnerFields prefix="eqe" owner={f.owner} company={ownerCompany} errors={errors} locked={ownerLocked}
            onChange={(owner, p) => { setOwnerCompany(p); setF((o) => ({ ...o, owner, ownerCompanyId: p?.id ?? '' })); }} />
          <Field id="eqe-status" label={t('eq.status')} error={errors.status}>
            <select id="eqe-status" data-testid="eqe-status" value={f.status} onChange={set('status')}>
              {STATUSES.map((s) => <option key={s} value={s}>{t(`eq.status.${s}`)}</option>)}
            </select>
          </Field>
          <Field id="eqe-project" label={t('eq.project')} error={errors.project} hint={t('eq.projectHint')}>
            <input id="eqe-project" data-testid="eqe-project" value={f.project} onChange={set('project')} />
          </Field>
        </div>
        <fieldset className="form-grid" data-testid="eqe-location">
          <legend>{t('eq.location')}</legend>
          <Field id="eqe-place" label={t('eq.place')}>
            <select id="eqe-place" data-testid="eqe-place" value={f.place} onChange={set('place')} disabled={unit.kind === 'part'}>
              <option value="rack">{t('eq.place.rack')}</option>
              <option value="stock">{t('eq.place.stock')}</option>
            </select>
          </Field>
          <Field id="eqe-site" label={t('inv.site')}>
            <select id="eqe-site" data-testid="eqe-site" value={f.siteId} onChange={(e) => setF((o) => ({ ...o, siteId: e.target.value, rackId: '' }))}>
              <option value="">{dash}</option>
              {sites.map((s) => <option key={s.id} value={s.id}>{`${s.code} — ${s.name}`}</option>)}
            </select>
          </Field>
          {f.place === 'rack' ? (
            <>
              <Field id="eqe-rack" label={t('eq.rack')} required>
                <select id="eqe-rack" data-testid="eqe-rack" value={f.rackId} onChange={set('rackId')}>
                  <option value="">{dash}</option>
                  {racks.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
                </select>
              </Field>
              <Field id="eqe-ufrom" label={t('eq.uFrom')} required error={locationError}>
                <input id="eqe-ufrom" type="number" min={1} data-testid="eqe-ufrom" value={f.uFrom} onChange={set('uFrom')} aria-invalid={locationError ? true : undefined} />
              </Field>
              <Field id="eqe-uheight" label={t('eq.uHeight')} required>
                <input id="eqe-uheight" type="number" min={1} data-testid="eqe-uheight" value={f.uHeight} onChange={set('uHeight')} />
              </Field>
              <Field id="eqe-face" label={t('eq.face')}>
                <select id="eqe-face" data-testid="eqe-face" value={f.face} onChange={set('face')}>
                  {FACES.map((x) => <option key={x} value={x}>{t(`tech.face.${x}`)}</option>)}
                </select>
              </Field>
            </>
          ) : locationError ? <Banner kind="error">{locationError}</Banner> : null}
        </fieldset>
        <div className="form-grid">
          <Field id="eqe-reason" label={t('eq.reason')} wide>
            <input id="eqe-reason" data-testid="eqe-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
        </div>
        <FormActions onCancel={onClose} busy={save.busy} testId="eqe-submit" />
      </form>
      {dialog}
    </Modal>
  );
}

export const unitsText = (from: number, height: number) => (height > 1 ? `${from}–${from + height - 1}` : String(from));
