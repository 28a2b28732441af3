import type { Mailer, MailMessage } from '../../mail/mailer.ts';
import { getSalesSettings } from '../../sales/links.ts';
import { answerSurvey, sendSurveys } from '../../sales/surveys.ts';
import { addDays } from '../../../domain/billing/billing.ts';
import type { Ctx } from '../../context.ts';
import { company, type DemoWorld } from './world.ts';

/** Where the demo's survey links point; the mail never leaves the seeding (see below). */
const DEMO_BASE = 'https://rackdesk.demo.invalid';

/** The client's answers: a contented one and a low score that opened a task for the responsible manager. */
const ANSWERS = [
  { client: 'Медиа Плюс', score: 5, comment: 'Стойки подключили в срок, за месяц ни одного простоя.' },
  { client: 'Логистик Онлайн', score: 2, comment: 'Канал дважды падал в первую неделю, поддержка отвечала по полдня.' },
] as const;

/**
 * Satisfaction surveys of two services that started this year, run by the real survey job on the day it
 * would have asked (the configured number of days after the start) and answered by the client two days
 * later through the link of that e-mail. The e-mails are kept in memory, never sent: the demo's
 * contacts are made up, even when the server has SMTP configured.
 */
export async function seedSurveys(w: DemoWorld): Promise<void> {
  const { surveyAfterDays } = await getSalesSettings(w.base);
  for (const a of ANSWERS) {
    const clientId = company(w, a.client).id;
    const service = await w.base.db.selectFrom('billing_service').select('start_date').where('client_id', '=', clientId).orderBy('start_date').executeTakeFirstOrThrow();
    const asked = new Date(`${addDays(service.start_date, surveyAfterDays)}T10:00:00+03:00`);
    const outbox: MailMessage[] = [];
    const mailer: Mailer = { send: (m) => { outbox.push(m); return Promise.resolve({ messageId: `demo-${outbox.length}` }); } };
    const job: Ctx = { ...w.base, now: () => asked, services: { ...w.base.services, mailer } };
    const r = await sendSurveys(job, DEMO_BASE);
    const token = /\/survey\/([A-Za-z0-9_-]+)/.exec(outbox[0]?.text ?? '')?.[1];
    if (r.sent !== 1 || !token) throw new Error(`demo: the survey of ${a.client} was not sent`);
    const answered = new Date(asked.getTime() + 2 * 86_400_000 + 4 * 3_600_000);
    await answerSurvey({ ...w.base, now: () => answered }, token, { score: a.score, comment: a.comment });
  }
}
