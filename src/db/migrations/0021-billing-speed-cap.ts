import { sql, type Kysely } from 'kysely';
import { guardCodes as G } from '../../domain/sqlstate.ts';

/**
 * A payment is capped at what an invoice asks after its corrections (a УКД that lowered it lowers the
 * cap), and the billing run's per-row checks become per-statement checks: the same rules over the rows a
 * statement inserted (a transition table), so a run of 100 000 lines calls each check once, not 100 000 times.
 * The index on (service_id, period) is dropped: (service_id, period, tariff_id) serves the same lookups.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE OR REPLACE FUNCTION payment_allocation_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad text; b record;
BEGIN
  PERFORM 1 FROM payment WHERE id IN (SELECT payment_id FROM new_rows) ORDER BY id FOR UPDATE;
  PERFORM 1 FROM invoice WHERE id IN (SELECT invoice_id FROM new_rows) ORDER BY id FOR UPDATE;
  SELECT n.payment_id INTO bad FROM new_rows n JOIN payment p ON p.id = n.payment_id JOIN invoice i ON i.id = n.invoice_id
    WHERE p.client_id IS DISTINCT FROM i.client_id LIMIT 1;
  IF bad IS NOT NULL THEN RAISE EXCEPTION 'allocation of % to another client''s invoice', bad USING ERRCODE = '23514'; END IF;
  SELECT p.id INTO bad FROM payment p
    JOIN (SELECT a.payment_id, sum(a.amount) AS s FROM payment_allocation a WHERE a.payment_id IN (SELECT payment_id FROM new_rows) GROUP BY a.payment_id) x ON x.payment_id = p.id
    WHERE x.s > p.amount LIMIT 1;
  IF bad IS NOT NULL THEN RAISE EXCEPTION 'payment % over-allocated', bad USING ERRCODE = '23514'; END IF;
  -- The cap is the invoice's total changed by its corrections (the same sum as the view invoice_due).
  SELECT i.id, i.number, i.issue_date, x.s, (i.total + coalesce((SELECT sum(c.total) FROM invoice c WHERE c.corrects_invoice_id = i.id), 0))::int8 AS cap INTO b
    FROM invoice i
    JOIN (SELECT a.invoice_id, sum(a.amount) AS s FROM payment_allocation a WHERE a.invoice_id IN (SELECT invoice_id FROM new_rows) GROUP BY a.invoice_id) x ON x.invoice_id = i.id
    WHERE x.s > greatest(i.total + coalesce((SELECT sum(c.total) FROM invoice c WHERE c.corrects_invoice_id = i.id), 0), 0) LIMIT 1;
  IF b.id IS NOT NULL THEN
    RAISE EXCEPTION 'invoice % over-paid', b.id USING ERRCODE = '${G.paymentOverInvoice.code}',
      DETAIL = jsonb_build_object('number', b.number, 'date', to_char(b.issue_date, 'DD.MM.YYYY'), 'cap', (greatest(b.cap, 0) / 100)::text || ',' || lpad((greatest(b.cap, 0) % 100)::text, 2, '0'))::text;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER invoice_correction_check ON invoice;
CREATE OR REPLACE FUNCTION invoice_correction_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF rackdesk_loading() THEN RETURN NULL; END IF;
  IF EXISTS (SELECT 1 FROM new_rows WHERE kind = 'adjustment') THEN
    RAISE EXCEPTION 'a change of billed value is a correction document, not a new invoice' USING ERRCODE = '${G.invoiceNoAdjustment.code}';
  END IF;
  IF EXISTS (SELECT 1 FROM new_rows n LEFT JOIN invoice o ON o.id = n.corrects_invoice_id
             WHERE n.kind = 'correction' AND (o.id IS NULL OR o.kind NOT IN ('period','setup') OR o.seller_id <> n.seller_id OR o.client_id <> n.client_id
                OR o.issue_date > n.issue_date OR o.period IS DISTINCT FROM n.period)) THEN
    RAISE EXCEPTION 'a correction does not fit the invoice it corrects' USING ERRCODE = '${G.invoiceCorrectionMismatch.code}';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER invoice_correction_check AFTER INSERT ON invoice REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION invoice_correction_check();

DROP TRIGGER invoice_line_period_check ON invoice_line;
CREATE OR REPLACE FUNCTION invoice_line_period_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF rackdesk_loading() THEN RETURN NULL; END IF;
  IF EXISTS (SELECT 1 FROM new_rows n JOIN invoice i ON i.id = n.invoice_id
             WHERE (i.kind = 'correction' AND (n.line_kind <> 'correction' OR n.period IS DISTINCT FROM i.period))
                OR (i.kind <> 'correction' AND n.line_kind = 'correction')) THEN
    RAISE EXCEPTION 'a correction line outside the period of its correction, or on another document' USING ERRCODE = '${G.invoiceCorrectionPeriod.code}';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER invoice_line_period_check AFTER INSERT ON invoice_line REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION invoice_line_period_check();

DROP INDEX invoice_line_service_idx;
`).execute(db);
}
