import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { connectPostgres } from '../../src/db/connect.ts';
import { JobRunner, dueSlot, type JobHandler } from '../../src/jobs/runner.ts';
import { engineName, freshDatabase, onPostgres } from '../helpers/db.ts';

describe(`job queue shared by several instances (${engineName})`, () => {
  let a: Database & { schema?: string };
  let b: Database;
  beforeAll(async () => {
    a = await freshDatabase();
    // On PostgreSQL the second instance has its own connection pool, as a second process would.
    b = onPostgres ? connectPostgres(process.env.TEST_DATABASE_URL!, { schema: `${a.schema},public` }) : a;
    await sql`CREATE TABLE job_probe (job text NOT NULL, worker text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`.execute(a.db);
  });
  afterAll(async () => { if (b !== a) await b.close(); await a.close(); });

  const probe = (worker: string): JobHandler => async (ctx, payload) => {
    await new Promise((r) => setTimeout(r, 2));
    await sql`INSERT INTO job_probe (job, worker) VALUES (${(payload as { n: string }).n}, ${worker})`.execute(ctx.db);
  };

  it('two instances working the same queue run every job exactly once', async () => {
    const r1 = new JobRunner(a.db, { workerId: 'one', handlers: { probe: probe('one') } });
    const r2 = new JobRunner(b.db, { workerId: 'two', handlers: { probe: probe('two') } });
    for (let i = 0; i < 40; i++) await r1.enqueue('probe', { n: `p${i}` });
    const [n1, n2] = await Promise.all([r1.tick(), r2.tick()]);
    expect(n1 + n2).toBe(40);
    const rows = await sql<{ job: string; c: number }>`SELECT job, count(*)::int AS c FROM job_probe WHERE job LIKE 'p%' GROUP BY job`.execute(a.db);
    expect(rows.rows).toHaveLength(40);
    expect(rows.rows.every((r) => r.c === 1)).toBe(true);
    if (onPostgres) expect(n1 > 0 && n2 > 0).toBe(true);
  });

  it('a schedule slot is enqueued once however many instances see it', async () => {
    const schedules = [{ job: 'probe', daily: { hour: 18, minute: 0 }, payload: { n: 'daily' } }];
    const r1 = new JobRunner(a.db, { workerId: 'one', handlers: { probe: probe('one') }, schedules });
    const r2 = new JobRunner(b.db, { workerId: 'two', handlers: { probe: probe('two') }, schedules });
    const before = new Date('2026-11-27T14:59:00Z'); // 17:59 in Moscow: not due yet
    const after = new Date('2026-11-27T15:00:30Z'); // 18:00:30 in Moscow
    await Promise.all([r1.tick(before), r2.tick(before)]);
    await Promise.all([r1.tick(after), r2.tick(after), r1.tick(after), r2.tick(after)]);
    const r = await sql<{ c: number }>`SELECT count(*)::int AS c FROM job_probe WHERE job = 'daily'`.execute(a.db);
    expect(r.rows[0]!.c).toBe(1);
  });

  it('working-day schedules skip weekends; interval schedules get one slot per interval', () => {
    const s = { job: 'x', daily: { hour: 18, minute: 0, workingDaysOnly: true } };
    expect(dueSlot(s, new Date('2026-11-28T16:00:00Z'), 'Europe/Moscow')).toBeNull(); // Saturday
    expect(dueSlot(s, new Date('2026-11-27T16:00:00Z'), 'Europe/Moscow')).toBe('x@2026-11-27');
    const e = { job: 'y', everyMinutes: 15 };
    expect(dueSlot(e, new Date('2026-11-27T10:01:00Z'), 'UTC')).toBe(dueSlot(e, new Date('2026-11-27T10:14:59Z'), 'UTC'));
    expect(dueSlot(e, new Date('2026-11-27T10:15:00Z'), 'UTC')).not.toBe(dueSlot(e, new Date('2026-11-27T10:14:59Z'), 'UTC'));
  });

  it('a failing job is retried with backoff and finally marked failed with its error', async () => {
    let calls = 0;
    const r = new JobRunner(a.db, { workerId: 'f', handlers: { boom: async () => { calls++; throw new Error('kaput'); } } });
    await r.enqueue('boom', {}, { dedupeKey: 'boom-1' });
    await r.tick();
    expect(calls).toBe(1);
    let job = await a.db.selectFrom('job').selectAll().where('dedupe_key', '=', 'boom-1').executeTakeFirstOrThrow();
    expect(job.state).toBe('queued');
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now());
    for (let i = 0; i < 2; i++) {
      await a.db.updateTable('job').set({ run_at: new Date(Date.now() - 1000) }).where('id', '=', job.id).execute();
      await r.tick();
    }
    job = await a.db.selectFrom('job').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(calls).toBe(3);
    expect(job.state).toBe('failed');
    expect(job.last_error).toContain('kaput');
  });

  it('a job left running by a dead instance is taken over after its lock lapses', async () => {
    const r = new JobRunner(a.db, { workerId: 'heir', handlers: { probe: probe('heir') } });
    await r.enqueue('probe', { n: 'orphan' }, { dedupeKey: 'orphan' });
    await a.db.updateTable('job').set({ state: 'running', locked_by: 'dead', locked_until: new Date(Date.now() - 1000), attempts: 1 }).where('dedupe_key', '=', 'orphan').execute();
    expect(await r.tick()).toBe(1);
    const rows = await sql<{ worker: string }>`SELECT worker FROM job_probe WHERE job = 'orphan'`.execute(a.db);
    expect(rows.rows).toEqual([{ worker: 'heir' }]);
  });
  it('a job running longer than its lock is not taken over while its instance lives (the lock is heartbeaten)', async () => {
    let runs = 0;
    const slow: JobHandler = async () => { runs++; await new Promise((r) => setTimeout(r, 2500)); };
    const r1 = new JobRunner(a.db, { workerId: 'long-1', lockSeconds: 1, handlers: { slow } });
    const r2 = new JobRunner(b.db, { workerId: 'long-2', lockSeconds: 1, handlers: { slow } });
    await r1.enqueue('slow', {}, { dedupeKey: 'slow-1' });
    const first = r1.tick();
    // The other instance keeps looking while the job outlives its 1-second lock twice over.
    let stolen = 0;
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 300));
      stolen += await r2.tick();
    }
    expect(await first).toBe(1);
    expect(stolen).toBe(0);
    expect(runs).toBe(1);
    const job = await a.db.selectFrom('job').selectAll().where('dedupe_key', '=', 'slow-1').executeTakeFirstOrThrow();
    expect(job.state).toBe('done');
    expect(job.attempts).toBe(1);
  });

  it('a dead instance\'s job is free again within a minute by default (not after ten)', async () => {
    let lockedFor = Infinity;
    const r = new JobRunner(a.db, { workerId: 'peek', handlers: { peek: async (ctx) => {
      const row = await sql<{ s: number }>`SELECT extract(epoch FROM locked_until - now())::float8 AS s FROM job WHERE dedupe_key = 'peek-1'`.execute(ctx.db);
      lockedFor = row.rows[0]!.s;
    } } });
    await r.enqueue('peek', {}, { dedupeKey: 'peek-1' });
    expect(await r.tick()).toBe(1);
    expect(lockedFor).toBeGreaterThan(0);
    expect(lockedFor).toBeLessThanOrEqual(60);
  });
});
