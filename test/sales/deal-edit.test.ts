import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { createDeal, updateDeal } from '../../src/app/crm/deals.ts';
import { logActivity, sendEmail } from '../../src/app/crm/activities.ts';
import { translate } from '../../src/domain/messages.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { ctxAs } from '../helpers/factories.ts';
import { startTestSmtp } from '../helpers/smtp.ts';
import { aClientWithContact, grantAdvertising, rejects } from '../crm/helpers.ts';

describe(`a lead gets a contact, then calls and e-mails say what is missing (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  it('without a contact the call and the e-mail name the missing contact; after the edit, consent is what is missing', async () => {
    const smtp = await startTestSmtp();
    try {
      const ctx = { ...(await ctxAs(d.db, 'manager')), services: { mailer: smtp.mailer } };
      const { company, contact } = await aClientWithContact(ctx);
      const lead = await createDeal(ctx, { title: 'Колокация 2U', source: 'cold_call', companyId: company.id });
      const call = { kind: 'call', direction: 'outbound', purpose: 'advertising', dealId: lead.id, outcome: 'Предложили стойку' };
      const noContact = await rejects(logActivity(ctx, call));
      expect(translate('ru', noContact.key, noContact.params)).toMatch(/^Для сделки не выбран контакт/);
      expect(noContact.fieldErrors).toEqual([{ path: 'contactId', key: 'e.crm.noContactChosen' }]);
      const mail = { dealId: lead.id, purpose: 'service', subject: 'Плановые работы', text: 'С 02:00 до 04:00' };
      expect((await rejects(sendEmail(ctx, mail))).key).toBe('e.crm.noContactChosen');

      const edited = await updateDeal(ctx, lead.id, { contactId: contact.id, expectedMonthlyRevenue: '45 000,50', nextStep: 'Позвонить', nextStepDue: '2026-12-03', version: lead.version });
      expect(edited).toMatchObject({ contactId: contact.id, expectedMonthlyRevenue: 4_500_050n, nextStep: 'Позвонить', nextStepDue: '2026-12-03' });
      const noConsent = await rejects(logActivity(ctx, { ...call, contactId: contact.id }));
      expect(translate('ru', noConsent.key, noConsent.params)).toBe('Нет согласия на рекламные звонки для этого контакта («Иван Петров»)');
      expect(translate('en', noConsent.key, noConsent.params)).toBe('No consent to advertising calls for this contact (“Иван Петров”)');
      await sendEmail(ctx, { ...mail, contactId: contact.id });
      expect(smtp.received.map((m) => m.subject)).toEqual(['Плановые работы']);
      await grantAdvertising(ctx, company.id, contact.id, 'call');
      await logActivity(ctx, { ...call, contactId: contact.id });
    } finally {
      await smtp.close();
    }
  });

  it('only management hands a deal to another manager', async () => {
    const [manager, other, management] = await Promise.all([ctxAs(d.db, 'manager'), ctxAs(d.db, 'manager'), ctxAs(d.db, 'management')]);
    const { company } = await aClientWithContact(manager);
    const deal = await createDeal(manager, { title: 'VPS', source: 'inbound_call', companyId: company.id });
    const e = await rejects(updateDeal(manager, deal.id, { ownerId: other.actor.id! }));
    expect(e.key).toBe('e.crm.reassignTeamOnly');
    expect((await updateDeal(management, deal.id, { ownerId: other.actor.id! })).ownerId).toBe(other.actor.id);
  });
});
