import { purgeSessions } from '../app/system/purge-sessions.ts';
import { expireProposals } from '../app/quoting/transitions.ts';
import { runEndOfDay, runTaskReminders } from '../app/crm/notify.ts';
import { expireDue } from '../app/inventory/allocations.ts';
import type { JobHandler, Schedule } from './runner.ts';
import { runBilling } from '../app/billing/billing-run.ts';
import { runDailyPlan } from '../app/billing/billing-plan.ts';
import { proposeSuspensions, sendReminders } from '../app/billing/receivables.ts';
import { sendSurveys } from '../app/sales/surveys.ts';
import { openGates } from '../app/provisioning/gates.ts';
import { runOrderReminders } from '../app/provisioning/reminders.ts';


/** Every job Rackdesk knows, by name. */
export const handlers: Record<string, JobHandler> = {
  'sessions.purge': async (ctx) => { await purgeSessions(ctx); },
  'proposals.expire': async (ctx) => { await expireProposals(ctx); },
  'crm.endOfDay': async (ctx, payload) => { await runEndOfDay(ctx, (payload ?? {}) as { date?: string }); },
  'crm.taskReminders': async (ctx) => { await runTaskReminders(ctx); },
  'inventory.expire': async (ctx) => { await expireDue(ctx); },
  // Bills every unbilled past month (backdated services), the current month and, from each service's billing day, the next one; idempotent.
  'billing.run': async (ctx, payload) => {
    const p = (payload as { period?: string } | null)?.period;
    if (p) { await runBilling(ctx, { period: p }); return; }
    await runDailyPlan(ctx);
  },
  'billing.reminders': async (ctx) => { await sendReminders(ctx); },
  'billing.suspensions': async (ctx) => { await proposeSuspensions(ctx); },
  // Satisfaction surveys N days after a service started; links point at RACKDESK_PUBLIC_URL.
  'sales.surveys': async (ctx) => { await sendSurveys(ctx, process.env.RACKDESK_PUBLIC_URL?.trim() || `http://127.0.0.1:${process.env.PORT ?? 3000}`); },
  // Orders paid since (statement import) become ready for the tech department, with their deadline.
  'orders.gates': async (ctx) => { await openGates(ctx); },
  'orders.reminders': async (ctx) => { await runOrderReminders(ctx); },
};

/** Every schedule; the end-of-day time comes from configuration (RACKDESK_EOD_TIME, 18:00 by default). */
export const schedulesFor = (opts: { eodTime: { hour: number; minute: number } }): Schedule[] => [
  { job: 'sessions.purge', daily: { hour: 3, minute: 0 } },
  { job: 'proposals.expire', daily: { hour: 0, minute: 5 } },
  { job: 'crm.endOfDay', daily: { ...opts.eodTime, workingDaysOnly: true } },
  { job: 'crm.taskReminders', everyMinutes: 5 },
  { job: 'inventory.expire', everyMinutes: 15 },
  { job: 'billing.run', daily: { hour: 6, minute: 0 } },
  { job: 'billing.reminders', daily: { hour: 10, minute: 0, workingDaysOnly: true } },
  { job: 'billing.suspensions', daily: { hour: 10, minute: 30, workingDaysOnly: true } },
  { job: 'sales.surveys', daily: { hour: 11, minute: 0, workingDaysOnly: true } },
  { job: 'orders.gates', everyMinutes: 15 },
  { job: 'orders.reminders', daily: { hour: 9, minute: 30, workingDaysOnly: true } },
];
