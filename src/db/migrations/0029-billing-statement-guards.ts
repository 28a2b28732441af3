import { sql, type Kysely } from 'kysely';
import { guardCodes as G } from '../../domain/sqlstate.ts';

/**
 * The billing run writes 20 000 invoices and 100 000 lines in two statements; PostgreSQL checked each of
 * their foreign keys row by row (one query per row and key: 360 000 lookups that also lock the referenced
 * rows), which cost more than the inserts themselves. The same references are now checked once per
 * statement over the rows it wrote (a transition table, one join per statement), and the referenced side
 * keeps its promise with a row trigger: a service, tariff, invoice, seller, client or run named by a line
 * or an invoice is neither deleted nor renumbered (23503 with the old constraint's name, as before).
 *
 * No row lock is taken on the referenced rows: the referenced side waits for every writer of the referring
 * table (`LOCK … IN SHARE MODE`, only when it deletes or renumbers, which Rackdesk never does in normal work)
 * and then looks with a fresh snapshot, so a line being inserted concurrently is seen and a line inserted
 * after the delete sees the row gone. (This holds under READ COMMITTED, the isolation Rackdesk uses.)
 *
 * The line's period rule (RD503) joins the same invoices, so it moves into the one line guard.
 * A dump import (`rackdesk.loading`) loads rows as they were saved and in table-name order, so the checks
 * step aside there, like every other row-checking trigger.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
ALTER TABLE invoice_line DROP CONSTRAINT invoice_line_invoice_id_fkey,
  DROP CONSTRAINT invoice_line_service_id_fkey, DROP CONSTRAINT invoice_line_tariff_id_fkey;
ALTER TABLE invoice DROP CONSTRAINT invoice_seller_id_fkey,
  DROP CONSTRAINT invoice_client_id_fkey, DROP CONSTRAINT invoice_run_id_fkey;

-- The refusal a foreign key would give: SQLSTATE 23503 and the constraint's name.
CREATE FUNCTION rackdesk_missing_ref(tbl text, col text, val text, parent text, con text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', tbl, con
    USING ERRCODE = '23503', CONSTRAINT = con, TABLE = tbl,
          DETAIL = format('Key (%s)=(%s) is not present in table "%s".', col, val, parent);
END $$;

DROP TRIGGER invoice_line_period_check ON invoice_line;
DROP FUNCTION invoice_line_period_check();
-- Aggregate first, then join: one look per invoice (20 000), and hash joins for services and tariffs, where
-- 100 000 index probes (what the per-row keys did) cost several times more.
CREATE FUNCTION invoice_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v text; missing boolean; no_service text; no_tariff text;
BEGIN
  IF rackdesk_loading() THEN RETURN NULL; END IF;
  SELECT g.invoice_id, i.id IS NULL INTO v, missing
  FROM (SELECT invoice_id, count(*) AS n, count(*) FILTER (WHERE line_kind = 'correction') AS corr,
               count(*) FILTER (WHERE period IS NULL) AS nulls, min(period) AS p1, max(period) AS p2
        FROM new_rows GROUP BY invoice_id) g
  LEFT JOIN invoice i ON i.id = g.invoice_id
  WHERE i.id IS NULL
     -- a correction's lines are correction lines of its own period; other documents have none
     OR (i.kind = 'correction' AND (g.corr <> g.n
          OR CASE WHEN i.period IS NULL THEN g.nulls <> g.n ELSE g.nulls > 0 OR g.p1 <> i.period OR g.p2 <> i.period END))
     OR (i.kind <> 'correction' AND g.corr > 0)
  ORDER BY i.id IS NULL DESC LIMIT 1;
  IF missing THEN PERFORM rackdesk_missing_ref('invoice_line', 'invoice_id', v, 'invoice', 'invoice_line_invoice_id_fkey'); END IF;
  SELECT min(n.service_id) FILTER (WHERE s.id IS NULL), min(n.tariff_id) FILTER (WHERE t.id IS NULL) INTO no_service, no_tariff
  FROM new_rows n LEFT JOIN billing_service s ON s.id = n.service_id LEFT JOIN service_tariff t ON t.id = n.tariff_id;
  IF no_service IS NOT NULL THEN PERFORM rackdesk_missing_ref('invoice_line', 'service_id', no_service, 'billing_service', 'invoice_line_service_id_fkey'); END IF;
  IF no_tariff IS NOT NULL THEN PERFORM rackdesk_missing_ref('invoice_line', 'tariff_id', no_tariff, 'service_tariff', 'invoice_line_tariff_id_fkey'); END IF;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'a correction line outside the period of its correction, or on another document' USING ERRCODE = '${G.invoiceCorrectionPeriod.code}';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER invoice_line_guard AFTER INSERT ON invoice_line REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION invoice_line_guard();

CREATE FUNCTION invoice_refs_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE no_seller text; no_client text; no_run text;
BEGIN
  IF rackdesk_loading() THEN RETURN NULL; END IF;
  SELECT min(n.seller_id) FILTER (WHERE o.company_id IS NULL), min(n.client_id) FILTER (WHERE c.id IS NULL), min(n.run_id) FILTER (WHERE r.id IS NULL)
    INTO no_seller, no_client, no_run
  FROM new_rows n LEFT JOIN own_entity o ON o.company_id = n.seller_id LEFT JOIN company c ON c.id = n.client_id
    LEFT JOIN billing_run r ON r.id = n.run_id;
  IF no_seller IS NOT NULL THEN PERFORM rackdesk_missing_ref('invoice', 'seller_id', no_seller, 'own_entity', 'invoice_seller_id_fkey'); END IF;
  IF no_client IS NOT NULL THEN PERFORM rackdesk_missing_ref('invoice', 'client_id', no_client, 'company', 'invoice_client_id_fkey'); END IF;
  IF no_run IS NOT NULL THEN PERFORM rackdesk_missing_ref('invoice', 'run_id', no_run, 'billing_run', 'invoice_run_id_fkey'); END IF;
  RETURN NULL;
END $$;
-- (A trigger with a transition table serves one event, hence two.)
CREATE TRIGGER invoice_refs_guard_insert AFTER INSERT ON invoice REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION invoice_refs_guard();
CREATE TRIGGER invoice_refs_guard_update AFTER UPDATE ON invoice REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION invoice_refs_guard();

-- The referenced side: arguments are the referring table, its column, our key column and the constraint name.
CREATE FUNCTION rackdesk_keep_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE k text; nk text; used boolean;
BEGIN
  EXECUTE format('SELECT ($1).%I::text', TG_ARGV[2]) USING OLD INTO k;
  IF TG_OP = 'UPDATE' THEN
    EXECUTE format('SELECT ($1).%I::text', TG_ARGV[2]) USING NEW INTO nk;
    IF nk IS NOT DISTINCT FROM k THEN RETURN NULL; END IF;
  END IF;
  -- Wait for the writers of the referring table, then look with a fresh snapshot (see the migration's note).
  EXECUTE format('LOCK TABLE %I IN SHARE MODE', TG_ARGV[0]);
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I = $1)', TG_ARGV[0], TG_ARGV[1]) USING k INTO used;
  IF used THEN
    RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "%"', TG_TABLE_NAME, TG_ARGV[3], TG_ARGV[0]
      USING ERRCODE = '23503', CONSTRAINT = TG_ARGV[3], TABLE = TG_ARGV[0],
            DETAIL = format('Key (%s)=(%s) is still referenced from table "%s".', TG_ARGV[2], k, TG_ARGV[0]);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER invoice_line_keeps_invoice AFTER DELETE OR UPDATE OF id ON invoice
  FOR EACH ROW EXECUTE FUNCTION rackdesk_keep_referenced('invoice_line', 'invoice_id', 'id', 'invoice_line_invoice_id_fkey');
CREATE TRIGGER invoice_line_keeps_service AFTER DELETE OR UPDATE OF id ON billing_service
  FOR EACH ROW EXECUTE FUNCTION rackdesk_keep_referenced('invoice_line', 'service_id', 'id', 'invoice_line_service_id_fkey');
CREATE TRIGGER invoice_line_keeps_tariff AFTER DELETE OR UPDATE OF id ON service_tariff
  FOR EACH ROW EXECUTE FUNCTION rackdesk_keep_referenced('invoice_line', 'tariff_id', 'id', 'invoice_line_tariff_id_fkey');
CREATE TRIGGER invoice_keeps_seller AFTER DELETE OR UPDATE OF company_id ON own_entity
  FOR EACH ROW EXECUTE FUNCTION rackdesk_keep_referenced('invoice', 'seller_id', 'company_id', 'invoice_seller_id_fkey');
CREATE TRIGGER invoice_keeps_client AFTER DELETE OR UPDATE OF id ON company
  FOR EACH ROW EXECUTE FUNCTION rackdesk_keep_referenced('invoice', 'client_id', 'id', 'invoice_client_id_fkey');
CREATE TRIGGER invoice_keeps_run AFTER DELETE OR UPDATE OF id ON billing_run
  FOR EACH ROW EXECUTE FUNCTION rackdesk_keep_referenced('invoice', 'run_id', 'id', 'invoice_run_id_fkey');
`).execute(db);
}
