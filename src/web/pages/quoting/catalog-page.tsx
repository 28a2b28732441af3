import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { Modal, FormActions } from '../../components/modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { BelowFloorCard, OptionsCard } from './catalog-extras.tsx';
import { optionalParams, paramFields, paramLabel, paramsText, rub, serviceKinds, textParams, toKopecks, type Offer, type ServiceKind, type Site } from '../../lib/quoting.ts';

interface Formula { version: number; minMarginPct: string; overheadPct: string; amortizationMonths: number; floorStep: string }

/** Catalog editor: offers with cost / floor / margin this month, publishing, and the profitability formula. */
export function CatalogPage({ can }: { can: (p: string) => boolean }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [offers, setOffers] = useState<Offer[] | null>(null);
  const [sites, setSites] = useState<Site[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const load = useCallback(() => {
    api<{ items: Offer[] }>('GET', '/catalog/offers').then((r) => setOffers(r.items)).catch((e) => setError(errorText(e, t)));
    api<{ items: Site[] }>('GET', '/sites').then((r) => setSites(r.items)).catch(() => {});
  }, [t]);
  useEffect(load, [load]);
  const siteName = (id: string) => sites.find((s) => s.id === id)?.code ?? id;

  async function togglePublish(o: Offer) {
    try {
      await api('PATCH', `/catalog/offers/${o.id}`, { published: !o.published, version: o.version });
      load();
    } catch (e) { toast.error(errorText(e, t)); }
  }

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('catalog.title')}</h1>
          <p className="page-sub">{t('catalog.subtitle')}</p>
        </div>
        {can('catalog.write') ? <button type="button" className="btn btn-primary" data-testid="offer-new" onClick={() => setCreating(true)}>+ {t('catalog.newOffer')}</button> : null}
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!offers ? <Spinner label={t('common.loading')} /> : offers.length === 0 ? <div className="card empty">{t('catalog.empty')}</div> : (
        <div className="card table-card">
          <table className="table" data-testid="offers-table">
            <thead>
              <tr>
                <th>{t('catalog.code')}</th><th>{t('catalog.name')}</th><th>{t('catalog.kind')}</th><th>{t('catalog.site')}</th>
                <th className="num">{t('catalog.price')}</th><th className="num">{t('catalog.cost')}</th><th className="num">{t('catalog.floor')}</th>
                <th className="num">{t('catalog.margin')}</th><th>{t('catalog.published')}</th><th />
              </tr>
            </thead>
            <tbody>
              {offers.map((o) => (
                <tr key={o.id} data-testid="offer-row" data-code={o.code} className={o.belowFloor ? 'row-below-floor' : ''}>
                  <td className="mono">{o.code}</td>
                  <td><span className="strong">{o.name}</span><div className="small muted" data-testid="offer-params">{paramsText(o.serviceKind, o.params, lang)}</div></td>
                  <td>{t(`kind.${o.serviceKind}`)}</td>
                  <td>{siteName(o.siteId)}</td>
                  <td className="num">{rub(o.monthlyPrice, lang)}</td>
                  <td className="num">{o.missingSkus.length ? <span className="flag">{t('catalog.noPrice', { skus: o.missingSkus.join(', ') })}</span> : rub(o.unitCost, lang)}</td>
                  <td className="num" data-testid="offer-floor">{rub(o.unitFloor, lang)}</td>
                  <td className="num">{o.marginPct === null ? '—' : `${lang === 'ru' ? o.marginPct.replace('.', ',') : o.marginPct} %`}{o.belowFloor ? <span className="flag"> {t('catalog.belowFloor')}</span> : null}</td>
                  <td>{o.published ? t('common.yes') : t('common.no')}</td>
                  <td className="actions">
                    {can('catalog.write') ? (
                      <button type="button" className="btn btn-sm" data-testid="offer-publish" onClick={() => void togglePublish(o)}>
                        {o.published ? t('catalog.unpublish') : t('catalog.publish')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <BelowFloorCard key={offers ? offers.length : 0} />
      <OptionsCard canEdit={can('catalog.write')} />
      <FormulaCard canEdit={can('pricing.formula')} onSaved={load} />
      {creating ? <OfferForm sites={sites} onClose={() => setCreating(false)} onSaved={(name) => { setCreating(false); toast.success(t('catalog.saved', { name })); load(); }} /> : null}
    </section>
  );
}

function OfferForm({ sites, onClose, onSaved }: { sites: Site[]; onClose: () => void; onSaved: (name: string) => void }) {
  const { t, tm, lang } = useI18n();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ServiceKind>('dedicated');
  const [chosenSite, setSiteId] = useState('');
  // sites may arrive after the form opened: the first one is the default until a person picks one
  const siteId = chosenSite || sites[0]?.id || '';
  const [params, setParams] = useState<Record<string, string>>({});
  const [components, setComponents] = useState('');
  const [price, setPrice] = useState('');
  const [setup, setSetup] = useState('0');
  const [published, setPublished] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const monthlyPrice = toKopecks(price);
    const setupFee = toKopecks(setup || '0');
    if (monthlyPrice === null) errs.monthlyPrice = tm('v.money');
    if (setupFee === null) errs.setupFee = tm('v.money');
    const comps = components.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
      const [sku, qty] = l.split(/[\s;×x*]+/);
      return { sku: sku ?? '', quantity: Number(qty ?? '1') };
    });
    if (!comps.length || comps.some((c) => !c.sku || !Number.isInteger(c.quantity) || c.quantity < 1)) errs.components = tm('v.catalog.components');
    const p: Record<string, unknown> = {};
    for (const f of paramFields[kind]) {
      const v = (params[f] ?? '').trim();
      if (!v) { if (!optionalParams.has(f)) errs[`params.${f}`] = tm('v.required'); continue; }
      p[f] = textParams.has(f) ? v : Number(v.replace(',', '.'));
    }
    setErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      await api('POST', '/catalog/offers', { code, name, serviceKind: kind, siteId, params: p, components: comps, monthlyPrice, setupFee, published });
      onSaved(name);
    } catch (err) {
      setBanner(errorText(err, t));
      const fe: Record<string, string> = {};
      for (const f of (err as { fieldErrors?: { path: string; message: string }[] }).fieldErrors ?? []) fe[f.path] = f.message;
      setErrors(fe);
    }
  }

  return (
    <Modal title={t('catalog.newOffer')} onClose={onClose} wide testId="offer-form">
      <form onSubmit={(e) => void submit(e)} noValidate>
        {banner ? <Banner kind="error">{banner}</Banner> : null}
        <div className="form-grid">
          <Field id="offer-code" label={t('catalog.code')} error={errors.code} required><input id="offer-code" data-testid="offer-code" value={code} onChange={(e) => setCode(e.target.value)} /></Field>
          <Field id="offer-name" label={t('catalog.name')} error={errors.name} required><input id="offer-name" data-testid="offer-name" value={name} onChange={(e) => setName(e.target.value)} /></Field>
          <Field id="offer-kind" label={t('catalog.kind')}>
            <select id="offer-kind" data-testid="offer-kind" value={kind} onChange={(e) => { setKind(e.target.value as ServiceKind); setParams({}); }}>
              {serviceKinds.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
            </select>
          </Field>
          <Field id="offer-site" label={t('catalog.site')} error={errors.siteId}>
            <select id="offer-site" data-testid="offer-site" value={siteId} onChange={(e) => setSiteId(e.target.value)}>
              {sites.map((s) => <option key={s.id} value={s.id}>{s.code} — {s.name}</option>)}
            </select>
          </Field>
          {paramFields[kind].map((f) => (
            <Field key={f} id={`offer-param-${f}`} label={paramLabel(kind, f, lang)} error={errors[`params.${f}`]} required={!optionalParams.has(f)}>
              <input id={`offer-param-${f}`} data-testid={`offer-param-${f}`} value={params[f] ?? ''} inputMode={textParams.has(f) ? 'text' : 'decimal'} onChange={(e) => setParams({ ...params, [f]: e.target.value })} />
            </Field>
          ))}
          <Field id="offer-components" label={t('catalog.components')} hint={t('catalog.componentsHint')} error={errors.components} wide required>
            <textarea id="offer-components" data-testid="offer-components" rows={4} value={components} onChange={(e) => setComponents(e.target.value)} />
          </Field>
          <Field id="offer-price" label={t('catalog.price')} error={errors.monthlyPrice} required><input id="offer-price" data-testid="offer-price" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} /></Field>
          <Field id="offer-setup" label={t('catalog.setup')} error={errors.setupFee}><input id="offer-setup" data-testid="offer-setup" inputMode="decimal" value={setup} onChange={(e) => setSetup(e.target.value)} /></Field>
          <label className="check"><input type="checkbox" checked={published} data-testid="offer-published" onChange={(e) => setPublished(e.target.checked)} /> {t('catalog.published')}</label>
        </div>
        <FormActions onCancel={onClose} testId="offer-save" />
      </form>
    </Modal>
  );
}

function FormulaCard({ canEdit, onSaved }: { canEdit: boolean; onSaved: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [f, setF] = useState<Formula | null>(null);
  const [edit, setEdit] = useState<Record<string, string> | null>(null);
  const load = useCallback(() => { api<Formula>('GET', '/pricing/formula').then(setF).catch(() => {}); }, []);
  useEffect(load, [load]);
  if (!f) return null;
  async function save(e: FormEvent) {
    e.preventDefault();
    try {
      await api('PUT', '/pricing/formula', { minMarginPct: edit!.minMarginPct, overheadPct: edit!.overheadPct, amortizationMonths: Number(edit!.amortizationMonths), floorStep: edit!.floorStep });
      setEdit(null); load(); onSaved(); toast.success(t('formula.saved'));
    } catch (err) { toast.error(errorText(err, t)); }
  }
  const rows: [string, keyof Formula][] = [['formula.margin', 'minMarginPct'], ['formula.overhead', 'overheadPct'], ['formula.amortization', 'amortizationMonths'], ['formula.step', 'floorStep']];
  return (
    <div className="card form-card" data-testid="formula-card" style={{ marginTop: 16 }}>
      <div className="section-head">
        <h2>{t('formula.title')} <span className="muted small">{t('formula.version', { version: f.version })}</span></h2>
        {canEdit && !edit ? <button type="button" className="btn btn-sm" onClick={() => setEdit(Object.fromEntries(rows.map(([, k]) => [k, String(f[k])])))}>{t('common.edit')}</button> : null}
      </div>
      {edit ? (
        <form onSubmit={(e) => void save(e)} className="form-grid">
          {rows.map(([label, k]) => (
            <Field key={k} id={`formula-${k}`} label={t(label)}><input id={`formula-${k}`} value={edit[k] ?? ''} onChange={(e) => setEdit({ ...edit, [k]: e.target.value })} /></Field>
          ))}
          <div className="form-actions"><button type="submit" className="btn btn-primary">{t('common.save')}</button><button type="button" className="btn" onClick={() => setEdit(null)}>{t('common.cancel')}</button></div>
        </form>
      ) : (
        <dl className="kv">{rows.map(([label, k]) => <div key={k}><dt>{t(label)}</dt><dd>{String(f[k])}</dd></div>)}</dl>
      )}
    </div>
  );
}
