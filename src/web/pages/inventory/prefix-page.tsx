import { useState } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { useConfirm } from '../../components/confirm.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { CompanyPicker, type Picked } from '../../components/async-picker.tsx';
import { api, qs } from '../../lib/api.ts';
import { dash } from '../../lib/format.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { companyOf, useWhomText, type WhomFields } from './rack-picture.tsx';

interface PrefixAllocation extends WhomFields { id: string; net: string; state: string; cooldownUntil: string | null }
interface PrefixDetail {
  prefix: { id: string; siteId: string | null; prefix: string; pool: string; description: string | null };
  family: number; size: string; usable: string; used: string; free: string; reserved: string[];
  nextFree: string | null; nextSubnet: { length: number; block: string | null }; allocations: PrefixAllocation[];
}
const ASSIGN_KINDS = ['project', 'client', 'service'] as const;

/**
 * One prefix (as NetBox users know it): its addresses with whom each is for, the counts (network and
 * broadcast of IPv4 shorter than /31 are neither free nor used), «next free IP», «next free /N», a chosen
 * address, and the release of what is assigned.
 */
export function PrefixPage({ id, canAllocate }: { id: string; canAllocate: boolean }) {
  const { t } = useI18n();
  const toast = useToast();
  const { confirm, dialog } = useConfirm();
  const whomText = useWhomText();
  const [length, setLength] = useState('');
  const detail = useData(() => api<PrefixDetail>('GET', `/ip-prefixes/${id}${qs({ length: length || undefined })}`), [id, length]);
  const [company, setCompany] = useState<Picked | null>(null);
  const [f, setF] = useState({ mode: 'assign', kind: 'project', ref: '', companyId: '', address: '' });
  const whomBody = () => (f.mode === 'hold' ? { companyId: f.companyId } : { assignedKind: f.kind, assignedRef: f.kind === 'client' ? f.companyId : f.ref });
  const done = (a: { net: string }) => { toast.success(t('tech.prefix.allocated', { net: a.net })); detail.reload(); };
  const next = useSubmit(async (len?: number) => done(await api<{ net: string }>('POST', '/ip/next', { prefix: id, mode: f.mode, ...(len ? { length: len } : {}), ...whomBody() })));
  const chosen = useSubmit(async () => {
    const target = { resource: 'ip', prefixId: id, address: f.address.trim() };
    done(await api<{ net: string }>('POST', f.mode === 'hold' ? '/allocations/holds' : '/allocations', { target, ...whomBody() }));
  });
  const act = useSubmit(async (path: string, body?: unknown) => { await api('POST', path, body); toast.success(t('tech.prefix.changed')); detail.reload(); });

  if (detail.error && !detail.data) return <section className="page"><Banner kind="error">{detail.error}</Banner></section>;
  if (!detail.data) return <section className="page"><Spinner label={t('common.loading')} /></section>;
  const d = detail.data;
  const banner = next.banner ?? chosen.banner ?? act.banner;
  const subnetLen = Number(length || d.nextSubnet.length);

  async function release(a: PrefixAllocation) {
    if (!await confirm({ title: t('tech.release.title', { net: a.net }), text: t('tech.release.text'), confirmLabel: t('tech.release.do'), danger: true })) return;
    await act.run(`/allocations/${a.id}/release`, { reason: t('tech.release.reason') });
  }
  async function cancel(a: PrefixAllocation) {
    if (!await confirm({ title: t('tech.cancelHold.title', { net: a.net }), text: t('tech.cancelHold.text'), confirmLabel: t('tech.cancelHold.do'), danger: true })) return;
    await act.run(`/allocations/${a.id}/cancel`);
  }

  return (
    <section className="page" data-testid="prefix-page">
      <div className="page-head">
        <div><h1 className="mono">{d.prefix.prefix}</h1><p className="page-sub">{t('inv.pool')}: {d.prefix.pool}{d.prefix.description ? ` · ${d.prefix.description}` : ''}</p></div>
        <a className="btn" href="#/inventory">{t('tech.backToInventory')}</a>
      </div>
      {banner ? <Banner kind="error" testId="prefix-error">{banner}</Banner> : null}
      <div className="card capacity-panel" data-testid="prefix-counts">
        {t('tech.prefix.counts', { size: d.size, usable: d.usable, used: d.used, free: d.free })}
        {d.reserved.length ? <div className="small muted">{t('tech.prefix.reserved', { network: d.reserved[0]!, broadcast: d.reserved[1]! })}</div> : null}
      </div>
      {canAllocate ? (
        <div className="card form-card" data-testid="prefix-allocate">
          <h2 className="section-title">{t('tech.prefix.allocate')}</h2>
          <div className="form-grid">
            <Field id="pa-mode" label={t('tech.prefix.mode')}>
              <select id="pa-mode" value={f.mode} onChange={(e) => setF({ ...f, mode: e.target.value })} data-testid="pa-mode">
                <option value="assign">{t('tech.prefix.mode.assign')}</option><option value="hold">{t('tech.prefix.mode.hold')}</option>
              </select>
            </Field>
            {f.mode === 'assign' ? (
              <Field id="pa-kind" label={t('tech.prefix.kind')}>
                <select id="pa-kind" value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value })} data-testid="pa-kind">
                  {ASSIGN_KINDS.map((k) => <option key={k} value={k}>{t(`eq.assigned.${k}`)}</option>)}
                </select>
              </Field>
            ) : null}
            {f.mode === 'hold' || f.kind === 'client' ? (
              <Field id="pa-company" label={t('feas.company')} error={next.fieldErrors.companyId ?? next.fieldErrors.assignedRef}>
                <CompanyPicker id="pa-company" label={t('feas.company')} value={company} testId="pa-company"
                  onChange={(c) => { setCompany(c); setF({ ...f, companyId: c?.id ?? '' }); }} />
              </Field>
            ) : (
              <Field id="pa-ref" label={t(`tech.prefix.ref.${f.kind}`)} error={next.fieldErrors.assignedRef}>
                <input id="pa-ref" value={f.ref} onChange={(e) => setF({ ...f, ref: e.target.value })} data-testid="pa-ref" />
              </Field>
            )}
          </div>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" disabled={next.busy || !d.nextFree} onClick={() => void next.run()} data-testid="prefix-next-ip">
              {t('tech.prefix.nextIp', { ip: d.nextFree ?? dash })}
            </button>
            <label htmlFor="pa-length" className="small">{t('tech.prefix.length')}</label>
            <input id="pa-length" className="input-narrow" type="number" min={Number(d.prefix.prefix.split('/')[1])} max={d.family === 4 ? 32 : 128} value={length || String(d.nextSubnet.length)}
              onChange={(e) => setLength(e.target.value)} data-testid="pa-length" style={{ width: 80 }} />
            <button type="button" className="btn" disabled={next.busy || !d.nextSubnet.block} onClick={() => void next.run(subnetLen)} data-testid="prefix-next-subnet">
              {t('tech.prefix.nextSubnet', { n: subnetLen, block: d.nextSubnet.block ?? dash })}
            </button>
          </div>
          <div className="form-actions">
            <label htmlFor="pa-address" className="small">{t('tech.prefix.address')}</label>
            <input id="pa-address" value={f.address} onChange={(e) => setF({ ...f, address: e.target.value })} placeholder={d.nextFree ?? ''} data-testid="pa-address" style={{ width: 200 }} />
            <button type="button" className="btn" disabled={chosen.busy || !f.address.trim()} onClick={() => void chosen.run()} data-testid="prefix-allocate-address">{t('tech.prefix.allocateAddress')}</button>
          </div>
        </div>
      ) : null}
      <h2 className="section-title">{t('tech.prefix.addresses')}</h2>
      <div className="card table-card">
        {d.allocations.length === 0 ? <div className="empty">{t('tech.prefix.noAddresses')}</div> : (
          <div className="table-scroll" role="region" aria-label={t('tech.prefix.addresses')} tabIndex={0}>
            <table className="table" data-testid="prefix-addresses">
              <thead><tr><th>{t('tech.col.address')}</th><th>{t('feas.status')}</th><th>{t('tech.col.whom')}</th><th /></tr></thead>
              <tbody>
                {d.allocations.map((a) => {
                  const company = companyOf(a);
                  return (
                    <tr key={a.id} data-testid="prefix-address-row">
                      <td className="mono">{a.net}</td>
                      <td>{t(`tech.state.${a.state}`)}</td>
                      <td>{company ? <a href={`#/companies/${company}`}>{whomText(a, a.state)}</a> : whomText(a, a.state)}</td>
                      <td className="actions">
                        {canAllocate && a.state === 'assigned' ? <button type="button" className="btn btn-sm" onClick={() => void release(a)} data-testid="prefix-release">{t('tech.release.do')}</button> : null}
                        {canAllocate && a.state === 'held' ? <button type="button" className="btn btn-sm" onClick={() => void cancel(a)} data-testid="prefix-cancel-hold">{t('tech.cancelHold.do')}</button> : null}
                        {canAllocate && a.state === 'releasing' ? <button type="button" className="btn btn-sm" onClick={() => void act.run(`/allocations/${a.id}/confirm-release`)} data-testid="prefix-confirm-release">{t('tech.confirmRelease')}</button> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {dialog}
    </section>
  );
}
