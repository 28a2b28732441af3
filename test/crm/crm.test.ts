import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { createDeal, getDeal, listDeals, moveDealStage, updateDeal } from '../../src/app/crm/deals.ts';
import { logActivity, sendEmail } from '../../src/app/crm/activities.ts';
import { completeTask, createTask, listTasks } from '../../src/app/crm/tasks.ts';
import { createPartnerAgreement, partnerTermsOn } from '../../src/app/crm/partners.ts';
import { recordConsent } from '../../src/app/parties/consents.ts';
import { listAudit } from '../../src/app/audit/list-audit.ts';
import { saveStage } from '../../src/app/crm/settings.ts';
import { translate } from '../../src/domain/messages.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { startTestSmtp } from '../helpers/smtp.ts';
import { acceptedProposalOf, aClientWithContact, grantAdvertising, rejects } from './helpers.ts';

describe(`CRM pipeline and activities (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  it('a lead lands in the first stage with its source, UTM tags, service interest and the stage probability; audited on the company', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const { company, contact } = await aClientWithContact(ctx);
    const deal = await createDeal(ctx, {
      title: 'Стойка в М9', source: 'ad_campaign', utmSource: 'yandex', utmCampaign: 'colo-2026', companyId: company.id, contactId: contact.id,
      serviceKind: 'colocation', parameters: '42U, 2 кВт', expectedMonthlyRevenue: '85 000,50', nextStep: 'Позвонить', nextStepDue: '2026-12-01',
    });
    expect(deal).toMatchObject({ stage: 'new', outcome: 'open', probability: 10, ownerId: ctx.userId, serviceKind: 'colocation', utm: { source: 'yandex', campaign: 'colo-2026' } });
    expect(deal.expectedMonthlyRevenue).toBe(8_500_050n);
    const history = await listAudit(ctx, { entityId: company.id });
    expect(history.some((h) => h.entityType === 'deal' && h.action === 'create')).toBe(true);
  });

  it('refuses bad input naming every field, and a partner source without a partner', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const company = await aCompany(ctx);
    const e = await rejects(createDeal(ctx, { title: '', source: 'tv', companyId: company.id, expectedMonthlyRevenue: '-5', nextStep: 'x' }));
    expect(e.code).toBe('validation');
    expect(e.fieldErrors.map((f) => f.path).sort()).toEqual(['expectedMonthlyRevenue', 'source', 'title']);
    const e2 = await rejects(createDeal(ctx, { title: 'Через партнёра', source: 'partner', companyId: company.id }));
    expect(e2.fieldErrors).toEqual([{ path: 'partnerId', key: 'v.required' }]);
    const notPartner = await aCompany(ctx);
    const e3 = await rejects(createDeal(ctx, { title: 'Через партнёра', source: 'partner', partnerId: notPartner.id, companyId: company.id }));
    expect(e3.key).toBe('e.crm.notPartner');
  });

  it('lost requires a refusal reason from the list and a comment; the database refuses it too', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const company = await aCompany(ctx);
    const deal = await createDeal(ctx, { title: 'VPS x10', source: 'cold_call', companyId: company.id, expectedMonthlyRevenue: '30000' });
    const noReason = await rejects(moveDealStage(ctx, deal.id, { stage: 'lost' }));
    expect(noReason.code).toBe('rule');
    expect(noReason.fieldErrors.map((f) => f.path)).toEqual(['lostReason', 'lostComment']);
    expect(translate('ru', noReason.key)).toContain('причину отказа');
    const noComment = await rejects(moveDealStage(ctx, deal.id, { stage: 'lost', lostReason: 'price' }));
    expect(noComment.fieldErrors.map((f) => f.path)).toEqual(['lostComment']);
    const unknown = await rejects(moveDealStage(ctx, deal.id, { stage: 'lost', lostReason: 'astrology', lostComment: 'x' }));
    expect(unknown.key).toBe('e.crm.unknownReason');
    expect((await getDeal(ctx, deal.id)).deal.outcome).toBe('open');

    // Straight to the database: a lost deal without a reason is impossible.
    await expect(d.db.updateTable('deal').set({ stage: 'lost', closed_at: new Date() }).where('id', '=', deal.id).execute()).rejects.toMatchObject({ code: '23514' });
    await expect(d.db.updateTable('deal').set({ stage: 'lost', closed_at: new Date(), lost_reason: 'price', lost_comment: ' ' }).where('id', '=', deal.id).execute()).rejects.toMatchObject({ code: '23514' });

    const lost = await moveDealStage(ctx, deal.id, { stage: 'lost', lostReason: 'price', lostComment: 'Нашли дешевле у конкурента' });
    expect(lost).toMatchObject({ outcome: 'lost', lostReason: 'price', probability: 0, nextStep: null });
    expect(lost.closedAt).toBeInstanceOf(Date);
    const again = await rejects(moveDealStage(ctx, deal.id, { stage: 'qualified' }));
    expect(again.key).toBe('e.crm.closed');
  });

  it('of concurrent closes of one deal (won and lost) exactly one wins; the rest see it closed', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const deal = await createDeal(ctx, { title: 'Гонка', source: 'referral', companyId: (await aCompany(ctx)).id });
    const moves = Array.from({ length: 6 }, (_, i) => (i % 2
      ? moveDealStage(ctx, deal.id, { stage: 'won' })
      : moveDealStage(ctx, deal.id, { stage: 'lost', lostReason: 'price', lostComment: `попытка ${i}` })));
    const results = await Promise.allSettled(moves);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) expect(((r as PromiseRejectedResult).reason as { key: string }).key).toBe('e.crm.closed');
    const changes = await d.db.selectFrom('deal_stage_change').select('to_stage').where('deal_id', '=', deal.id).execute();
    expect(changes).toHaveLength(2);
  });

  // Winning by an accepted proposal (and refusing any other) is tested with real proposals in test/integration/deal-won.test.ts.
  it('won closes the deal at 100 % only by an accepted proposal, whose monthly total becomes the revenue; stage moves are kept as history and audited', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const company = await aCompany(ctx);
    const deal = await createDeal(ctx, { title: 'Сервер', source: 'referral', companyId: company.id });
    await moveDealStage(ctx, deal.id, { stage: 'qualified', nextStep: 'ТЗ', nextStepDue: '2026-12-02' });
    const e = await rejects(moveDealStage(ctx, deal.id, { stage: 'proposal', lostReason: 'price' }));
    expect(e.key).toBe('e.crm.lostFieldsOnlyWhenLost');
    expect((await rejects(moveDealStage(ctx, deal.id, { stage: 'won', proposalId: 'qt_123' }))).fieldErrors[0]!.path).toBe('proposalId');
    // A bare «won» (no proposal) was once accepted with proposalId null; it is refused now.
    expect((await rejects(moveDealStage(ctx, deal.id, { stage: 'won' }))).key).toBe('e.sales.wonOnlyByAcceptance');
    const proposalId = await acceptedProposalOf(d.db, company.id, 4_200_000n);
    const won = await moveDealStage(ctx, deal.id, { stage: 'won', proposalId });
    expect(won).toMatchObject({ outcome: 'won', proposalId, probability: 100, expectedMonthlyRevenue: 4_200_000n });
    const card = await getDeal(ctx, deal.id);
    expect(card.timeline.filter((t) => t.type === 'stage').map((t) => (t as { toStage: string }).toStage)).toEqual(['won', 'qualified', 'new']);
    const audit = await listAudit(ctx, { entityId: deal.id });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'stage:qualified', 'stage:won']));
  });

  it('the pipeline is configurable: a new stage appears in order and deals can move to it', async () => {
    const admin = await ctxAs(d.db, 'admin');
    const code = `pilot_${Math.floor(Math.random() * 1e6)}`;
    await saveStage(admin, { code, nameRu: 'Тестовый период', nameEn: 'Pilot', position: 45, probability: 70 });
    const manager = await ctxAs(d.db, 'manager');
    const e = await rejects(saveStage(manager, { code, nameRu: 'x', nameEn: 'x', position: 1, probability: 1 }));
    expect(e.code).toBe('forbidden');
    const deal = await createDeal(manager, { title: 'Пилот', source: 'referral', companyId: (await aCompany(manager)).id });
    expect((await moveDealStage(manager, deal.id, { stage: code })).probability).toBe(70);
    await saveStage(admin, { code, nameRu: 'Тестовый период', nameEn: 'Pilot', position: 45, probability: 70, active: false });
  });

  it('a stale version is refused; a patch counts as a status update', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const deal = await createDeal(ctx, { title: 'Интернет', source: 'inbound_call', companyId: (await aCompany(ctx)).id });
    const u = await updateDeal(ctx, deal.id, { blockedReason: 'Ждём ТУ от арендодателя', version: 1 });
    expect(u.version).toBe(2);
    expect(u.statusUpdatedAt.getTime()).toBeGreaterThanOrEqual(deal.statusUpdatedAt.getTime());
    expect((await rejects(updateDeal(ctx, deal.id, { title: 'x', version: 1 }))).code).toBe('conflict');
  });

  describe('no spam', () => {
    it('an outbound advertising call without consent is refused with a clear message; with consent it is logged', async () => {
      const ctx = await ctxAs(d.db, 'manager');
      const { company, contact } = await aClientWithContact(ctx);
      const deal = await createDeal(ctx, { title: 'Холодный звонок', source: 'cold_call', companyId: company.id, contactId: contact.id });
      const e = await rejects(logActivity(ctx, { kind: 'call', direction: 'outbound', purpose: 'advertising', dealId: deal.id, contactId: contact.id, outcome: 'Предложили VPS' }));
      expect(e.code).toBe('rule');
      expect(translate('ru', e.key, e.params)).toBe('Нет согласия на рекламные звонки для этого контакта («Иван Петров»)');
      expect(e.fieldErrors.map((f) => f.path)).toEqual(['contactId']);
      expect((await getDeal(ctx, deal.id)).timeline.filter((t) => t.type === 'activity')).toHaveLength(0);
      await grantAdvertising(ctx, company.id, contact.id, 'call');
      const a = await logActivity(ctx, { kind: 'call', direction: 'outbound', purpose: 'advertising', dealId: deal.id, contactId: contact.id, outcome: 'Интересно', nextStep: 'Отправить КП', nextStepDue: '2026-12-03' });
      expect(a.companyId).toBe(company.id);
      expect((await getDeal(ctx, deal.id)).deal.nextStep).toBe('Отправить КП');
      // Consent for calls is not consent for e-mail.
      const e2 = await rejects(logActivity(ctx, { kind: 'email', direction: 'outbound', purpose: 'advertising', dealId: deal.id, contactId: contact.id, subject: 'Акция' }));
      expect(e2.key).toBe('e.crm.noAdConsent');
    });

    it('withdrawal takes effect immediately, and the database refuses what the app would', async () => {
      const ctx = await ctxAs(d.db, 'manager');
      const { company, contact } = await aClientWithContact(ctx);
      await grantAdvertising(ctx, company.id, contact.id, 'call', new Date(Date.now() - 3600_000).toISOString());
      await logActivity(ctx, { kind: 'call', direction: 'outbound', purpose: 'advertising', companyId: company.id, contactId: contact.id });
      await recordConsent(ctx, company.id, contact.id, { channel: 'call', purpose: 'advertising', status: 'withdrawn', source: 'просьба по телефону' });
      const e = await rejects(logActivity(ctx, { kind: 'call', direction: 'outbound', purpose: 'advertising', companyId: company.id, contactId: contact.id }));
      expect(e.key).toBe('e.crm.adConsentWithdrawn');
      await expect(d.db.insertInto('activity').values({
        id: `ac_raw${Date.now()}`, kind: 'call', direction: 'outbound', purpose: 'advertising', company_id: company.id, contact_id: contact.id,
        deal_id: null, owner_id: null, at: new Date(), subject: null, outcome: null, body: null, email_to: null, email_message_id: null,
      }).execute()).rejects.toThrow(/no consent/);
    });

    it('service messages and replies to the contact’s own inquiry are not advertising; a "reply" to someone who never asked is refused', async () => {
      const ctx = await ctxAs(d.db, 'manager');
      const { company, contact } = await aClientWithContact(ctx);
      await logActivity(ctx, { kind: 'call', direction: 'outbound', purpose: 'service', companyId: company.id, contactId: contact.id, subject: 'Плановые работы' });
      const e = await rejects(logActivity(ctx, { kind: 'call', direction: 'outbound', purpose: 'reply', companyId: company.id, contactId: contact.id }));
      expect(e.key).toBe('e.crm.notReply');
      await logActivity(ctx, { kind: 'email', direction: 'inbound', purpose: 'reply', companyId: company.id, contactId: contact.id, subject: 'Сколько стоит стойка?' });
      await logActivity(ctx, { kind: 'call', direction: 'outbound', purpose: 'reply', companyId: company.id, contactId: contact.id, outcome: 'Ответили на вопрос' });
    });

    it('e-mail goes through real SMTP, is refused without consent, and is stored on the timeline', async () => {
      const smtp = await startTestSmtp();
      try {
        const base = await ctxAs(d.db, 'manager');
        const ctx = { ...base, services: { mailer: smtp.mailer } };
        const { company, contact } = await aClientWithContact(ctx);
        const deal = await createDeal(ctx, { title: 'Рассылка', source: 'conference', companyId: company.id, contactId: contact.id });
        const e = await rejects(sendEmail(ctx, { dealId: deal.id, contactId: contact.id, purpose: 'advertising', subject: 'Скидка 20%', text: 'Только сегодня' }));
        expect(e.key).toBe('e.crm.noAdConsent');
        expect(smtp.received).toHaveLength(0);
        const inv = await sendEmail(ctx, { dealId: deal.id, contactId: contact.id, purpose: 'service', subject: 'Счёт №15', text: 'Счёт во вложении' });
        await grantAdvertising(ctx, company.id, contact.id, 'email');
        await sendEmail(ctx, { dealId: deal.id, contactId: contact.id, purpose: 'advertising', subject: 'Новые стойки в М9', text: 'Приглашаем' });
        expect(smtp.received.map((m) => m.subject)).toEqual(['Счёт №15', 'Новые стойки в М9']);
        expect(smtp.received[0]!.to).toMatchObject({ text: contact.emails[0] });
        expect(smtp.received[1]!.text?.trim()).toBe('Приглашаем');
        const card = await getDeal(ctx, deal.id);
        const mails = card.timeline.filter((t) => t.type === 'activity').map((t) => (t as { activity: { subject: string; emailMessageId: string } }).activity);
        expect(mails.map((m) => m.subject).sort()).toEqual(['Новые стойки в М9', 'Счёт №15']);
        expect(mails.find((m) => m.subject === 'Счёт №15')!.emailMessageId).toBe(inv.emailMessageId);
        expect(inv.emailMessageId).toBeTruthy();
        const bad = await rejects(sendEmail(ctx, { dealId: deal.id, contactId: contact.id, to: 'other@x.test', purpose: 'service', subject: 'x', text: 'y' }));
        expect(bad.key).toBe('e.crm.noEmail');
        const noMailer = await rejects(sendEmail(base, { dealId: deal.id, contactId: contact.id, purpose: 'service', subject: 'x', text: 'y' }));
        expect(noMailer.key).toBe('e.crm.noMailer');
      } finally { await smtp.close(); }
    });

    it('a send that the mail server refuses leaves no record on the timeline', async () => {
      const base = await ctxAs(d.db, 'manager');
      const ctx = { ...base, services: { mailer: { send: async () => { throw new Error('550 mailbox unavailable'); } } } };
      const { company, contact } = await aClientWithContact(ctx);
      const e = await rejects(sendEmail(ctx, { companyId: company.id, contactId: contact.id, purpose: 'service', subject: 'Авария', text: 'Узел недоступен' }));
      expect(e.key).toBe('e.crm.mailFailed');
      const n = await d.db.selectFrom('activity').select(sql<string>`count(*)`.as('n')).where('company_id', '=', company.id).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(0);
    });
  });

  it('tasks: today and overdue lists per assignee, reminders due show in the app, done once', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const fixed = { ...ctx, now: () => new Date('2026-11-27T09:00:00Z') };
    const deal = await createDeal(fixed, { title: 'Задачи', source: 'referral', companyId: (await aCompany(ctx)).id });
    const late = await createTask(fixed, { title: 'Прислать схему', dealId: deal.id, dueDate: '2026-11-25' });
    const today = await createTask(fixed, { title: 'Позвонить', dealId: deal.id, dueDate: '2026-11-27', remindAt: '2026-11-27T08:00:00Z' });
    await createTask(fixed, { title: 'Потом', dealId: deal.id, dueDate: '2026-12-10' });
    expect((await listTasks(fixed, { view: 'overdue' })).map((t) => t.id)).toEqual([late.id]);
    const t = await listTasks(fixed, { view: 'today' });
    expect(t.map((x) => x.title)).toEqual(['Прислать схему', 'Позвонить']);
    expect(t.find((x) => x.id === today.id)).toMatchObject({ reminderDue: true, overdue: false, dealTitle: 'Задачи' });
    await completeTask(fixed, late.id);
    expect((await rejects(completeTask(fixed, late.id))).key).toBe('e.crm.taskDone');
    expect(await listTasks(fixed, { view: 'overdue' })).toHaveLength(0);
  });

  describe('partners', () => {
    it('agreements carry fee and discount terms; terms in force on a date are what pricing reads', async () => {
      const mgmt = await ctxAs(d.db, 'management');
      const partner = await aCompany(mgmt, { roles: ['partner'] });
      const a1 = await createPartnerAgreement(mgmt, partner.id, { number: 'АГ-1', agentFeePercent: '10', resellerDiscountPercent: '7,5', validFrom: '2026-01-01', validTo: '2026-06-30' });
      expect(a1).toMatchObject({ agentFeePercent: '10', resellerDiscountPercent: '7.5' });
      await createPartnerAgreement(mgmt, partner.id, { agentFeeFixed: '15000', validFrom: '2026-07-01' });
      expect((await partnerTermsOn(mgmt, partner.id, '2026-03-01'))?.agentFeePercent).toBe('10');
      expect((await partnerTermsOn(mgmt, partner.id, '2026-08-01'))?.agentFeeFixed).toBe(1_500_000n);
      const both = await rejects(createPartnerAgreement(mgmt, partner.id, { agentFeePercent: '5', agentFeeFixed: '100', validFrom: '2030-01-01' }));
      expect(both.fieldErrors[0]!.key).toBe('v.partner.oneFee');
      const manager = await ctxAs(d.db, 'manager');
      expect((await rejects(createPartnerAgreement(manager, partner.id, { agentFeePercent: '5', validFrom: '2031-01-01' }))).code).toBe('forbidden');
      const client = await aCompany(mgmt);
      expect((await rejects(createPartnerAgreement(mgmt, client.id, { agentFeePercent: '5', validFrom: '2031-01-01' }))).key).toBe('e.crm.notPartner');
      const deal = await createDeal(manager, { title: 'От партнёра', source: 'partner', partnerId: partner.id, companyId: client.id });
      expect(deal.partnerId).toBe(partner.id);
    });

    it('of concurrent overlapping agreements for one partner exactly one is stored', async () => {
      const mgmt = await ctxAs(d.db, 'management');
      const partner = await aCompany(mgmt, { roles: ['partner'] });
      const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => createPartnerAgreement(mgmt, partner.id, { agentFeePercent: String(i + 1), validFrom: `2026-0${i + 1}-01` })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((x) => x.status === 'rejected')) expect(((r as PromiseRejectedResult).reason as { key: string }).key).toBe('e.crm.agreementOverlap');
    });
  });

  it('the board lists own open deals with the last activity', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const company = await aCompany(ctx);
    const deal = await createDeal(ctx, { title: 'Доска', source: 'office_visit', companyId: company.id });
    await logActivity(ctx, { kind: 'visit', direction: 'inbound', purpose: 'reply', dealId: deal.id, outcome: 'Пришёл в офис' });
    const items = await listDeals(ctx, { ownerId: ctx.userId });
    expect(items.map((i) => i.id)).toEqual([deal.id]);
    expect(items[0]!.lastActivityAt).toBeInstanceOf(Date);
    expect(items[0]!.companyName).toBe(company.name);
  });
});
