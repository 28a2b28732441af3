import { sql, type Kysely } from 'kysely';

/**
 * Safeguards the database keeps on its own:
 * - the default seller can be moved to another entity but never removed, since proposals, services and
 *   invoices all need one (checked at commit, so moving the default inside one transaction is fine).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE FUNCTION own_entity_keep_default() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM own_entity WHERE is_default) THEN
    RAISE EXCEPTION 'the default own entity % cannot be removed: make another one default first', OLD.company_id USING ERRCODE = 'RD401';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER own_entity_keep_default AFTER UPDATE OF is_default OR DELETE ON own_entity
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.is_default) EXECUTE FUNCTION own_entity_keep_default();
`).execute(db);
}
