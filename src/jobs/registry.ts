import { purgeSessions } from '../app/system/purge-sessions.ts';
import { expireProposals } from '../app/quoting/transitions.ts';
import type { JobHandler, Schedule } from './runner.ts';

/** Every job Rackdesk knows; later features add their handlers and schedules here. */
export const handlers: Record<string, JobHandler> = {
  'sessions.purge': async (ctx) => { await purgeSessions(ctx); },
  'proposals.expire': async (ctx) => { await expireProposals(ctx); },
};

export const schedules: Schedule[] = [
  { job: 'sessions.purge', daily: { hour: 3, minute: 0 } },
  { job: 'proposals.expire', daily: { hour: 0, minute: 5 } },
];
