import { sql, type Kysely } from 'kysely';

/** Reference data shared by several contexts: sites (places) and our own legal entities with their tax mode. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE TABLE site (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,19}$'),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  kind text NOT NULL CHECK (kind IN ('data_center','pop','office')),
  address text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Which companies are us, and how each is taxed. At most one is the default seller.
CREATE TABLE own_entity (
  company_id text PRIMARY KEY REFERENCES company(id),
  tax_mode text NOT NULL CHECK (tax_mode IN ('osn','usn','usn_vat5','usn_vat7')),
  is_default boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX own_entity_one_default ON own_entity (is_default) WHERE is_default;

-- An own entity must be a company marked 'own'.
CREATE FUNCTION own_entity_is_own() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM company WHERE id = NEW.company_id AND 'own' = ANY(roles)) THEN
    RAISE EXCEPTION 'company % is not marked as own', NEW.company_id USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER own_entity_is_own BEFORE INSERT OR UPDATE ON own_entity FOR EACH ROW EXECUTE FUNCTION own_entity_is_own();
`).execute(db);
}
