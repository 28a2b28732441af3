import { sql, type Kysely } from 'kysely';

/**
 * Non-working dates of the business calendar (public holidays, company days off), kept by management.
 * The end-of-day job skips them as it skips weekends.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE TABLE crm_holiday (
  day date PRIMARY KEY,
  name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
`).execute(db);
}
