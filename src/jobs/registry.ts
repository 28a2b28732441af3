import { purgeSessions } from '../app/system/purge-sessions.ts';
import type { JobHandler, Schedule } from './runner.ts';
import { runBilling } from '../app/billing/billing-run.ts';
import { proposeSuspensions, sendReminders } from '../app/billing/receivables.ts';
import { dateInZone } from '../domain/dates.ts';
import { nextPeriod, periodOf } from '../domain/billing/billing.ts';

/** Every job Rackdesk knows; later features add their handlers and schedules here. */
export const handlers: Record<string, JobHandler> = {
  'sessions.purge': async (ctx) => { await purgeSessions(ctx); },
  // Bills the current month (services started since) and, from each service's billing day, the next one in advance; idempotent.
  'billing.run': async (ctx, payload) => {
    const p = (payload as { period?: string } | null)?.period;
    if (p) { await runBilling(ctx, { period: p }); return; }
    const today = dateInZone(ctx.now(), ctx.timeZone);
    await runBilling(ctx, { period: periodOf(today) });
    await runBilling(ctx, { period: nextPeriod(periodOf(today)) }, { billingDayUpTo: Number(today.slice(8, 10)) });
  },
  'billing.reminders': async (ctx) => { await sendReminders(ctx); },
  'billing.suspensions': async (ctx) => { await proposeSuspensions(ctx); },
};

export const schedules: Schedule[] = [
  { job: 'sessions.purge', daily: { hour: 3, minute: 0 } },
  { job: 'billing.run', daily: { hour: 6, minute: 0 } },
  { job: 'billing.reminders', daily: { hour: 10, minute: 0, workingDaysOnly: true } },
  { job: 'billing.suspensions', daily: { hour: 10, minute: 30, workingDaysOnly: true } },
];
