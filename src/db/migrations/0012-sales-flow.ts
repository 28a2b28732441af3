import { sql, type Kysely } from 'kysely';

/**
 * The sales flow from deal to accepted proposal, guarded by the database:
 * - proposals and feasibility requests belong to a deal of the same client;
 * - a deal is won only by an accepted proposal of its client, at that proposal's monthly total, and one
 *   proposal wins at most one deal (RD201–RD204);
 * - a proposal is never sent promising a start date in the past or earlier than the tech department's
 *   lead time allows, counted in working days with the non-working dates of `crm_holiday` (RD210, RD211);
 * - the client's answer is recorded once per version, online through a personal link (time, IP, the
 *   hash of the version sent) or on paper (RD220–RD222);
 * - satisfaction surveys after a service starts, through the same links.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
-- Deferred: deal → proposal and proposal → deal point at each other, and a dump loads one table after the other.
ALTER TABLE proposal ADD CONSTRAINT proposal_deal_fk FOREIGN KEY (deal_id) REFERENCES deal(id) DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX proposal_deal_idx ON proposal (deal_id) WHERE deal_id IS NOT NULL;
ALTER TABLE feas_request ADD COLUMN deal_id text REFERENCES deal(id);
CREATE INDEX feas_request_deal_idx ON feas_request (deal_id) WHERE deal_id IS NOT NULL;

-- A proposal or a feasibility request of a deal is for that deal's client.
CREATE FUNCTION sales_same_client_as_deal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A dump loads proposals before the deals they point at; it brings them as they were saved.
  IF TG_OP = 'INSERT' AND rackdesk_loading() THEN RETURN NEW; END IF;
  IF NEW.deal_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM deal d WHERE d.id = NEW.deal_id AND d.company_id = NEW.company_id) THEN
    RAISE EXCEPTION '% % is for another client than deal %', TG_TABLE_NAME, NEW.id, NEW.deal_id USING ERRCODE = 'RD201';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER proposal_deal_client BEFORE INSERT OR UPDATE OF deal_id, company_id ON proposal
  FOR EACH ROW EXECUTE FUNCTION sales_same_client_as_deal();
CREATE TRIGGER feas_request_deal_client BEFORE INSERT OR UPDATE OF deal_id, company_id ON feas_request
  FOR EACH ROW EXECUTE FUNCTION sales_same_client_as_deal();

-- Won only through an accepted proposal of the deal's client (and of no other deal), at its monthly total.
-- Fires after deal_outcome (name order), so NEW.outcome already follows the stage.
CREATE FUNCTION deal_won_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p proposal%ROWTYPE; monthly bigint;
BEGIN
  -- A dump brings its won deals as they were saved; every later change is checked.
  IF (TG_OP = 'INSERT' AND rackdesk_loading()) OR NEW.outcome <> 'won' THEN RETURN NEW; END IF;
  -- A deal won earlier stays editable (title, owner…) as long as what won it does not change.
  IF TG_OP = 'UPDATE' AND OLD.outcome = 'won' AND NEW.proposal_id IS NOT DISTINCT FROM OLD.proposal_id
     AND NEW.company_id = OLD.company_id AND NEW.expected_monthly_revenue = OLD.expected_monthly_revenue THEN
    RETURN NEW;
  END IF;
  SELECT * INTO p FROM proposal WHERE id = NEW.proposal_id;
  SELECT v.monthly_total INTO monthly FROM proposal_version v WHERE v.proposal_id = NEW.proposal_id AND v.status = 'accepted'
    ORDER BY v.version DESC LIMIT 1;
  IF p.id IS NULL OR monthly IS NULL THEN
    RAISE EXCEPTION 'deal % can be won only by an accepted proposal', NEW.id USING ERRCODE = 'RD202';
  END IF;
  IF p.company_id <> NEW.company_id OR (p.deal_id IS NOT NULL AND p.deal_id <> NEW.id) THEN
    RAISE EXCEPTION 'proposal % belongs to another client or deal than deal %', p.id, NEW.id USING ERRCODE = 'RD203';
  END IF;
  IF NEW.expected_monthly_revenue <> monthly THEN
    RAISE EXCEPTION 'won deal % must carry the accepted monthly total % (not %)', NEW.id, monthly, NEW.expected_monthly_revenue USING ERRCODE = 'RD204';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER deal_won_guard BEFORE INSERT OR UPDATE ON deal FOR EACH ROW EXECUTE FUNCTION deal_won_guard();
CREATE UNIQUE INDEX deal_one_win_per_proposal ON deal (proposal_id) WHERE outcome = 'won';

-- The business calendar: n working days after d (Saturdays, Sundays and crm_holiday dates skipped).
CREATE FUNCTION add_business_days(d date, n int) RETURNS date LANGUAGE plpgsql STABLE AS $$
DECLARE x date := d; left_ int := n;
BEGIN
  WHILE left_ > 0 LOOP
    x := x + 1;
    IF extract(isodow FROM x) < 6 AND NOT EXISTS (SELECT 1 FROM crm_holiday h WHERE h.day = x) THEN left_ := left_ - 1; END IF;
  END LOOP;
  RETURN x;
END $$;

-- The earliest start a feasibility answer allows: the answer day (Moscow) plus its lead time in working days.
CREATE FUNCTION earliest_service_date(answer_id text) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT add_business_days((a.answered_at AT TIME ZONE 'Europe/Moscow')::date, coalesce(a.lead_days, 0))
  FROM feas_answer a WHERE a.id = answer_id
$$;

-- Promised dates (rule 3) at the moment a version is sent. Named to fire after the floor and feasibility guards.
CREATE FUNCTION proposal_send_promised_date() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad record; today date := (now() AT TIME ZONE 'Europe/Moscow')::date;
BEGIN
  IF NEW.status <> 'sent' OR OLD.status = 'sent' THEN RETURN NEW; END IF;
  IF NEW.service_date < today THEN
    RAISE EXCEPTION 'service date % is in the past', to_char(NEW.service_date, 'DD.MM.YYYY') USING ERRCODE = 'RD210';
  END IF;
  SELECT l.position, earliest_service_date(l.feasibility_answer_id) AS earliest INTO bad
  FROM proposal_line l
  WHERE l.version_id = NEW.id AND l.feasibility_answer_id IS NOT NULL AND earliest_service_date(l.feasibility_answer_id) > NEW.service_date
  ORDER BY l.position LIMIT 1;
  IF bad.position IS NOT NULL THEN
    RAISE EXCEPTION 'строка %: услуги не раньше % (срок техотдела) / line %: service cannot start before %',
      bad.position, to_char(bad.earliest, 'DD.MM.YYYY'), bad.position, to_char(bad.earliest, 'DD.MM.YYYY') USING ERRCODE = 'RD211';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER proposal_version_guard_promised_date BEFORE UPDATE OF status ON proposal_version
  FOR EACH ROW EXECUTE FUNCTION proposal_send_promised_date();

-- What management configures for the sales flow; one row, added on first save (a fresh database stays empty for dumps).
CREATE TABLE sales_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  link_valid_days int NOT NULL DEFAULT 14 CHECK (link_valid_days BETWEEN 1 AND 90),
  survey_after_days int NOT NULL DEFAULT 30 CHECK (survey_after_days BETWEEN 1 AND 365),
  low_score_threshold int NOT NULL DEFAULT 3 CHECK (low_score_threshold BETWEEN 1 AND 5),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A satisfaction survey of a billing service, asked once, some days after the service started.
CREATE TABLE satisfaction_survey (
  id text PRIMARY KEY,
  service_id text NOT NULL UNIQUE REFERENCES billing_service(id),
  company_id text NOT NULL REFERENCES company(id),
  contact_id text NOT NULL REFERENCES contact(id),
  manager_id text REFERENCES app_user(id),
  sent_at timestamptz NOT NULL DEFAULT now(),
  score int CHECK (score BETWEEN 1 AND 5),
  comment text,
  answered_at timestamptz,
  task_id text REFERENCES task(id),
  CHECK ((score IS NULL) = (answered_at IS NULL))
);
CREATE INDEX satisfaction_survey_company_idx ON satisfaction_survey (company_id);
-- An answer is given once.
CREATE FUNCTION satisfaction_answer_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.answered_at IS NOT NULL AND (NEW.score IS DISTINCT FROM OLD.score OR NEW.comment IS DISTINCT FROM OLD.comment OR NEW.answered_at IS DISTINCT FROM OLD.answered_at) THEN
    RAISE EXCEPTION 'survey % is already answered', OLD.id USING ERRCODE = 'RD230';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER satisfaction_answer_once BEFORE UPDATE ON satisfaction_survey FOR EACH ROW EXECUTE FUNCTION satisfaction_answer_once();

-- A personal link for a client contact (no login). Only the SHA-256 of the token is stored.
CREATE TABLE public_link (
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  purpose text NOT NULL CHECK (purpose IN ('proposal','survey')),
  version_id text REFERENCES proposal_version(id),
  survey_id text REFERENCES satisfaction_survey(id),
  contact_id text NOT NULL REFERENCES contact(id),
  email text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_by text REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((purpose = 'proposal') = (version_id IS NOT NULL)),
  CHECK ((purpose = 'survey') = (survey_id IS NOT NULL)),
  CHECK (expires_at > created_at)
);
CREATE INDEX public_link_version_idx ON public_link (version_id) WHERE version_id IS NOT NULL;
-- A link is used once; its target never changes.
CREATE FUNCTION public_link_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.token_hash <> OLD.token_hash OR NEW.version_id IS DISTINCT FROM OLD.version_id OR NEW.survey_id IS DISTINCT FROM OLD.survey_id
     OR NEW.contact_id <> OLD.contact_id OR (OLD.used_at IS NOT NULL AND NEW.used_at IS DISTINCT FROM OLD.used_at) THEN
    RAISE EXCEPTION 'link % is used or its target is fixed', OLD.id USING ERRCODE = 'RD222';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER public_link_once BEFORE UPDATE ON public_link FOR EACH ROW EXECUTE FUNCTION public_link_once();
CREATE TRIGGER public_link_no_delete BEFORE DELETE ON public_link FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- The client's answer to a sent version: once per version, append-only.
CREATE TABLE proposal_decision (
  id text PRIMARY KEY,
  version_id text NOT NULL UNIQUE REFERENCES proposal_version(id),
  decision text NOT NULL CHECK (decision IN ('accepted','declined')),
  channel text NOT NULL CHECK (channel IN ('online','paper')),
  link_id text REFERENCES public_link(id),
  contact_id text REFERENCES contact(id),
  comment text,
  ip text,
  content_hash text NOT NULL,
  recorded_by text REFERENCES app_user(id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  CHECK (channel <> 'online' OR (link_id IS NOT NULL AND ip IS NOT NULL))
);
CREATE TRIGGER proposal_decision_append_only BEFORE UPDATE OR DELETE ON proposal_decision FOR EACH ROW EXECUTE FUNCTION forbid_change();
-- The answer binds to exactly the content that was sent.
CREATE FUNCTION proposal_decision_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  IF NOT EXISTS (SELECT 1 FROM proposal_version v WHERE v.id = NEW.version_id AND v.sent_hash = NEW.content_hash) THEN
    RAISE EXCEPTION 'decision for version % does not match the content sent', NEW.version_id USING ERRCODE = 'RD221';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER proposal_decision_check BEFORE INSERT ON proposal_decision FOR EACH ROW EXECUTE FUNCTION proposal_decision_check();

-- A version is accepted or declined only with the client's recorded answer (online or paper).
CREATE FUNCTION proposal_decided_with_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status NOT IN ('accepted','declined') OR OLD.status = NEW.status THEN RETURN NEW; END IF;
  IF NOT EXISTS (SELECT 1 FROM proposal_decision d WHERE d.version_id = NEW.id AND d.decision = NEW.status) THEN
    RAISE EXCEPTION 'version % is % without a recorded answer of the client', NEW.id, NEW.status USING ERRCODE = 'RD220';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER proposal_version_guard_recorded_answer BEFORE UPDATE OF status ON proposal_version
  FOR EACH ROW EXECUTE FUNCTION proposal_decided_with_record();
`).execute(db);
}
