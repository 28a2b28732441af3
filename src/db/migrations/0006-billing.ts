import { sql, type Kysely } from 'kysely';

/**
 * Billing (C12, C13): client services with tariff history, invoices with gapless numbers per seller
 * and year, payments and their allocation, reminders, suspension proposals, closure reasons and events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE TABLE billing_service (
  id text PRIMARY KEY,
  client_id text NOT NULL REFERENCES company(id),
  seller_id text NOT NULL REFERENCES own_entity(company_id),
  contract_ref text,
  kind text NOT NULL CHECK (kind IN ('dedicated','colocation','vps','internet')),
  title text NOT NULL CHECK (length(btrim(title)) > 0),
  params jsonb NOT NULL DEFAULT '{}',
  site_id text REFERENCES site(id),
  monthly_price bigint NOT NULL CHECK (monthly_price >= 0),
  setup_fee bigint NOT NULL DEFAULT 0 CHECK (setup_fee >= 0),
  quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
  start_date date NOT NULL,
  end_date date CHECK (end_date IS NULL OR end_date >= start_date - 1),
  billing_day integer NOT NULL DEFAULT 1 CHECK (billing_day BETWEEN 1 AND 28),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','active','suspended','closing','closed')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status NOT IN ('closing','closed') OR end_date IS NOT NULL)
);
CREATE INDEX billing_service_client_idx ON billing_service (client_id);
CREATE INDEX billing_service_billable_idx ON billing_service (client_id) WHERE status IN ('active','closing');

-- Tariff history: what the service cost per month from which day. Periods never overlap.
CREATE TABLE service_tariff (
  id text PRIMARY KEY,
  service_id text NOT NULL REFERENCES billing_service(id),
  valid_from date NOT NULL,
  valid_to date,
  monthly_price bigint NOT NULL CHECK (monthly_price >= 0),
  quantity integer NOT NULL CHECK (quantity >= 0),
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to > valid_from),
  EXCLUDE USING gist (service_id WITH =, daterange(valid_from, valid_to, '[)') WITH &&)
);
CREATE INDEX service_tariff_service_idx ON service_tariff (service_id, valid_from);

-- One row per seller and year; bumped inside the issuing transaction, so numbers have no gaps or twins.
CREATE TABLE invoice_counter (
  seller_id text NOT NULL REFERENCES own_entity(company_id),
  year integer NOT NULL,
  last_no integer NOT NULL CHECK (last_no >= 0),
  PRIMARY KEY (seller_id, year)
);

CREATE TABLE billing_run (
  id text PRIMARY KEY,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  invoices integer NOT NULL DEFAULT 0,
  lines integer NOT NULL DEFAULT 0,
  actor_name text
);

CREATE TABLE invoice (
  id text PRIMARY KEY,
  seller_id text NOT NULL REFERENCES own_entity(company_id),
  client_id text NOT NULL REFERENCES company(id),
  year integer NOT NULL,
  number integer NOT NULL CHECK (number > 0),
  kind text NOT NULL CHECK (kind IN ('period','adjustment','setup')),
  period text CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  issue_date date NOT NULL,
  due_date date NOT NULL,
  net_total bigint NOT NULL,
  vat_total bigint NOT NULL,
  total bigint NOT NULL CHECK (total = net_total + vat_total),
  vat_rate numeric,
  seller jsonb NOT NULL,
  buyer jsonb NOT NULL,
  run_id text REFERENCES billing_run(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (seller_id, year, number),
  CHECK (year = extract(year FROM issue_date)),
  CHECK (kind = 'adjustment' OR total >= 0)
);
CREATE INDEX invoice_client_idx ON invoice (client_id, issue_date);
-- Matching a payment: the client's invoice by the number named in the purpose.
CREATE INDEX invoice_client_number_idx ON invoice (client_id, number);
CREATE INDEX invoice_run_idx ON invoice (run_id) WHERE run_id IS NOT NULL;

-- billing_key says what a line bills (service × period × tariff segment, setup fee, adjustment):
-- it is unique, so nothing is ever billed twice, whatever crashes or runs in parallel.
CREATE TABLE invoice_line (
  id bigserial PRIMARY KEY,
  invoice_id text NOT NULL REFERENCES invoice(id),
  service_id text REFERENCES billing_service(id),
  billing_key text NOT NULL UNIQUE,
  line_kind text NOT NULL CHECK (line_kind IN ('period','setup','credit','charge')),
  period text,
  date_from date,
  date_to date,
  description text NOT NULL,
  quantity integer NOT NULL,
  unit_price bigint NOT NULL,
  net bigint NOT NULL,
  vat_rate numeric,
  vat bigint NOT NULL,
  total bigint NOT NULL CHECK (total = net + vat),
  CHECK (line_kind = 'credit' OR net >= 0),
  CHECK (date_to IS NULL OR date_to >= date_from)
);
CREATE INDEX invoice_line_invoice_idx ON invoice_line (invoice_id);
CREATE INDEX invoice_line_service_idx ON invoice_line (service_id, period);

-- Issued documents are not edited: corrections are new adjustment invoices.
CREATE TRIGGER invoice_line_append_only BEFORE UPDATE OR DELETE ON invoice_line
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

CREATE TABLE statement_import (
  id text PRIMARY KEY,
  file_name text,
  encoding text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  actor_name text,
  documents integer NOT NULL,
  incoming integer NOT NULL,
  duplicates integer NOT NULL,
  matched integer NOT NULL,
  queued integer NOT NULL,
  skipped integer NOT NULL
);

CREATE TABLE payment (
  id text PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('manual','statement')),
  dedupe_key text UNIQUE,
  import_id text REFERENCES statement_import(id),
  seller_id text REFERENCES own_entity(company_id),
  client_id text REFERENCES company(id),
  amount bigint NOT NULL CHECK (amount > 0),
  paid_on date NOT NULL,
  doc_number text,
  payer_name text,
  payer_inn text,
  payer_kpp text,
  payer_account text,
  our_account text,
  purpose text,
  invoice_hints integer[] NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('matched','queued','resolved','ignored')),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status IN ('queued','ignored') OR client_id IS NOT NULL)
);
CREATE INDEX payment_client_idx ON payment (client_id, paid_on);
CREATE INDEX payment_import_idx ON payment (import_id) WHERE import_id IS NOT NULL;
CREATE INDEX payment_queue_idx ON payment (created_at) WHERE status = 'queued';

CREATE TABLE payment_allocation (
  id bigserial PRIMARY KEY,
  payment_id text NOT NULL REFERENCES payment(id),
  invoice_id text NOT NULL REFERENCES invoice(id),
  amount bigint NOT NULL CHECK (amount > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_allocation_payment_idx ON payment_allocation (payment_id);
CREATE INDEX payment_allocation_invoice_idx ON payment_allocation (invoice_id);

-- Never allocate more than a payment brings or an invoice asks, nor to another client's invoice.
-- Checked once per statement over all new rows (bulk matching inserts thousands at once), after
-- locking the payments and invoices involved so concurrent allocations queue up.
CREATE FUNCTION payment_allocation_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad text;
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
  SELECT i.id INTO bad FROM invoice i
    JOIN (SELECT a.invoice_id, sum(a.amount) AS s FROM payment_allocation a WHERE a.invoice_id IN (SELECT invoice_id FROM new_rows) GROUP BY a.invoice_id) x ON x.invoice_id = i.id
    WHERE x.s > greatest(i.total, 0) LIMIT 1;
  IF bad IS NOT NULL THEN RAISE EXCEPTION 'invoice % over-paid', bad USING ERRCODE = '23514'; END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER payment_allocation_check AFTER INSERT ON payment_allocation
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_allocation_check();
CREATE TRIGGER payment_allocation_append_only BEFORE UPDATE OR DELETE ON payment_allocation
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Receivables policy: at most one row (id = 1); absent means the defaults below. Migrations seed no
-- rows, so a fresh database stays empty for dump import.
CREATE TABLE billing_settings (
  id integer PRIMARY KEY CHECK (id = 1),
  payment_terms_days integer NOT NULL DEFAULT 5 CHECK (payment_terms_days BETWEEN 0 AND 90),
  reminder_days integer[] NOT NULL DEFAULT '{1,7,14}',
  suspend_after_days integer NOT NULL DEFAULT 30 CHECK (suspend_after_days > 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reminder_sent (
  invoice_id text NOT NULL REFERENCES invoice(id),
  stage integer NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  sent_to text NOT NULL,
  PRIMARY KEY (invoice_id, stage)
);

CREATE TABLE suspension_proposal (
  id text PRIMARY KEY,
  client_id text NOT NULL REFERENCES company(id),
  proposed_at timestamptz NOT NULL DEFAULT now(),
  debt bigint NOT NULL,
  oldest_due date NOT NULL,
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','confirmed','rejected')),
  decided_by text,
  decided_at timestamptz,
  note text
);
CREATE UNIQUE INDEX suspension_proposal_open_uq ON suspension_proposal (client_id) WHERE status = 'proposed';

CREATE TABLE closure_reason (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name_ru text NOT NULL,
  name_en text NOT NULL,
  active boolean NOT NULL DEFAULT true
);
-- The initial list lives in src/domain/billing/billing.ts (defaultClosureReasons) and is added on first use.

-- Every closure, downsizing and tariff change, with why and what it did to monthly revenue.
CREATE TABLE service_event (
  id text PRIMARY KEY,
  service_id text NOT NULL REFERENCES billing_service(id),
  client_id text NOT NULL REFERENCES company(id),
  kind text NOT NULL CHECK (kind IN ('close','downsize','change')),
  effective_date date NOT NULL,
  reason_code text REFERENCES closure_reason(code),
  retention_tried text[] NOT NULL DEFAULT '{}',
  note text,
  old_monthly bigint NOT NULL,
  new_monthly bigint NOT NULL,
  actor_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind = 'change' OR reason_code IS NOT NULL)
);
CREATE INDEX service_event_date_idx ON service_event (effective_date);
`).execute(db);
}
