import { sql, type Kysely } from 'kysely';

/**
 * Catalog (options, offers), supplier price lists, the profitability formula, commercial proposals
 * with versions, lines and management approvals. The floor guard lives here too: no version with a
 * line below its floor becomes sent or accepted without an approval of exactly its current content.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE TABLE catalog_option (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$'),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  service_kind text CHECK (service_kind IN ('dedicated','colocation','vps','internet')),
  unit text NOT NULL CHECK (unit IN ('pcs','U','kW','mbps','TB','ipv4')),
  monthly_price bigint NOT NULL CHECK (monthly_price >= 0),
  setup_fee bigint NOT NULL DEFAULT 0 CHECK (setup_fee >= 0),
  sku text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE offer (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$'),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  service_kind text NOT NULL CHECK (service_kind IN ('dedicated','colocation','vps','internet')),
  site_id text NOT NULL REFERENCES site(id),
  params jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(params) = 'object'),
  components jsonb NOT NULL CHECK (jsonb_typeof(components) = 'array' AND jsonb_array_length(components) > 0),
  monthly_price bigint NOT NULL CHECK (monthly_price >= 0),
  setup_fee bigint NOT NULL DEFAULT 0 CHECK (setup_fee >= 0),
  published boolean NOT NULL DEFAULT false,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The profitability formula is data; each change is a new version, old ones stay for traceability.
CREATE TABLE pricing_formula (
  version int PRIMARY KEY CHECK (version > 0),
  min_margin_pct numeric(5,2) NOT NULL CHECK (min_margin_pct >= 0 AND min_margin_pct < 100),
  overhead_pct numeric(5,2) NOT NULL CHECK (overhead_pct >= 0 AND overhead_pct <= 500),
  amortization_months int NOT NULL CHECK (amortization_months BETWEEN 1 AND 120),
  floor_step bigint NOT NULL CHECK (floor_step >= 1),
  note text,
  created_by text REFERENCES app_user(id),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER pricing_formula_append_only BEFORE UPDATE OR DELETE ON pricing_formula FOR EACH ROW EXECUTE FUNCTION forbid_change();
-- No seed row here (a fresh database stays empty for dump loading); the app writes version 1 on first use.

-- Price-list versions of a supplier; history is kept: versions and their lines are never changed.
CREATE TABLE supplier_price_list (
  id text PRIMARY KEY,
  supplier_id text NOT NULL REFERENCES company(id),
  effective_from date NOT NULL,
  source_name text,
  line_count int NOT NULL CHECK (line_count > 0),
  imported_by text REFERENCES app_user(id),
  imported_by_name text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (supplier_id, effective_from)
);
CREATE TRIGGER supplier_price_list_append_only BEFORE UPDATE OR DELETE ON supplier_price_list FOR EACH ROW EXECUTE FUNCTION forbid_change();

CREATE FUNCTION price_list_supplier_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM company WHERE id = NEW.supplier_id AND 'supplier' = ANY(roles)) THEN
    RAISE EXCEPTION 'company % is not a supplier', NEW.supplier_id USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER supplier_price_list_supplier BEFORE INSERT ON supplier_price_list FOR EACH ROW EXECUTE FUNCTION price_list_supplier_role();

CREATE TABLE supplier_price_line (
  id text PRIMARY KEY,
  price_list_id text NOT NULL REFERENCES supplier_price_list(id),
  line_no int NOT NULL,
  sku text NOT NULL CHECK (length(btrim(sku)) > 0),
  component text NOT NULL CHECK (component IN ('hardware','part','rack','power','channel','ip','licence','installment')),
  description text,
  unit text,
  billing text NOT NULL CHECK (billing IN ('monthly','one_time','installment')),
  price bigint NOT NULL CHECK (price >= 0),
  installment_months int CHECK (installment_months BETWEEN 1 AND 120),
  CHECK ((billing = 'installment') = (installment_months IS NOT NULL)),
  UNIQUE (price_list_id, sku)
);
CREATE INDEX supplier_price_line_sku_idx ON supplier_price_line (sku, price_list_id);
CREATE TRIGGER supplier_price_line_append_only BEFORE UPDATE OR DELETE ON supplier_price_line FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Price after discount; PostgreSQL round() on numeric is half away from zero, the same rule as roundDiv.
CREATE FUNCTION proposal_line_net(price bigint, discount_pct numeric) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT price - round(price * discount_pct / 100)::bigint
$$;

-- rackdesk_loading() (migration 0001): the checks below apply to inserts only when no dump is loading.

CREATE TABLE proposal (
  id text PRIMARY KEY,
  -- the running number behind "КП-2026-00042"; a serial column, so a dump load resets its sequence
  seq bigserial NOT NULL UNIQUE,
  number text NOT NULL UNIQUE,
  company_id text NOT NULL REFERENCES company(id),
  seller_company_id text NOT NULL REFERENCES company(id),
  -- the CRM deal this proposal belongs to (CRM context; no FK across contexts yet)
  deal_id text,
  title text,
  current_version int NOT NULL DEFAULT 1,
  created_by text REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proposal_company_idx ON proposal (company_id);

CREATE TABLE proposal_version (
  id text PRIMARY KEY,
  proposal_id text NOT NULL REFERENCES proposal(id),
  version int NOT NULL CHECK (version > 0),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','pending_approval','approved','sent','accepted','declined','expired')),
  service_date date NOT NULL,
  valid_until date NOT NULL,
  tax_mode text NOT NULL CHECK (tax_mode IN ('osn','usn','usn_vat5','usn_vat7')),
  vat_rate numeric(5,2) CHECK (vat_rate >= 0),
  monthly_total bigint NOT NULL DEFAULT 0 CHECK (monthly_total >= 0),
  setup_total bigint NOT NULL DEFAULT 0 CHECK (setup_total >= 0),
  net_total bigint NOT NULL DEFAULT 0 CHECK (net_total >= 0),
  vat_total bigint NOT NULL DEFAULT 0 CHECK (vat_total >= 0),
  gross_total bigint NOT NULL DEFAULT 0 CHECK (gross_total >= 0),
  -- requisites of both sides, frozen when the version is sent
  snapshot jsonb,
  sent_hash text,
  sent_at timestamptz,
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (proposal_id, version),
  CHECK (gross_total = net_total + vat_total AND net_total = monthly_total + setup_total)
);
CREATE INDEX proposal_version_status_idx ON proposal_version (status);

CREATE TABLE proposal_line (
  id text PRIMARY KEY,
  version_id text NOT NULL REFERENCES proposal_version(id),
  position int NOT NULL CHECK (position > 0),
  offer_id text REFERENCES offer(id),
  site_id text NOT NULL REFERENCES site(id),
  service_kind text NOT NULL CHECK (service_kind IN ('dedicated','colocation','vps','internet')),
  description text NOT NULL CHECK (length(btrim(description)) > 0),
  params jsonb NOT NULL DEFAULT '{}',
  components jsonb NOT NULL CHECK (jsonb_typeof(components) = 'array' AND jsonb_array_length(components) > 0),
  quantity int NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  discount_pct numeric(5,2) NOT NULL DEFAULT 0 CHECK (discount_pct >= 0 AND discount_pct <= 100),
  setup_fee bigint NOT NULL DEFAULT 0 CHECK (setup_fee >= 0),
  unit_cost bigint NOT NULL CHECK (unit_cost >= 0),
  unit_floor bigint NOT NULL CHECK (unit_floor >= unit_cost),
  cost_trace jsonb NOT NULL,
  formula_version int NOT NULL REFERENCES pricing_formula(version),
  -- the tech department's feasibility answer this line rests on (feasibility context; set by its gate)
  feasibility_answer_id text,
  UNIQUE (version_id, position)
);
CREATE INDEX proposal_line_version_idx ON proposal_line (version_id);

-- What an approval binds to: every field of the version a client would read or we would earn on.
CREATE FUNCTION proposal_version_hash(vid text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT md5(concat_ws('|', v.proposal_id, v.version, v.service_date, v.valid_until, coalesce(v.vat_rate::text, '-'), E'\\n') || coalesce((
    SELECT string_agg(concat_ws('|', l.position, coalesce(l.offer_id, '-'), l.site_id, l.service_kind, l.description,
      l.params::text, l.components::text, l.quantity, l.unit_price, l.discount_pct, l.setup_fee, l.unit_cost, l.unit_floor, l.formula_version),
      E'\\n' ORDER BY l.position)
    FROM proposal_line l WHERE l.version_id = v.id), ''))
  FROM proposal_version v WHERE v.id = vid
$$;

CREATE TABLE proposal_approval (
  id text PRIMARY KEY,
  version_id text NOT NULL REFERENCES proposal_version(id),
  content_hash text NOT NULL,
  approver_id text NOT NULL REFERENCES app_user(id),
  approver_name text NOT NULL,
  reason text NOT NULL CHECK (length(btrim(reason)) >= 3),
  approved_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proposal_approval_version_idx ON proposal_approval (version_id);
CREATE TRIGGER proposal_approval_append_only BEFORE UPDATE OR DELETE ON proposal_approval FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Only an active management user (or admin) approves, and only the content as it is now.
CREATE FUNCTION proposal_approval_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  IF NOT EXISTS (SELECT 1 FROM app_user WHERE id = NEW.approver_id AND active AND role IN ('management','admin')) THEN
    RAISE EXCEPTION 'approver % is not an active management user', NEW.approver_id USING ERRCODE = 'RD002';
  END IF;
  IF NEW.content_hash IS DISTINCT FROM proposal_version_hash(NEW.version_id) THEN
    RAISE EXCEPTION 'approval hash does not match the current content of version %', NEW.version_id USING ERRCODE = 'RD003';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER proposal_approval_check BEFORE INSERT ON proposal_approval FOR EACH ROW EXECUTE FUNCTION proposal_approval_check();

-- The floor guard and the status machine, for every path that writes proposal_version.
CREATE FUNCTION proposal_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' AND NOT rackdesk_loading() THEN
      RAISE EXCEPTION 'a proposal version starts as draft' USING ERRCODE = 'RD004';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status IN ('sent','accepted','declined','expired') AND (
      NEW.service_date <> OLD.service_date OR NEW.valid_until <> OLD.valid_until OR NEW.vat_rate IS DISTINCT FROM OLD.vat_rate
      OR NEW.net_total <> OLD.net_total OR NEW.vat_total <> OLD.vat_total OR NEW.gross_total <> OLD.gross_total
      OR NEW.snapshot IS DISTINCT FROM OLD.snapshot OR NEW.sent_hash IS DISTINCT FROM OLD.sent_hash
      OR NEW.proposal_id <> OLD.proposal_id OR NEW.version <> OLD.version) THEN
    RAISE EXCEPTION 'version % is frozen', OLD.id USING ERRCODE = 'RD005';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT ((OLD.status = 'draft' AND NEW.status IN ('pending_approval','sent'))
         OR (OLD.status = 'pending_approval' AND NEW.status IN ('approved','draft'))
         OR (OLD.status = 'approved' AND NEW.status IN ('sent','draft','pending_approval'))
         OR (OLD.status = 'sent' AND NEW.status IN ('accepted','declined','expired'))) THEN
      RAISE EXCEPTION 'status change % -> % is not allowed', OLD.status, NEW.status USING ERRCODE = 'RD004';
    END IF;
    IF NEW.status IN ('sent','accepted')
       AND EXISTS (SELECT 1 FROM proposal_line l WHERE l.version_id = NEW.id AND proposal_line_net(l.unit_price, l.discount_pct) < l.unit_floor)
       AND NOT EXISTS (SELECT 1 FROM proposal_approval a WHERE a.version_id = NEW.id AND a.content_hash = proposal_version_hash(NEW.id)) THEN
      RAISE EXCEPTION 'version % has lines below floor and no approval of its current content', NEW.id USING ERRCODE = 'RD001';
    END IF;
    IF NEW.status = 'sent' AND NOT EXISTS (SELECT 1 FROM proposal_line l WHERE l.version_id = NEW.id) THEN
      RAISE EXCEPTION 'version % has no lines', NEW.id USING ERRCODE = 'RD004';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER proposal_version_guard BEFORE INSERT OR UPDATE ON proposal_version FOR EACH ROW EXECUTE FUNCTION proposal_version_guard();
CREATE TRIGGER proposal_version_no_delete BEFORE DELETE ON proposal_version FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Lines of a version that has left the editable statuses never change. The version row is locked,
-- so a line edit and a send of the same version are serialized.
CREATE FUNCTION proposal_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE st text;
BEGIN
  IF TG_OP = 'INSERT' AND rackdesk_loading() THEN RETURN NEW; END IF;
  SELECT status INTO st FROM proposal_version WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.version_id ELSE NEW.version_id END FOR UPDATE;
  IF st NOT IN ('draft','pending_approval','approved') THEN
    RAISE EXCEPTION 'lines of a % version are frozen', st USING ERRCODE = 'RD005';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.version_id <> OLD.version_id THEN
    RAISE EXCEPTION 'a line cannot move to another version' USING ERRCODE = 'RD005';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER proposal_line_guard BEFORE INSERT OR UPDATE OR DELETE ON proposal_line FOR EACH ROW EXECUTE FUNCTION proposal_line_guard();

-- A line's cost and floor are what its trace, the supplier lines it names and its formula version say
-- (the same arithmetic as src/domain/pricing/pricing.ts), so nobody lowers a floor behind the app's back.
CREATE FUNCTION proposal_line_cost_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  f pricing_formula%ROWTYPE;
  pl supplier_price_line%ROWTYPE;
  e jsonb;
  direct numeric := 0;
  cost numeric;
  n numeric;
  d numeric;
  fl numeric;
  comps text;
  tr text;
BEGIN
  IF TG_OP = 'INSERT' AND rackdesk_loading() THEN RETURN NEW; END IF;
  SELECT * INTO f FROM pricing_formula WHERE version = NEW.formula_version;
  SELECT string_agg((c.value->>'sku') || ':' || (c.value->>'quantity'), ',' ORDER BY c.n) INTO comps
    FROM jsonb_array_elements(NEW.components) WITH ORDINALITY AS c(value, n);
  SELECT string_agg((t.value->>'sku') || ':' || (t.value->>'quantity'), ',' ORDER BY t.n) INTO tr
    FROM jsonb_array_elements(NEW.cost_trace) WITH ORDINALITY AS t(value, n);
  IF comps IS DISTINCT FROM tr THEN
    RAISE EXCEPTION 'cost trace of line % does not match its components', NEW.id USING ERRCODE = 'RD006';
  END IF;
  FOR e IN SELECT value FROM jsonb_array_elements(NEW.cost_trace) LOOP
    SELECT * INTO pl FROM supplier_price_line WHERE id = e->>'priceLineId';
    IF NOT FOUND OR pl.sku <> e->>'sku' THEN
      RAISE EXCEPTION 'cost trace of line % names an unknown supplier line', NEW.id USING ERRCODE = 'RD006';
    END IF;
    direct := direct + (CASE WHEN pl.billing = 'one_time' THEN round(pl.price::numeric / f.amortization_months) ELSE pl.price END) * (e->>'quantity')::int;
  END LOOP;
  cost := direct + round(direct * f.overhead_pct / 100);
  IF cost <= 0 THEN
    fl := 0;
  ELSE
    n := cost * 10000;
    d := (10000 - f.min_margin_pct * 100) * f.floor_step;
    fl := div(n + d - 1, d) * f.floor_step;
  END IF;
  IF NEW.unit_cost <> cost OR NEW.unit_floor <> fl THEN
    RAISE EXCEPTION 'line %: cost %/floor % differ from the trace (% / %)', NEW.id, NEW.unit_cost, NEW.unit_floor, cost, fl USING ERRCODE = 'RD006';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER proposal_line_cost_check BEFORE INSERT OR UPDATE ON proposal_line FOR EACH ROW EXECUTE FUNCTION proposal_line_cost_check();

-- The company's own Word template for proposals (docxtemplater tags); absent = the built-in one.
CREATE TABLE document_template (
  kind text PRIMARY KEY CHECK (kind IN ('proposal')),
  file bytea NOT NULL,
  file_name text NOT NULL,
  updated_by_name text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`).execute(db);
}
