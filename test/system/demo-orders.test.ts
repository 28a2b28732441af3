import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { makeCtx, systemActor } from '../../src/app/context.ts';
import type { Mailer, MailMessage } from '../../src/app/mail/mailer.ts';
import { listAudit } from '../../src/app/audit/list-audit.ts';
import { listTasks } from '../../src/app/crm/tasks.ts';
import { getOrder, listOrders } from '../../src/app/orders/orders.ts';
import { listSurveys } from '../../src/app/sales/surveys.ts';
import { seedDemo } from '../../src/app/system/seed-demo.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { ctxAs } from '../helpers/factories.ts';

/** The demo shows the order chain's ends too: an order the client withdrew, and the clients' satisfaction answers. */
describe(`demo orders and satisfaction answers (${engineName})`, () => {
  let d: Database;
  /** What the demo e-mails through a configured SMTP server: nothing to a client, its addresses are made up. */
  const mailed: MailMessage[] = [];
  beforeAll(async () => {
    d = await testDb();
    const smtp: Mailer = { send: (m) => { mailed.push(m); return Promise.resolve({ messageId: 'x' }); } };
    await seedDemo(makeCtx(d.db, systemActor, undefined, { mailer: smtp }), 'demo-password-1');
  }, 600_000);

  it('orders in five states; the withdrawn one is cancelled by the manager with the reason, its contract sent but never signed', async () => {
    const management = await ctxAs(d.db, 'management');
    const orders = await listOrders(management);
    expect(orders.map((o) => o.status).sort()).toEqual(['active', 'cancelled', 'handed_off', 'handed_off', 'new']);
    const cancelled = await getOrder(management, orders.find((o) => o.status === 'cancelled')!.id);
    expect(cancelled).toMatchObject({
      companyName: 'ООО «Северный ветер»', cancelledBy: 'Ирина Соколова', cancelReason: expect.stringContaining('бюджет не утвердили'),
      contract: { status: 'sent', channel: 'courier' }, invoice: null, provisioning: null, services: [],
    });
    // The order numbers of the others did not move: the withdrawn order was taken last.
    expect(orders.every((o) => o.status === 'cancelled' || o.number < cancelled.number)).toBe(true);
    const audit = await listAudit(await ctxAs(d.db, 'admin'), { entityId: cancelled.id });
    expect(audit.find((a) => a.action === 'cancel')).toMatchObject({ actorName: 'Ирина Соколова' });
  });

  it('two services were rated a month after their start: a 5 without a task, a 2 that opened a task for the responsible manager', async () => {
    const management = await ctxAs(d.db, 'management');
    const surveys = await listSurveys(management);
    expect(surveys.map((s) => [s.companyName, s.score]).sort()).toEqual([['Логистик Онлайн', 2], ['Медиа Плюс', 5]]);
    const good = surveys.find((s) => s.score === 5)!;
    const low = surveys.find((s) => s.score === 2)!;
    expect(good).toMatchObject({ taskId: null, comment: expect.stringContaining('ни одного простоя') });
    // Asked on the configured day after the start (30 by default), answered two days later.
    const start = (s: typeof good) => new Date(`${s.startDate}T00:00:00+03:00`).getTime();
    for (const s of surveys) {
      expect(Math.floor((s.sentAt.getTime() - start(s)) / 86_400_000)).toBe(30);
      expect(Math.floor((s.answeredAt!.getTime() - s.sentAt.getTime()) / 86_400_000)).toBe(2);
    }
    // Логистик Онлайн has no won deal, so its client is the management's: the director got the task.
    const director = await d.db.selectFrom('app_user').select('id').where('email', '=', 'director@rackdesk.local').executeTakeFirstOrThrow();
    const tasks = await listTasks(management, { assigneeId: director.id, view: 'all' });
    expect(tasks.find((t) => t.id === low.taskId)).toMatchObject({ companyName: 'Логистик Онлайн', title: expect.stringMatching(/^Низкая оценка клиента «Логистик Онлайн»: 2 из 5 — Канал дважды падал/) });
    // The survey e-mails are in the clients' history as service messages (they were never really sent: demo addresses).
    const mails = await d.db.selectFrom('activity').select(['company_id', 'purpose', 'email_to']).where('subject', 'like', 'Как вам наши услуги?%').execute();
    expect(mails.map((m) => m.purpose)).toEqual(['service', 'service']);
    // With SMTP configured the demo mails only its own users (the tech department's answers to the manager), never a client.
    expect(mailed.length).toBeGreaterThan(0);
    expect(mailed.filter((m) => !String(m.to).endsWith('@rackdesk.local') || m.subject.startsWith('Как вам наши услуги'))).toEqual([]);
  });
});
