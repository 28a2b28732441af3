import { sql, type Kysely } from 'kysely';

/**
 * Equipment bought from suppliers on installments: agreements, their items (units of the equipment
 * register), schedules, payments (by hand or from the outgoing documents of a bank statement), and the
 * change of owner at the final payment. Also: equipment status, and the guarantee that an equipment
 * unit's rack position always equals an active rack-unit allocation, so no edit bypasses the
 * no-double-allocation constraints. Supplier price lists may now belong to an agreement: its items'
 * monthly installment while paying, their price (amortized) once ours.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE TABLE inst_agreement (
  id text PRIMARY KEY,
  supplier_id text NOT NULL REFERENCES company(id),
  number text NOT NULL CHECK (length(btrim(number)) > 0),
  signed_on date NOT NULL,
  currency text NOT NULL DEFAULT 'RUB' CHECK (currency = 'RUB'),
  total bigint NOT NULL CHECK (total > 0),
  down_payment bigint NOT NULL DEFAULT 0 CHECK (down_payment >= 0 AND down_payment <= total),
  fees bigint NOT NULL DEFAULT 0 CHECK (fees >= 0),
  schedule_kind text NOT NULL CHECK (schedule_kind IN ('equal','custom')),
  months int NOT NULL CHECK (months BETWEEN 1 AND 240),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','paid_off')),
  paid_off_on date,
  note text,
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (supplier_id, number),
  CHECK ((status = 'paid_off') = (paid_off_on IS NOT NULL))
);

CREATE TABLE inst_item (
  agreement_id text NOT NULL REFERENCES inst_agreement(id),
  equipment_id text NOT NULL UNIQUE REFERENCES inv_equipment(id),
  price bigint NOT NULL CHECK (price > 0),
  sku text,
  PRIMARY KEY (agreement_id, equipment_id)
);

-- seq 0 is the down payment, due on signing.
CREATE TABLE inst_schedule (
  agreement_id text NOT NULL REFERENCES inst_agreement(id),
  seq int NOT NULL CHECK (seq >= 0),
  due_on date NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  PRIMARY KEY (agreement_id, seq)
);
CREATE INDEX inst_schedule_due_idx ON inst_schedule (due_on);

-- Outgoing documents of imported bank statements (our account pays someone).
CREATE TABLE bank_outgoing (
  id text PRIMARY KEY,
  import_id text REFERENCES statement_import(id),
  dedupe_key text NOT NULL UNIQUE,
  our_account text NOT NULL,
  payee_account text NOT NULL,
  payee_inn text,
  payee_kpp text,
  payee_name text,
  amount bigint NOT NULL CHECK (amount > 0),
  paid_on date NOT NULL,
  doc_number text,
  purpose text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('matched','queued','resolved','ignored')),
  agreement_id text REFERENCES inst_agreement(id),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status NOT IN ('matched','resolved') OR agreement_id IS NOT NULL)
);
CREATE INDEX bank_outgoing_queue_idx ON bank_outgoing (status, paid_on);

CREATE TABLE inst_payment (
  id text PRIMARY KEY,
  agreement_id text NOT NULL REFERENCES inst_agreement(id),
  amount bigint NOT NULL CHECK (amount > 0),
  paid_on date NOT NULL,
  source text NOT NULL CHECK (source IN ('manual','statement')),
  outgoing_id text UNIQUE REFERENCES bank_outgoing(id),
  doc_number text,
  note text,
  actor_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((source = 'statement') = (outgoing_id IS NOT NULL))
);
CREATE INDEX inst_payment_agreement_idx ON inst_payment (agreement_id, paid_on);
CREATE TRIGGER inst_payment_append_only BEFORE UPDATE OR DELETE ON inst_payment FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER inst_schedule_append_only BEFORE UPDATE OR DELETE ON inst_schedule FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER inst_item_append_only BEFORE UPDATE OR DELETE ON inst_item FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- A payment never exceeds the remaining debt, never precedes signing, never lands on a paid-off agreement;
-- checked under a lock on the agreement, so two payments at once cannot both fit the same debt.
CREATE FUNCTION inst_payment_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record; paid bigint;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  SELECT * INTO a FROM inst_agreement WHERE id = NEW.agreement_id FOR UPDATE;
  IF a.status = 'paid_off' THEN
    RAISE EXCEPTION 'agreement % is paid off', a.number USING ERRCODE = 'RD601';
  END IF;
  IF NEW.paid_on < a.signed_on THEN
    RAISE EXCEPTION 'payment before the agreement date %', a.signed_on USING ERRCODE = 'RD603';
  END IF;
  SELECT coalesce(sum(amount), 0) INTO paid FROM inst_payment WHERE agreement_id = NEW.agreement_id;
  IF paid + NEW.amount > a.total + a.fees THEN
    RAISE EXCEPTION 'payment exceeds the debt of agreement %', a.number USING ERRCODE = 'RD602';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER inst_payment_guard BEFORE INSERT ON inst_payment FOR EACH ROW EXECUTE FUNCTION inst_payment_guard();

-- The terms never change; the agreement becomes paid off only when paid in full, and then its units are
-- ours from that date (the owner changes here, so no path forgets it); it never goes back.
CREATE FUNCTION inst_agreement_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE paid bigint;
BEGIN
  IF NEW.supplier_id <> OLD.supplier_id OR NEW.number <> OLD.number OR NEW.signed_on <> OLD.signed_on OR NEW.total <> OLD.total
     OR NEW.down_payment <> OLD.down_payment OR NEW.fees <> OLD.fees OR NEW.months <> OLD.months OR NEW.schedule_kind <> OLD.schedule_kind THEN
    RAISE EXCEPTION 'terms of agreement % cannot change', OLD.number USING ERRCODE = 'RD605';
  END IF;
  IF OLD.status = 'paid_off' AND (NEW.status <> 'paid_off' OR NEW.paid_off_on <> OLD.paid_off_on) THEN
    RAISE EXCEPTION 'agreement % is paid off', OLD.number USING ERRCODE = 'RD604';
  END IF;
  IF OLD.status = 'active' AND NEW.status = 'paid_off' THEN
    SELECT coalesce(sum(amount), 0) INTO paid FROM inst_payment WHERE agreement_id = NEW.id;
    IF paid < NEW.total + NEW.fees THEN
      RAISE EXCEPTION 'agreement % is not paid in full', OLD.number USING ERRCODE = 'RD604';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER inst_agreement_guard BEFORE UPDATE ON inst_agreement FOR EACH ROW EXECUTE FUNCTION inst_agreement_guard();
-- After the row changed, so the units' owner check already sees the agreement paid off.
CREATE FUNCTION inst_agreement_paid_off() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE inv_equipment e SET owner = 'us', owner_company_id = NULL, paid_off_on = NEW.paid_off_on
    FROM inst_item i WHERE i.agreement_id = NEW.id AND e.id = i.equipment_id;
  RETURN NULL;
END $$;
CREATE TRIGGER inst_agreement_paid_off AFTER UPDATE OF status ON inst_agreement FOR EACH ROW
  WHEN (OLD.status = 'active' AND NEW.status = 'paid_off') EXECUTE FUNCTION inst_agreement_paid_off();
CREATE TRIGGER inst_agreement_no_delete BEFORE DELETE ON inst_agreement FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- While an agreement is being paid, its units are the supplier's (owner 'supplier', that company).
CREATE FUNCTION inst_owner_check(eq_id text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE a record; e record;
BEGIN
  SELECT ag.* INTO a FROM inst_item i JOIN inst_agreement ag ON ag.id = i.agreement_id WHERE i.equipment_id = eq_id AND ag.status = 'active';
  IF NOT FOUND THEN RETURN; END IF;
  SELECT * INTO e FROM inv_equipment WHERE id = eq_id;
  IF e.owner <> 'supplier' OR e.owner_company_id IS DISTINCT FROM a.supplier_id THEN
    RAISE EXCEPTION 'equipment % stays the supplier''s until agreement % is paid off', coalesce(e.serial, e.id), a.number USING ERRCODE = 'RD606';
  END IF;
END $$;
CREATE FUNCTION inst_item_owner_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT rackdesk_loading() THEN PERFORM inst_owner_check(NEW.equipment_id); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER inst_item_owner_check AFTER INSERT ON inst_item FOR EACH ROW EXECUTE FUNCTION inst_item_owner_check();
CREATE FUNCTION inv_equipment_owner_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.owner IS DISTINCT FROM OLD.owner OR NEW.owner_company_id IS DISTINCT FROM OLD.owner_company_id THEN PERFORM inst_owner_check(NEW.id); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER inv_equipment_owner_check AFTER UPDATE ON inv_equipment FOR EACH ROW EXECUTE FUNCTION inv_equipment_owner_check();

ALTER TABLE inv_equipment ADD COLUMN status text NOT NULL DEFAULT 'in_service' CHECK (status IN ('in_service','spare','repair','retired'));

-- A unit's rack position is exactly one active rack-unit allocation of it, and a unit in stock has none:
-- editing the register can never place a device where the exclusion constraints were not asked.
-- Checked at commit, since a move releases the old allocation and takes the new one in the same transaction.
CREATE FUNCTION inv_equipment_position_check(eq_id text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE e record; n int; m int;
BEGIN
  SELECT * INTO e FROM inv_equipment WHERE id = eq_id;
  IF NOT FOUND THEN RETURN; END IF;
  SELECT count(*), count(*) FILTER (WHERE rack_id = e.rack_id AND units = int4range(e.u_from, e.u_from + e.u_height)) INTO n, m
    FROM inv_allocation WHERE resource = 'rack_units' AND assigned_kind = 'equipment' AND assigned_ref = eq_id
      AND state IN ('held','assigned','releasing','cooldown');
  IF (e.rack_id IS NULL AND n > 0) OR (e.rack_id IS NOT NULL AND (n <> 1 OR m <> 1)) THEN
    RAISE EXCEPTION 'position of equipment % does not match its rack-unit allocation', coalesce(e.serial, e.id) USING ERRCODE = 'RD607';
  END IF;
END $$;
CREATE FUNCTION inv_equipment_position_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF rackdesk_loading() THEN RETURN NULL; END IF;
  IF TG_TABLE_NAME = 'inv_equipment' THEN
    PERFORM inv_equipment_position_check(NEW.id);
  ELSIF NEW.resource = 'rack_units' AND NEW.assigned_kind = 'equipment' THEN
    PERFORM inv_equipment_position_check(NEW.assigned_ref);
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER inv_equipment_position AFTER INSERT OR UPDATE ON inv_equipment
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION inv_equipment_position_trg();
CREATE CONSTRAINT TRIGGER inv_allocation_equipment_position AFTER INSERT OR UPDATE ON inv_allocation
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION inv_equipment_position_trg();

-- Price lists written for an agreement's items sit beside the supplier's own versions instead of replacing them.
ALTER TABLE supplier_price_list ADD COLUMN agreement_id text REFERENCES inst_agreement(id);
ALTER TABLE supplier_price_list ADD COLUMN phase text CHECK (phase IN ('paying','owned'));
ALTER TABLE supplier_price_list ADD CONSTRAINT supplier_price_list_phase_ck CHECK ((agreement_id IS NULL) = (phase IS NULL));
ALTER TABLE supplier_price_list DROP CONSTRAINT supplier_price_list_supplier_id_effective_from_key;
CREATE UNIQUE INDEX supplier_price_list_version_uq ON supplier_price_list (supplier_id, effective_from) WHERE agreement_id IS NULL;
CREATE UNIQUE INDEX supplier_price_list_agreement_uq ON supplier_price_list (agreement_id, phase) WHERE agreement_id IS NOT NULL;
`).execute(db);
}
