import { sql, type Kysely } from 'kysely';

/**
 * Orders (C9), contracts and signing (C10), the handoff to billing and the tech department, the payment
 * gate and provisioning with deadlines, start-date agreement, acceptance and disputes.
 *
 * The hard invariant "contract price = proposal price" is declarative: an order and its lines carry
 * composite foreign keys onto the accepted version's totals and lines, so neither side can be changed
 * by SQL once an order exists (ON UPDATE RESTRICT), and an order never names other figures.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
ALTER TABLE proposal_version ADD CONSTRAINT proposal_version_price_uq UNIQUE (id, monthly_total, setup_total, net_total, vat_total, gross_total);
ALTER TABLE proposal_line ADD CONSTRAINT proposal_line_price_uq UNIQUE (version_id, position, quantity, unit_price, discount_pct, setup_fee);

-- Gapless numbers per kind, seller and year (orders, contracts), bumped inside the creating transaction.
CREATE TABLE doc_counter (
  kind text NOT NULL CHECK (kind IN ('order','contract')),
  seller_id text NOT NULL REFERENCES own_entity(company_id),
  year int NOT NULL,
  last_no int NOT NULL CHECK (last_no > 0),
  PRIMARY KEY (kind, seller_id, year)
);

CREATE TABLE sales_order (
  id text PRIMARY KEY,
  -- numbered per seller and year (doc_counter), like invoices
  number text NOT NULL,
  proposal_id text NOT NULL REFERENCES proposal(id),
  -- exactly one order per accepted version, however many people click at once
  version_id text NOT NULL UNIQUE,
  deal_id text REFERENCES deal(id),
  company_id text NOT NULL REFERENCES company(id),
  seller_id text NOT NULL REFERENCES own_entity(company_id),
  manager_id text REFERENCES app_user(id),
  manager_name text NOT NULL,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high','urgent')),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new','handed_off','provisioned','active','cancelled')),
  planned_start date NOT NULL,
  agreed_start date,
  monthly_total bigint NOT NULL,
  setup_total bigint NOT NULL,
  net_total bigint NOT NULL,
  vat_total bigint NOT NULL,
  gross_total bigint NOT NULL,
  initial_invoice_id text REFERENCES invoice(id),
  handed_off_at timestamptz,
  activated_at timestamptz,
  accepted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (version_id, monthly_total, setup_total, net_total, vat_total, gross_total)
    REFERENCES proposal_version (id, monthly_total, setup_total, net_total, vat_total, gross_total) ON UPDATE RESTRICT,
  CHECK (status IN ('new','cancelled') OR (initial_invoice_id IS NOT NULL AND handed_off_at IS NOT NULL)),
  CHECK (status <> 'active' OR agreed_start IS NOT NULL),
  UNIQUE (seller_id, number)
);
CREATE INDEX sales_order_company_idx ON sales_order (company_id);
CREATE INDEX sales_order_deal_idx ON sales_order (deal_id) WHERE deal_id IS NOT NULL;

CREATE TABLE order_line (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES sales_order(id),
  version_id text NOT NULL,
  position int NOT NULL,
  service_kind text NOT NULL,
  site_id text NOT NULL REFERENCES site(id),
  description text NOT NULL,
  params jsonb NOT NULL,
  quantity int NOT NULL,
  unit_price bigint NOT NULL,
  discount_pct numeric(5,2) NOT NULL,
  setup_fee bigint NOT NULL,
  feasibility_answer_id text REFERENCES feas_answer(id),
  service_id text REFERENCES billing_service(id),
  UNIQUE (order_id, position),
  FOREIGN KEY (version_id, position, quantity, unit_price, discount_pct, setup_fee)
    REFERENCES proposal_line (version_id, position, quantity, unit_price, discount_pct, setup_fee) ON UPDATE RESTRICT
);

-- An order is taken from an accepted version of the same client only, and copies every line of it.
CREATE FUNCTION sales_order_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE st text; cid text;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND (NEW.version_id <> OLD.version_id OR NEW.company_id <> OLD.company_id OR NEW.proposal_id <> OLD.proposal_id) THEN
    RAISE EXCEPTION 'order % cannot change its proposal or client', OLD.id USING ERRCODE = 'RD301';
  END IF;
  SELECT v.status, p.company_id INTO st, cid FROM proposal_version v JOIN proposal p ON p.id = v.proposal_id
    WHERE v.id = NEW.version_id AND p.id = NEW.proposal_id;
  IF st IS DISTINCT FROM 'accepted' OR cid IS DISTINCT FROM NEW.company_id THEN
    RAISE EXCEPTION 'an order needs an accepted proposal version of its client' USING ERRCODE = 'RD301';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status AND NOT (
       (OLD.status = 'new' AND NEW.status IN ('handed_off','cancelled'))
    OR (OLD.status = 'handed_off' AND NEW.status = 'provisioned')
    OR (OLD.status = 'provisioned' AND NEW.status = 'active')) THEN
    RAISE EXCEPTION 'order status % -> % is not allowed', OLD.status, NEW.status USING ERRCODE = 'RD303';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status = 'handed_off' AND OLD.status = 'new'
     AND NOT EXISTS (SELECT 1 FROM contract_doc d WHERE d.order_id = NEW.id AND d.status IN ('signed','archived')) THEN
    RAISE EXCEPTION 'order % is handed off before both sides signed', NEW.id USING ERRCODE = 'RD330';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status = 'active' AND NEW.agreed_start < (SELECT done_at FROM prov_request WHERE order_id = NEW.id)::date THEN
    RAISE EXCEPTION 'start date of order % precedes the end of provisioning', NEW.id USING ERRCODE = 'RD312';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER sales_order_guard BEFORE INSERT OR UPDATE ON sales_order FOR EACH ROW EXECUTE FUNCTION sales_order_guard();
CREATE TRIGGER sales_order_no_delete BEFORE DELETE ON sales_order FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Checked at commit: the order's lines are exactly the version's lines (none missing, none extra).
CREATE FUNCTION sales_order_complete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE oid text := CASE WHEN TG_TABLE_NAME = 'sales_order' THEN to_jsonb(NEW)->>'id' ELSE to_jsonb(NEW)->>'order_id' END;
BEGIN
  IF rackdesk_loading() THEN RETURN NULL; END IF;
  IF EXISTS (
    SELECT 1 FROM sales_order o JOIN proposal_line l ON l.version_id = o.version_id
    WHERE o.id = oid AND NOT EXISTS (SELECT 1 FROM order_line x WHERE x.order_id = o.id AND x.position = l.position))
  OR EXISTS (SELECT 1 FROM order_line x JOIN sales_order o ON o.id = x.order_id WHERE x.order_id = oid AND x.version_id <> o.version_id) THEN
    RAISE EXCEPTION 'order % does not copy its proposal version line by line', oid USING ERRCODE = 'RD302';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER sales_order_complete AFTER INSERT ON sales_order DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION sales_order_complete();
CREATE CONSTRAINT TRIGGER order_line_complete AFTER INSERT OR UPDATE ON order_line DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION sales_order_complete();
CREATE TRIGGER order_line_no_delete BEFORE DELETE ON order_line FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- The company's Word templates for contracts; one is active (absent = the built-in one).
CREATE TABLE contract_template (
  id text PRIMARY KEY,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  file bytea NOT NULL,
  file_name text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT false,
  uploaded_by_name text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX contract_template_one_active ON contract_template (active) WHERE active;

-- A framework contract between our entity and a client; each order adds a numbered appendix.
CREATE TABLE contract (
  id text PRIMARY KEY,
  number text NOT NULL,
  seller_id text NOT NULL REFERENCES own_entity(company_id),
  client_id text NOT NULL REFERENCES company(id),
  contract_date date NOT NULL,
  UNIQUE (seller_id, number),
  last_appendix int NOT NULL DEFAULT 0 CHECK (last_appendix >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contract_client_idx ON contract (client_id, seller_id);

-- The signing package of one order: the contract itself (first order) or its next appendix.
CREATE TABLE contract_doc (
  id text PRIMARY KEY,
  order_id text NOT NULL UNIQUE REFERENCES sales_order(id),
  contract_id text NOT NULL REFERENCES contract(id),
  appendix_no int NOT NULL CHECK (appendix_no > 0),
  includes_contract boolean NOT NULL,
  status text NOT NULL DEFAULT 'prepared' CHECK (status IN ('prepared','sent','client_signed','signed','archived')),
  channel text CHECK (channel IN ('in_person','courier','mail','edo')),
  tracking text,
  prepared_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  client_signed_at timestamptz,
  signed_at timestamptz,
  scan bytea,
  scan_name text,
  archived_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (contract_id, appendix_no),
  CHECK (status = 'prepared' OR (channel IS NOT NULL AND sent_at IS NOT NULL)),
  CHECK (channel NOT IN ('courier','mail') OR length(btrim(coalesce(tracking, ''))) > 0),
  CHECK (status NOT IN ('client_signed','signed','archived') OR client_signed_at IS NOT NULL),
  CHECK (status NOT IN ('signed','archived') OR signed_at IS NOT NULL),
  CHECK ((status = 'archived') = (scan IS NOT NULL AND archived_at IS NOT NULL))
);

-- Signing goes step by step; each step only forward, one at a time.
CREATE FUNCTION contract_doc_steps() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE steps text[] := ARRAY['prepared','sent','client_signed','signed','archived'];
BEGIN
  IF NEW.order_id <> OLD.order_id OR NEW.contract_id <> OLD.contract_id OR NEW.appendix_no <> OLD.appendix_no THEN
    RAISE EXCEPTION 'document % cannot move to another order or number', OLD.id USING ERRCODE = 'RD320';
  END IF;
  IF NEW.status <> OLD.status AND array_position(steps, NEW.status) <> array_position(steps, OLD.status) + 1 THEN
    RAISE EXCEPTION 'signing step % -> % is not allowed', OLD.status, NEW.status USING ERRCODE = 'RD320';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER contract_doc_steps BEFORE UPDATE ON contract_doc FOR EACH ROW EXECUTE FUNCTION contract_doc_steps();
CREATE TRIGGER contract_doc_no_delete BEFORE DELETE ON contract_doc FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Management lets the tech department start before the initial payment (who, why, until when).
CREATE TABLE payment_deferral (
  order_id text PRIMARY KEY REFERENCES sales_order(id),
  approved_by text NOT NULL REFERENCES app_user(id),
  approver_name text NOT NULL,
  reason text NOT NULL CHECK (length(btrim(reason)) >= 3),
  due_date date NOT NULL,
  approved_at timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION payment_deferral_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  IF NOT EXISTS (SELECT 1 FROM app_user WHERE id = NEW.approved_by AND active AND role IN ('management','admin')) THEN
    RAISE EXCEPTION 'deferral approver % is not an active management user', NEW.approved_by USING ERRCODE = 'RD311';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payment_deferral_check BEFORE INSERT ON payment_deferral FOR EACH ROW EXECUTE FUNCTION payment_deferral_check();
CREATE TRIGGER payment_deferral_append_only BEFORE UPDATE OR DELETE ON payment_deferral FOR EACH ROW EXECUTE FUNCTION forbid_change();

CREATE TABLE prov_request (
  id text PRIMARY KEY,
  order_id text NOT NULL UNIQUE REFERENCES sales_order(id),
  status text NOT NULL DEFAULT 'waiting_payment' CHECK (status IN ('waiting_payment','ready','in_progress','done')),
  lead_days int NOT NULL CHECK (lead_days >= 0),
  -- set when the gate opens: lead_days working days from the payment (or deferral)
  gate_opened_on date,
  deadline date,
  assignee_id text REFERENCES app_user(id),
  started_at timestamptz,
  done_at timestamptz,
  proposed_start date,
  escalated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status = 'waiting_payment' OR (gate_opened_on IS NOT NULL AND deadline IS NOT NULL)),
  CHECK (status <> 'done' OR (done_at IS NOT NULL AND proposed_start IS NOT NULL))
);
CREATE INDEX prov_request_queue_idx ON prov_request (status, deadline);

-- The payment gate: work starts only on a paid initial invoice or a management deferral.
CREATE FUNCTION prov_request_gate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE inv text; total bigint; paid bigint;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND NEW.order_id <> OLD.order_id THEN
    RAISE EXCEPTION 'provisioning request % cannot move to another order', OLD.id USING ERRCODE = 'RD310';
  END IF;
  IF NEW.status <> 'waiting_payment' AND (TG_OP = 'INSERT' OR OLD.status = 'waiting_payment') THEN
    SELECT o.initial_invoice_id, i.total INTO inv, total FROM sales_order o JOIN invoice i ON i.id = o.initial_invoice_id WHERE o.id = NEW.order_id;
    SELECT coalesce(sum(amount), 0) INTO paid FROM payment_allocation WHERE invoice_id = inv;
    IF (inv IS NULL OR paid < total) AND NOT EXISTS (SELECT 1 FROM payment_deferral WHERE order_id = NEW.order_id) THEN
      RAISE EXCEPTION 'order % is neither paid nor deferred by management', NEW.order_id USING ERRCODE = 'RD310';
    END IF;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status <> OLD.status AND NOT (
       (OLD.status = 'waiting_payment' AND NEW.status = 'ready') OR (OLD.status = 'ready' AND NEW.status = 'in_progress')
    OR (OLD.status = 'in_progress' AND NEW.status = 'done')) THEN
    RAISE EXCEPTION 'provisioning status % -> % is not allowed', OLD.status, NEW.status USING ERRCODE = 'RD313';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER prov_request_gate BEFORE INSERT OR UPDATE ON prov_request FOR EACH ROW EXECUTE FUNCTION prov_request_gate();
CREATE TRIGGER prov_request_no_delete BEFORE DELETE ON prov_request FOR EACH ROW EXECUTE FUNCTION forbid_change();

CREATE TABLE prov_check_item (
  request_id text NOT NULL REFERENCES prov_request(id),
  position int NOT NULL CHECK (position > 0),
  label text NOT NULL,
  done_at timestamptz,
  done_by_name text,
  PRIMARY KEY (request_id, position)
);

-- Why provisioning is late: who is responsible, why, recorded by whom and when.
CREATE TABLE prov_delay (
  id text PRIMARY KEY,
  request_id text NOT NULL REFERENCES prov_request(id),
  responsible text NOT NULL CHECK (responsible IN ('tech','client','supplier','sales','accounting')),
  reason text NOT NULL CHECK (length(btrim(reason)) >= 3),
  recorded_by_name text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prov_delay_request_idx ON prov_delay (request_id);
CREATE TRIGGER prov_delay_append_only BEFORE UPDATE OR DELETE ON prov_delay FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- A reminder or escalation already sent (so the job never repeats one).
CREATE TABLE order_reminder (
  order_id text NOT NULL REFERENCES sales_order(id),
  kind text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, kind)
);

CREATE TABLE order_dispute (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES sales_order(id),
  subject text NOT NULL CHECK (length(btrim(subject)) > 0),
  description text NOT NULL DEFAULT '',
  opened_by_name text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  resolution text,
  resolved_by_name text,
  resolved_at timestamptz,
  CHECK ((resolved_at IS NULL) = (resolution IS NULL))
);
CREATE INDEX order_dispute_order_idx ON order_dispute (order_id);
`).execute(db);
}
