import { useState } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { fmtDate } from '../../lib/format.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { paramsText, rub } from '../../lib/quoting.ts';
import { serviceKinds, type ServiceKind } from '../../../domain/catalog/service-kinds.ts';
import { paramTitle, serviceParams } from '../../../domain/catalog/service-params.ts';
import { ImportCard } from './marketing-lib.tsx';

export interface CompetitorOffer {
  id: string; competitor: string; observedOn: string; sourceUrl: string; serviceKind: ServiceKind; siteId: string; siteName: string; locationNote: string | null;
  params: Record<string, unknown>; monthlyPrice: string; monthlyNet: string; setupFee: string; vatIncluded: boolean; stale: boolean;
}
interface Site { id: string; code: string; name: string }

/** The competitors screen: competitor offers (stale ones flagged), a form for one offer, a file upload, the comparison settings. */
export function CompetitorsPage({ canWrite }: { canWrite: boolean }) {
  const { t, lang } = useI18n();
  const [kind, setKind] = useState('');
  const { data, error, reload } = useData(() => api<{ items: CompetitorOffer[]; settings: { staleDays: number; tolerancePct: number } }>('GET', `/marketing/competitor-offers${kind ? `?serviceKind=${kind}` : ''}`), [kind]);
  return (
    <section className="page">
      <div className="page-head"><div><h1>{t('mkt.competitors.title')}</h1><p className="page-sub">{t('mkt.competitors.sub')}</p></div></div>
      {canWrite ? <OfferForm onDone={reload} /> : null}
      {canWrite ? <ImportCard path="/marketing/competitor-offers/import" label={t('mkt.importFile')} hint={t('mkt.importHint')} testId="mkt-import" onDone={reload} /> : null}
      <div className="toolbar" style={{ marginTop: 16 }}>
        <label>{t('mkt.kind')}{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="mkt-kind-filter">
            <option value="">{t('mkt.all')}</option>
            {serviceKinds.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
          </select>
        </label>
        {data ? <span className="muted small">{t('mkt.staleHint', { days: data.settings.staleDays })}</span> : null}
      </div>
      {error ? <Banner kind="error">{error}</Banner> : !data ? <Spinner label={t('common.loading')} /> : data.items.length === 0 ? <div className="card empty">{t('mkt.none')}</div> : (
        <div className="card table-card" tabIndex={0} role="region" aria-label={t('mkt.competitors.title')}>
          <table className="table" data-testid="mkt-offers">
            <thead><tr><th>{t('mkt.observedOn')}</th><th>{t('mkt.competitor')}</th><th>{t('mkt.kind')}</th><th>{t('mkt.site')}</th><th>{t('mkt.params')}</th><th className="num">{t('mkt.monthly')}</th><th className="num">{t('mkt.net')}</th><th className="num">{t('mkt.setup')}</th><th /></tr></thead>
            <tbody>
              {data.items.map((o) => (
                <tr key={o.id} data-testid="mkt-offer-row" className={o.stale ? 'muted' : undefined}>
                  <td>{fmtDate(o.observedOn, lang)}</td>
                  <td><a href={o.sourceUrl} target="_blank" rel="noopener noreferrer nofollow">{o.competitor}</a></td>
                  <td>{t(`kind.${o.serviceKind}`)}</td>
                  <td>{o.siteName}{o.locationNote ? <div className="muted small">{o.locationNote}</div> : null}</td>
                  <td className="small">{paramsText(o.serviceKind, o.params, lang)}</td>
                  <td className="num">{rub(o.monthlyPrice, lang)}</td>
                  <td className="num">{rub(o.monthlyNet, lang)}</td>
                  <td className="num">{rub(o.setupFee, lang)}</td>
                  <td><span className={`status ${o.stale ? 'status-none' : 'status-granted'}`} data-testid={o.stale ? 'mkt-stale' : 'mkt-fresh'}>{o.stale ? t('mkt.stale') : t('mkt.fresh')}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite && data ? <SettingsForm initial={data.settings} onDone={reload} /> : null}
    </section>
  );
}

function OfferForm({ onDone }: { onDone: () => void }) {
  const { t, lang } = useI18n();
  const sites = useData(() => api<Site[] | { items: Site[] }>('GET', '/sites').then((r) => (Array.isArray(r) ? r : r.items)), []);
  const empty = { competitor: '', observedOn: new Date().toISOString().slice(0, 10), sourceUrl: '', siteCode: '', locationNote: '', monthlyPrice: '', setupFee: '0' };
  const [f, setF] = useState(empty);
  const [kind, setKind] = useState<ServiceKind>('vps');
  const [vat, setVat] = useState(true);
  const [params, setParams] = useState<Record<string, string>>({});
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = useSubmit(() => api('POST', '/marketing/competitor-offers', {
    ...f, serviceKind: kind, vatIncluded: vat, locationNote: f.locationNote || null,
    params: Object.fromEntries(Object.entries(params).filter(([, v]) => v.trim() !== '')),
    monthlyPrice: f.monthlyPrice, setupFee: f.setupFee || '0',
  }), { success: t('mkt.added'), onDone: () => { setF(empty); setParams({}); onDone(); } });
  const err = (k: string) => submit.fieldErrors[k];
  const siteList = sites.data ?? [];
  return (
    <form className="card form-card" onSubmit={submit.onSubmit} data-testid="mkt-offer-form">
      <h2>{t('mkt.add')}</h2>
      {submit.banner ? <Banner kind="error">{submit.banner}</Banner> : null}
      <div className="form-grid">
        <Field id="mo-competitor" label={t('mkt.competitor')} required error={err('competitor')}><input id="mo-competitor" value={f.competitor} onChange={set('competitor')} data-testid="mo-competitor" /></Field>
        <Field id="mo-date" label={t('mkt.observedOn')} required error={err('observedOn')}><input id="mo-date" type="date" value={f.observedOn} onChange={set('observedOn')} data-testid="mo-date" /></Field>
        <Field id="mo-url" label={t('mkt.sourceUrl')} required error={err('sourceUrl')} wide><input id="mo-url" value={f.sourceUrl} onChange={set('sourceUrl')} data-testid="mo-url" placeholder="https://" /></Field>
        <Field id="mo-kind" label={t('mkt.kind')} required>
          <select id="mo-kind" value={kind} onChange={(e) => { setKind(e.target.value as ServiceKind); setParams({}); }} data-testid="mo-kind">
            {serviceKinds.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
          </select>
        </Field>
        <Field id="mo-site" label={t('mkt.site')} required error={err('siteCode')}>
          <select id="mo-site" value={f.siteCode} onChange={set('siteCode')} data-testid="mo-site">
            <option value="" />
            {siteList.map((s) => <option key={s.id} value={s.code}>{s.name} ({s.code})</option>)}
          </select>
        </Field>
        <Field id="mo-where" label={t('mkt.locationNote')} error={err('locationNote')}><input id="mo-where" value={f.locationNote} onChange={set('locationNote')} /></Field>
        {serviceParams[kind].map((p) => (
          <Field key={p.key} id={`mo-p-${p.key}`} label={paramTitle(p, lang)} error={submit.fieldErrors[`params.${p.key}`] ?? submit.fieldErrors.params}>
            <input id={`mo-p-${p.key}`} value={params[p.key] ?? ''} inputMode={p.type === 'text' ? 'text' : 'decimal'} onChange={(e) => setParams({ ...params, [p.key]: e.target.value })} data-testid={`mo-p-${p.key}`} />
          </Field>
        ))}
        <Field id="mo-monthly" label={t('mkt.monthly')} required error={err('monthlyPrice')}><input id="mo-monthly" value={f.monthlyPrice} onChange={set('monthlyPrice')} inputMode="decimal" data-testid="mo-monthly" /></Field>
        <Field id="mo-setup" label={t('mkt.setup')} error={err('setupFee')}><input id="mo-setup" value={f.setupFee} onChange={set('setupFee')} inputMode="decimal" /></Field>
        <Field id="mo-vat" label={t('mkt.vatIncluded')}><input id="mo-vat" type="checkbox" checked={vat} onChange={(e) => setVat(e.target.checked)} /></Field>
      </div>
      <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={submit.busy} data-testid="mo-save">{t('mkt.add')}</button></div>
    </form>
  );
}

function SettingsForm({ initial, onDone }: { initial: { staleDays: number; tolerancePct: number }; onDone: () => void }) {
  const { t } = useI18n();
  const [days, setDays] = useState(String(initial.staleDays));
  const [tol, setTol] = useState(String(initial.tolerancePct));
  const submit = useSubmit(() => api('PUT', '/marketing/settings', { staleDays: Number(days), tolerancePct: Number(tol) }), { success: t('mkt.saved'), onDone });
  return (
    <form className="card form-card" onSubmit={submit.onSubmit} style={{ marginTop: 16 }}>
      <h2>{t('mkt.settings')}</h2>
      {submit.banner ? <Banner kind="error">{submit.banner}</Banner> : null}
      <div className="form-grid">
        <Field id="ms-days" label={t('mkt.staleDays')} error={submit.fieldErrors.staleDays}><input id="ms-days" type="number" min={1} value={days} onChange={(e) => setDays(e.target.value)} data-testid="ms-days" /></Field>
        <Field id="ms-tol" label={t('mkt.tolerance')} error={submit.fieldErrors.tolerancePct}><input id="ms-tol" type="number" min={0} max={100} value={tol} onChange={(e) => setTol(e.target.value)} /></Field>
      </div>
      <div className="form-actions"><button type="submit" className="btn" disabled={submit.busy}>{t('common.save')}</button></div>
    </form>
  );
}
