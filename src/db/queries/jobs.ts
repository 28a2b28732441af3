import { sql, type Kysely } from 'kysely';
import type { DB } from '../types.ts';

export interface JobRow { id: string; name: string; payload: unknown; attempts: number; maxAttempts: number }

/** Adds a job; with a dedupe key, a second add of the same key is a no-op. Returns whether it was added. */
export async function insertJob(db: Kysely<DB>, job: { id: string; name: string; payload: unknown; dedupeKey?: string | null; runAt?: Date }): Promise<boolean> {
  const r = await db.insertInto('job').values({
    id: job.id, name: job.name, payload: JSON.stringify(job.payload ?? {}), dedupe_key: job.dedupeKey ?? null,
    run_at: job.runAt ?? new Date(), locked_by: null, locked_until: null, last_error: null, finished_at: null,
  }).onConflict((oc) => oc.column('dedupe_key').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/**
 * Takes the next due job for this worker. SKIP LOCKED lets several instances claim at once without
 * taking the same job; a running job whose lock lapsed (its instance died) is taken again.
 */
export async function claimJob(db: Kysely<DB>, workerId: string, lockSeconds: number): Promise<JobRow | null> {
  const r = await sql<{ id: string; name: string; payload: unknown; attempts: number; max_attempts: number }>`
    UPDATE job SET state = 'running', attempts = attempts + 1, locked_by = ${workerId},
      locked_until = now() + make_interval(secs => ${lockSeconds})
    WHERE id = (
      SELECT id FROM job
      WHERE (state = 'queued' AND run_at <= now()) OR (state = 'running' AND locked_until < now())
      ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, name, payload, attempts, max_attempts`.execute(db);
  const row = r.rows[0];
  return row ? { id: row.id, name: row.name, payload: row.payload, attempts: row.attempts, maxAttempts: row.max_attempts } : null;
}

/** Extends a running job's lock while its worker still holds it; false when another worker took it over. */
export async function renewJobLock(db: Kysely<DB>, id: string, workerId: string, lockSeconds: number): Promise<boolean> {
  const r = await sql`UPDATE job SET locked_until = now() + make_interval(secs => ${lockSeconds})
    WHERE id = ${id} AND locked_by = ${workerId} AND state = 'running'`.execute(db);
  return Number(r.numAffectedRows ?? 0n) > 0;
}

export async function finishJob(db: Kysely<DB>, id: string, workerId: string): Promise<void> {
  await db.updateTable('job').set({ state: 'done', finished_at: new Date(), locked_until: null })
    .where('id', '=', id).where('locked_by', '=', workerId).execute();
}

export async function failJob(db: Kysely<DB>, job: JobRow, workerId: string, error: string, retryAt: Date): Promise<void> {
  const final = job.attempts >= job.maxAttempts;
  await db.updateTable('job').set({
    state: final ? 'failed' : 'queued', last_error: error.slice(0, 2000), locked_until: null,
    ...(final ? { finished_at: new Date() } : { run_at: retryAt }),
  }).where('id', '=', job.id).where('locked_by', '=', workerId).execute();
}
