import { ProposalDelivery } from '../sales/proposal-delivery.tsx';
import { useCallback, useEffect, useState } from 'react';
import { fetchAll } from '../../components/list.tsx';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { fmtDate, fmtInstant } from '../../lib/format.ts';
import { useConfirm, type ConfirmRequest } from '../../components/confirm.tsx';
import { CustomLineForm } from './custom-line.tsx';
import { HistoryTab } from '../parties/history-tab.tsx';
import { paramsText, rub, statusClass, toKopecks, toRublesInput, type Offer, type Proposal, type ProposalLine } from '../../lib/quoting.ts';
import { OrdersPanel } from '../orders/orders-panel.tsx';

/** The proposal builder: lines with cost, floor and margin (below-floor lines flagged), totals, why it is blocked, actions, documents. */
export function ProposalPage({ id, can }: { id: string; can: (p: string) => boolean }) {
  const { t, tm, lang } = useI18n();
  const toast = useToast();
  const [p, setP] = useState<Proposal | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offers, setOffers] = useState<Offer[]>([]);
  const [offerId, setOfferId] = useState('');
  const [qty, setQty] = useState('1');
  const [price, setPrice] = useState('');
  const [discount, setDiscount] = useState('0');
  const [busy, setBusy] = useState(false);
  const [custom, setCustom] = useState(false);
  const { confirm, dialog } = useConfirm();

  const load = useCallback(() => { api<Proposal>('GET', `/proposals/${encodeURIComponent(id)}`).then(setP).catch((e) => setError(errorText(e, t))); }, [id, t]);
  useEffect(load, [load]);
  useEffect(() => { fetchAll<Offer>('/catalog/offers', { published: 'true' }).then(setOffers).catch(() => {}); }, []);

  async function act(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, ask?: ConfirmRequest) {
    if (ask && !(await confirm(ask))) return false;
    setBusy(true);
    try { setP(await api<Proposal>(method, `/proposals/${encodeURIComponent(id)}${path}`, body)); return true; } catch (e) { toast.error(errorText(e, t)); load(); return false; } finally { setBusy(false); }
  }

  async function addLine() {
    const body: Record<string, unknown> = { offerId, quantity: Number(qty) || 1, discountPct: discount || '0' };
    if (price.trim()) {
      const k = toKopecks(price);
      if (k === null) { toast.error(tm('v.money')); return; }
      body.unitPrice = k;
    }
    if (await act('POST', '/lines', body)) { setPrice(''); setDiscount('0'); setQty('1'); }
  }

  if (error) return <Banner kind="error">{error}</Banner>;
  if (!p) return <Spinner label={t('common.loading')} />;
  const v = p.version;
  const editable = ['draft', 'pending_approval', 'approved'].includes(v.status) && can('proposal.write');
  const docUrl = (kind: 'pdf' | 'docx') => `/api/v1/proposals/${encodeURIComponent(p.id)}/${kind}?version=${v.version}`;
  return (
    <section className="page">
      <div className="page-head">
        <div>
          <div className="crumbs"><a href="#/proposals">{t('proposals.title')}</a></div>
          <h1 data-testid="proposal-title">{p.number} <span className="muted small">{t('proposal.version', { version: v.version })}</span></h1>
          <div className="head-meta">
            <span className={`status ${statusClass(v.status)}`} data-testid="proposal-status">{t(`status.${v.status}`)}</span>
            <a href={`#/companies/${p.companyId}`} data-testid="proposal-company">{p.companyName}</a>
            <span className="muted">{t('proposals.serviceDate')}: {fmtDate(v.serviceDate, lang)} · {t('proposals.validUntil')}: {fmtDate(v.validUntil, lang)}</span>
          </div>
        </div>
        <div className="form-actions">
          <a className="btn" href={docUrl('pdf')} data-testid="proposal-pdf" target="_blank" rel="noreferrer">{t('proposal.pdf')}</a>
          <a className="btn" href={docUrl('docx')} data-testid="proposal-docx">{t('proposal.docx')}</a>
        </div>
      </div>

      {p.blockers.length ? (
        <Banner kind="warning" testId="proposal-blockers">
          {t('proposal.blocked')}
          <ul className="blockers">
            {p.blockers.filter((b) => b.key !== 'e.quote.noFeasibility' || !p.blockers.some((x) => x.key.startsWith('e.feas.line'))).map((b) => {
              const line = b.key.startsWith('e.feas.line') ? p.lines.find((l) => l.position === Number(b.params.line)) : undefined;
              return (
                <li key={`${b.key}:${String(b.params.line ?? '')}`} data-testid="proposal-blocker">
                  {tm(b.key, b.params)}
                  {line?.offerId && can('feasibility.request') ? <> · <a href={`#/feasibility?companyId=${encodeURIComponent(p.companyId)}&offerId=${encodeURIComponent(line.offerId)}`} data-testid="blocker-feasibility">{t('sales.proposal.askFeasibility')}</a></> : null}
                </li>
              );
            })}
          </ul>
        </Banner>
      ) : null}

      <div className="card table-card">
        <table className="table" data-testid="lines-table">
          <thead>
            <tr>
              <th>#</th><th>{t('catalog.name')}</th><th className="num">{t('proposal.quantity')}</th><th className="num">{t('proposal.unitPrice')}</th>
              <th className="num">{t('proposal.discount')}</th><th className="num">{t('proposal.unitNet')}</th><th className="num">{t('proposal.cost')}</th>
              <th className="num">{t('proposal.floor')}</th><th className="num">{t('proposal.margin')}</th><th className="num">{t('proposal.monthly')}</th><th />
            </tr>
          </thead>
          <tbody>
            {p.lines.map((l) => <LineRow key={`${l.id}:${l.unitPrice}:${l.discountPct}`} line={l} editable={editable && !busy} onSave={(body) => void act('PATCH', `/lines/${l.id}`, body)} onRemove={() => void act('DELETE', `/lines/${l.id}`, undefined, { title: t('sales.confirm.removeTitle'), text: t('sales.confirm.removeText', { line: l.position, description: l.description }), confirmLabel: t('sales.confirm.removeYes'), danger: true })} />)}
          </tbody>
        </table>
      </div>

      {editable ? (
        <div className="card form-card" style={{ marginTop: 14 }} data-testid="add-line">
          <div className="section-head">
            <h2>{t('proposal.addLine')}</h2>
            <div className="segmented">
              <button type="button" className={custom ? '' : 'active'} onClick={() => setCustom(false)}>{t('proposal.fromOffer')}</button>
              <button type="button" className={custom ? 'active' : ''} data-testid="al-custom" onClick={() => setCustom(true)}>{t('proposal.customLine')}</button>
            </div>
          </div>
          {custom ? <CustomLineForm busy={busy} onAdd={(body) => act('POST', '/lines', body)} /> : <>
          <div className="form-grid">
            <Field id="al-offer" label={t('proposal.offer')} wide>
              <select id="al-offer" data-testid="al-offer" value={offerId} onChange={(e) => { setOfferId(e.target.value); setPrice(toRublesInput(offers.find((o) => o.id === e.target.value)?.monthlyPrice)); }}>
                <option value="">{t('proposal.pickOffer')}</option>
                {offers.map((o) => <option key={o.id} value={o.id}>{o.code} — {o.name} ({rub(o.monthlyPrice, lang)})</option>)}
              </select>
            </Field>
            <Field id="al-qty" label={t('proposal.quantity')}><input id="al-qty" data-testid="al-qty" inputMode="numeric" value={qty} onChange={(e) => setQty(e.target.value)} /></Field>
            <Field id="al-price" label={t('proposal.unitPrice')}><input id="al-price" data-testid="al-price" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} /></Field>
            <Field id="al-discount" label={t('proposal.discount')}><input id="al-discount" data-testid="al-discount" inputMode="decimal" value={discount} onChange={(e) => setDiscount(e.target.value)} /></Field>
          </div>
          <div className="form-actions"><button type="button" className="btn btn-primary" data-testid="al-add" disabled={!offerId || busy} onClick={() => void addLine()}>{t('proposal.addLine')}</button></div>
          </>}
        </div>
      ) : null}

      <div className="totals card" data-testid="proposal-totals">
        <div><span>{t('proposal.totalMonthly')}</span><strong>{rub(v.monthlyTotal, lang)}</strong></div>
        <div><span>{t('proposal.totalSetup')}</span><strong>{rub(v.setupTotal, lang)}</strong></div>
        <div><span>{t('proposal.net')}</span><strong>{rub(v.netTotal, lang)}</strong></div>
        <div><span>{v.vatRate === null ? t('proposal.noVat') : t('proposal.vat', { rate: v.vatRate })}</span><strong>{v.vatRate === null ? '—' : rub(v.vatTotal, lang)}</strong></div>
        <div className="grand"><span>{t('proposal.gross')}</span><strong data-testid="proposal-gross">{rub(v.grossTotal, lang)}</strong></div>
      </div>

      <div className="form-actions" style={{ marginTop: 14 }}>
        {can('proposal.write') && v.status === 'draft' && p.needsApproval ? <button type="button" className="btn" data-testid="proposal-submit" disabled={busy} onClick={() => void act('POST', '/submit')}>{t('proposal.submit')}</button> : null}
        {can('proposal.write') && (v.status === 'draft' || v.status === 'approved') ? <button type="button" className="btn btn-primary" data-testid="proposal-send" disabled={busy} onClick={() => void act('POST', '/send', undefined, { title: t('sales.confirm.sendTitle'), text: t('sales.confirm.sendText', { number: p.number, version: v.version, company: p.companyName }), confirmLabel: t('sales.confirm.sendYes') })}>{t('proposal.send')}</button> : null}
        {can('proposal.write') && v.status === 'sent' ? <>
          <button type="button" className="btn btn-primary" data-testid="proposal-accept" disabled={busy} onClick={() => void act('POST', '/accept', undefined, { title: t('sales.confirm.acceptTitle'), text: t('sales.confirm.acceptText', { number: p.number, company: p.companyName }), confirmLabel: t('sales.confirm.acceptYes') })}>{t('proposal.accept')}</button>
          <button type="button" className="btn" data-testid="proposal-decline" disabled={busy} onClick={() => void act('POST', '/decline', undefined, { title: t('sales.confirm.declineTitle'), text: t('sales.confirm.declineText', { number: p.number, company: p.companyName }), confirmLabel: t('sales.confirm.declineYes'), danger: true })}>{t('proposal.decline')}</button>
        </> : null}
        {can('proposal.write') && ['sent', 'declined', 'expired'].includes(v.status) ? <button type="button" className="btn" data-testid="proposal-revise" disabled={busy} onClick={() => void act('POST', '/revise')}>{t('proposal.revise')}</button> : null}
      </div>

      <ProposalDelivery proposalId={p.id} companyId={p.companyId} status={v.status} canWrite={can('proposal.write')} onSent={load} />

      {p.approvals.length ? (
        <div className="card form-card" style={{ marginTop: 14 }} data-testid="proposal-approvals">
          <h2>{t('proposal.approvals')}</h2>
          <ul>
            {p.approvals.map((a) => (
              <li key={a.id} className={a.valid ? '' : 'muted'}>
                {t('proposal.approvedBy', { name: a.approverName, at: fmtInstant(a.approvedAt, lang), reason: a.reason })}
                {a.valid ? null : <span className="flag"> {t('proposal.approvalVoid')}</span>}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {v.status === 'accepted' ? <OrdersPanel proposalId={p.id} canCreate={can('order.write')} /> : null}
      <div className="card form-card" style={{ marginTop: 14 }} data-testid="proposal-history"><HistoryTab entityId={p.id} companyId={p.companyId} showRaw={can('user.manage')} /></div>
      {dialog}
    </section>
  );
}

function LineRow({ line: l, editable, onSave, onRemove }: { line: ProposalLine; editable: boolean; onSave: (body: Record<string, unknown>) => void; onRemove: () => void }) {
  const { t, tm, lang } = useI18n();
  const toast = useToast();
  const [price, setPrice] = useState(toRublesInput(l.unitPrice));
  const [discount, setDiscount] = useState(l.discountPct);
  const dirty = price !== toRublesInput(l.unitPrice) || discount !== l.discountPct;
  function save() {
    const k = toKopecks(price);
    if (k === null) { toast.error(tm('v.money')); return; }
    onSave({ unitPrice: k, discountPct: discount || '0' });
  }
  return (
    <tr data-testid="line-row" className={l.belowFloor ? 'row-below-floor' : ''}>
      <td>{l.position}</td>
      <td><div className="strong">{l.description}</div><div className="muted small">{t(`kind.${l.serviceKind}`)}{l.params ? ` · ${paramsText(l.serviceKind, l.params, lang)}` : ''}</div></td>
      <td className="num">{l.quantity}</td>
      <td className="num">{editable ? <input className="input-num" data-testid="line-price" value={price} onChange={(e) => setPrice(e.target.value)} /> : rub(l.unitPrice, lang)}</td>
      <td className="num">{editable ? <input className="input-num input-narrow" data-testid="line-discount" value={discount} onChange={(e) => setDiscount(e.target.value)} /> : l.discountPct}</td>
      <td className="num">{rub(l.unitNet, lang)}</td>
      <td className="num">{rub(l.unitCost, lang)}</td>
      <td className="num" data-testid="line-floor">{rub(l.unitFloor, lang)}</td>
      <td className="num">
        {l.marginPct === null ? '—' : `${lang === 'ru' ? l.marginPct.replace('.', ',') : l.marginPct} %`}
        {l.belowFloor ? <div className="flag" data-testid="line-below-floor">{t('proposal.belowFloor')}</div> : null}
      </td>
      <td className="num">{rub(l.monthly, lang)}</td>
      <td className="actions">
        {editable && dirty ? <button type="button" className="btn btn-sm btn-primary" data-testid="line-save" onClick={save}>{t('proposal.savePrice')}</button> : null}
        {editable ? <button type="button" className="btn btn-sm" onClick={onRemove}>{t('proposal.remove')}</button> : null}
      </td>
    </tr>
  );
}
