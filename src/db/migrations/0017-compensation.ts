import { sql, type Kysely } from 'kysely';
import { guardCodes as G } from '../../domain/sqlstate.ts';

/**
 * Compensation: pay plans as versioned data, their assignment to managers, who brought and who handles each
 * client, management's inputs (evaluation bonus, penalties, deductions, the attracted-clients report) and
 * approved monthly statements. An approved statement is locked; each entitlement (a bonus part, a month's
 * retention, a deduction) carries a key that can be paid once per manager — the database refuses a second.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE TABLE pay_plan (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (length(btrim(name)) > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pay_plan_version (
  id text PRIMARY KEY,
  plan_id text NOT NULL REFERENCES pay_plan(id),
  valid_from date NOT NULL,
  valid_to date,
  base_salary bigint NOT NULL CHECK (base_salary >= 0),
  management_bonus_cap bigint NOT NULL CHECK (management_bonus_cap >= 0),
  acquisition_rate numeric(6,3) NOT NULL CHECK (acquisition_rate >= 0 AND acquisition_rate <= 100),
  handling_rate numeric(6,3) NOT NULL CHECK (handling_rate >= 0 AND handling_rate <= 100),
  retention_rate numeric(6,3) NOT NULL CHECK (retention_rate >= 0 AND retention_rate <= 100),
  first_part_num integer NOT NULL CHECK (first_part_num > 0),
  first_part_den integer NOT NULL CHECK (first_part_den >= first_part_num),
  deferral_months integer NOT NULL CHECK (deferral_months BETWEEN 0 AND 24),
  revenue_basis text NOT NULL CHECK (revenue_basis IN ('invoiced','paid')),
  pay_deferred_if_closed_early boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to > valid_from),
  EXCLUDE USING gist (plan_id WITH =, daterange(valid_from, valid_to, '[)') WITH &&)
);

CREATE TABLE pay_assignment (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES app_user(id),
  plan_id text NOT NULL REFERENCES pay_plan(id),
  valid_from date NOT NULL,
  valid_to date,
  CHECK (valid_to IS NULL OR valid_to > valid_from),
  EXCLUDE USING gist (user_id WITH =, daterange(valid_from, valid_to, '[)') WITH &&)
);

-- Who brought a client and who set it up, when management corrects what the CRM says.
CREATE TABLE pay_client (
  company_id text PRIMARY KEY REFERENCES company(id),
  brought_by text NOT NULL CHECK (brought_by IN ('manager','partner','campaign','other_staff','other')),
  acquired_by text REFERENCES app_user(id),
  handled_by text REFERENCES app_user(id),
  partner_id text REFERENCES company(id),
  campaign text,
  note text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (brought_by <> 'manager' OR acquired_by IS NOT NULL)
);

-- A client handed over to another manager from a date: retention follows the handler of each month.
CREATE TABLE pay_handover (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES company(id),
  to_user_id text NOT NULL REFERENCES app_user(id),
  from_date date NOT NULL,
  reason text NOT NULL CHECK (length(btrim(reason)) > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (company_id, from_date)
);

CREATE TABLE pay_management_bonus (
  user_id text NOT NULL REFERENCES app_user(id),
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  amount bigint NOT NULL CHECK (amount >= 0),
  comment text NOT NULL CHECK (length(btrim(comment)) > 0),
  decided_by text REFERENCES app_user(id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, month)
);

-- The attracted-clients report for a month, accepted by management as submitted on time.
CREATE TABLE pay_report (
  user_id text NOT NULL REFERENCES app_user(id),
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  accepted_by text REFERENCES app_user(id),
  accepted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, month)
);

-- Paid out of the acquisition bonus: ad spend the manager chose to use, partner bonuses, carried remainders.
CREATE TABLE pay_deduction (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES app_user(id),
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  kind text NOT NULL CHECK (kind IN ('ad_spend','partner_bonus','carried')),
  amount bigint NOT NULL CHECK (amount > 0),
  company_id text REFERENCES company(id),
  note text NOT NULL CHECK (length(btrim(note)) > 0),
  created_by text REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pay_deduction_user_idx ON pay_deduction (user_id, month);

CREATE TABLE pay_penalty (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES app_user(id),
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  company_id text NOT NULL REFERENCES company(id),
  -- The client's monthly tariff the penalty is a share of (its services, or the deal's expected revenue).
  tariff bigint NOT NULL CHECK (tariff >= 0),
  reason text NOT NULL CHECK (length(btrim(reason)) > 0),
  decided_by text REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pay_penalty_user_idx ON pay_penalty (user_id, month);

CREATE TABLE pay_statement (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES app_user(id),
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  total bigint NOT NULL,
  approved_by text REFERENCES app_user(id),
  approved_by_name text NOT NULL,
  approved_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, month)
);

CREATE TABLE pay_statement_line (
  id bigserial PRIMARY KEY,
  statement_id text NOT NULL REFERENCES pay_statement(id),
  user_id text NOT NULL REFERENCES app_user(id),
  key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('base','management','acquisition','handling','retention','deduction','penalty')),
  due_month text NOT NULL,
  company_id text REFERENCES company(id),
  amount bigint NOT NULL,
  sources jsonb NOT NULL DEFAULT '{}',
  -- Each entitlement is paid once per manager, whatever month's statement carries it.
  UNIQUE (user_id, key)
);
CREATE INDEX pay_statement_line_statement_idx ON pay_statement_line (statement_id);

-- An approved statement is what was paid: its lines are never changed; corrections are lines of a later month.
CREATE TRIGGER pay_statement_line_locked BEFORE UPDATE OR DELETE ON pay_statement_line
  FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER pay_statement_locked BEFORE UPDATE OR DELETE ON pay_statement
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- The statement's total is the sum of its lines (checked at commit, after all lines are in).
CREATE FUNCTION pay_statement_total_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s bigint;
BEGIN
  IF rackdesk_loading() THEN RETURN NULL; END IF;
  SELECT coalesce(sum(amount), 0) INTO s FROM pay_statement_line WHERE statement_id = NEW.id;
  IF s <> NEW.total THEN
    RAISE EXCEPTION 'pay statement % total % differs from its lines %', NEW.id, NEW.total, s
      USING ERRCODE = '${G.payTotalMismatch.code}', DETAIL = jsonb_build_object('total', NEW.total::text, 'lines', s::text)::text;
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER pay_statement_total AFTER INSERT ON pay_statement
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pay_statement_total_check();

-- The evaluation bonus stays within the cap of the plan the manager is on that month.
CREATE FUNCTION pay_management_bonus_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE cap bigint;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  SELECT v.management_bonus_cap INTO cap
    FROM pay_assignment a JOIN pay_plan_version v ON v.plan_id = a.plan_id
   WHERE a.user_id = NEW.user_id
     AND daterange(a.valid_from, a.valid_to, '[)') @> (NEW.month || '-01')::date
     AND daterange(v.valid_from, v.valid_to, '[)') @> (NEW.month || '-01')::date;
  IF cap IS NULL THEN
    RAISE EXCEPTION 'no pay plan for % in %', NEW.user_id, NEW.month
      USING ERRCODE = '${G.payNoPlan.code}', DETAIL = jsonb_build_object('month', NEW.month)::text;
  END IF;
  IF NEW.amount > cap THEN
    RAISE EXCEPTION 'management bonus % over the cap %', NEW.amount, cap
      USING ERRCODE = '${G.payOverCap.code}', DETAIL = jsonb_build_object('cap', cap::text)::text;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER pay_management_bonus_guard BEFORE INSERT OR UPDATE ON pay_management_bonus
  FOR EACH ROW EXECUTE FUNCTION pay_management_bonus_check();
`).execute(db);
}
