import { sql, type Kysely } from 'kysely';
import { serviceKinds } from '../../domain/catalog/service-kinds.ts';
import { serviceParams } from '../../domain/catalog/service-params.ts';
import { DEFAULT_STALE_DAYS, DEFAULT_TOLERANCE_PCT } from '../../domain/marketing/competitors.ts';
import { guardCodes as G } from '../../domain/sqlstate.ts';

const kindList = serviceKinds.map((k) => `'${k}'`).join(',');
/** The catalog's parameter vocabulary per kind, as SQL: the twin of `unknownParams`. */
const vocabulary = serviceKinds.map((k) => `WHEN '${k}' THEN ARRAY[${serviceParams[k].map((p) => `'${p.key}'`).join(',')}]::text[]`).join('\n      ');

/**
 * Marketing (C15): competitors and the offers seen on their sites, settings of the comparison, ad spend per UTM
 * campaign and month. A spend a manager chose to use is linked to the payroll deduction it became — the
 * composite foreign key makes the two state the same manager, month and amount.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE TABLE mkt_competitor (
  id text PRIMARY KEY,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX mkt_competitor_name_idx ON mkt_competitor (lower(name));

CREATE TABLE mkt_competitor_offer (
  id text PRIMARY KEY,
  competitor_id text NOT NULL REFERENCES mkt_competitor(id),
  observed_on date NOT NULL,
  source_url text NOT NULL CHECK (source_url ~* '^https?://[^[:space:]]+$'),
  service_kind text NOT NULL CHECK (service_kind IN (${kindList})),
  site_id text NOT NULL REFERENCES site(id),
  location_note text,
  params jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(params) = 'object'),
  monthly_price bigint NOT NULL CHECK (monthly_price > 0),
  setup_fee bigint NOT NULL DEFAULT 0 CHECK (setup_fee >= 0),
  vat_included boolean NOT NULL DEFAULT true,
  created_by text REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mkt_competitor_offer_kind_idx ON mkt_competitor_offer (service_kind, site_id, observed_on);

-- Parameter keys outside the catalog's vocabulary of a kind (empty when all are known).
CREATE FUNCTION mkt_unknown_params(kind text, params jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(k ORDER BY k), ARRAY[]::text[]) FROM jsonb_object_keys(params) AS k
  WHERE NOT k = ANY (CASE kind
      ${vocabulary}
      ELSE ARRAY[]::text[] END)
$$;

CREATE FUNCTION mkt_competitor_offer_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad text[];
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  IF NEW.observed_on > rackdesk_today() THEN
    RAISE EXCEPTION 'competitor price seen in the future: %', NEW.observed_on USING ERRCODE = '${G.mktFutureObservation.code}',
      DETAIL = json_build_object('date', to_char(NEW.observed_on, 'DD.MM.YYYY'))::text;
  END IF;
  bad := mkt_unknown_params(NEW.service_kind, NEW.params);
  IF cardinality(bad) > 0 THEN
    RAISE EXCEPTION 'parameters % are not in the vocabulary of %', bad, NEW.service_kind USING ERRCODE = '${G.mktUnknownParams.code}',
      DETAIL = json_build_object('keys', array_to_string(bad, ', '), 'kind', NEW.service_kind)::text;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER mkt_competitor_offer_guard BEFORE INSERT OR UPDATE ON mkt_competitor_offer
  FOR EACH ROW EXECUTE FUNCTION mkt_competitor_offer_guard();

CREATE TABLE mkt_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  stale_days integer NOT NULL DEFAULT ${DEFAULT_STALE_DAYS} CHECK (stale_days BETWEEN 1 AND 3650),
  tolerance_pct integer NOT NULL DEFAULT ${DEFAULT_TOLERANCE_PCT} CHECK (tolerance_pct BETWEEN 0 AND 100)
);

-- A deduction row can be named together with its manager, month and amount (the spend's foreign key).
CREATE UNIQUE INDEX pay_deduction_spend_key ON pay_deduction (id, user_id, month, amount, kind);

CREATE TABLE mkt_ad_spend (
  id text PRIMARY KEY,
  campaign text NOT NULL CHECK (campaign = lower(btrim(campaign)) AND length(campaign) > 0),
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  amount bigint NOT NULL CHECK (amount > 0),
  channel text,
  note text,
  used_by text REFERENCES app_user(id),
  for_company_id text REFERENCES company(id),
  deduction_id text,
  deduction_kind text NOT NULL DEFAULT 'ad_spend' CHECK (deduction_kind = 'ad_spend'),
  created_by text REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((used_by IS NULL) = (deduction_id IS NULL)),
  CHECK (for_company_id IS NULL OR used_by IS NOT NULL),
  FOREIGN KEY (deduction_id, used_by, month, amount, deduction_kind)
    REFERENCES pay_deduction (id, user_id, month, amount, kind) ON UPDATE RESTRICT ON DELETE RESTRICT
);
CREATE UNIQUE INDEX mkt_ad_spend_campaign_month ON mkt_ad_spend (campaign, month) WHERE used_by IS NULL;
CREATE UNIQUE INDEX mkt_ad_spend_deduction ON mkt_ad_spend (deduction_id);

-- Once a spend is deducted from a manager's bonus it stays as it is: no change of its figures, no deletion.
CREATE FUNCTION mkt_ad_spend_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.deduction_id IS NOT NULL THEN
      RAISE EXCEPTION 'spend % is deducted from a bonus', OLD.id USING ERRCODE = '${G.mktSpendUsed.code}';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.deduction_id IS NOT NULL AND (NEW.campaign, NEW.month, NEW.amount, NEW.used_by, NEW.for_company_id, NEW.deduction_id)
      IS DISTINCT FROM (OLD.campaign, OLD.month, OLD.amount, OLD.used_by, OLD.for_company_id, OLD.deduction_id) THEN
    RAISE EXCEPTION 'spend % is deducted from a bonus', OLD.id USING ERRCODE = '${G.mktSpendUsed.code}';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER mkt_ad_spend_guard BEFORE UPDATE OR DELETE ON mkt_ad_spend
  FOR EACH ROW EXECUTE FUNCTION mkt_ad_spend_guard();
`).execute(db);
}
