import { useState } from 'react';
import { Banner, Field } from '../../components/field.tsx';
import { fetchAll } from '../../components/list.tsx';
import { FormActions, Modal } from '../../components/modal.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, type Contact, type Page, type User } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { toRublesInput } from '../../lib/quoting.ts';
import type { DealCard } from './types.ts';

interface Partner { id: string; name: string }

/**
 * Changes what a manager learns about a deal after the lead: the contact (a lead often starts without one),
 * expected revenue, next step and date, partner; management may also hand the deal to another manager.
 */
export function DealEditForm({ card, canTeam, onClose, onSaved }: { card: DealCard; canTeam: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const d = card.deal;
  const [v, setV] = useState({
    title: d.title, contactId: d.contactId ?? '', expectedMonthlyRevenue: toRublesInput(d.expectedMonthlyRevenue),
    nextStep: d.nextStep ?? '', nextStepDue: d.nextStepDue ?? '', partnerId: d.partnerId ?? '', ownerId: d.ownerId,
  });
  const choices = useData(() => Promise.all([
    api<Page<Contact>>('GET', `/companies/${encodeURIComponent(card.company.id)}/contacts`).then((p) => p.items),
    api<{ items: Partner[] }>('GET', '/partners').then((p) => p.items),
    canTeam ? fetchAll<User>('/users', { role: 'manager,management,assistant', active: 'true', sort: 'fullName' }) : Promise.resolve([] as User[]),
  ]), [card.company.id, canTeam]);
  const [contacts, partners, users] = choices.data ?? [[], [], []];
  const save = useSubmit(() => api('PATCH', `/deals/${encodeURIComponent(d.id)}`, {
    title: v.title, contactId: v.contactId || null, expectedMonthlyRevenue: v.expectedMonthlyRevenue.trim() || '0',
    nextStep: v.nextStep || null, nextStepDue: v.nextStepDue || null, partnerId: v.partnerId || null,
    ...(canTeam && v.ownerId !== d.ownerId ? { ownerId: v.ownerId } : {}), version: d.version,
  }), { success: t('sales.deal.saved'), onDone: onSaved });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const err = save.fieldErrors;
  return (
    <Modal title={t('sales.deal.editTitle')} onClose={onClose} wide testId="deal-edit">
      <form onSubmit={save.onSubmit} noValidate data-testid="deal-edit-form">
        {save.banner ? <Banner kind="error" testId="deal-edit-error">{save.banner}</Banner> : null}
        {choices.error ? <Banner kind="error">{choices.error}</Banner> : null}
        <div className="form-grid">
          <Field id="de-title" label={t('sales.deal.title')} error={err.title} required wide>
            <input id="de-title" value={v.title} onChange={set('title')} data-testid="deal-edit-title" />
          </Field>
          <Field id="de-contact" label={t('crm.contact')} error={err.contactId} hint={contacts.length ? undefined : t('sales.deal.noContacts')}>
            <select id="de-contact" value={v.contactId} onChange={set('contactId')} data-testid="deal-edit-contact">
              <option value="">{t('sales.deal.noContact')}</option>
              {contacts.map((c) => <option key={c.id} value={c.id}>{c.fullName}{c.position ? ` — ${c.position}` : ''}</option>)}
            </select>
          </Field>
          <Field id="de-revenue" label={t('sales.deal.revenue')} error={err.expectedMonthlyRevenue}>
            <input id="de-revenue" inputMode="decimal" value={v.expectedMonthlyRevenue} onChange={set('expectedMonthlyRevenue')} data-testid="deal-edit-revenue" />
          </Field>
          <Field id="de-next" label={t('crm.nextStep')} error={err.nextStep}>
            <input id="de-next" value={v.nextStep} onChange={set('nextStep')} data-testid="deal-edit-next" />
          </Field>
          <Field id="de-due" label={t('crm.nextStepDue')} error={err.nextStepDue}>
            <input id="de-due" type="date" value={v.nextStepDue} onChange={set('nextStepDue')} data-testid="deal-edit-due" />
          </Field>
          <Field id="de-partner" label={t('sales.deal.partner')} error={err.partnerId}>
            <select id="de-partner" value={v.partnerId} onChange={set('partnerId')} data-testid="deal-edit-partner">
              <option value="">{t('sales.deal.noPartner')}</option>
              {partners.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </Field>
          {canTeam ? (
            <Field id="de-owner" label={t('crm.owner')} error={err.ownerId}>
              <select id="de-owner" value={v.ownerId} onChange={set('ownerId')} data-testid="deal-edit-owner">
                {users.some((u) => u.id === v.ownerId) ? null : <option value={v.ownerId}>{card.ownerName ?? ''}</option>}
                {users.map((u) => <option key={u.id} value={u.id}>{u.fullName}</option>)}
              </select>
            </Field>
          ) : null}
        </div>
        <FormActions onCancel={onClose} busy={save.busy} testId="deal-edit-save" />
      </form>
    </Modal>
  );
}
