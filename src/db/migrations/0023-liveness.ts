import { sql, type Kysely } from 'kysely';

/**
 * Liveness of long work, so that a killed process never leaves rows that look unfinished forever:
 * - a billing run beats `heartbeat_at` while it works; a run without a finish and without a recent beat
 *   is marked `interrupted_at` by the next run (its committed chunks stay, a rerun bills the rest);
 * - a run is either finished or interrupted, never both.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
ALTER TABLE billing_run ADD COLUMN heartbeat_at timestamptz;
ALTER TABLE billing_run ADD COLUMN interrupted_at timestamptz;
UPDATE billing_run SET interrupted_at = started_at WHERE finished_at IS NULL;
ALTER TABLE billing_run ADD CONSTRAINT billing_run_one_end CHECK (finished_at IS NULL OR interrupted_at IS NULL);
`).execute(db);
}
