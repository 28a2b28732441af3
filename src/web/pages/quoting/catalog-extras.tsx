import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Field } from '../../components/field.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { rub, toKopecks } from '../../lib/quoting.ts';

const units = ['pcs', 'U', 'kW', 'mbps', 'TB', 'ipv4'] as const;
interface Option { id: string; code: string; name: string; unit: string; monthlyPrice: string; setupFee: string; sku: string | null; active: boolean }

/** Options and add-ons: list and a one-line form to add one. */
export function OptionsCard({ canEdit }: { canEdit: boolean }) {
  const { t, tm, lang } = useI18n();
  const toast = useToast();
  const [items, setItems] = useState<Option[]>([]);
  const [f, setF] = useState({ code: '', name: '', unit: 'ipv4', price: '', setup: '0', sku: '' });
  const load = useCallback(() => { api<{ items: Option[] }>('GET', '/catalog/options').then((r) => setItems(r.items)).catch(() => {}); }, []);
  useEffect(load, [load]);
  async function add(e: FormEvent) {
    e.preventDefault();
    const monthlyPrice = toKopecks(f.price);
    const setupFee = toKopecks(f.setup || '0');
    if (monthlyPrice === null || setupFee === null) { toast.error(tm('v.money')); return; }
    try {
      await api('POST', '/catalog/options', { code: f.code, name: f.name, unit: f.unit, monthlyPrice, setupFee, sku: f.sku || null });
      setF({ code: '', name: '', unit: f.unit, price: '', setup: '0', sku: '' });
      load();
    } catch (err) { toast.error(errorText(err, t)); }
  }
  return (
    <div className="card form-card" style={{ marginTop: 16 }} data-testid="options-card">
      <h2>{t('catalog.options')}</h2>
      <table className="table">
        <thead><tr><th>{t('catalog.code')}</th><th>{t('catalog.name')}</th><th>{t('catalog.unit')}</th><th className="num">{t('catalog.price')}</th><th className="num">{t('catalog.setup')}</th><th>{t('catalog.sku')}</th></tr></thead>
        <tbody>
          {items.map((o) => <tr key={o.id}><td className="mono">{o.code}</td><td>{o.name}</td><td>{t(`unit.${o.unit}`)}</td><td className="num">{rub(o.monthlyPrice, lang)}</td><td className="num">{rub(o.setupFee, lang)}</td><td className="mono">{o.sku ?? '—'}</td></tr>)}
        </tbody>
      </table>
      {canEdit ? (
        <form className="form-grid" onSubmit={(e) => void add(e)} style={{ marginTop: 10 }}>
          <Field id="opt-code" label={t('catalog.code')}><input id="opt-code" value={f.code} onChange={(e) => setF({ ...f, code: e.target.value })} /></Field>
          <Field id="opt-name" label={t('catalog.name')}><input id="opt-name" value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} /></Field>
          <Field id="opt-unit" label={t('catalog.unit')}>
            <select id="opt-unit" value={f.unit} onChange={(e) => setF({ ...f, unit: e.target.value })}>{units.map((u) => <option key={u} value={u}>{t(`unit.${u}`)}</option>)}</select>
          </Field>
          <Field id="opt-sku" label={t('catalog.sku')}><input id="opt-sku" value={f.sku} onChange={(e) => setF({ ...f, sku: e.target.value })} /></Field>
          <Field id="opt-price" label={t('catalog.price')}><input id="opt-price" inputMode="decimal" value={f.price} onChange={(e) => setF({ ...f, price: e.target.value })} /></Field>
          <Field id="opt-setup" label={t('catalog.setup')}><input id="opt-setup" inputMode="decimal" value={f.setup} onChange={(e) => setF({ ...f, setup: e.target.value })} /></Field>
          <div className="form-actions"><button type="submit" className="btn">{t('catalog.newOption')}</button></div>
        </form>
      ) : null}
    </div>
  );
}

interface Report {
  offers: { id: string; code: string; name: string; monthlyPrice: string; unitFloor: string | null }[];
  proposals: { proposalId: string; number: string; companyName: string; position: number; unitNet: string; floorNow: string }[];
}

/** Offers and open proposals now below floor (after a supplier raised a price or the formula changed). */
export function BelowFloorCard() {
  const { t, lang } = useI18n();
  const [r, setR] = useState<Report | null>(null);
  useEffect(() => { api<Report>('GET', '/pricing/below-floor').then(setR).catch(() => {}); }, []);
  if (!r) return null;
  return (
    <div className="card form-card" style={{ marginTop: 16 }} data-testid="below-floor-report">
      <h2>{t('report.title')}</h2>
      <p className="muted small">{t('report.subtitle')}</p>
      {!r.offers.length && !r.proposals.length ? <p>{t('report.none')}</p> : (
        <ul>
          {r.offers.map((o) => <li key={o.id} className="flag-line">{o.code} — {o.name}: {rub(o.monthlyPrice, lang)} / {rub(o.unitFloor, lang)}</li>)}
          {r.proposals.map((p) => (
            <li key={`${p.proposalId}:${p.position}`} className="flag-line">
              <a href={`#/proposals/${p.proposalId}`}>{t('report.proposalLine', { number: p.number, company: p.companyName, position: p.position, net: rub(p.unitNet, lang), floor: rub(p.floorNow, lang) })}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
