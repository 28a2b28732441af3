import { useState } from 'react';
import { fetchAll } from '../../components/list.tsx';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { FormActions, Modal } from '../../components/modal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { navigate } from '../../lib/router.ts';
import { rub, serviceKinds, statusClass, type Offer, type Site } from '../../lib/quoting.ts';
import { fmtDate } from '../crm/types.ts';

interface DealSales {
  dealId: string;
  wonBy: string | null;
  proposals: { id: string; number: string; title: string | null; version: number; status: string; serviceDate: string; validUntil: string; monthlyTotal: string; grossTotal: string }[];
  feasibilityRequests: { id: string; serviceKind: string; quantity: number; status: string; desiredOn: string | null; createdAt: string }[];
}

const isoIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The deal card's sales side: its proposals and feasibility requests, and the two ways to start one. */
export function DealSalesPanel({ dealId, canWrite }: { dealId: string; canWrite: boolean }) {
  const { t, lang } = useI18n();
  const sales = useData(() => api<DealSales>('GET', `/deals/${encodeURIComponent(dealId)}/sales`), [dealId]);
  const [form, setForm] = useState<'proposal' | 'request' | null>(null);
  const s = sales.data;
  return (
    <div className="card crm-panel" data-testid="deal-sales">
      <div className="section-head">
        <h3>{t('sales.deal.panelTitle')}</h3>
        {canWrite ? (
          <div className="row-gap">
            <button type="button" className="btn btn-sm btn-primary" onClick={() => setForm('proposal')} data-testid="deal-new-proposal">{t('sales.deal.newProposal')}</button>
            <button type="button" className="btn btn-sm" onClick={() => setForm('request')} data-testid="deal-new-request">{t('sales.deal.newRequest')}</button>
          </div>
        ) : null}
      </div>
      {sales.error ? <Banner kind="error">{sales.error}</Banner> : !s ? <Spinner label={t('common.loading')} /> : (
        <>
          <div className="small muted">{t('sales.deal.proposals')}</div>
          {s.proposals.length === 0 ? <div className="muted">{t('sales.deal.noProposals')}</div> : (
            <ul data-testid="deal-proposals">
              {s.proposals.map((p) => (
                <li key={p.id}>
                  <a href={`#/proposals/${p.id}`}>{p.number}</a> v{p.version} · <span className={`status ${statusClass(p.status)}`}>{t(`status.${p.status}`)}</span>
                  {' · '}{t('sales.deal.perMonth', { amount: rub(p.monthlyTotal, lang) })} · {fmtDate(p.serviceDate, lang)}
                  {s.wonBy === p.id ? <strong> · {t('sales.deal.wonBy')}</strong> : null}
                </li>
              ))}
            </ul>
          )}
          <div className="small muted" style={{ marginTop: 8 }}>{t('sales.deal.requests')}</div>
          {s.feasibilityRequests.length === 0 ? <div className="muted">{t('sales.deal.noRequests')}</div> : (
            <ul data-testid="deal-requests">
              {s.feasibilityRequests.map((r) => <li key={r.id}>{t(`crm.service.${r.serviceKind}`)} × {r.quantity} · {r.status}{r.desiredOn ? ` · ${fmtDate(r.desiredOn, lang)}` : ''}</li>)}
            </ul>
          )}
          {!s.wonBy ? <div className="small muted" style={{ marginTop: 8 }}>{t('sales.deal.wonHint')}</div> : null}
        </>
      )}
      {form === 'proposal' ? <NewProposal dealId={dealId} onClose={() => setForm(null)} /> : null}
      {form === 'request' ? <NewRequest dealId={dealId} onClose={() => setForm(null)} onDone={() => { setForm(null); sales.reload(); }} /> : null}
    </div>
  );
}

function NewProposal({ dealId, onClose }: { dealId: string; onClose: () => void }) {
  const { t } = useI18n();
  const [v, setV] = useState({ title: '', serviceDate: isoIn(14), validUntil: isoIn(30) });
  const submit = useSubmit(async () => {
    const p = await api<{ id: string }>('POST', `/deals/${encodeURIComponent(dealId)}/proposals`, { ...v, title: v.title || null });
    navigate(`/proposals/${p.id}`);
  });
  return (
    <Modal title={t('sales.deal.newProposal')} onClose={onClose} testId="new-proposal-modal">
      <form onSubmit={submit.onSubmit} className="form-grid">
        {submit.banner ? <Banner kind="error">{submit.banner}</Banner> : null}
        <Field id="np-title" label={t('sales.form.title')} error={submit.fieldErrors.title} wide><input id="np-title" value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} /></Field>
        <Field id="np-date" label={t('sales.form.serviceDate')} error={submit.fieldErrors.serviceDate} required><input id="np-date" type="date" value={v.serviceDate} onChange={(e) => setV({ ...v, serviceDate: e.target.value })} /></Field>
        <Field id="np-valid" label={t('sales.form.validUntil')} error={submit.fieldErrors.validUntil} required><input id="np-valid" type="date" value={v.validUntil} onChange={(e) => setV({ ...v, validUntil: e.target.value })} /></Field>
        <FormActions onCancel={onClose} label={t('sales.form.create')} busy={submit.busy} testId="np-create" />
      </form>
    </Modal>
  );
}

function NewRequest({ dealId, onClose, onDone }: { dealId: string; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const sites = useData(() => api<{ items: Site[] }>('GET', '/sites'), []);
  const offers = useData(() => fetchAll<Offer>('/catalog/offers').then((items) => ({ items })), []);
  const [v, setV] = useState({ offerId: '', siteId: '', serviceKind: 'dedicated', quantity: '1', desiredOn: '', comment: '' });
  // A catalog offer asks exactly what a proposal line of it will need: its kind, site and parameters.
  const offer = (offers.data?.items ?? []).find((o) => o.id === v.offerId) ?? null;
  const submit = useSubmit(() => api('POST', `/deals/${encodeURIComponent(dealId)}/feasibility-requests`, {
    siteId: v.siteId || null, serviceKind: v.serviceKind, quantity: Number(v.quantity), desiredOn: v.desiredOn || null, comment: v.comment || null,
    ...(offer ? { params: offer.params } : {}),
  }), { success: t('sales.form.created'), onDone });
  const chooseOffer = (id: string) => {
    const o = (offers.data?.items ?? []).find((x) => x.id === id);
    setV({ ...v, offerId: id, ...(o ? { siteId: o.siteId, serviceKind: o.serviceKind } : {}) });
  };
  return (
    <Modal title={t('sales.deal.newRequest')} onClose={onClose} testId="new-request-modal">
      <form onSubmit={submit.onSubmit} className="form-grid">
        {submit.banner ? <Banner kind="error">{submit.banner}</Banner> : null}
        <Field id="nr-offer" label={t('sales.feas.offer')} hint={t('sales.feas.offerHint')} wide>
          <select id="nr-offer" value={v.offerId} onChange={(e) => chooseOffer(e.target.value)} data-testid="nr-offer">
            <option value="">{t('sales.feas.noOffer')}</option>
            {(offers.data?.items ?? []).map((o) => <option key={o.id} value={o.id}>{o.code} · {o.name}</option>)}
          </select>
        </Field>
        <Field id="nr-site" label={t('sales.form.site')} error={submit.fieldErrors.siteId} required>
          <select id="nr-site" value={v.siteId} onChange={(e) => setV({ ...v, siteId: e.target.value, offerId: '' })}>
            <option value="">—</option>
            {(sites.data?.items ?? []).map((s) => <option key={s.id} value={s.id}>{s.code} · {s.name}</option>)}
          </select>
        </Field>
        <Field id="nr-kind" label={t('sales.form.kind')} error={submit.fieldErrors.serviceKind} required>
          <select id="nr-kind" value={v.serviceKind} onChange={(e) => setV({ ...v, serviceKind: e.target.value, offerId: '' })}>
            {serviceKinds.map((k) => <option key={k} value={k}>{t(`crm.service.${k}`)}</option>)}
          </select>
        </Field>
        <Field id="nr-qty" label={t('sales.form.quantity')} error={submit.fieldErrors.quantity}><input id="nr-qty" type="number" min={1} value={v.quantity} onChange={(e) => setV({ ...v, quantity: e.target.value })} /></Field>
        <Field id="nr-date" label={t('sales.form.desiredOn')} error={submit.fieldErrors.desiredOn}><input id="nr-date" type="date" value={v.desiredOn} onChange={(e) => setV({ ...v, desiredOn: e.target.value })} /></Field>
        <Field id="nr-comment" label={t('sales.form.comment')} error={submit.fieldErrors.comment} wide><textarea id="nr-comment" value={v.comment} onChange={(e) => setV({ ...v, comment: e.target.value })} /></Field>
        <FormActions onCancel={onClose} label={t('sales.form.create')} busy={submit.busy} testId="nr-create" />
      </form>
    </Modal>
  );
}
