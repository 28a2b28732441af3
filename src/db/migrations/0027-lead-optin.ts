import { sql, type Kysely } from 'kysely';

/**
 * Double opt-in of the public lead form: a visitor's tick «send me advertising by e-mail» becomes consent only
 * when they open the link sent to that address. The link is kept as a hash, works once and until `expires_at`;
 * the consent text version is the one the server showed when the form was sent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE TABLE lead_optin (
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  company_id text NOT NULL REFERENCES company(id),
  contact_id text NOT NULL REFERENCES contact(id),
  email text NOT NULL CHECK (email = lower(email) AND length(email) > 0),
  text_version text NOT NULL CHECK (length(btrim(text_version)) > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  CHECK (expires_at > created_at),
  CHECK (confirmed_at IS NULL OR confirmed_at <= expires_at)
);
CREATE INDEX lead_optin_contact_idx ON lead_optin (contact_id);
`).execute(db);
}
