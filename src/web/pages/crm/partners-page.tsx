import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { Modal, FormActions } from '../../components/modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { errorText, fieldErrorsOf } from '../../lib/errors.ts';
import { fmtDate, rubles } from './types.ts';
import './crm.css';

interface Partner {
  id: string; name: string; openDeals: number; wonDeals: number;
  terms: { agentFeePercent: string | null; agentFeeFixed: string | null; resellerDiscountPercent: string | null; validFrom: string; validTo: string | null } | null;
}

/** Partners and resellers with the terms in force today; management records agreements. */
export function PartnersPage({ canManage }: { canManage: boolean }) {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<Partner[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Partner | null>(null);
  const load = useCallback(() => {
    api<{ items: Partner[] }>('GET', '/partners').then((r) => setItems(r.items)).catch((e) => setError(errorText(e, t)));
  }, [t]);
  useEffect(load, [load]);
  return (
    <div>
      <div className="section-head"><h1>{t('crm.partners')}</h1></div>
      <p className="small muted">{t('crm.partnersHint')}</p>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!items ? <Spinner label={t('common.loading')} /> : (
        <div className="card table-card">
          <table className="table" data-testid="partners-table">
            <thead><tr><th>{t('crm.company')}</th><th>{t('crm.agentFee')}</th><th>{t('crm.resellerDiscount')}</th><th>{t('crm.term')}</th><th>{t('crm.deals')}</th><th>{t('crm.won')}</th>{canManage ? <th /> : null}</tr></thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <td><a href={`#/companies/${p.id}`}>{p.name}</a></td>
                  <td>{p.terms?.agentFeePercent ? `${p.terms.agentFeePercent}%` : p.terms?.agentFeeFixed ? rubles(p.terms.agentFeeFixed, lang) : '—'}</td>
                  <td>{p.terms?.resellerDiscountPercent ? `${p.terms.resellerDiscountPercent}%` : '—'}</td>
                  <td>{p.terms ? `${fmtDate(p.terms.validFrom, lang)} – ${p.terms.validTo ? fmtDate(p.terms.validTo, lang) : '∞'}` : t('crm.noAgreement')}</td>
                  <td>{p.openDeals}</td>
                  <td>{p.wonDeals}</td>
                  {canManage ? <td className="actions"><button type="button" className="btn btn-sm" onClick={() => setEditing(p)}>{t('crm.addAgreement')}</button></td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing ? <AgreementForm partner={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); load(); }} /> : null}
    </div>
  );
}

function AgreementForm({ partner, onClose, onSaved }: { partner: Partner; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [v, setV] = useState({ number: '', agentFeePercent: '', agentFeeFixed: '', resellerDiscountPercent: '', validFrom: '', validTo: '', conditions: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x.trim() === '' ? null : x.trim()]));
    try {
      await api('POST', `/partners/${partner.id}/agreements`, body);
      toast.success(t('crm.addAgreement'));
      onSaved();
    } catch (err) { setBanner(errorText(err, t)); setErrors(fieldErrorsOf(err)); }
  }
  return (
    <Modal title={`${t('crm.addAgreement')}: ${partner.name}`} onClose={onClose} wide>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {banner ? <Banner kind="error">{banner}</Banner> : null}
        <div className="form-grid">
          <Field id="p-number" label={t('crm.agreementNumber')} error={errors.number}><input id="p-number" value={v.number} onChange={set('number')} /></Field>
          <Field id="p-fee" label={t('crm.agentFeePercent')} error={errors.agentFeePercent}><input id="p-fee" value={v.agentFeePercent} onChange={set('agentFeePercent')} inputMode="decimal" /></Field>
          <Field id="p-fixed" label={t('crm.agentFeeFixed')} error={errors.agentFeeFixed}><input id="p-fixed" value={v.agentFeeFixed} onChange={set('agentFeeFixed')} inputMode="decimal" /></Field>
          <Field id="p-discount" label={t('crm.resellerDiscount')} error={errors.resellerDiscountPercent}><input id="p-discount" value={v.resellerDiscountPercent} onChange={set('resellerDiscountPercent')} inputMode="decimal" /></Field>
          <Field id="p-from" label={t('crm.from')} error={errors.validFrom} required><input id="p-from" type="date" value={v.validFrom} onChange={set('validFrom')} /></Field>
          <Field id="p-to" label={t('crm.to')} error={errors.validTo}><input id="p-to" type="date" value={v.validTo} onChange={set('validTo')} /></Field>
          <Field id="p-cond" label={t('crm.conditions')} error={errors.conditions} wide><textarea id="p-cond" rows={3} value={v.conditions} onChange={set('conditions')} /></Field>
        </div>
        <FormActions onCancel={onClose} />
      </form>
    </Modal>
  );
}
