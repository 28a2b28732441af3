import { sql, type Kysely } from 'kysely';
import { guardCodes } from '../../domain/sqlstate.ts';

/**
 * Cancelling an order before it is handed off (the client withdrew, the contract was not signed): the
 * order keeps who cancelled it, when and why. The database refuses a cancellation without a reason
 * (RD331) and any change of a cancelled order or of its contract's signing (RD332); the transition itself (only from «new») is
 * sales_order_guard's (RD303, migration 0011).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
ALTER TABLE sales_order ADD COLUMN cancelled_at timestamptz, ADD COLUMN cancelled_by text, ADD COLUMN cancel_reason text;

CREATE FUNCTION sales_order_cancel() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  IF OLD.status = 'cancelled' THEN
    RAISE EXCEPTION 'order % is cancelled', OLD.number USING ERRCODE = '${guardCodes.orderCancelled.code}',
      DETAIL = json_build_object('number', OLD.number)::text;
  END IF;
  IF NEW.status = 'cancelled' AND (NEW.cancelled_at IS NULL OR coalesce(btrim(NEW.cancel_reason), '') = '' OR coalesce(btrim(NEW.cancelled_by), '') = '') THEN
    RAISE EXCEPTION 'order % is cancelled without who, when and why', NEW.number USING ERRCODE = '${guardCodes.orderCancelReason.code}';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER sales_order_cancel BEFORE UPDATE ON sales_order FOR EACH ROW EXECUTE FUNCTION sales_order_cancel();

-- The signing of a cancelled order stops where it was.
CREATE FUNCTION contract_doc_cancelled() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n text;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  SELECT number INTO n FROM sales_order WHERE id = NEW.order_id AND status = 'cancelled';
  IF n IS NOT NULL THEN
    RAISE EXCEPTION 'order % is cancelled', n USING ERRCODE = '${guardCodes.orderCancelled.code}', DETAIL = json_build_object('number', n)::text;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER contract_doc_cancelled BEFORE UPDATE ON contract_doc FOR EACH ROW EXECUTE FUNCTION contract_doc_cancelled();
`).execute(db);
}
