import { DEFAULT_TIME_ZONE } from '../domain/dates.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { claimJob, failJob, finishJob, insertJob, renewJobLock } from '../db/queries/jobs.ts';
import { newId } from '../domain/ids.ts';
import { dateInZone } from '../domain/dates.ts';
import { makeCtx, type Ctx, type Services } from '../app/context.ts';

export type JobHandler = (ctx: Ctx, payload: unknown) => Promise<void>;

/** A recurring job: daily at a local time (business time zone), or every N minutes. */
export type Schedule =
  | { job: string; daily: { hour: number; minute: number; workingDaysOnly?: boolean }; payload?: unknown }
  | { job: string; everyMinutes: number; payload?: unknown };

export interface RunnerOptions {
  workerId?: string;
  handlers: Record<string, JobHandler>;
  schedules?: Schedule[];
  timeZone?: string;
  pollMs?: number;
  /** A job's lock; renewed every third of it while the job runs, so only a dead instance's job lapses (default 60). */
  lockSeconds?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  services?: Services;
}

function localParts(now: Date, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' });
  const parts = Object.fromEntries(f.formatToParts(now).map((p) => [p.type, p.value]));
  return { hour: Number(parts.hour), minute: Number(parts.minute), weekday: parts.weekday as string };
}

/** The dedupe key of the schedule's slot that is due now, or null when none is due yet today. */
export function dueSlot(s: Schedule, now: Date, timeZone: string): string | null {
  if ('everyMinutes' in s) return `${s.job}@m${Math.floor(now.getTime() / 60_000 / s.everyMinutes)}`;
  const p = localParts(now, timeZone);
  if (s.daily.workingDaysOnly && (p.weekday === 'Sat' || p.weekday === 'Sun')) return null;
  if (p.hour * 60 + p.minute < s.daily.hour * 60 + s.daily.minute) return null;
  return `${s.job}@${dateInZone(now, timeZone)}`;
}

/**
 * Runs queued jobs from the shared `job` table. Any number of Rackdesk instances may run one each:
 * schedules enqueue through a unique dedupe key and jobs are claimed with SKIP LOCKED, so no job runs twice.
 */
export class JobRunner {
  readonly workerId: string;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly db: Kysely<DB>, private readonly opts: RunnerOptions) {
    this.workerId = opts.workerId ?? newId('jb');
  }

  /** Adds a one-off job. */
  enqueue(name: string, payload: unknown = {}, opts: { dedupeKey?: string; runAt?: Date } = {}): Promise<boolean> {
    return insertJob(this.db, { id: newId('jb'), name, payload, ...opts });
  }

  /** One pass: enqueue due schedule slots, then run jobs until none is due. Returns how many ran. */
  async tick(now = new Date()): Promise<number> {
    const tz = this.opts.timeZone ?? DEFAULT_TIME_ZONE;
    for (const s of this.opts.schedules ?? []) {
      const key = dueSlot(s, now, tz);
      if (key) await this.enqueue(s.job, s.payload ?? {}, { dedupeKey: key });
    }
    let ran = 0;
    const lockSeconds = this.opts.lockSeconds ?? 60;
    while (!this.stopped) {
      const job = await claimJob(this.db, this.workerId, lockSeconds);
      if (!job) break;
      const handler = this.opts.handlers[job.name];
      // The heartbeat: a job may run far longer than its lock, and is never taken over while this instance lives.
      const beat = setInterval(() => {
        renewJobLock(this.db, job.id, this.workerId, lockSeconds)
          .then((held) => { if (!held) this.opts.log?.('job lock lost', { job: job.name, id: job.id }); })
          .catch((e) => this.opts.log?.('job heartbeat failed', { job: job.name, id: job.id, error: String(e) }));
      }, Math.max(250, (lockSeconds * 1000) / 3));
      try {
        if (!handler) throw new Error(`no handler for job "${job.name}"`);
        await handler(makeCtx(this.db, undefined, tz, this.opts.services), job.payload);
        await finishJob(this.db, job.id, this.workerId);
        ran++;
      } catch (e) {
        this.opts.log?.('job failed', { job: job.name, id: job.id, error: String(e) });
        const backoff = 30_000 * 2 ** Math.min(job.attempts, 6);
        await failJob(this.db, job, this.workerId, e instanceof Error ? (e.stack ?? e.message) : String(e), new Date(Date.now() + backoff));
      } finally {
        clearInterval(beat);
      }
    }
    return ran;
  }

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick().catch((e) => this.opts.log?.('job tick failed', { error: String(e) }))
        .finally(() => { if (!this.stopped) this.timer = setTimeout(loop, this.opts.pollMs ?? 5000); });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
