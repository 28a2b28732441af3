import { purgeSessions } from '../app/system/purge-sessions.ts';
import { expireDue } from '../app/inventory/allocations.ts';
import type { JobHandler, Schedule } from './runner.ts';

/** Every job Rackdesk knows; later features add their handlers and schedules here. */
export const handlers: Record<string, JobHandler> = {
  'sessions.purge': async (ctx) => { await purgeSessions(ctx); },
  'inventory.expire': async (ctx) => { await expireDue(ctx); },
};

export const schedules: Schedule[] = [
  { job: 'sessions.purge', daily: { hour: 3, minute: 0 } },
  { job: 'inventory.expire', everyMinutes: 15 },
];
