import { sql, type Kysely } from 'kysely';

/** Foundation: users, sessions, parties (companies, contacts, consent), audit, jobs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Rows that record history may be added, never changed or removed.
CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'append-only table %: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END $$;

-- True while a logical dump is being loaded (src/app/system/dump.ts sets it for its own transaction):
-- rows then arrive as they were saved, in table order, so triggers that check or derive new rows let
-- inserts through unchanged. Status changes and updates are always checked.
CREATE FUNCTION rackdesk_loading() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('rackdesk.loading', true), '') = 'on'
$$;

-- ИНН control digits, the same rule as src/domain/parties/requisites.ts, so no path stores a wrong one.
CREATE FUNCTION inn_valid(inn text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  w10 int[] := ARRAY[2,4,10,3,5,9,4,6,8];
  w11 int[] := ARRAY[7,2,4,10,3,5,9,4,6,8];
  w12 int[] := ARRAY[3,7,2,4,10,3,5,9,4,6,8];
  s int := 0; c11 int; i int;
BEGIN
  IF inn IS NULL THEN RETURN true; END IF;
  IF inn ~ '^[0-9]{10}$' THEN
    FOR i IN 1..9 LOOP s := s + w10[i] * substr(inn, i, 1)::int; END LOOP;
    RETURN (s % 11) % 10 = substr(inn, 10, 1)::int AND inn <> '0000000000';
  ELSIF inn ~ '^[0-9]{12}$' THEN
    FOR i IN 1..10 LOOP s := s + w11[i] * substr(inn, i, 1)::int; END LOOP;
    c11 := (s % 11) % 10; s := 0;
    FOR i IN 1..11 LOOP s := s + w12[i] * substr(inn, i, 1)::int; END LOOP;
    RETURN c11 = substr(inn, 11, 1)::int AND (s % 11) % 10 = substr(inn, 12, 1)::int;
  END IF;
  RETURN false;
END $$;

CREATE TABLE app_user (
  id text PRIMARY KEY,
  email text NOT NULL CHECK (email = lower(email) AND email LIKE '%@%'),
  full_name text NOT NULL CHECK (length(btrim(full_name)) > 0),
  role text NOT NULL CHECK (role IN ('manager','assistant','tech','accounting','facilities','management','admin')),
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  locale text NOT NULL DEFAULT 'ru' CHECK (locale IN ('ru','en')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_user_email_uq ON app_user (email);

CREATE TABLE auth_session (
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id text NOT NULL REFERENCES app_user(id),
  kind text NOT NULL CHECK (kind IN ('session','api')),
  label text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  CHECK (kind = 'api' OR expires_at IS NOT NULL)
);
CREATE INDEX auth_session_user_idx ON auth_session (user_id);

CREATE TABLE company (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('legal','sole_proprietor','individual')),
  legal_form text,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  inn text CHECK (inn_valid(inn)),
  kpp text CHECK (kpp ~ '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$'),
  ogrn text CHECK (ogrn ~ '^[0-9]{13}$|^[0-9]{15}$'),
  bik text CHECK (bik ~ '^04[0-9]{7}$'),
  bank_name text,
  settlement_account text CHECK (settlement_account ~ '^[0-9]{20}$'),
  corr_account text CHECK (corr_account ~ '^301[0-9]{17}$'),
  legal_address text,
  postal_address text,
  phone text,
  email text,
  website text,
  roles text[] NOT NULL DEFAULT '{client}'
    CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['client','supplier','partner','own']::text[]),
  notes text,
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'legal' OR (length(inn) = 10 AND kpp IS NOT NULL)),
  CHECK (kind <> 'sole_proprietor' OR length(inn) = 12),
  CHECK (kind = 'legal' OR kpp IS NULL),
  CHECK ((bik IS NULL) = (settlement_account IS NULL))
);
CREATE UNIQUE INDEX company_inn_kpp_uq ON company (inn, coalesce(kpp, '')) WHERE inn IS NOT NULL;
CREATE INDEX company_name_idx ON company (lower(name), id);

CREATE TABLE contact (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES company(id),
  full_name text NOT NULL CHECK (length(btrim(full_name)) > 0),
  position text,
  phones text[] NOT NULL DEFAULT '{}',
  emails text[] NOT NULL DEFAULT '{}',
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_company_idx ON contact (company_id);

CREATE TABLE consent_event (
  id text PRIMARY KEY,
  contact_id text NOT NULL REFERENCES contact(id),
  channel text NOT NULL CHECK (channel IN ('call','email','sms','messenger')),
  purpose text NOT NULL CHECK (purpose IN ('pd_processing','advertising')),
  status text NOT NULL CHECK (status IN ('granted','withdrawn')),
  at timestamptz NOT NULL,
  source text NOT NULL CHECK (length(btrim(source)) > 0),
  text_version text,
  recorded_by text REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status = 'withdrawn' OR text_version IS NOT NULL),
  CHECK (at <= recorded_at + interval '5 minutes')
);
CREATE INDEX consent_event_contact_idx ON consent_event (contact_id, channel, purpose, at);
CREATE TRIGGER consent_event_append_only BEFORE UPDATE OR DELETE ON consent_event
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id text,
  actor_name text,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  scope_id text,
  action text NOT NULL,
  before jsonb,
  after jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_id, id);
CREATE INDEX audit_log_scope_idx ON audit_log (scope_id, id) WHERE scope_id IS NOT NULL;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

CREATE TABLE job (
  id text PRIMARY KEY,
  name text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  dedupe_key text UNIQUE,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','running','done','failed')),
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 3 CHECK (max_attempts > 0),
  locked_by text,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX job_ready_idx ON job (run_at) WHERE state = 'queued';
`).execute(db);
}
