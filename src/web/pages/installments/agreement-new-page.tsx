import { useState } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { fetchAll } from '../../components/list.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, type Company } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { todayIso } from '../crm/types.ts';
import { navigate } from '../../lib/router.ts';

interface Unit { id: string; model: string; serial: string | null; owner: string; siteCode: string | null; rackName: string | null }
interface Item { equipmentId: string; price: string; sku: string }
interface Entry { dueOn: string; amount: string }

/**
 * A purchase on installments: the supplier, number and date, the units of the register it buys (each with
 * its price and, to reach the cost model, its SKU), down payment, fees, and the schedule — equal monthly
 * payments from a first date, or custom dates and sums that must add up to what is financed.
 */
export function AgreementNewPage() {
  const { t } = useI18n();
  const lists = useData(() => Promise.all([
    fetchAll<Company>('/companies', { role: 'supplier', sort: 'name' }),
    api<{ items: Unit[] }>('GET', '/equipment-register').then((r) => r.items.filter((u) => u.owner !== 'client')),
  ]), []);
  const today = todayIso();
  const [f, setF] = useState({ supplierId: '', number: '', signedOn: today, downPayment: '0', fees: '0', kind: 'equal', months: '12', firstDueOn: today, note: '' });
  const [items, setItems] = useState<Item[]>([{ equipmentId: '', price: '', sku: '' }]);
  const [entries, setEntries] = useState<Entry[]>([{ dueOn: today, amount: '' }]);
  const save = useSubmit(async () => {
    const a = await api<{ id: string }>('POST', '/installments/agreements', {
      supplierId: f.supplierId, number: f.number, signedOn: f.signedOn, downPayment: f.downPayment || '0', fees: f.fees || '0', note: f.note || null,
      items: items.map((i) => ({ equipmentId: i.equipmentId, price: i.price, sku: i.sku || null })),
      schedule: f.kind === 'equal' ? { kind: 'equal', months: Number(f.months), firstDueOn: f.firstDueOn } : { kind: 'custom', entries },
    });
    navigate(`/installments/${a.id}`);
  }, { success: t('inst.new.created') });
  const err = save.fieldErrors;
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  if (lists.error) return <section className="page"><Banner kind="error">{lists.error}</Banner></section>;
  if (!lists.data) return <section className="page"><Spinner label={t('common.loading')} /></section>;
  const [suppliers, units] = lists.data;
  const unitLabel = (u: Unit) => `${u.model} · ${u.serial ?? '—'}${u.rackName ? ` · ${u.siteCode ?? ''} ${u.rackName}` : ''}`;

  return (
    <section className="page">
      <div className="page-head"><h1>{t('inst.new.title')}</h1><a className="btn" href="#/installments">{t('inst.title')}</a></div>
      <form className="card form-card" onSubmit={save.onSubmit} noValidate data-testid="agreement-form">
        {save.banner ? <Banner kind="error" testId="agreement-form-error">{save.banner}</Banner> : null}
        <div className="form-grid">
          <Field id="ag-supplier" label={t('inst.col.supplier')} error={err.supplierId} required>
            <select id="ag-supplier" value={f.supplierId} onChange={set('supplierId')} data-testid="ag-supplier">
              <option value="">{t('inst.new.chooseSupplier')}</option>
              {suppliers.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </Field>
          <Field id="ag-number" label={t('inst.col.number')} error={err.number} required><input id="ag-number" value={f.number} onChange={set('number')} data-testid="ag-number" /></Field>
          <Field id="ag-signed" label={t('inst.col.signed')} error={err.signedOn} required><input id="ag-signed" type="date" value={f.signedOn} onChange={set('signedOn')} data-testid="ag-signed" /></Field>
          <Field id="ag-down" label={t('inst.new.downPayment')} error={err.downPayment}><input id="ag-down" inputMode="decimal" value={f.downPayment} onChange={set('downPayment')} data-testid="ag-down" /></Field>
          <Field id="ag-fees" label={t('inst.new.fees')} error={err.fees}><input id="ag-fees" inputMode="decimal" value={f.fees} onChange={set('fees')} data-testid="ag-fees" /></Field>
        </div>
        <h2 className="section-title">{t('inst.items')}</h2>
        {err.items ? <div className="field-error" role="alert">{err.items}</div> : null}
        {items.map((it, i) => (
          <div className="form-grid" key={i} data-testid="ag-item">
            <Field id={`ag-unit-${i}`} label={t('inst.col.unit')} required>
              <select id={`ag-unit-${i}`} value={it.equipmentId} onChange={(e) => setItems(items.map((x, k) => (k === i ? { ...x, equipmentId: e.target.value } : x)))} data-testid={`ag-unit-${i}`}>
                <option value="">{t('inst.new.chooseUnit')}</option>
                {units.map((u) => <option key={u.id} value={u.id}>{unitLabel(u)}</option>)}
              </select>
            </Field>
            <Field id={`ag-price-${i}`} label={t('inst.new.price')} required><input id={`ag-price-${i}`} inputMode="decimal" value={it.price} onChange={(e) => setItems(items.map((x, k) => (k === i ? { ...x, price: e.target.value } : x)))} data-testid={`ag-price-${i}`} /></Field>
            <Field id={`ag-sku-${i}`} label={t('inst.new.sku')} hint={t('inst.new.skuHint')}><input id={`ag-sku-${i}`} value={it.sku} onChange={(e) => setItems(items.map((x, k) => (k === i ? { ...x, sku: e.target.value } : x)))} data-testid={`ag-sku-${i}`} /></Field>
          </div>
        ))}
        <div className="form-actions"><button type="button" className="btn btn-sm" onClick={() => setItems([...items, { equipmentId: '', price: '', sku: '' }])} data-testid="ag-add-item">{t('inst.new.addItem')}</button></div>
        <h2 className="section-title">{t('inst.schedule')}</h2>
        <div className="form-grid">
          <Field id="ag-kind" label={t('inst.new.kind')}>
            <select id="ag-kind" value={f.kind} onChange={set('kind')} data-testid="ag-kind">
              <option value="equal">{t('inst.new.kind.equal')}</option><option value="custom">{t('inst.new.kind.custom')}</option>
            </select>
          </Field>
          {f.kind === 'equal' ? (
            <>
              <Field id="ag-months" label={t('inst.new.months')} error={err.schedule}><input id="ag-months" type="number" min={1} max={120} value={f.months} onChange={set('months')} data-testid="ag-months" /></Field>
              <Field id="ag-first" label={t('inst.new.firstDueOn')}><input id="ag-first" type="date" value={f.firstDueOn} onChange={set('firstDueOn')} data-testid="ag-first" /></Field>
            </>
          ) : null}
        </div>
        {f.kind === 'custom' ? (
          <>
            {err.schedule ? <div className="field-error" role="alert" data-testid="ag-schedule-error">{err.schedule}</div> : null}
            {entries.map((en, i) => (
              <div className="form-grid" key={i}>
                <Field id={`ag-due-${i}`} label={t('inst.col.due')}><input id={`ag-due-${i}`} type="date" value={en.dueOn} onChange={(e) => setEntries(entries.map((x, k) => (k === i ? { ...x, dueOn: e.target.value } : x)))} data-testid={`ag-due-${i}`} /></Field>
                <Field id={`ag-amount-${i}`} label={t('inst.col.amount')}><input id={`ag-amount-${i}`} inputMode="decimal" value={en.amount} onChange={(e) => setEntries(entries.map((x, k) => (k === i ? { ...x, amount: e.target.value } : x)))} data-testid={`ag-amount-${i}`} /></Field>
              </div>
            ))}
            <div className="form-actions"><button type="button" className="btn btn-sm" onClick={() => setEntries([...entries, { dueOn: f.signedOn, amount: '' }])} data-testid="ag-add-entry">{t('inst.new.addEntry')}</button></div>
          </>
        ) : null}
        <Field id="ag-note" label={t('inst.new.note')} wide><input id="ag-note" value={f.note} onChange={set('note')} /></Field>
        <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={save.busy} data-testid="ag-submit">{t('inst.new.create')}</button></div>
      </form>
    </section>
  );
}
