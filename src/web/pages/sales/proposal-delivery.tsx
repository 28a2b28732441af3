import { useState } from 'react';
import { Banner, Field } from '../../components/field.tsx';
import { FormActions, Modal } from '../../components/modal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, type Contact } from '../../lib/api.ts';
import { fmtInstant } from '../../lib/format.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { fmtDate } from '../crm/types.ts';

interface Delivery {
  links: { id: string; version: number; email: string; contactName: string; createdAt: string; expiresAt: string; usedAt: string | null; state: 'active' | 'expired' | 'used' }[];
  decisions: { id: string; version: number; decision: 'accepted' | 'declined'; channel: 'online' | 'paper'; comment: string | null; ip: string | null; contentHash: string; decidedAt: string }[];
}

/**
 * Under the proposal: "send by e-mail" (asks for the client's contact; a sent version gets a new link)
 * and what happened since — links with their state, the client's answer with its channel, IP and version hash.
 */
export function ProposalDelivery(props: { proposalId: string; companyId: string; status: string; canWrite: boolean; onSent: () => void }) {
  const { t, lang } = useI18n();
  const delivery = useData(() => api<Delivery>('GET', `/proposals/${encodeURIComponent(props.proposalId)}/delivery`), [props.proposalId, props.status]);
  const [sending, setSending] = useState(false);
  const canSend = props.canWrite && ['draft', 'approved', 'sent'].includes(props.status);
  const d = delivery.data;
  return (
    <div className="card form-card" style={{ marginTop: 14 }} data-testid="proposal-delivery">
      <div className="section-head">
        <h2>{t('sales.links.title')}</h2>
        {canSend ? <button type="button" className="btn btn-primary" onClick={() => setSending(true)} data-testid="proposal-email">{props.status === 'sent' ? t('sales.send.resend') : t('sales.send.button')}</button> : null}
      </div>
      {delivery.error ? <Banner kind="error">{delivery.error}</Banner> : null}
      {d && d.decisions.length ? (
        <ul data-testid="proposal-decisions">
          {d.decisions.map((x) => (
            <li key={x.id}>
              <strong>{t(`sales.decision.${x.decision}`)}</strong> · v{x.version} · {fmtInstant(x.decidedAt, lang)} · {x.channel === 'online' ? t('sales.decision.online', { ip: x.ip ?? '' }) : t('sales.decision.paper')}
              {x.comment ? <> · «{x.comment}»</> : null}
              <div className="small muted">{t('sales.decision.hash', { hash: x.contentHash })}</div>
            </li>
          ))}
        </ul>
      ) : null}
      {d && d.links.length === 0 ? <div className="muted">{t('sales.links.none')}</div> : null}
      {d && d.links.length ? (
        <ul data-testid="proposal-links">
          {d.links.map((l) => (
            <li key={l.id} data-state={l.state}>
              v{l.version} · {l.contactName} &lt;{l.email}&gt; · {fmtInstant(l.createdAt, lang)} · <span className={l.state === 'active' ? '' : 'muted'}>
                {t(`sales.links.state.${l.state}`, { date: fmtInstant(l.state === 'used' ? l.usedAt : l.expiresAt, lang) })}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {sending ? <SendForm {...props} onClose={() => setSending(false)} onDone={() => { setSending(false); delivery.reload(); props.onSent(); }} /> : null}
    </div>
  );
}

function SendForm(props: { proposalId: string; companyId: string; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const contacts = useData(() => api<{ items: Contact[] }>('GET', `/companies/${encodeURIComponent(props.companyId)}/contacts`), [props.companyId]);
  const earliest = useData(() => api<{ date: string }>('GET', `/proposals/${encodeURIComponent(props.proposalId)}/earliest-start`), [props.proposalId]);
  const withEmail = (contacts.data?.items ?? []).filter((c) => c.emails.length > 0);
  const [contactId, setContactId] = useState('');
  const [email, setEmail] = useState('');
  const chosen = withEmail.find((c) => c.id === (contactId || withEmail[0]?.id));
  const to = email || chosen?.emails[0] || '';
  const submit = useSubmit(() => api('POST', `/proposals/${encodeURIComponent(props.proposalId)}/email`, { contactId: chosen?.id ?? '', email: to || null }),
    { success: t('sales.send.done', { email: to }), onDone: props.onDone });
  return (
    <Modal title={t('sales.send.title')} onClose={props.onClose} testId="send-modal">
      <form onSubmit={submit.onSubmit} className="form-grid">
        {submit.banner ? <Banner kind="error" testId="send-error">{submit.banner}</Banner> : null}
        {contacts.data && withEmail.length === 0 ? <Banner kind="warning">{t('sales.send.noContacts')}</Banner> : null}
        <Field id="send-contact" label={t('sales.send.contact')} error={submit.fieldErrors.contactId} required>
          <select id="send-contact" value={chosen?.id ?? ''} onChange={(e) => { setContactId(e.target.value); setEmail(''); }}>
            {withEmail.map((c) => <option key={c.id} value={c.id}>{c.fullName}</option>)}
          </select>
        </Field>
        <Field id="send-email" label={t('sales.send.email')} error={submit.fieldErrors.email} required>
          <select id="send-email" value={to} onChange={(e) => setEmail(e.target.value)}>
            {(chosen?.emails ?? []).map((e) => <option key={e} value={e}>{e}</option>)}
          </select>
        </Field>
        <div className="field-wide small muted">{t('sales.send.hint')}</div>
        {earliest.data ? <div className="field-wide small" data-testid="send-earliest">{t('sales.send.earliest', { date: fmtDate(earliest.data.date, lang) })}</div> : null}
        <FormActions onCancel={props.onClose} label={t('sales.send.submit')} busy={submit.busy} disabled={!chosen} testId="send-submit" />
      </form>
    </Modal>
  );
}
