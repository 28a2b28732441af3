import { sql, type Kysely } from 'kysely';

/** CRM: configurable pipeline, deals (leads are deals in the first stage), activities, tasks, partners, notices. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE TABLE crm_stage (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,29}$'),
  name_ru text NOT NULL CHECK (length(btrim(name_ru)) > 0),
  name_en text NOT NULL CHECK (length(btrim(name_en)) > 0),
  position integer NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('open','won','lost')),
  probability integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
  active boolean NOT NULL DEFAULT true
);
-- Exactly one stage closes a deal as won and one as lost: reports and the end-of-day check rely on it.
CREATE UNIQUE INDEX crm_stage_one_won ON crm_stage (outcome) WHERE outcome IN ('won','lost');
-- The default pipeline and refusal reasons are added on first use (src/db/queries/crm.ts), not here:
-- a freshly migrated database stays empty, so a dump can be loaded into it.

CREATE TABLE refusal_reason (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,29}$'),
  name_ru text NOT NULL CHECK (length(btrim(name_ru)) > 0),
  name_en text NOT NULL CHECK (length(btrim(name_en)) > 0),
  active boolean NOT NULL DEFAULT true
);
CREATE TABLE deal (
  id text PRIMARY KEY,
  title text NOT NULL CHECK (length(btrim(title)) > 0),
  source text NOT NULL CHECK (source IN ('ad_campaign','partner','conference','cold_call','office_visit','inbound_call','inbound_email','website_form','referral')),
  utm_source text, utm_medium text, utm_campaign text, utm_content text, utm_term text,
  partner_id text REFERENCES company(id),
  owner_id text NOT NULL REFERENCES app_user(id),
  company_id text NOT NULL REFERENCES company(id),
  contact_id text REFERENCES contact(id),
  service_kind text CHECK (service_kind IN ('dedicated','colocation','vps','internet')),
  site_id text REFERENCES site(id),
  parameters text,
  expected_monthly_revenue bigint NOT NULL DEFAULT 0 CHECK (expected_monthly_revenue >= 0),
  stage text NOT NULL REFERENCES crm_stage(code),
  -- Position of the furthest non-lost stage ever reached (kept by the trigger below); the funnel reads it.
  furthest_position integer NOT NULL DEFAULT 0,
  outcome text NOT NULL DEFAULT 'open' CHECK (outcome IN ('open','won','lost')),
  probability integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
  next_step text,
  next_step_due date,
  blocked_reason text,
  lost_reason text REFERENCES refusal_reason(code),
  lost_comment text,
  -- The proposal that won the deal (foreign key added by migration 0007).
  proposal_id text,
  closed_at timestamptz,
  stage_changed_at timestamptz NOT NULL DEFAULT now(),
  status_updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (source <> 'partner' OR partner_id IS NOT NULL),
  CHECK ((next_step IS NULL) = (next_step_due IS NULL)),
  -- A lost deal always carries a reason from the list and a comment; only a lost deal does.
  CHECK ((outcome = 'lost') = (lost_reason IS NOT NULL)),
  CHECK (outcome <> 'lost' OR length(btrim(coalesce(lost_comment, ''))) > 0),
  CHECK ((outcome = 'open') = (closed_at IS NULL))
);
CREATE INDEX deal_owner_idx ON deal (owner_id, outcome);
CREATE INDEX deal_company_idx ON deal (company_id);
CREATE INDEX deal_stage_idx ON deal (stage);
CREATE INDEX deal_created_idx ON deal (created_at);
CREATE INDEX deal_partner_idx ON deal (partner_id) WHERE partner_id IS NOT NULL;

-- The outcome follows the stage, so no path can mark a deal lost without passing the CHECKs above;
-- the furthest stage reached only grows.
CREATE FUNCTION deal_outcome_from_stage() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s crm_stage%ROWTYPE;
BEGIN
  SELECT * INTO s FROM crm_stage WHERE code = NEW.stage;
  NEW.outcome := s.outcome;
  -- A restored dump brings its own furthest_position: it is kept, never lowered.
  NEW.furthest_position := greatest(coalesce(NEW.furthest_position, 0), CASE WHEN TG_OP = 'UPDATE' THEN OLD.furthest_position ELSE 0 END,
                                    CASE WHEN s.outcome = 'lost' THEN 0 ELSE s.position END);
  RETURN NEW;
END $$;
CREATE TRIGGER deal_outcome BEFORE INSERT OR UPDATE OF stage, outcome, furthest_position ON deal
  FOR EACH ROW EXECUTE FUNCTION deal_outcome_from_stage();

CREATE TABLE deal_stage_change (
  id bigserial PRIMARY KEY,
  deal_id text NOT NULL REFERENCES deal(id),
  from_stage text REFERENCES crm_stage(code),
  to_stage text NOT NULL REFERENCES crm_stage(code),
  -- When the deal entered from_stage: time spent there is at - from_entered_at, without a window scan.
  from_entered_at timestamptz,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id text REFERENCES app_user(id)
);
CREATE INDEX deal_stage_change_deal_idx ON deal_stage_change (deal_id, at);
CREATE INDEX deal_stage_change_at_idx ON deal_stage_change (at);
CREATE TRIGGER deal_stage_change_append_only BEFORE UPDATE OR DELETE ON deal_stage_change
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Consent in force for a contact × channel × purpose at an instant (same rule as domain/parties/consent.ts).
CREATE FUNCTION consent_granted(p_contact text, p_channel text, p_purpose text, p_at timestamptz) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT status = 'granted' FROM consent_event
    WHERE contact_id = p_contact AND channel = p_channel AND purpose = p_purpose AND at <= p_at
    ORDER BY at DESC, recorded_at DESC LIMIT 1), false)
$$;

CREATE TABLE activity (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('call','email','visit','meeting','conference','note')),
  direction text NOT NULL CHECK (direction IN ('outbound','inbound')),
  purpose text NOT NULL CHECK (purpose IN ('advertising','service','reply')),
  deal_id text REFERENCES deal(id),
  company_id text NOT NULL REFERENCES company(id),
  contact_id text REFERENCES contact(id),
  owner_id text REFERENCES app_user(id),
  at timestamptz NOT NULL,
  subject text,
  outcome text,
  body text,
  email_to text,
  email_message_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'email' OR direction = 'inbound' OR email_to IS NOT NULL OR body IS NOT NULL OR outcome IS NOT NULL)
);
CREATE INDEX activity_owner_at_idx ON activity (owner_id, at);
CREATE INDEX activity_deal_at_idx ON activity (deal_id, at) WHERE deal_id IS NOT NULL;
CREATE INDEX activity_company_at_idx ON activity (company_id, at);
CREATE INDEX activity_at_idx ON activity (at);

-- No spam, guaranteed by the database too: an outbound advertising call or e-mail needs both the
-- personal-data and the advertising consent on that channel in force at the moment of contact.
CREATE FUNCTION activity_consent_gate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.direction = 'outbound' AND NEW.purpose = 'advertising' AND NEW.kind IN ('call','email') THEN
    IF NEW.contact_id IS NULL
       OR NOT consent_granted(NEW.contact_id, NEW.kind, 'pd_processing', NEW.at)
       OR NOT consent_granted(NEW.contact_id, NEW.kind, 'advertising', NEW.at) THEN
      RAISE EXCEPTION 'no consent for advertising by % to contact %', NEW.kind, NEW.contact_id USING ERRCODE = 'P0002';
    END IF;
  END IF;
  RETURN NULL;
END $$;
-- Checked at commit, so a dump import (activities may load before consent events) sees the whole history;
-- use cases switch it to IMMEDIATE (SET CONSTRAINTS activity_consent IMMEDIATE) before anything leaves the building.
CREATE CONSTRAINT TRIGGER activity_consent AFTER INSERT OR UPDATE ON activity
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION activity_consent_gate();

CREATE TABLE task (
  id text PRIMARY KEY,
  title text NOT NULL CHECK (length(btrim(title)) > 0),
  deal_id text REFERENCES deal(id),
  company_id text REFERENCES company(id),
  assignee_id text NOT NULL REFERENCES app_user(id),
  created_by text REFERENCES app_user(id),
  due_date date NOT NULL,
  remind_at timestamptz,
  reminded_at timestamptz,
  done_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_assignee_idx ON task (assignee_id, due_date) WHERE done_at IS NULL;
CREATE INDEX task_remind_idx ON task (remind_at) WHERE done_at IS NULL AND reminded_at IS NULL;
CREATE INDEX task_done_idx ON task (done_at) WHERE done_at IS NOT NULL;
CREATE INDEX task_deal_idx ON task (deal_id) WHERE deal_id IS NOT NULL;

CREATE TABLE partner_agreement (
  id text PRIMARY KEY,
  partner_id text NOT NULL REFERENCES company(id),
  number text,
  agent_fee_percent numeric(5,2) CHECK (agent_fee_percent > 0 AND agent_fee_percent <= 100),
  agent_fee_fixed bigint CHECK (agent_fee_fixed > 0),
  reseller_discount_percent numeric(5,2) CHECK (reseller_discount_percent > 0 AND reseller_discount_percent < 100),
  valid_from date NOT NULL,
  valid_to date,
  conditions text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CHECK (agent_fee_percent IS NULL OR agent_fee_fixed IS NULL),
  CHECK (agent_fee_percent IS NOT NULL OR agent_fee_fixed IS NOT NULL OR reseller_discount_percent IS NOT NULL),
  -- One agreement in force per partner on any day, so pricing and payroll read one set of terms.
  EXCLUDE USING gist (partner_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
);

-- What was already sent for a slot (end-of-day list, reminders): a second run sends nothing twice.
CREATE TABLE crm_notice (
  kind text NOT NULL,
  key text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, key)
);
`).execute(db);
}
