import { useEffect, useState } from 'react';
import { Field } from '../../components/field.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { type AddLine, optionalParams, paramFields, paramLabel, serviceKinds, textParams, toKopecks, type ServiceKind, type Site } from '../../lib/quoting.ts';

/** A line composed by hand: site, kind, parameters, supplier SKUs and a price; the server prices it. */
export function CustomLineForm({ busy, onAdd }: { busy: boolean; onAdd: AddLine }) {
  const { t, tm, lang } = useI18n();
  const toast = useToast();
  const [sites, setSites] = useState<Site[]>([]);
  const [siteId, setSiteId] = useState('');
  const [kind, setKind] = useState<ServiceKind>('vps');
  const [description, setDescription] = useState('');
  const [params, setParams] = useState<Record<string, string>>({});
  const [components, setComponents] = useState('');
  const [price, setPrice] = useState('');
  const [qty, setQty] = useState('1');
  useEffect(() => { api<{ items: Site[] }>('GET', '/sites').then((r) => setSites(r.items)).catch(() => {}); }, []);
  const site = siteId || sites[0]?.id || '';

  async function add() {
    const unitPrice = toKopecks(price);
    if (unitPrice === null) { toast.error(tm('v.money')); return; }
    const p: Record<string, unknown> = {};
    for (const f of paramFields[kind]) {
      const v = (params[f] ?? '').trim();
      if (!v) { if (!optionalParams.has(f)) { toast.error(`${paramLabel(kind, f, lang)}: ${tm('v.required')}`); return; } continue; }
      p[f] = textParams.has(f) ? v : Number(v.replace(',', '.'));
    }
    const comps = components.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
      const [sku, q] = l.split(/[\s;×x*]+/);
      return { sku: sku ?? '', quantity: Number(q ?? '1') };
    });
    const ok = await onAdd({ siteId: site, serviceKind: kind, description, params: p, components: comps, unitPrice, quantity: Number(qty) || 1 });
    if (ok) { setDescription(''); setComponents(''); setPrice(''); setParams({}); }
  }

  return (
    <div data-testid="custom-line">
      <div className="form-grid">
        <Field id="cl-site" label={t('catalog.site')}>
          <select id="cl-site" value={site} onChange={(e) => setSiteId(e.target.value)}>{sites.map((s) => <option key={s.id} value={s.id}>{s.code} — {s.name}</option>)}</select>
        </Field>
        <Field id="cl-kind" label={t('catalog.kind')}>
          <select id="cl-kind" value={kind} onChange={(e) => { setKind(e.target.value as ServiceKind); setParams({}); }}>{serviceKinds.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}</select>
        </Field>
        <Field id="cl-description" label={t('proposal.description')} wide><input id="cl-description" value={description} onChange={(e) => setDescription(e.target.value)} /></Field>
        {paramFields[kind].map((f) => (
          <Field key={f} id={`cl-param-${f}`} label={paramLabel(kind, f, lang)} required={!optionalParams.has(f)}>
            <input id={`cl-param-${f}`} value={params[f] ?? ''} onChange={(e) => setParams({ ...params, [f]: e.target.value })} />
          </Field>
        ))}
        <Field id="cl-components" label={t('catalog.components')} hint={t('catalog.componentsHint')} wide>
          <textarea id="cl-components" rows={3} value={components} onChange={(e) => setComponents(e.target.value)} />
        </Field>
        <Field id="cl-qty" label={t('proposal.quantity')}><input id="cl-qty" inputMode="numeric" value={qty} onChange={(e) => setQty(e.target.value)} /></Field>
        <Field id="cl-price" label={t('proposal.unitPrice')}><input id="cl-price" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} /></Field>
      </div>
      <div className="form-actions"><button type="button" className="btn btn-primary" disabled={busy} onClick={() => void add()}>{t('proposal.addLine')}</button></div>
    </div>
  );
}
