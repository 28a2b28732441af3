import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import type { Ctx } from '../../src/app/context.ts';
import { createDeal, moveDealStage, updateDeal } from '../../src/app/crm/deals.ts';
import { logActivity } from '../../src/app/crm/activities.ts';
import { completeTask, createTask } from '../../src/app/crm/tasks.ts';
import { dailySummary, endOfDay, summaryMarkdown } from '../../src/app/crm/daily.ts';
import { summaryPdf } from '../../src/app/crm/summary-pdf.ts';
import { funnelReport, refusalReport, reportTable, toCsv, toXlsx } from '../../src/app/crm/reports.ts';
import { runEndOfDay, runTaskReminders } from '../../src/app/crm/notify.ts';
import { readTable } from '../../src/app/documents/tabular.ts';
import { dueSlot } from '../../src/jobs/runner.ts';
import { schedulesFor } from '../../src/jobs/registry.ts';
import { loadConfig } from '../../src/config.ts';
import { engineName, freshDatabase, testDb } from '../helpers/db.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { pdfText } from '../helpers/pdf.ts';
import { startTestSmtp } from '../helpers/smtp.ts';
import { acceptedProposalOf, aClientWithContact, grantAdvertising, rejects } from './helpers.ts';
import { exportData, importData } from '../../src/app/system/dump.ts';
import { makeCtx } from '../../src/app/context.ts';
import { deleteHoliday, isBusinessDay, listHolidays, saveHoliday } from '../../src/app/crm/settings.ts';
import { createProposal } from '../../src/app/quoting/proposals.ts';
import { decideProposal, sendProposal } from '../../src/app/quoting/transitions.ts';
import { pricingWorld, proposalInput } from '../quoting/world.ts';

const at = (ctx: Ctx, iso: string): Ctx => ({ ...ctx, now: () => new Date(iso) });
const DAY = '2026-06-15'; // a Monday
const YESTERDAY = '2026-06-14T09:00:00Z';
const TODAY = '2026-06-15T10:00:00Z'; // 13:00 in Moscow

/** One manager's day: deals that moved, got an activity, have a future step, or still lack a status. */
async function aManagersDay(db: Database['db']) {
  const base = await ctxAs(db, 'manager');
  const y = at(base, YESTERDAY);
  const t = at(base, TODAY);
  const company = await aCompany(base);
  const mk = (title: string, extra: Record<string, unknown> = {}) => createDeal(y, { title, source: 'cold_call', companyId: company.id, expectedMonthlyRevenue: '10000', ...extra });
  const silent = await mk('Молчит', { nextStep: 'Перезвонить', nextStepDue: DAY });
  const called = await mk('Звонили');
  const planned = await mk('Запланировано', { nextStep: 'Встреча', nextStepDue: '2026-06-20' });
  const moved = await mk('Сдвинулась');
  const overdue = await mk('Просрочена', { nextStep: 'Прислать ТЗ', nextStepDue: '2026-06-10' });
  const blocked = await mk('Заблокирована');
  await updateDeal(y, blocked.id, { blockedReason: 'Ждём ТУ' });
  const lost = await mk('Проиграна');
  await moveDealStage(y, lost.id, { stage: 'lost', lostReason: 'no_budget', lostComment: 'Бюджет на следующий год' });
  await logActivity(t, { kind: 'call', direction: 'outbound', purpose: 'service', dealId: called.id, subject: 'Уточнили параметры', outcome: 'Нужно 2 сервера' });
  await moveDealStage(t, moved.id, { stage: 'qualified' });
  const task = await createTask(y, { title: 'Подготовить расчёт', dealId: moved.id, dueDate: DAY });
  await completeTask(t, task.id);
  await createTask(y, { title: 'Забытая задача', dealId: overdue.id, dueDate: '2026-06-12' });
  return { base, t, silent, called, planned, moved, overdue, blocked, lost };
}

describe(`end of day, daily summary and reports (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  it('end of day lists exactly the open deals without a status, activity or stage change today and without a future next step', async () => {
    const day = await aManagersDay(d.db);
    const r = await endOfDay(day.t, { date: DAY });
    // The blocked deal got its status yesterday and has no next step: it lacks today's.
    expect(r.items.map((i) => i.title).sort()).toEqual(['Заблокирована', 'Молчит', 'Просрочена']);
    const next = await endOfDay(at(day.base, '2026-06-16T10:00:00Z'), { date: '2026-06-16' });
    expect(next.items.map((i) => i.title).sort()).toEqual(['Заблокирована', 'Звонили', 'Молчит', 'Просрочена', 'Сдвинулась']);
    // Logging today's call clears a deal from the list.
    await logActivity(day.t, { kind: 'call', direction: 'outbound', purpose: 'service', dealId: day.silent.id, outcome: 'Не ответил' });
    expect((await endOfDay(day.t, { date: DAY })).items.map((i) => i.title).sort()).toEqual(['Заблокирована', 'Просрочена']);
  });

  it('end of day also lists clients in the manager’s care that have no open deal, nothing logged today and no future task', async () => {
    const manager = await ctxAs(d.db, 'manager');
    const before = at(manager, '2026-06-10T09:00:00Z');
    const served = await aCompany(manager);
    const deal = await createDeal(before, { title: 'Колокация', source: 'referral', companyId: served.id });
    await moveDealStage(before, deal.id, { stage: 'won', proposalId: await acceptedProposalOf(d.db, served.id, 1_000_000n) });
    const t = at(manager, '2026-06-15T15:00:00Z');
    const clients = async () => (await endOfDay(t, { date: DAY })).items.filter((i) => i.kind === 'client');
    expect(await clients()).toEqual([expect.objectContaining({ kind: 'client', companyId: served.id, dealId: null, ownerName: 'Тест manager' })]);
    // A future task (the next planned contact) answers for the client…
    const task = await createTask(t, { title: 'Позвонить по продлению', companyId: served.id, dueDate: '2026-06-20' });
    expect(await clients()).toEqual([]);
    await completeTask(t, task.id);
    expect(await clients()).toHaveLength(1);
    // …and so does anything logged today; a new open deal puts the client back in the pipeline list instead.
    await logActivity(t, { kind: 'call', direction: 'outbound', purpose: 'service', companyId: served.id, outcome: 'Всё работает' });
    expect(await clients()).toEqual([]);
    const upsell = await createDeal(t, { title: 'Второй сервер', source: 'referral', companyId: served.id, nextStep: 'КП', nextStepDue: '2026-06-16' });
    const next = (await endOfDay(at(manager, '2026-06-16T15:00:00Z'), { date: '2026-06-16' })).items;
    expect(next.filter((i) => i.companyId === served.id).map((i) => [i.kind, i.dealId])).toEqual([['deal', upsell.id]]);
  });

  it('a manager sees only their own day; management sees any manager', async () => {
    const day = await aManagersDay(d.db);
    const other = await ctxAs(d.db, 'manager');
    expect((await rejects(endOfDay(other, { date: DAY, managerId: day.base.actor.id! }))).code).toBe('forbidden');
    const mgmt = await ctxAs(d.db, 'management');
    expect((await endOfDay(mgmt, { date: DAY, managerId: day.base.actor.id! })).items).toHaveLength(3);
    expect((await rejects(endOfDay(mgmt, { date: '2026-02-30' }))).fieldErrors[0]!.path).toBe('date');
  });

  it('the daily summary says what moved, what was done, what is pending with next steps, overdue and blocked — as Markdown and PDF', async () => {
    const day = await aManagersDay(d.db);
    const s = await dailySummary(day.t, { date: DAY });
    expect(s.managerId).toBe(day.base.actor.id);
    expect(s.moved.map((m) => [m.title, m.fromStage, m.toStage])).toEqual([['Сдвинулась', 'new', 'qualified']]);
    expect(s.activities.map((a) => a.outcome)).toEqual(['Нужно 2 сервера']);
    expect(s.tasksDone.map((x) => x.title)).toEqual(['Подготовить расчёт']);
    expect(s.pendingTotal).toBe(6);
    expect(s.pending.find((p) => p.title === 'Звонили')!.lastActivity).toBe('call: Уточнили параметры: Нужно 2 сервера');
    expect(s.overdueDeals.map((x) => x.title)).toEqual(['Просрочена']);
    expect(s.overdueTasks.map((x) => x.title)).toEqual(['Забытая задача']);
    expect(s.blocked.map((x) => [x.title, x.blockedReason])).toEqual([['Заблокирована', 'Ждём ТУ']]);
    const md = summaryMarkdown(s, 'ru');
    expect(md).toContain('# Сводка за 15.06.2026: Тест manager');
    expect(md).toContain('- Сдвинулась — ');
    expect(md).toContain('Новый → **Квалифицирован**');
    expect(md).toContain('| Запланировано (');
    expect(md).toContain('| Встреча | 20.06.2026 |');
    expect(md).toContain('Прислать ТЗ (10.06.2026');
    expect(summaryMarkdown(s, 'en')).toContain('## Stage changes (1)');
    const text = await pdfText(await summaryPdf(s, 'ru'));
    expect(text).toContain('Сводка за 15.06.2026');
    expect(text).toContain('Заблокирована');
    expect(text).toContain('Ждём ТУ');
  });

  it('the daily summary lists the proposals sent, accepted or declined that day — by the deal owner, else the author', async () => {
    const w = await pricingWorld(d.db);
    const m = at(w.manager, TODAY);
    const deal = await createDeal(m, { title: 'Сделка с КП', source: 'cold_call', companyId: w.client.id });
    const sent = await createProposal(m, proposalInput(w, 3_000_000, { dealId: deal.id }));
    await sendProposal(m, sent.id);
    const accepted = await createProposal(m, proposalInput(w, 3_000_000));
    await sendProposal(at(w.manager, YESTERDAY), accepted.id);
    await decideProposal(at(w.manager, '2026-06-15T11:00:00Z'), accepted.id, 'accepted');
    const draft = await createProposal(m, proposalInput(w, 3_000_000));
    const yesterdays = await createProposal(m, proposalInput(w, 3_000_000));
    await sendProposal(at(w.manager, YESTERDAY), yesterdays.id);
    const s = await dailySummary(m, { date: DAY });
    const mine = s.proposals.map((x) => [x.number, x.status, x.dealTitle]);
    expect(mine).toEqual([[sent.number, 'sent', 'Сделка с КП'], [accepted.number, 'accepted', null]]);
    expect(s.proposals.map((x) => x.number)).not.toContain(draft.number);
    expect(s.proposals[0]!.grossTotal).toBeGreaterThan(0n);
    expect(s.proposals[0]!.companyName).toBe(w.client.name);
    // Another manager's day does not show them; the team's does.
    expect((await dailySummary(at(await ctxAs(d.db, 'manager'), TODAY), { date: DAY })).proposals).toEqual([]);
    expect((await dailySummary(at(w.management, TODAY), { date: DAY })).proposals.map((x) => x.number)).toEqual(expect.arrayContaining([sent.number, accepted.number]));
    const md = summaryMarkdown(s, 'ru');
    expect(md).toContain('## Коммерческие предложения (2)');
    expect(md).toContain(`- ${sent.number} v1 — ${w.client.name} (Сделка с КП): отправлено, `);
    expect(summaryMarkdown(s, 'en')).toContain(`- ${accepted.number} v1 — ${w.client.name}: accepted, `);
    const text = await pdfText(await summaryPdf(s, 'en'));
    expect(text).toContain('Commercial proposals (2)');
    expect(text).toContain(sent.number);
  });

  it('reports: refusal reasons with revenue lost, funnel with conversion, CSV and XLSX exports', async () => {
    // Its own database: conversion is between neighbouring stages, and other tests add stages to the shared one.
    const own = await freshDatabase();
    try {
      const ctx = await ctxAs(own.db, 'manager');
      const company = await aCompany(ctx);
      const c = at(ctx, '2025-03-10T09:00:00Z');
      const mk = (rev: string) => createDeal(c, { title: 'Отчёт', source: 'conference', companyId: company.id, expectedMonthlyRevenue: rev });
      const a = await mk('1000'); const b = await mk('2000,50'); const w = await mk('500'); await mk('100');
      await moveDealStage(c, a.id, { stage: 'proposal' });
      await moveDealStage(c, a.id, { stage: 'lost', lostReason: 'price', lostComment: 'дорого' });
      await moveDealStage(c, b.id, { stage: 'lost', lostReason: 'price', lostComment: 'дорого' });
      await moveDealStage(c, w.id, { stage: 'qualified' });
      await moveDealStage(c, w.id, { stage: 'won', proposalId: await acceptedProposalOf(own.db, company.id, 50_000n) });
      const p = { from: '2025-03-10', to: '2025-03-10', ownerId: ctx.userId };
      expect(await refusalReport(own.db, p, 'Europe/Moscow')).toEqual([{ reason: 'price', name: 'Дорого', count: 2, revenueLost: 300_050n }]);
      const f = await funnelReport(own.db, p, 'Europe/Moscow');
      const by = Object.fromEntries(f.stages.map((s) => [s.stage, s]));
      expect([by.new!.reached, by.qualified!.reached, by.proposal!.reached, by.won!.reached, by.lost!.reached]).toEqual([4, 2, 2, 1, 2]);
      expect(by.qualified!.conversionFromPrevious).toBe('50');
      expect(by.negotiation!.conversionFromPrevious).toBe('50');
      expect(by.won!.conversionFromPrevious).toBe('100');
      expect(by.new!.current).toBe(1);
      expect(f.sources).toEqual([{ source: 'conference', deals: 4, won: 1, lost: 2, open: 1, conversion: '33.3', wonRevenue: 50_000n }]);
      const table = await reportTable(ctx, 'refusals', p);
      const csv = toCsv(table);
      expect(csv).toBe('\ufeffreason;name;count;revenue_lost_rub\r\nprice;Дорого;2;3000.50\r\n');
      const x = await readTable(await toXlsx('refusals', table), 'r.xlsx');
      expect(x.header).toEqual(['reason', 'name', 'count', 'revenue_lost_rub']);
      expect(x.rows[0]!.cells).toEqual(['price', 'Дорого', '2', '3000.50']);
    } finally {
      await own.close();
    }
  });
});

describe(`end-of-day and reminder jobs (${engineName})`, () => {
  let d: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => { d = await freshDatabase(); });
  afterAll(async () => { await d.close(); });

  it('runs at 18:00 Moscow on working days only; RACKDESK_EOD_TIME moves it', () => {
    const s = schedulesFor(loadConfig({})).find((x) => x.job === 'crm.endOfDay')!;
    expect(dueSlot(s, new Date('2026-06-15T14:59:00Z'), 'Europe/Moscow')).toBeNull();
    expect(dueSlot(s, new Date('2026-06-15T15:00:00Z'), 'Europe/Moscow')).toBe('crm.endOfDay@2026-06-15');
    expect(dueSlot(s, new Date('2026-06-13T16:00:00Z'), 'Europe/Moscow')).toBeNull();
    expect(loadConfig({ RACKDESK_EOD_TIME: '19:30' }).eodTime).toEqual({ hour: 19, minute: 30 });
    const moved = schedulesFor(loadConfig({ RACKDESK_EOD_TIME: '19:30' })).find((x) => x.job === 'crm.endOfDay')!;
    expect(dueSlot(moved, new Date('2026-06-15T16:30:00Z'), 'Europe/Moscow')).toBe('crm.endOfDay@2026-06-15');
    // an invalid time stops the start with one clear line, as the README promises (no silent 18:00)
    expect(() => loadConfig({ RACKDESK_EOD_TIME: 'nonsense' })).toThrow(/RACKDESK_EOD_TIME must be a time HH:MM/);
  });

  it('e-mails each manager their missing list and summary, management the team’s; a second run sends nothing twice', async () => {
    const smtp = await startTestSmtp();
    try {
        const day = await aManagersDay(d.db);
        const mgmt = await ctxAs(d.db, 'management');
        const ctx = { ...at(mgmt, '2026-06-15T15:01:00Z'), services: { mailer: smtp.mailer } };
        // Other tests of this file (in any order) leave their own managers and management users in the
        // database: count only this test's manager and management user, and that nothing goes twice.
        const r1 = await runEndOfDay(ctx, { date: DAY });
        const sentFirst = smtp.received.length;
        expect(r1.sent).toBe(sentFirst);
        const r2 = await runEndOfDay(ctx, { date: DAY });
        expect(r2.sent).toBe(0);
        expect(smtp.received).toHaveLength(sentFirst);
        const emailOf = async (id: string) => (await d.db.selectFrom('app_user').select('email').where('id', '=', id).executeTakeFirstOrThrow()).email;
        const to = async (id: string) => { const e = await emailOf(id); return smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === e); };
        const mineAll = await to(day.base.actor.id!);
        expect(mineAll).toHaveLength(1);
        const mine = mineAll[0]!;
        expect(mine.subject).toBe('Rackdesk: без статуса на 15.06.2026 — 3');
        expect(mine.text).toContain('- Молчит — ');
        expect(mine.text).toContain('## Движение по стадиям (1)');
        const team = await to(mgmt.userId);
        expect(team).toHaveLength(1);
        expect(team[0]!.text).toContain('(Тест manager)');
      } finally { await smtp.close(); }
    });

    it('skips the non-working dates management lists (holidays), as it skips weekends', async () => {
      const smtp = await startTestSmtp();
      try {
        const HOLIDAY = '2026-06-12'; // a Friday: Russia Day
        await aManagersDay(d.db);
        const mgmt = await ctxAs(d.db, 'management');
        expect((await rejects(saveHoliday(await ctxAs(d.db, 'manager'), { date: HOLIDAY }))).code).toBe('forbidden');
        expect((await rejects(saveHoliday(mgmt, { date: '2026-06-31' }))).fieldErrors[0]!.path).toBe('date');
        await saveHoliday(mgmt, { date: HOLIDAY, name: 'День России' });
        await saveHoliday(mgmt, { date: '2026-01-01', name: 'Новый год' });
        expect(await listHolidays(mgmt, { from: '2026-06-01' })).toEqual([{ date: HOLIDAY, name: 'День России' }]);
        expect(await isBusinessDay(d.db, HOLIDAY)).toBe(false);
        expect(await isBusinessDay(d.db, '2026-06-13')).toBe(false); // Saturday
        expect(await isBusinessDay(d.db, '2026-06-11')).toBe(true);
        const ctx = { ...at(mgmt, '2026-06-12T15:01:00Z'), services: { mailer: smtp.mailer } };
        expect(await runEndOfDay(ctx)).toEqual({ sent: 0, managers: 0 });
        expect(smtp.received).toHaveLength(0);
        // Back to a working day: the job runs.
        await deleteHoliday(mgmt, HOLIDAY);
        expect((await rejects(deleteHoliday(mgmt, HOLIDAY))).code).toBe('not_found');
        expect((await runEndOfDay(ctx)).sent).toBeGreaterThan(0);
      } finally { await smtp.close(); }
    });

    it('a task reminder is e-mailed once when due, never for a done task', async () => {
      const smtp = await startTestSmtp();
      try {
        const m = await ctxAs(d.db, 'manager');
        const past = new Date(Date.now() - 60_000).toISOString();
        await createTask(m, { title: 'Напомни мне', dueDate: '2026-12-01', remindAt: past });
        const done = await createTask(m, { title: 'Уже сделано', dueDate: '2026-12-01', remindAt: past });
        await completeTask(m, done.id);
        await createTask(m, { title: 'Потом', dueDate: '2026-12-01', remindAt: new Date(Date.now() + 3600_000).toISOString() });
        const ctx = { ...m, services: { mailer: smtp.mailer } };
        const [a, b] = await Promise.all([runTaskReminders(ctx), runTaskReminders(ctx)]);
        expect(a.sent + b.sent).toBe(1);
        expect((await runTaskReminders(ctx)).sent).toBe(0);
        expect(smtp.received.map((x) => x.subject)).toEqual(['Rackdesk: напоминание — Напомни мне']);
      } finally { await smtp.close(); }
    });

    it('a dump with deals, stage history and advertising activities loads into an empty database (PGlite ↔ PostgreSQL)', async () => {
      const m = await ctxAs(d.db, 'manager');
      const { company, contact } = await aClientWithContact(m);
      await grantAdvertising(m, company.id, contact.id, 'call', new Date(Date.now() - 3600_000).toISOString());
      const deal = await createDeal(m, { title: 'Дамп', source: 'cold_call', companyId: company.id, contactId: contact.id });
      await logActivity(m, { kind: 'call', direction: 'outbound', purpose: 'advertising', dealId: deal.id, contactId: contact.id, outcome: 'Интересно' });
      await moveDealStage(m, deal.id, { stage: 'proposal' });
      await moveDealStage(m, deal.id, { stage: 'lost', lostReason: 'price', lostComment: 'дорого' });
      const lines: string[] = [];
      await exportData(makeCtx(d.db), d.engine, (l) => { lines.push(l); });
      const target = await freshDatabase();
      try {
        const counts = await importData(makeCtx(target.db), lines);
        expect(counts.activity).toBeGreaterThan(0);
        const copy = await target.db.selectFrom('deal').select(['outcome', 'furthest_position']).where('id', '=', deal.id).executeTakeFirstOrThrow();
        expect(copy).toEqual({ outcome: 'lost', furthest_position: 40 });
      } finally { await target.close(); }
    }, 120_000); // a second fresh database
  });
