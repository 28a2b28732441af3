import { sql, type Kysely } from 'kysely';

/**
 * The Bank of Russia's БИК directory (ED807), loaded by accounting: a БИК fills the bank's name and
 * correspondent account in requisites forms, and an unknown or closed БИК is flagged. One row per БИК; a
 * new file replaces the set. Each load is recorded (who, when, the file's date, how many entries).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE TABLE bik_import (
  id text PRIMARY KEY,
  file_name text,
  ed_date date,
  entries integer NOT NULL CHECK (entries > 0),
  closed integer NOT NULL CHECK (closed >= 0 AND closed <= entries),
  imported_by text,
  imported_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE bik_entry (
  bik text PRIMARY KEY CHECK (bik ~ '^[0-9]{9}$'),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  corr_account text CHECK (corr_account ~ '^301[0-9]{17}$'),
  city text,
  status text NOT NULL CHECK (status IN ('active','closed')),
  closed_on date CHECK (closed_on IS NULL OR status = 'closed'),
  import_id text NOT NULL REFERENCES bik_import(id)
);
CREATE INDEX bik_entry_import_idx ON bik_entry (import_id);
`).execute(db);
}
