import { sql, type Kysely } from 'kysely';
import { guardCodes as G } from '../../domain/sqlstate.ts';

/**
 * Cancelling a handed-off order before the tech department completed provisioning (flows/order-cancel.ts).
 * The order may now go «handed_off» → «cancelled» (sales_order_guard), and at commit such a cancellation must
 * be settled: every service of its lines closed (RD333), its provisioning request cancelled (RD334) and
 * everything billed for its services brought to zero by corrections, so the client owes nothing (RD335).
 * A service of a cancelled order never opens again (RD333), and a cancelled request never moves (RD313).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
-- The unnamed CHECKs of prov_request on its status are replaced by named ones that know «cancelled».
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint WHERE contype = 'c' AND conrelid = 'prov_request'::regclass AND pg_get_constraintdef(oid) LIKE '%waiting_payment%'
  LOOP
    EXECUTE format('ALTER TABLE prov_request DROP CONSTRAINT %I', c.conname);
  END LOOP;
END $$;
ALTER TABLE prov_request ADD CONSTRAINT prov_request_status_ck CHECK (status IN ('waiting_payment','ready','in_progress','done','cancelled'));
ALTER TABLE prov_request ADD CONSTRAINT prov_request_gate_dates_ck CHECK (status IN ('waiting_payment','cancelled') OR (gate_opened_on IS NOT NULL AND deadline IS NOT NULL));

CREATE OR REPLACE FUNCTION sales_order_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE st text; cid text;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND (NEW.version_id <> OLD.version_id OR NEW.company_id <> OLD.company_id OR NEW.proposal_id <> OLD.proposal_id) THEN
    RAISE EXCEPTION 'order % cannot change its proposal or client', OLD.id USING ERRCODE = '${G.orderNotAccepted.code}';
  END IF;
  SELECT v.status, p.company_id INTO st, cid FROM proposal_version v JOIN proposal p ON p.id = v.proposal_id
    WHERE v.id = NEW.version_id AND p.id = NEW.proposal_id;
  IF st IS DISTINCT FROM 'accepted' OR cid IS DISTINCT FROM NEW.company_id THEN
    RAISE EXCEPTION 'an order needs an accepted proposal version of its client' USING ERRCODE = '${G.orderNotAccepted.code}';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status AND NOT (
       (OLD.status = 'new' AND NEW.status IN ('handed_off','cancelled'))
    OR (OLD.status = 'handed_off' AND NEW.status IN ('provisioned','cancelled'))
    OR (OLD.status = 'provisioned' AND NEW.status = 'active')) THEN
    RAISE EXCEPTION 'order status % -> % is not allowed', OLD.status, NEW.status USING ERRCODE = '${G.orderTransition.code}';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status = 'handed_off' AND OLD.status = 'new'
     AND NOT EXISTS (SELECT 1 FROM contract_doc d WHERE d.order_id = NEW.id AND d.status IN ('signed','archived')) THEN
    RAISE EXCEPTION 'order % is handed off before both sides signed', NEW.id USING ERRCODE = '${G.orderNotSigned.code}';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status = 'active' AND NEW.agreed_start < (SELECT done_at FROM prov_request WHERE order_id = NEW.id)::date THEN
    RAISE EXCEPTION 'start date of order % precedes the end of provisioning', NEW.id USING ERRCODE = '${G.orderStartBeforeDone.code}';
  END IF;
  RETURN NEW;
END $$;

-- Checked at commit: a handed-off order that was cancelled has no open service, no open provisioning request,
-- and nothing billed for its services (lines and their corrections sum to zero).
CREATE FUNCTION sales_order_cancel_settled() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE o record; s text; owed bigint;
BEGIN
  IF rackdesk_loading() THEN RETURN NULL; END IF;
  SELECT id, number, status, handed_off_at INTO o FROM sales_order WHERE id = NEW.id;
  IF o.status <> 'cancelled' OR o.handed_off_at IS NULL THEN RETURN NULL; END IF;
  SELECT b.title INTO s FROM order_line l JOIN billing_service b ON b.id = l.service_id WHERE l.order_id = o.id AND b.status <> 'closed' ORDER BY l.position LIMIT 1;
  IF s IS NOT NULL THEN
    RAISE EXCEPTION 'cancelled order % keeps service %', o.number, s USING ERRCODE = '${G.orderCancelLiveService.code}',
      DETAIL = json_build_object('number', o.number, 'service', s)::text;
  END IF;
  IF EXISTS (SELECT 1 FROM prov_request r WHERE r.order_id = o.id AND r.status <> 'cancelled') THEN
    RAISE EXCEPTION 'cancelled order % keeps its provisioning request open', o.number USING ERRCODE = '${G.orderCancelOpenProvisioning.code}',
      DETAIL = json_build_object('number', o.number)::text;
  END IF;
  SELECT coalesce(sum(il.total), 0) INTO owed FROM invoice_line il WHERE il.service_id IN (SELECT l.service_id FROM order_line l WHERE l.order_id = o.id AND l.service_id IS NOT NULL);
  IF owed <> 0 THEN
    RAISE EXCEPTION 'cancelled order % still bills %', o.number, owed USING ERRCODE = '${G.orderCancelStillOwed.code}',
      DETAIL = json_build_object('number', o.number, 'amount', (owed / 100)::text || ',' || lpad((abs(owed) % 100)::text, 2, '0'))::text;
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER sales_order_cancel_settled AFTER UPDATE OF status ON sales_order DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.status = 'cancelled' AND OLD.status IS DISTINCT FROM 'cancelled') EXECUTE FUNCTION sales_order_cancel_settled();

-- A service of a cancelled order stays closed.
CREATE FUNCTION billing_service_of_cancelled_order() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n text;
BEGIN
  IF rackdesk_loading() OR NEW.status = 'closed' THEN RETURN NEW; END IF;
  SELECT o.number INTO n FROM order_line l JOIN sales_order o ON o.id = l.order_id WHERE l.service_id = NEW.id AND o.status = 'cancelled';
  IF n IS NOT NULL THEN
    RAISE EXCEPTION 'service % of cancelled order %', NEW.id, n USING ERRCODE = '${G.orderCancelLiveService.code}',
      DETAIL = json_build_object('number', n, 'service', NEW.title)::text;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER billing_service_of_cancelled_order BEFORE UPDATE ON billing_service FOR EACH ROW EXECUTE FUNCTION billing_service_of_cancelled_order();

-- A provisioning request may be cancelled before it is done; a cancelled one never moves again.
CREATE OR REPLACE FUNCTION prov_request_gate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE inv text; total bigint; paid bigint;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND NEW.order_id <> OLD.order_id THEN
    RAISE EXCEPTION 'provisioning request % cannot move to another order', OLD.id USING ERRCODE = '${G.provNotPaid.code}';
  END IF;
  IF NEW.status NOT IN ('waiting_payment','cancelled') AND (TG_OP = 'INSERT' OR OLD.status = 'waiting_payment') THEN
    SELECT o.initial_invoice_id, i.total INTO inv, total FROM sales_order o JOIN invoice i ON i.id = o.initial_invoice_id WHERE o.id = NEW.order_id;
    SELECT coalesce(sum(amount), 0) INTO paid FROM payment_allocation WHERE invoice_id = inv;
    IF (inv IS NULL OR paid < total) AND NOT EXISTS (SELECT 1 FROM payment_deferral WHERE order_id = NEW.order_id) THEN
      RAISE EXCEPTION 'order % is neither paid nor deferred by management', NEW.order_id USING ERRCODE = '${G.provNotPaid.code}';
    END IF;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status <> OLD.status AND NOT (
       (OLD.status = 'waiting_payment' AND NEW.status = 'ready') OR (OLD.status = 'ready' AND NEW.status = 'in_progress')
    OR (OLD.status = 'in_progress' AND NEW.status = 'done')
    OR (OLD.status IN ('waiting_payment','ready','in_progress') AND NEW.status = 'cancelled')) THEN
    RAISE EXCEPTION 'provisioning status % -> % is not allowed', OLD.status, NEW.status USING ERRCODE = '${G.provTransition.code}';
  END IF;
  RETURN NEW;
END $$;
`).execute(db);
}
