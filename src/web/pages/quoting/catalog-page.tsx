import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Banner, Field } from '../../components/field.tsx';
import { Modal, FormActions } from '../../components/modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { ListTable, SearchBox, useList, type Column } from '../../components/list.tsx';
import { BelowFloorCard, OptionsCard } from './catalog-extras.tsx';
import { optionalParams, paramFields, paramLabel, paramsText, rub, serviceKinds, textParams, toKopecks, type Offer, type ServiceKind, type Site } from '../../lib/quoting.ts';

interface Formula { version: number; minMarginPct: string; overheadPct: string; amortizationMonths: number; floorStep: string }

/** Catalog editor: offers (searched, filtered by kind and publication, sorted and paged on the server) with cost / floor / margin this month, publishing, and the profitability formula. */
export function CatalogPage({ can }: { can: (p: string) => boolean }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const list = useList<Offer>('/catalog/offers', { sort: 'code' });
  const [sites, setSites] = useState<Site[]>([]);
  const [creating, setCreating] = useState(false);
  useEffect(() => { api<{ items: Site[] }>('GET', '/sites').then((r) => setSites(r.items)).catch(() => {}); }, []);
  const siteName = (id: string) => sites.find((s) => s.id === id)?.code ?? '';
  const { reload } = list;

  async function togglePublish(o: Offer) {
    try {
      await api('PATCH', `/catalog/offers/${o.id}`, { published: !o.published, version: o.version });
      reload();
    } catch (e) { toast.error(errorText(e, t)); }
  }

  const columns: Column<Offer>[] = [
    { key: 'code', label: t('catalog.code'), sort: 'code', render: (o) => <span className="mono">{o.code}</span> },
    { key: 'name', label: t('catalog.name'), sort: 'name', render: (o) => <><span className="strong">{o.name}</span><div className="small muted" data-testid="offer-params">{paramsText(o.serviceKind, o.params, lang)}</div></> },
    { key: 'kind', label: t('catalog.kind'), sort: 'serviceKind', render: (o) => t(`kind.${o.serviceKind}`) },
    { key: 'site', label: t('catalog.site'), render: (o) => siteName(o.siteId) },
    { key: 'price', label: t('catalog.price'), sort: 'monthlyPrice', num: true, render: (o) => rub(o.monthlyPrice, lang) },
    { key: 'cost', label: t('catalog.cost'), num: true, render: (o) => (o.missingSkus.length ? <span className="flag">{t('catalog.noPrice', { skus: o.missingSkus.join(', ') })}</span> : rub(o.unitCost, lang)) },
    { key: 'floor', label: t('catalog.floor'), num: true, render: (o) => <span data-testid="offer-floor">{rub(o.unitFloor, lang)}</span> },
    { key: 'margin', label: t('catalog.margin'), num: true, render: (o) => <>{o.marginPct === null ? '—' : `${lang === 'ru' ? o.marginPct.replace('.', ',') : o.marginPct} %`}{o.belowFloor ? <span className="flag"> {t('catalog.belowFloor')}</span> : null}</> },
    { key: 'published', label: t('catalog.published'), render: (o) => (o.published ? t('common.yes') : t('common.no')) },
    { key: 'actions', label: '', render: (o) => (can('catalog.write') ? (
      <button type="button" className="btn btn-sm" data-testid="offer-publish" onClick={() => void togglePublish(o)}>{o.published ? t('catalog.unpublish') : t('catalog.publish')}</button>
    ) : null) },
  ];

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('catalog.title')}</h1>
          <p className="page-sub">{t('catalog.subtitle')}</p>
        </div>
        {can('catalog.write') ? <button type="button" className="btn btn-primary" data-testid="offer-new" onClick={() => setCreating(true)}>+ {t('catalog.newOffer')}</button> : null}
      </div>
      <div className="toolbar filters">
        <SearchBox list={list as never} id="offer-q" label={t('catalog.search')} testId="offer-search" />
        <span className="filter">
          <label htmlFor="offer-kind" className="sr-only">{t('catalog.kind')}</label>
          <select id="offer-kind" value={String(list.filters.serviceKind ?? '')} onChange={(e) => list.setFilter('serviceKind', e.target.value || null)} data-testid="offer-kind">
            <option value="">{t('catalog.anyKind')}</option>
            {serviceKinds.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
          </select>
        </span>
        <span className="filter">
          <label htmlFor="offer-published" className="sr-only">{t('catalog.published')}</label>
          <select id="offer-published" value={String(list.filters.published ?? '')} onChange={(e) => list.setFilter('published', e.target.value || null)} data-testid="offer-published">
            <option value="">{t('catalog.anyPublished')}</option>
            <option value="true">{t('catalog.onlyPublished')}</option>
            <option value="false">{t('catalog.onlyHidden')}</option>
          </select>
        </span>
      </div>
      <ListTable list={list} columns={columns} rowKey={(o) => o.id} testId="offers-table" rowTestId="offer-row" caption={t('catalog.title')} empty={t('catalog.empty')}
        rowAttrs={(o) => ({ 'data-code': o.code, ...(o.belowFloor ? { className: 'row-below-floor' } : {}) })} />
      <BelowFloorCard key={list.data?.total ?? 0} />
      <OptionsCard canEdit={can('catalog.write')} />
      <FormulaCard canEdit={can('pricing.formula')} onSaved={reload} />
      {creating ? <OfferForm sites={sites} onClose={() => setCreating(false)} onSaved={(name) => { setCreating(false); toast.success(t('catalog.saved', { name })); reload(); }} /> : null}
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
