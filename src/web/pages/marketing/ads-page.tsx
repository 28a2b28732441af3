import { useState } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { currentLanguage, useI18n } from '../../i18n/index.ts';
import { api, ApiError } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { checkAd, type AdText, type Network } from '../../../domain/marketing/ads-limits.ts';
import { placeholderValues, renderFields } from '../../../domain/marketing/ads-templates.ts';
import type { ServiceKind } from '../../../domain/catalog/service-kinds.ts';
import { AdFieldsEditor, emptyFields } from './ads-fields.tsx';

interface Reason { key: string; params: Record<string, string> }
interface Ad { id: string; network: Network; fields: AdText; finalUrl: string; version: number; untrue: Reason[]; problems: { path: string; key: string; params?: Record<string, number> }[] }
interface Campaign { id: string; network: Network; name: string; groups: { id: string; name: string; offerCode: string; keywords: string[]; ads: Ad[] }[] }
interface AdsList { campaigns: Campaign[]; untrue: { adId: string; campaign: string; group: string; network: Network; reasons: Reason[] }[] }
interface Template { id: string; name: string; network: Network; fields: AdText; keywords: string[]; finalUrl: string; version: number }
interface Money { gross: string }
export interface ShownOffer { id: string; code: string; name: string; serviceKind: ServiceKind; kindName: string; params: Record<string, unknown>; location: string; siteName: string; config: string; price: Money & { net: string; vatRate: string | null; vat: string }; setup: Money; hidden: string[] }

/** A template filled for an offer, as the server will fill it (same domain functions). */
const previewOf = (tpl: { fields: AdText }, o: ShownOffer | undefined): AdText | undefined =>
  o ? renderFields(tpl.fields, placeholderValues({ ...o, gross: BigInt(o.price.gross), setupGross: BigInt(o.setup.gross) })) : undefined;

/** Downloads an export, or shows why it was refused (untrue ads named). */
async function download(network: Network): Promise<void> {
  const res = await fetch(`/api/v1/ads/export?network=${network}`, { credentials: 'same-origin', headers: { 'Accept-Language': currentLanguage() } });
  if (!res.ok) {
    const problem = await res.json().catch(() => ({})) as Record<string, unknown>;
    throw new ApiError(res.status, { ...problem, status: res.status });
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `ads-${network}`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function AdCard({ ad, onDone }: { ad: Ad; onDone: () => void }) {
  const { t, tm } = useI18n();
  const [editing, setEditing] = useState<AdText | null>(null);
  const save = useSubmit(() => api('PATCH', `/ads/${ad.id}`, { fields: editing, version: ad.version }), { success: t('ads.saved'), onDone: () => { setEditing(null); onDone(); } });
  const regen = useSubmit(() => api('POST', `/ads/${ad.id}/regenerate`), { success: t('ads.regenerated'), onDone });
  const texts = 'headlines' in ad.fields ? [...ad.fields.headlines, ...ad.fields.descriptions] : [ad.fields.title, ad.fields.title2, ad.fields.text];
  return (
    <div className="card" style={{ padding: 12, margin: '8px 0' }} data-testid={`ad-${ad.id}`} data-untrue={ad.untrue.length > 0 ? 'yes' : 'no'}>
      {editing ? (
        <form onSubmit={save.onSubmit}>
          <AdFieldsEditor network={ad.network} fields={editing} onChange={setEditing} idPrefix={`ad-${ad.id}`} />
          {save.banner ? <Banner kind="error">{save.banner}</Banner> : null}
          <div className="form-actions">
            <button className="btn btn-primary" type="submit" disabled={save.busy || checkAd(ad.network, editing).length > 0} data-testid="ad-save">{t('common.save')}</button>
            <button className="btn" type="button" onClick={() => setEditing(null)}>{t('common.cancel')}</button>
          </div>
        </form>
      ) : (
        <>
          <div>{texts.filter(Boolean).map((s, i) => <div key={i} className={i === 0 ? '' : 'small'}>{i === 0 ? <strong>{s}</strong> : s}</div>)}</div>
          <div className="small muted">{ad.finalUrl}</div>
          {ad.untrue.length > 0
            ? <div className="text-danger small" data-testid="ad-untrue">{ad.untrue.map((u) => tm(u.key, u.params)).join('; ')}</div>
            : <div className="small muted">✓ {t('ads.ok')}</div>}
          <div className="toolbar" style={{ marginTop: 6 }}>
            <button className="btn btn-sm" type="button" onClick={() => setEditing(ad.fields)} data-testid="ad-edit">{t('ads.edit')}</button>
            <button className="btn btn-sm" type="button" onClick={() => void regen.run()} disabled={regen.busy} data-testid="ad-regenerate">{t('ads.regenerate')}</button>
          </div>
          {regen.banner ? <Banner kind="error">{regen.banner}</Banner> : null}
        </>
      )}
    </div>
  );
}

function TemplateEditor({ template, offers, onDone }: { template: Template | null; offers: ShownOffer[]; onDone: () => void }) {
  const { t } = useI18n();
  const [network, setNetwork] = useState<Network>(template?.network ?? 'yandex');
  const [name, setName] = useState(template?.name ?? '');
  const [fields, setFields] = useState<AdText>(template?.fields ?? emptyFields('yandex'));
  const [keywords, setKeywords] = useState((template?.keywords ?? []).join('\n'));
  const [finalUrl, setFinalUrl] = useState(template?.finalUrl ?? 'https://');
  const body = { name, network, fields, keywords: keywords.split('\n').map((k) => k.trim()).filter(Boolean), finalUrl };
  const save = useSubmit(() => (template ? api('PUT', `/ads/templates/${template.id}`, body) : api('POST', '/ads/templates', body)), { success: t('ads.template.saved'), onDone });
  const sample = offers[0];
  const preview = previewOf({ fields }, sample);
  return (
    <form onSubmit={save.onSubmit} data-testid="template-editor">
      <div className="form-grid">
        <Field id="tpl-name" label={t('ads.template.name')} required error={save.fieldErrors.name}><input id="tpl-name" data-testid="tpl-name" value={name} onChange={(e) => setName(e.target.value)} /></Field>
        <Field id="tpl-network" label={t('ads.template.network')}>
          <select id="tpl-network" value={network} disabled={Boolean(template)} onChange={(e) => { const n = e.target.value as Network; setNetwork(n); setFields(emptyFields(n)); }}>
            <option value="yandex">{t('ads.network.yandex')}</option><option value="google">{t('ads.network.google')}</option>
          </select>
        </Field>
      </div>
      <p className="small muted">{t('ads.template.placeholders')}</p>
      {sample ? <p className="small">{t('ads.template.preview', { name: sample.name })}</p> : null}
      <AdFieldsEditor network={network} fields={fields} onChange={setFields} {...(preview ? { preview } : {})} idPrefix="tpl" />
      <div className="form-grid">
        <Field id="tpl-keywords" label={t('ads.template.keywords')} wide><textarea id="tpl-keywords" rows={3} value={keywords} onChange={(e) => setKeywords(e.target.value)} /></Field>
        <Field id="tpl-url" label={t('ads.template.url')} wide required error={save.fieldErrors.finalUrl}><input id="tpl-url" value={finalUrl} onChange={(e) => setFinalUrl(e.target.value)} /></Field>
      </div>
      {save.banner ? <Banner kind="error">{save.banner}</Banner> : null}
      <div className="form-actions"><button className="btn btn-primary" type="submit" disabled={save.busy} data-testid="tpl-save">{t('common.save')}</button></div>
    </form>
  );
}

/** Marketing's ads screen: untrue ads first, export, generation from offers, campaigns with their ads, templates. */
export function AdsPage({ canWrite }: { canWrite: boolean }) {
  const { t, tm } = useI18n();
  const ads = useData(() => api<AdsList>('GET', '/ads'), []);
  const templates = useData(() => api<{ items: Template[] }>('GET', '/ads/templates'), []);
  const pricelist = useData(() => api<{ shown: ShownOffer[] }>('GET', '/marketing/pricelist'), []);
  const [templateId, setTemplateId] = useState('');
  const [campaign, setCampaign] = useState('');
  const [offerIds, setOfferIds] = useState<string[]>([]);
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const reload = () => { ads.reload(); templates.reload(); pricelist.reload(); };
  const generate = useSubmit(() => api('POST', '/ads/generate', { templateId, campaign, offerIds }), { success: t('ads.generate.done'), onDone: () => { setOfferIds([]); reload(); } });
  const exportY = useSubmit(() => download('yandex'));
  const exportG = useSubmit(() => download('google'));
  if (ads.error) return <section className="page"><Banner kind="error">{ads.error}</Banner></section>;
  if (!ads.data || !templates.data || !pricelist.data) return <section className="page"><Spinner label={t('common.loading')} /></section>;
  const shown = pricelist.data.shown;
  const exportBanner = exportY.banner ?? exportG.banner;
  return (
    <section className="page" data-testid="ads-page">
      <div className="page-head"><h1>{t('ads.title')}</h1></div>

      <div className="card" style={{ padding: 16, marginBottom: 16 }} data-testid="ads-untrue">
        <h2>{t('ads.untrue')}</h2>
        {ads.data.untrue.length === 0 ? <p className="muted">{t('ads.untrue.none')}</p> : (
          <>
            <p className="small">{t('ads.untrue.hint')}</p>
            <ul>{ads.data.untrue.map((u) => <li key={u.adId} data-testid={`untrue-${u.adId}`}><strong>{u.campaign}</strong> · {u.group}: <span className="text-danger">{u.reasons.map((r) => tm(r.key, r.params)).join('; ')}</span></li>)}</ul>
          </>
        )}
      </div>

      {canWrite ? (
        <div className="card" style={{ padding: 16, marginBottom: 16 }}>
          <h2>{t('ads.export')}</h2>
          <div className="toolbar">
            <button className="btn" type="button" onClick={() => void exportY.run()} disabled={exportY.busy} data-testid="ads-export-yandex">{t('ads.export.yandex')}</button>
            <button className="btn" type="button" onClick={() => void exportG.run()} disabled={exportG.busy} data-testid="ads-export-google">{t('ads.export.google')}</button>
          </div>
          {exportBanner ? <Banner kind="error" testId="ads-export-error">{exportBanner}</Banner> : null}
        </div>
      ) : null}

      {canWrite ? (
        <form className="card" style={{ padding: 16, marginBottom: 16 }} onSubmit={generate.onSubmit} data-testid="ads-generate">
          <h2>{t('ads.generate')}</h2>
          <div className="form-grid">
            <Field id="gen-template" label={t('ads.generate.template')} required>
              <select id="gen-template" data-testid="gen-template" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
                <option value="">—</option>
                {templates.data.items.map((x) => <option key={x.id} value={x.id}>{x.name} ({t(`ads.network.${x.network}`)})</option>)}
              </select>
            </Field>
            <Field id="gen-campaign" label={t('ads.generate.campaign')} required><input id="gen-campaign" data-testid="gen-campaign" value={campaign} onChange={(e) => setCampaign(e.target.value)} /></Field>
          </div>
          <fieldset style={{ border: 'none', padding: 0 }}>
            <legend className="small">{t('ads.generate.offers')}</legend>
            {shown.map((o) => (
              <label key={o.id} style={{ display: 'block' }}>
                <input type="checkbox" data-testid={`gen-offer-${o.code}`} checked={offerIds.includes(o.id)} onChange={(e) => setOfferIds(e.target.checked ? [...offerIds, o.id] : offerIds.filter((x) => x !== o.id))} /> {o.name} · {o.config} · {o.location}
              </label>
            ))}
          </fieldset>
          {generate.banner ? <Banner kind="error" testId="gen-error">{[generate.banner, ...Object.values(generate.fieldErrors)].join(' · ')}</Banner> : null}
          <div className="form-actions"><button className="btn btn-primary" type="submit" disabled={generate.busy || !templateId || !campaign || offerIds.length === 0} data-testid="gen-submit">{t('ads.generate.submit')}</button></div>
        </form>
      ) : null}

      <div className="card" style={{ padding: 16, marginBottom: 16 }} data-testid="ads-campaigns">
        <h2>{t('ads.campaigns')}</h2>
        {ads.data.campaigns.length === 0 ? <p className="muted">{t('ads.campaigns.none')}</p> : ads.data.campaigns.map((c) => (
          <div key={c.id} data-testid={`campaign-${c.name}`}>
            <h3>{c.name} <span className="small muted">{t(`ads.network.${c.network}`)}</span></h3>
            {c.groups.map((g) => (
              <div key={g.id} style={{ marginLeft: 12 }}>
                <h4>{g.name} <span className="small muted">{g.offerCode}</span></h4>
                <div className="small">{t('ads.keywords')}: {g.keywords.join(' · ') || '—'}</div>
                {g.ads.map((a) => <AdCard key={`${a.id}-${a.version}`} ad={a} onDone={reload} />)}
              </div>
            ))}
          </div>
        ))}
      </div>

      <div className="card" style={{ padding: 16 }} data-testid="ads-templates">
        <div className="toolbar"><h2>{t('ads.templates')}</h2>{canWrite ? <button className="btn btn-sm" type="button" onClick={() => setEditing('new')} data-testid="tpl-new">{t('ads.template.new')}</button> : null}</div>
        <ul>{templates.data.items.map((x) => <li key={x.id}>{canWrite ? <button className="btn btn-sm" type="button" onClick={() => setEditing(x)}>{x.name}</button> : x.name} <span className="small muted">{t(`ads.network.${x.network}`)}</span></li>)}</ul>
        {editing ? <TemplateEditor key={editing === 'new' ? 'new' : editing.id} template={editing === 'new' ? null : editing} offers={shown} onDone={() => { setEditing(null); reload(); }} /> : null}
      </div>
    </section>
  );
}
