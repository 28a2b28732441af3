import { purgeSessions } from '../app/system/purge-sessions.ts';
import type { JobHandler, Schedule } from './runner.ts';

/** Every job Rackdesk knows; later features add their handlers and schedules here. */
export const handlers: Record<string, JobHandler> = {
  'sessions.purge': async (ctx) => { await purgeSessions(ctx); },
};

export const schedules: Schedule[] = [
  { job: 'sessions.purge', daily: { hour: 3, minute: 0 } },
];
