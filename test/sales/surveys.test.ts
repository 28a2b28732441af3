import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import type { Ctx } from '../../src/app/context.ts';
import { createService } from '../../src/app/billing/services.ts';
import { createDeal, moveDealStage } from '../../src/app/crm/deals.ts';
import { createContact } from '../../src/app/parties/contacts.ts';
import { getSalesSettings, saveSalesSettings } from '../../src/app/sales/links.ts';
import { answerSurvey, listSurveys, publicSurvey, sendSurveys } from '../../src/app/sales/surveys.ts';
import { addDays } from '../../src/domain/billing/billing.ts';
import { dateInZone } from '../../src/domain/dates.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { startTestSmtp } from '../helpers/smtp.ts';
import { acceptedProposalOf, rejects } from '../crm/helpers.ts';

const tokenOf = (text: string | undefined) => /\/survey\/([A-Za-z0-9_-]{43})/.exec(text ?? '')![1]!;

describe(`satisfaction: N days after a service starts, the client rates it; low scores become the manager’s task (${engineName})`, () => {
  let d: Database;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let job: Ctx;
  let manager: Ctx & { userId: string };
  let admin: Ctx;
  let seller: string;
  beforeAll(async () => {
    d = await testDb(); smtp = await startTestSmtp();
    manager = await ctxAs(d.db, 'manager');
    admin = await ctxAs(d.db, 'admin');
    job = { ...admin, services: { mailer: smtp.mailer } };
    const own = await aCompany(admin, { roles: ['own'] });
    await sql`INSERT INTO own_entity (company_id, tax_mode) VALUES (${own.id}, 'osn') ON CONFLICT DO NOTHING`.execute(d.db);
    seller = own.id;
  });
  afterAll(async () => { await smtp.close(); });

  /** A client won by `manager` (its deal's contact has an e-mail) with a service that started `daysAgo` days ago. */
  const clientWithService = async (daysAgo: number) => {
    const client = await aCompany(manager);
    const contact = await createContact(manager, client.id, { fullName: 'Олег Клиентов', emails: [`oleg.${client.id}@client.test`], phones: [] });
    const deal = await createDeal(manager, { title: 'Колокация', source: 'referral', companyId: client.id, contactId: contact.id });
    await moveDealStage(manager, deal.id, { stage: 'won', proposalId: await acceptedProposalOf(d.db, client.id, 1_500_000n) });
    const service = await createService(admin, { clientId: client.id, sellerId: seller, kind: 'colocation', title: 'Размещение 2U', monthlyPrice: 1_500_000, startDate: addDays(dateInZone(new Date()), -daysAgo) });
    return { client, contact, service };
  };

  it('the job asks once per service after the configured days; a low score opens a task for the manager, a high one does not', async () => {
    await saveSalesSettings(admin, { surveyAfterDays: 20, lowScoreThreshold: 2 });
    expect(await getSalesSettings(admin)).toMatchObject({ surveyAfterDays: 20, lowScoreThreshold: 2 });
    const early = await clientWithService(10);
    const due = await clientWithService(21);
    const happy = await clientWithService(20);
    const r = await sendSurveys(job, 'https://desk.example.test');
    expect(r.failed).toEqual([]);
    const to = (c: { contact: { emails: string[] } }) => smtp.received.filter((m) => (m.to as { text: string }).text.includes(c.contact.emails[0]!));
    expect(to(early)).toHaveLength(0);
    expect(to(due)).toHaveLength(1);
    expect(to(due)[0]!.subject).toMatch(/^Как вам наши услуги\?/);
    // A second run sends nothing twice.
    await sendSurveys(job, 'https://desk.example.test');
    expect(to(due)).toHaveLength(1);

    const low = tokenOf(to(due)[0]!.text);
    expect((await publicSurvey(job, low)).state).toBe('open');
    expect((await rejects(answerSurvey(job, low, { score: 7 }))).fieldErrors[0]).toMatchObject({ path: 'score', key: 'v.sales.score' });
    const a = await answerSurvey(job, low, { score: 2, comment: 'Долго подключали' });
    expect(a.taskId).not.toBeNull();
    const task = await d.db.selectFrom('task').selectAll().where('id', '=', a.taskId!).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ assignee_id: manager.userId, company_id: due.client.id });
    expect(task.title).toContain('2 из 5 — Долго подключали');
    expect((await rejects(answerSurvey(job, low, { score: 5 }))).key).toBe('e.sales.linkUsed');
    expect((await publicSurvey(job, low)).state).toBe('answered');
    await expect(sql`UPDATE satisfaction_survey SET score = 5 WHERE task_id = ${a.taskId}`.execute(d.db)).rejects.toMatchObject({ code: 'RD230' });

    const good = await answerSurvey(job, tokenOf(to(happy)[0]!.text), { score: 3 });
    expect(good.taskId).toBeNull();
    const list = await listSurveys(manager, { companyId: due.client.id });
    expect(list).toEqual([expect.objectContaining({ serviceId: due.service.id, score: 2, comment: 'Долго подключали', taskId: a.taskId })]);
  });

  it('the settings refuse nonsense values; only management changes them', async () => {
    expect((await rejects(saveSalesSettings(admin, { lowScoreThreshold: 9 }))).fieldErrors[0]!.path).toBe('lowScoreThreshold');
    expect((await rejects(saveSalesSettings(manager, { surveyAfterDays: 5 }))).key).toBe('e.forbidden');
  });
});
