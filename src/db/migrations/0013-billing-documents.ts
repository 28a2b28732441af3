import { sql, type Kysely } from 'kysely';

/**
 * Billing documents an accountant signs: corrections are their own documents (корректировочный
 * счёт-фактура / УКД) that refer to the invoice they correct and stay inside its tax period; each
 * line's amount is its quantity × price; payments remember which invoices (with dates) their purpose
 * names; statement imports keep what they did.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
-- The unnamed CHECKs of 0006 that a correction must pass differently are replaced by named ones.
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname, conrelid::regclass::text AS tbl FROM pg_constraint
    WHERE contype = 'c' AND conrelid IN ('invoice'::regclass, 'invoice_line'::regclass)
      AND (pg_get_constraintdef(oid) LIKE '%adjustment%' OR pg_get_constraintdef(oid) LIKE '%credit%')
  LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', c.tbl, c.conname);
  END LOOP;
END $$;

ALTER TABLE invoice ADD COLUMN corrects_invoice_id text REFERENCES invoice(id);
ALTER TABLE invoice ADD CONSTRAINT invoice_kind_ck CHECK (kind IN ('period','adjustment','setup','correction'));
ALTER TABLE invoice ADD CONSTRAINT invoice_negative_only_correction CHECK (kind IN ('adjustment','correction') OR total >= 0);
ALTER TABLE invoice ADD CONSTRAINT invoice_correction_refers CHECK ((kind = 'correction') = (corrects_invoice_id IS NOT NULL));
CREATE INDEX invoice_corrects_idx ON invoice (corrects_invoice_id) WHERE corrects_invoice_id IS NOT NULL;

-- A correction line carries the values before and its net/vat/total are the change (after − before).
ALTER TABLE invoice_line ADD COLUMN tariff_id text REFERENCES service_tariff(id);
ALTER TABLE invoice_line ADD COLUMN before_quantity integer;
ALTER TABLE invoice_line ADD COLUMN before_unit_price bigint;
ALTER TABLE invoice_line ADD COLUMN before_net bigint;
ALTER TABLE invoice_line ADD COLUMN before_vat bigint;
ALTER TABLE invoice_line ADD CONSTRAINT invoice_line_kind_ck CHECK (line_kind IN ('period','setup','credit','charge','correction'));
ALTER TABLE invoice_line ADD CONSTRAINT invoice_line_negative_only_correction CHECK (line_kind IN ('credit','correction') OR net >= 0);
ALTER TABLE invoice_line ADD CONSTRAINT invoice_line_correction_before CHECK ((line_kind = 'correction') = (before_net IS NOT NULL AND before_vat IS NOT NULL AND before_quantity IS NOT NULL AND before_unit_price IS NOT NULL));
-- In a счёт-фактура column 5 is column 3 × column 4: a line's amount is its quantity × price (after the
-- correction, for a correction line). Lines issued before this migration are left as they were.
ALTER TABLE invoice_line ADD CONSTRAINT invoice_line_amount_is_qty_x_price
  CHECK (CASE line_kind WHEN 'correction' THEN before_net + net = quantity::int8 * unit_price AND before_net = before_quantity::int8 * before_unit_price
                        WHEN 'credit' THEN true WHEN 'charge' THEN true ELSE net = quantity::int8 * unit_price END) NOT VALID;
CREATE INDEX invoice_line_service_tariff_idx ON invoice_line (service_id, period, tariff_id);

-- A correction refers to an earlier document of the same seller and client, is dated on or after it and
-- is not itself corrected; no new negative «счёт» (kind adjustment) is issued any more.
CREATE FUNCTION invoice_correction_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE o record;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  IF NEW.kind = 'adjustment' THEN
    RAISE EXCEPTION 'a change of billed value is a correction document, not a new invoice' USING ERRCODE = 'RD501';
  END IF;
  IF NEW.kind = 'correction' THEN
    SELECT * INTO o FROM invoice WHERE id = NEW.corrects_invoice_id;
    IF o.kind NOT IN ('period','setup') OR o.seller_id <> NEW.seller_id OR o.client_id <> NEW.client_id
       OR o.issue_date > NEW.issue_date OR o.period IS DISTINCT FROM NEW.period THEN
      RAISE EXCEPTION 'correction % does not fit invoice %', NEW.id, NEW.corrects_invoice_id USING ERRCODE = 'RD502';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invoice_correction_check BEFORE INSERT ON invoice FOR EACH ROW EXECUTE FUNCTION invoice_correction_check();

-- Every line of a correction belongs to the tax period of the invoice it corrects.
CREATE FUNCTION invoice_line_period_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p text; k text;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  SELECT kind, period INTO k, p FROM invoice WHERE id = NEW.invoice_id;
  IF k = 'correction' AND (NEW.line_kind <> 'correction' OR NEW.period IS DISTINCT FROM p) THEN
    RAISE EXCEPTION 'line of period % on a correction of period %', NEW.period, p USING ERRCODE = 'RD503';
  END IF;
  IF k <> 'correction' AND NEW.line_kind = 'correction' THEN
    RAISE EXCEPTION 'correction line on a non-correction document' USING ERRCODE = 'RD503';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invoice_line_period_check BEFORE INSERT ON invoice_line FOR EACH ROW EXECUTE FUNCTION invoice_line_period_check();

-- What is still owed on an invoice: its total, changed by its corrections, less what payments cover.
CREATE VIEW invoice_due AS
  SELECT i.id, i.client_id, i.seller_id, i.number, i.issue_date, i.due_date, i.kind,
         (i.total + coalesce((SELECT sum(c.total) FROM invoice c WHERE c.corrects_invoice_id = i.id), 0))::int8 AS corrected_total,
         coalesce((SELECT sum(a.amount) FROM payment_allocation a WHERE a.invoice_id = i.id), 0)::int8 AS paid
  FROM invoice i WHERE i.kind <> 'correction';

ALTER TABLE payment ADD COLUMN invoice_refs jsonb NOT NULL DEFAULT '[]';

ALTER TABLE statement_import ADD COLUMN bank_operations integer NOT NULL DEFAULT 0;
ALTER TABLE statement_import ADD COLUMN date_from date;
ALTER TABLE statement_import ADD COLUMN date_to date;
ALTER TABLE statement_import ADD COLUMN amount_in bigint NOT NULL DEFAULT 0;
ALTER TABLE statement_import ADD COLUMN matched_amount bigint NOT NULL DEFAULT 0;
CREATE INDEX statement_import_at_idx ON statement_import (imported_at DESC);
`).execute(db);
}
