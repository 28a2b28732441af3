import { useState } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { useConfirm } from '../../components/confirm.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, upload } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { fmtInstant } from '../../lib/format.ts';
import { rub } from '../../lib/quoting.ts';
import { formatDate } from '../../../domain/dates.ts';
import type { OrderView } from './types.ts';

const CHANNELS = ['in_person', 'courier', 'mail', 'edo'] as const;
const RESPONSIBLE = ['tech', 'client', 'supplier', 'sales', 'accounting'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/**
 * One order with its whole chain (deal → proposal → order → contract → signing → invoice → provisioning →
 * services, each a link) and the next step for whoever looks at it: signing, hand-off, deferral, tech work,
 * start date, acceptance and disputes.
 */
export function OrderPage({ id, can }: { id: string; can: (p: string) => boolean }) {
  const { t, lang } = useI18n();
  const o = useData(() => api<OrderView>('GET', `/orders/${encodeURIComponent(id)}`), [id]);
  const [channel, setChannel] = useState<string>('courier');
  const [tracking, setTracking] = useState('');
  const [reason, setReason] = useState('');
  const [due, setDue] = useState('');
  const [responsible, setResponsible] = useState<string>('tech');
  const [delay, setDelay] = useState('');
  const [start, setStart] = useState('');
  const [subject, setSubject] = useState('');
  const [cancelReason, setCancelReason] = useState('');
  const { confirm, dialog } = useConfirm();
  const post = (path: string, body: unknown = {}) => api<OrderView>('POST', `/orders/${encodeURIComponent(id)}${path}`, body);
  const act = useSubmit(async (path: string, body?: unknown) => { await post(path, body); }, { onDone: o.reload });
  if (o.error) return <Banner kind="error">{o.error}</Banner>;
  if (!o.data) return <Spinner label={t('common.loading')} />;
  const d = o.data;
  const c = d.contract;
  const p = d.provisioning;
  const date = (s: string | null | undefined) => (s ? formatDate(s, lang) : '—');
  const doc = (kind: string) => `/api/v1/orders/${encodeURIComponent(d.id)}/${kind}`;
  const write = can('order.write') && d.status !== 'cancelled';
  const tech = can('provisioning.work');
  const chain: [string, string, string | null][] = [
    ['deal', d.deal ? d.deal.title : '—', d.deal ? `#/deals/${d.deal.id}` : null],
    ['proposal', `${d.proposal.number} v${d.proposal.version}`, `#/proposals/${d.proposal.id}`],
    ['order', `${d.number} · ${t(`order.status.${d.status}`)}`, null],
    ['contract', `${c.number} / ${c.appendixNo} · ${t(`signing.${c.status}`)}`, doc('contract.docx')],
    ['invoice', d.invoice ? `№ ${d.invoice.number} · ${rub(d.invoice.paid, lang)} / ${rub(d.invoice.total, lang)}` : '—', d.invoice ? `#/billing/clients/${d.companyId}` : null],
    ['provisioning', p ? `${t(`prov.${p.status}`)}${p.deadline ? ` · ${date(p.deadline)}` : ''}` : '—', p ? '#/provisioning' : null],
    ['service', d.agreedStart ? t('order.activeFrom', { date: date(d.agreedStart) }) : d.services.length ? d.services.map((s) => s.status).join(', ') : '—', d.services.length ? `#/billing/clients/${d.companyId}` : null],
  ];
  return (
    <section className="page" data-testid="order-page">
      <div className="page-head"><div>
        <div className="crumbs"><a href="#/orders">{t('orders.title')}</a> / <a href={`#/companies/${d.companyId}`}>{d.companyName}</a></div>
        <h1 data-testid="order-title">{d.number}</h1>
        <div className="head-meta">
          <span className="status" data-testid="order-status">{t(`order.status.${d.status}`)}</span>
          <span>{rub(d.monthlyTotal, lang)} / {t('orders.col.monthly')}</span>
          {write ? (
            <select style={{ width: 'auto' }} aria-label={t('orders.col.priority')} data-testid="order-priority" value={d.priority} onChange={(e) => void api('PATCH', `/orders/${encodeURIComponent(d.id)}/priority`, { priority: e.target.value }).then(o.reload)}>
              {PRIORITIES.map((x) => <option key={x} value={x}>{t(`priority.${x}`)}</option>)}
            </select>
          ) : <span>{t(`priority.${d.priority}`)}</span>}
        </div>
      </div></div>
      {act.banner ? <Banner kind="error" testId="order-error">{act.banner}</Banner> : null}
      {d.status === 'cancelled' ? (
        <Banner kind="warning" testId="order-cancelled">{t('order.cancelledBanner', { by: d.cancelledBy ?? '', at: d.cancelledAt ? fmtInstant(d.cancelledAt, lang) : '', reason: d.cancelReason ?? '' })}</Banner>
      ) : null}

      <h2>{t('order.chain')}</h2>
      <ol className="chain card" data-testid="order-chain" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, listStyle: 'none', padding: 12 }}>
        {chain.map(([k, text, href]) => (
          <li key={k} data-testid={`chain-${k}`} style={{ border: '1px solid #ddd', borderRadius: 6, padding: '6px 10px' }}>
            <div className="muted small">{t(`order.chain.${k}`)}</div>{href ? <a href={href}>{text}</a> : <strong>{text}</strong>}
          </li>
        ))}
      </ol>

      <h2>{t('order.contract', { number: c.number, appendix: c.appendixNo })}{c.includesContract ? ` (${t('order.contractNew')})` : ''}</h2>
      <div className="card form-card" data-testid="order-contract">
        <p><a href={doc('contract.docx')} data-testid="contract-docx">{t('order.docx')}</a> · <a href={doc('contract.pdf')}>{t('order.pdf')}</a></p>
        <p data-testid="signing-status">{t(`signing.${c.status}`)}{c.channel ? ` · ${t(`channel.${c.channel}`)}` : ''}{c.tracking ? ` · ${c.tracking}` : ''}</p>
        <ul className="muted small">
          {c.sentAt ? <li>{t('signing.sent')}: {fmtInstant(c.sentAt, lang)}</li> : null}
          {c.clientSignedAt ? <li>{t('signing.client_signed')}: {fmtInstant(c.clientSignedAt, lang)}</li> : null}
          {c.signedAt ? <li>{t('signing.signed')}: {fmtInstant(c.signedAt, lang)}</li> : null}
          {c.archivedAt ? <li>{t('signing.archived')}: {c.scanName} · {fmtInstant(c.archivedAt, lang)}</li> : null}
        </ul>
        {write && c.status === 'prepared' ? (
          <div className="form-grid">
            <Field id="channel" label={t('order.channel')}><select id="channel" value={channel} onChange={(e) => setChannel(e.target.value)}>{CHANNELS.map((x) => <option key={x} value={x}>{t(`channel.${x}`)}</option>)}</select></Field>
            <Field id="tracking" label={t('order.tracking')} error={act.fieldErrors.tracking}><input id="tracking" value={tracking} onChange={(e) => setTracking(e.target.value)} /></Field>
            <button type="button" className="btn btn-primary" data-testid="sign-sent" disabled={act.busy} onClick={() => void act.run('/signing/sent', { channel, tracking })}>{t('order.markSent')}</button>
          </div>
        ) : null}
        {write && c.status === 'sent' ? <button type="button" className="btn btn-primary" data-testid="sign-client" disabled={act.busy} onClick={() => void act.run('/signing/client_signed')}>{t('order.markClientSigned')}</button> : null}
        {write && c.status === 'client_signed' ? <button type="button" className="btn btn-primary" data-testid="sign-ours" disabled={act.busy} onClick={() => void act.run('/signing/signed')}>{t('order.markSigned')}</button> : null}
        {write && c.status === 'signed' ? (
          <Field id="scan" label={t('order.scan')}><input id="scan" type="file" data-testid="sign-scan" onChange={(e) => { const f = e.target.files?.[0]; if (f) void upload(`/orders/${encodeURIComponent(d.id)}/signing/scan?name=${encodeURIComponent(f.name)}`, f, lang).then(o.reload); }} /></Field>
        ) : null}
        {write && d.status === 'new' && ['signed', 'archived'].includes(c.status) ? <button type="button" className="btn btn-primary" data-testid="order-handoff" disabled={act.busy} onClick={() => void act.run('/handoff')}>{t('order.handoff')}</button> : null}
      </div>

      {d.invoice ? (
        <div className="card form-card" style={{ marginTop: 14 }} data-testid="order-invoice">
          <p>{t('order.invoice', { number: d.invoice.number, total: rub(d.invoice.total, lang), paid: rub(d.invoice.paid, lang) })}</p>
          {d.invoice.correctedTotal !== d.invoice.total ? <p data-testid="order-invoice-credited">{t('order.invoiceCredited', { total: rub(d.invoice.correctedTotal, lang) })}</p> : null}
          {d.deferral ? <p data-testid="order-deferral">{t('order.deferralBy', { name: d.deferral.approverName, date: date(d.deferral.dueDate), reason: d.deferral.reason })}</p> : null}
          {!d.deferral && p?.status === 'waiting_payment' && can('payment.defer') ? (
            <div className="form-grid">
              <Field id="reason" label={t('order.reason')} error={act.fieldErrors.reason}><input id="reason" value={reason} onChange={(e) => setReason(e.target.value)} /></Field>
              <Field id="due" label={t('order.dueDate')} error={act.fieldErrors.dueDate}><input id="due" type="date" value={due} onChange={(e) => setDue(e.target.value)} /></Field>
              <button type="button" className="btn" data-testid="order-defer" disabled={act.busy} onClick={() => void act.run('/deferral', { reason, dueDate: due })}>{t('order.approveDeferral')}</button>
            </div>
          ) : null}
        </div>
      ) : null}

      {p ? (
        <div className="card form-card" style={{ marginTop: 14 }} data-testid="order-provisioning">
          <h2>{t('order.chain.provisioning')}: <span data-testid="prov-status">{t(`prov.${p.status}`)}</span></h2>
          {p.deadline ? <p data-testid="prov-deadline">{t('order.deadline', { date: date(p.deadline) })}</p> : null}
          {tech && p.status === 'ready' ? <button type="button" className="btn btn-primary" data-testid="prov-start" disabled={act.busy} onClick={() => void act.run('/provisioning/start')}>{t('order.startWork')}</button> : null}
          <ul data-testid="prov-checklist" style={{ listStyle: 'none', paddingLeft: 0 }}>
            {p.checklist.map((i) => (
              <li key={i.position}><label>
                <input type="checkbox" data-testid={`check-${i.position}`} checked={!!i.doneAt} disabled={!tech || p.status !== 'in_progress' || act.busy}
                  onChange={(e) => void act.run(`/provisioning/checklist/${i.position}`, { done: e.target.checked })} /> {i.label}
                {i.doneByName ? <span className="muted small"> — {i.doneByName}</span> : null}
              </label></li>
            ))}
          </ul>
          {tech && p.status === 'in_progress' ? <button type="button" className="btn btn-primary" data-testid="prov-complete" disabled={act.busy} onClick={() => void act.run('/provisioning/complete')}>{t('order.complete')}</button> : null}
          {p.delays.length ? <ul>{p.delays.map((x, i) => <li key={i}>{t(`responsible.${x.responsible}`)}: {x.reason} <span className="muted small">({x.recordedByName})</span></li>)}</ul> : null}
          {(tech || write) && p.status !== 'done' ? (
            <div className="form-grid">
              <Field id="responsible" label={t('order.responsible')}><select id="responsible" value={responsible} onChange={(e) => setResponsible(e.target.value)}>{RESPONSIBLE.map((x) => <option key={x} value={x}>{t(`responsible.${x}`)}</option>)}</select></Field>
              <Field id="delay" label={t('order.delay')} error={act.fieldErrors.reason}><input id="delay" value={delay} onChange={(e) => setDelay(e.target.value)} /></Field>
              <button type="button" className="btn" data-testid="prov-delay" disabled={act.busy} onClick={() => void act.run('/provisioning/delays', { responsible, reason: delay })}>{t('order.addDelay')}</button>
            </div>
          ) : null}
          {p.proposedStart ? <p data-testid="prov-proposed">{t('order.proposedStart', { date: date(p.proposedStart) })}</p> : null}
          {write && d.status === 'provisioned' ? (
            <div className="form-grid">
              <Field id="start" label={t('order.startDate')} error={act.fieldErrors.startDate}><input id="start" type="date" data-testid="start-date" value={start || p.proposedStart || ''} onChange={(e) => setStart(e.target.value)} /></Field>
              <button type="button" className="btn btn-primary" data-testid="start-agree" disabled={act.busy} onClick={() => void act.run('/start', { startDate: start || p.proposedStart })}>{t('order.agreeStart')}</button>
            </div>
          ) : null}
        </div>
      ) : null}

      {d.services.length ? (
        <div className="card table-card" style={{ marginTop: 14 }} data-testid="order-services">
          <h2 style={{ padding: '10px 14px 0' }}>{t('order.services')}</h2>
          <table className="table"><tbody>{d.services.map((s) => (
            <tr key={s.id}><td>{s.title}{s.quantity > 1 ? ` × ${s.quantity}` : ''}</td><td>{t(`billing.serviceStatus.${s.status}`)}</td><td>{date(s.startDate)}</td><td className="num">{rub(BigInt(s.monthlyPrice) * BigInt(s.quantity), lang)}</td></tr>
          ))}</tbody></table>
        </div>
      ) : null}

      {d.status === 'active' ? (
        <div className="card form-card" style={{ marginTop: 14 }} data-testid="order-acceptance">
          <p><a href={doc('acceptance-act.pdf')} data-testid="acceptance-act">{t('order.act')}</a>{d.acceptedAt ? ` · ${t('order.accepted')}: ${fmtInstant(d.acceptedAt, lang)}` : null}</p>
          {write && !d.acceptedAt ? <button type="button" className="btn" data-testid="acceptance-record" disabled={act.busy} onClick={() => void act.run('/acceptance')}>{t('order.accepted')}</button> : null}
        </div>
      ) : null}

      <div className="card form-card" style={{ marginTop: 14 }} data-testid="order-disputes">
        <h2>{t('order.disputes')}</h2>
        {d.disputes.length === 0 ? <p className="muted">{t('order.noDisputes')}</p> : null}
        <ul>{d.disputes.map((x) => <DisputeItem key={x.id} orderId={d.id} dispute={x} write={write} onDone={o.reload} />)}</ul>
        {write ? (
          <div className="form-grid">
            <Field id="subject" label={t('order.subject')} error={act.fieldErrors.subject}><input id="subject" value={subject} onChange={(e) => setSubject(e.target.value)} /></Field>
            <button type="button" className="btn" data-testid="dispute-open" disabled={act.busy} onClick={() => void act.run('/disputes', { subject })}>{t('order.openDispute')}</button>
          </div>
        ) : null}
      </div>

      {(write && d.status === 'new') || (can('order.cancel') && d.status === 'handed_off') ? (
        <div className="card form-card" style={{ marginTop: 14 }} data-testid="order-cancel-card">
          <h2>{t('order.cancelTitle')}</h2>
          <p className="muted small">{t(d.status === 'new' ? 'order.cancelHint' : 'order.cancelHandedOffHint')}</p>
          <div className="form-grid">
            <Field id="cancel-reason" label={t('order.cancelReason')} error={act.fieldErrors.reason} required wide>
              <textarea id="cancel-reason" rows={2} value={cancelReason} onChange={(e) => setCancelReason(e.target.value)} data-testid="order-cancel-reason" />
            </Field>
            <button type="button" className="btn btn-danger" data-testid="order-cancel" disabled={act.busy}
              onClick={() => void confirm({ title: t('order.cancelConfirmTitle', { number: d.number }), text: t(d.status === 'new' ? 'order.cancelConfirmText' : 'order.cancelHandedOffConfirmText'), confirmLabel: t('order.cancelYes'), danger: true })
                .then((ok) => (ok ? act.run('/cancel', { reason: cancelReason }) : undefined))}>{t('order.cancel')}</button>
          </div>
        </div>
      ) : null}
      {dialog}
    </section>
  );
}

type Dispute = OrderView['disputes'][number];

/** One dispute: what was raised, by whom, and its resolution — or, while open, the field to resolve it. */
function DisputeItem({ orderId, dispute: x, write, onDone }: { orderId: string; dispute: Dispute; write: boolean; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const resolve = useSubmit(async () => { await api('POST', `/orders/${encodeURIComponent(orderId)}/disputes/${encodeURIComponent(x.id)}/resolve`, { resolution: text }); }, { onDone });
  return (
    <li data-testid="dispute" data-state={x.resolution ? 'resolved' : 'open'}>
      <strong>{x.subject}</strong> <span className="muted small">({x.openedByName}, {fmtInstant(x.openedAt, lang)})</span>
      {x.resolution ? (
        <div data-testid="dispute-resolution">✓ {x.resolution} <span className="muted small">({x.resolvedByName}, {x.resolvedAt ? fmtInstant(x.resolvedAt, lang) : ''})</span></div>
      ) : write ? (
        <div className="form-grid">
          {resolve.banner ? <Banner kind="error">{resolve.banner}</Banner> : null}
          <Field id={`resolution-${x.id}`} label={t('order.resolution')} error={resolve.fieldErrors.resolution} wide>
            <textarea id={`resolution-${x.id}`} rows={2} value={text} onChange={(e) => setText(e.target.value)} data-testid="dispute-resolution-text" />
          </Field>
          <button type="button" className="btn" data-testid="dispute-resolve" disabled={resolve.busy} onClick={() => void resolve.run()}>{t('order.resolve')}</button>
        </div>
      ) : <div className="muted small">{t('order.disputeOpen')}</div>}
    </li>
  );
}
