import { useEffect, useState } from 'react';
import { fetchAll } from '../../components/list.tsx';
import { Banner, Field } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, type Company } from '../../lib/api.ts';
import { CompanyPicker, type Picked } from '../../components/async-picker.tsx';
import { dash } from '../../lib/format.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { paramFields, paramLabel, serviceKinds, textParams, type Offer, type ServiceKind } from '../../lib/quoting.ts';
import { useHashPath } from '../../lib/router.ts';
import { paramsFromText } from '../../../domain/catalog/service-params.ts';

interface Site { id: string; code: string; name: string }
const priorities = ['low', 'normal', 'high', 'urgent'] as const;
const asText = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'number' ? String(v).replace('.', ',') : String(v));

/**
 * A feasibility request whose parameter fields come from the kind's vocabulary, so the tech department's
 * answer names exactly what a proposal line asks. Choosing a catalog offer fills kind, site and parameters;
 * `#/feasibility?companyId=…&offerId=…` opens it prefilled (from a company or deal card).
 */
export function FeasibilityRequestForm({ sites, onCreated }: { sites: Site[]; onCreated: () => void }) {
  const { t, lang } = useI18n();
  const query = new URLSearchParams(useHashPath().split('?')[1] ?? '');
  const [f, setF] = useState({ companyId: query.get('companyId') ?? '', offerId: query.get('offerId') ?? '', siteId: '', address: '', serviceKind: 'dedicated' as ServiceKind, quantity: '1', desiredOn: '', priority: 'normal' });
  const [params, setParams] = useState<Record<string, string>>({});
  const lists = useData(() => Promise.all([
    fetchAll<Offer>('/catalog/offers'),
  ]), []);
  const [offers] = lists.data ?? [[]];
  // The client: typed and found on the server (no list of the first N); a link from a card names it.
  const [client, setClient] = useState<Picked | null>(null);
  const presetId = query.get('companyId');
  useEffect(() => {
    if (presetId) api<Company>('GET', `/companies/${encodeURIComponent(presetId)}`).then((c) => setClient({ id: c.id, label: c.name }), () => {});
  }, [presetId]);

  function chooseOffer(id: string, all = offers) {
    const o = all.find((x) => x.id === id);
    setF((prev) => ({ ...prev, offerId: id, ...(o ? { serviceKind: o.serviceKind, siteId: o.siteId } : {}) }));
    if (o) setParams(Object.fromEntries(Object.entries(o.params).map(([k, v]) => [k, asText(v)])));
  }
  // An offer named in the link fills the form once the catalog is here.
  const initialOffer = query.get('offerId');
  useEffect(() => { if (initialOffer && offers.length) chooseOffer(initialOffer, offers); }, [offers.length]); // eslint-disable-line react-hooks/exhaustive-deps

  const send = useSubmit(() => api('POST', '/feasibility-requests', {
    companyId: f.companyId, siteId: f.siteId || null, address: f.address || null, serviceKind: f.serviceKind,
    params: paramsFromText(f.serviceKind, params), quantity: Number(f.quantity), desiredOn: f.desiredOn || null, priority: f.priority,
  }), { onDone: () => { setParams({}); setF((prev) => ({ ...prev, offerId: '', address: '' })); onCreated(); } });
  const err = send.fieldErrors;
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  return (
    <form className="card form-card" onSubmit={send.onSubmit} noValidate data-testid="feas-form">
      <h2 className="section-title">{t('feas.new')}</h2>
      {send.banner ? <Banner kind="error" testId="feas-error">{send.banner}</Banner> : null}
      {lists.error ? <Banner kind="error">{lists.error}</Banner> : null}
      <div className="form-grid">
        <Field id="feas-company" label={t('feas.company')} error={err.companyId} required>
          <CompanyPicker id="feas-company" label={t('feas.company')} value={client} testId="feas-company"
            onChange={(p) => { setClient(p); setF((prev) => ({ ...prev, companyId: p?.id ?? '' })); }} />
        </Field>
        <Field id="feas-offer" label={t('sales.feas.offer')} hint={t('sales.feas.offerHint')}>
          <select id="feas-offer" value={f.offerId} onChange={(e) => chooseOffer(e.target.value)} data-testid="feas-offer">
            <option value="">{t('sales.feas.noOffer')}</option>
            {offers.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </Field>
        <Field id="feas-kind" label={t('feas.kind')} error={err.serviceKind}>
          <select id="feas-kind" value={f.serviceKind} onChange={(e) => { setF({ ...f, serviceKind: e.target.value as ServiceKind, offerId: '' }); setParams({}); }} data-testid="feas-kind">
            {serviceKinds.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
          </select>
        </Field>
        <Field id="feas-site" label={t('feas.site')} error={err.siteId}>
          <select id="feas-site" value={f.siteId} onChange={set('siteId')} data-testid="feas-site">
            <option value="">{dash}</option>
            {sites.map((s) => <option key={s.id} value={s.id}>{`${s.code} — ${s.name}`}</option>)}
          </select>
        </Field>
        <Field id="feas-address" label={t('feas.address')} error={err.address}>
          <input id="feas-address" value={f.address} onChange={set('address')} />
        </Field>
        {paramFields[f.serviceKind].map((k) => (
          <Field key={`${f.serviceKind}-${k}`} id={`feas-param-${k}`} label={paramLabel(f.serviceKind, k, lang)}>
            <input id={`feas-param-${k}`} value={params[k] ?? ''} inputMode={textParams.has(k) ? 'text' : 'decimal'}
              onChange={(e) => setParams({ ...params, [k]: e.target.value })} data-testid={`feas-param-${k}`} />
          </Field>
        ))}
        {err.params ? <div className="field-error field-wide" role="alert" data-testid="feas-params-error">{t('sales.feas.params')}: {err.params}</div> : null}
        <Field id="feas-qty" label={t('feas.quantity')} error={err.quantity}>
          <input id="feas-qty" type="number" min={1} value={f.quantity} onChange={set('quantity')} data-testid="feas-qty" />
        </Field>
        <Field id="feas-date" label={t('feas.desiredOn')} error={err.desiredOn}>
          <input id="feas-date" type="date" value={f.desiredOn} onChange={set('desiredOn')} />
        </Field>
        <Field id="feas-prio" label={t('feas.priority')} error={err.priority}>
          <select id="feas-prio" value={f.priority} onChange={set('priority')}>
            {priorities.map((p) => <option key={p} value={p}>{t(`prio.${p}`)}</option>)}
          </select>
        </Field>
      </div>
      <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={send.busy} data-testid="feas-submit">{t('feas.send')}</button></div>
    </form>
  );
}
