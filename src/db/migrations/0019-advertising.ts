import { sql, type Kysely } from 'kysely';
import { guardCodes as G } from '../../domain/sqlstate.ts';
import { googleLimits as GL, GOOGLE_KEYWORD_CHARS, GOOGLE_KEYWORD_WORDS, yandexLimits as YL, YANDEX_KEYWORD_CHARS, YANDEX_KEYWORD_WORDS } from '../../domain/marketing/ads-limits.ts';

/**
 * Ads for Yandex Direct and Google Ads (C15): templates, campaigns, ad groups (one per offer), ads with what
 * they claim about their offer, keywords, and the record of each export. Two guards, twins of the domain:
 * `ad_limits_guard` / `ad_keyword_guard` refuse texts over the networks' limits (`checkAd`, `checkKeyword` in
 * domain/marketing/ads-limits.ts; figures interpolated from there), and `ad_export_line_truth` refuses to
 * record the export of an ad whose claim no longer matches the catalog (rule 5; `untrueReasons`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sep = `'[' || chr(32) || chr(9) || chr(10) || chr(13) || chr(160) || ']+'`;
  const nonSep = `'[^' || chr(32) || chr(9) || chr(10) || chr(13) || chr(160) || ']'`;
  await sql.raw(`
CREATE TABLE ad_template (
  id text PRIMARY KEY,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  network text NOT NULL CHECK (network IN ('yandex','google')),
  fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
  keywords jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(keywords) = 'array'),
  final_url text NOT NULL CHECK (final_url ~ '^https?://'),
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (network, name)
);

CREATE TABLE ad_campaign (
  id text PRIMARY KEY,
  network text NOT NULL CHECK (network IN ('yandex','google')),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (network, name),
  UNIQUE (id, network)
);

CREATE TABLE ad_group (
  id text PRIMARY KEY,
  campaign_id text NOT NULL,
  network text NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  offer_id text NOT NULL REFERENCES offer(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (campaign_id, network) REFERENCES ad_campaign(id, network),
  UNIQUE (campaign_id, offer_id),
  UNIQUE (id, network, offer_id)
);

-- An ad and what it claims: the offer, its site and parameters, the catalog prices and the prices it states.
CREATE TABLE ad (
  id text PRIMARY KEY,
  group_id text NOT NULL,
  network text NOT NULL,
  offer_id text NOT NULL,
  template_id text REFERENCES ad_template(id),
  fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
  final_url text NOT NULL CHECK (final_url ~ '^https?://'),
  claim_site_id text NOT NULL REFERENCES site(id),
  claim_params jsonb NOT NULL CHECK (jsonb_typeof(claim_params) = 'object'),
  claim_net bigint NOT NULL CHECK (claim_net >= 0),
  claim_setup_net bigint NOT NULL CHECK (claim_setup_net >= 0),
  claim_gross bigint NOT NULL CHECK (claim_gross >= claim_net),
  claim_setup_gross bigint NOT NULL CHECK (claim_setup_gross >= claim_setup_net),
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (group_id, network, offer_id) REFERENCES ad_group(id, network, offer_id)
);
CREATE INDEX ad_group_idx ON ad (group_id);

CREATE TABLE ad_keyword (
  id text PRIMARY KEY,
  group_id text NOT NULL,
  network text NOT NULL,
  phrase text NOT NULL,
  UNIQUE (group_id, phrase)
);
CREATE INDEX ad_keyword_group_idx ON ad_keyword (group_id);

-- Each export: which ads went out, in which version. Append-only (nothing lost).
CREATE TABLE ad_export (
  id text PRIMARY KEY,
  network text NOT NULL CHECK (network IN ('yandex','google')),
  ad_count int NOT NULL CHECK (ad_count > 0),
  exported_by text REFERENCES app_user(id),
  exported_by_name text NOT NULL,
  exported_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE ad_export_line (
  export_id text NOT NULL REFERENCES ad_export(id),
  ad_id text NOT NULL REFERENCES ad(id),
  ad_version int NOT NULL,
  PRIMARY KEY (export_id, ad_id)
);
CREATE TRIGGER ad_export_append_only BEFORE UPDATE OR DELETE ON ad_export FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER ad_export_line_append_only BEFORE UPDATE OR DELETE ON ad_export_line FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- One text field against a limit, as checkText (domain/marketing/ads-limits.ts) counts it: code points;
-- Yandex leaves the narrow characters out of the count and limits them apart, and limits each word.
CREATE FUNCTION ad_text_problem(path text, v text, max_chars int, max_narrow int, max_word int, required boolean, yandex boolean)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE chars int; narrow int; word int;
BEGIN
  v := coalesce(v, '');
  IF required AND v !~ (${nonSep}) THEN RETURN jsonb_build_object('path', path, 'what', 'required', 'count', 0, 'max', 0); END IF;
  IF NOT yandex THEN
    IF char_length(v) > max_chars THEN RETURN jsonb_build_object('path', path, 'what', 'chars', 'count', char_length(v), 'max', max_chars); END IF;
    RETURN NULL;
  END IF;
  chars := char_length(regexp_replace(v, '[.,!:;"]', '', 'g'));
  narrow := char_length(v) - chars;
  IF chars > max_chars THEN RETURN jsonb_build_object('path', path, 'what', 'chars', 'count', chars, 'max', max_chars); END IF;
  IF narrow > max_narrow THEN RETURN jsonb_build_object('path', path, 'what', 'narrow', 'count', narrow, 'max', max_narrow); END IF;
  SELECT coalesce(max(char_length(regexp_replace(w, '[.,!:;"]', '', 'g'))), 0) INTO word FROM regexp_split_to_table(v, ${sep}) w;
  IF word > max_word THEN RETURN jsonb_build_object('path', path, 'what', 'word', 'count', word, 'max', max_word); END IF;
  RETURN NULL;
END $$;

-- The first limit an ad's fields break (NULL: they fit), in the order checkAd lists them.
CREATE FUNCTION ad_fields_problem(network text, f jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE p jsonb; x record; nh int; nd int;
BEGIN
  IF network = 'yandex' THEN
    IF jsonb_typeof(f->'title') IS DISTINCT FROM 'string' OR jsonb_typeof(f->'text') IS DISTINCT FROM 'string' OR f ? 'headlines' THEN
      RETURN jsonb_build_object('path', 'fields', 'what', 'shape', 'count', 0, 'max', 0);
    END IF;
    p := coalesce(ad_text_problem('title', f->>'title', ${YL.title.chars}, ${YL.title.narrow}, ${YL.title.word}, true, true),
                  ad_text_problem('title2', f->>'title2', ${YL.title2.chars}, ${YL.title2.narrow}, ${YL.title2.word}, false, true),
                  ad_text_problem('text', f->>'text', ${YL.text.chars}, ${YL.text.narrow}, ${YL.text.word}, true, true));
    RETURN p;
  END IF;
  IF jsonb_typeof(f->'headlines') IS DISTINCT FROM 'array' OR jsonb_typeof(f->'descriptions') IS DISTINCT FROM 'array' THEN
    RETURN jsonb_build_object('path', 'fields', 'what', 'shape', 'count', 0, 'max', 0);
  END IF;
  nh := jsonb_array_length(f->'headlines');
  nd := jsonb_array_length(f->'descriptions');
  IF nh < ${GL.headlines.min} OR nh > ${GL.headlines.max} THEN RETURN jsonb_build_object('path', 'headlines', 'what', 'count', 'count', nh, 'max', ${GL.headlines.max}); END IF;
  IF nd < ${GL.descriptions.min} OR nd > ${GL.descriptions.max} THEN RETURN jsonb_build_object('path', 'descriptions', 'what', 'count', 'count', nd, 'max', ${GL.descriptions.max}); END IF;
  FOR x IN SELECT t.v, t.i FROM jsonb_array_elements_text(f->'headlines') WITH ORDINALITY AS t(v, i) ORDER BY t.i LOOP
    p := ad_text_problem('headlines.' || (x.i - 1), x.v, ${GL.headline.chars}, 0, 0, true, false);
    IF p IS NOT NULL THEN RETURN p; END IF;
  END LOOP;
  FOR x IN SELECT t.v, t.i FROM jsonb_array_elements_text(f->'descriptions') WITH ORDINALITY AS t(v, i) ORDER BY t.i LOOP
    p := ad_text_problem('descriptions.' || (x.i - 1), x.v, ${GL.description.chars}, 0, 0, true, false);
    IF p IS NOT NULL THEN RETURN p; END IF;
  END LOOP;
  RETURN coalesce(ad_text_problem('path1', f->>'path1', ${GL.path.chars}, 0, 0, false, false),
                  ad_text_problem('path2', f->>'path2', ${GL.path.chars}, 0, 0, false, false));
END $$;

CREATE FUNCTION ad_limits_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p jsonb;
BEGIN
  p := ad_fields_problem(NEW.network, NEW.fields);
  IF p IS NOT NULL THEN
    RAISE EXCEPTION 'ad field % breaks the % limit of %', p->>'path', NEW.network, p->>'what'
      USING ERRCODE = '${G.adLimit.code}', DETAIL = p::text;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ad_limits_guard BEFORE INSERT OR UPDATE ON ad FOR EACH ROW EXECUTE FUNCTION ad_limits_guard();

-- Words of a keyword phrase as keywordWords counts them (quotes and brackets are operators, + and ! alone too).
CREATE FUNCTION ad_keyword_words(phrase text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT count(*)::int FROM regexp_split_to_table(regexp_replace(phrase, '[]["]', ' ', 'g'), ${sep}) w WHERE w NOT IN ('', '+', '!')
$$;

CREATE FUNCTION ad_keyword_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE words int := ad_keyword_words(NEW.phrase); max_words int; max_chars int;
BEGIN
  max_words := CASE NEW.network WHEN 'yandex' THEN ${YANDEX_KEYWORD_WORDS} ELSE ${GOOGLE_KEYWORD_WORDS} END;
  max_chars := CASE NEW.network WHEN 'yandex' THEN ${YANDEX_KEYWORD_CHARS} ELSE ${GOOGLE_KEYWORD_CHARS} END;
  IF NEW.phrase !~ (${nonSep}) THEN
    RAISE EXCEPTION 'empty keyword' USING ERRCODE = '${G.adKeywordLimit.code}', DETAIL = jsonb_build_object('phrase', NEW.phrase, 'what', 'required', 'count', 0, 'max', 0)::text;
  END IF;
  IF words > max_words THEN
    RAISE EXCEPTION 'keyword has % words', words USING ERRCODE = '${G.adKeywordLimit.code}', DETAIL = jsonb_build_object('phrase', NEW.phrase, 'what', 'words', 'count', words, 'max', max_words)::text;
  END IF;
  IF char_length(NEW.phrase) > max_chars THEN
    RAISE EXCEPTION 'keyword too long' USING ERRCODE = '${G.adKeywordLimit.code}', DETAIL = jsonb_build_object('phrase', NEW.phrase, 'what', 'chars', 'count', char_length(NEW.phrase), 'max', max_chars)::text;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ad_keyword_guard BEFORE INSERT OR UPDATE ON ad_keyword FOR EACH ROW EXECUTE FUNCTION ad_keyword_guard();

-- Rule 5: an ad goes out only in its current version and only while its claim matches the catalog
-- (the offer published, the same catalog prices, site and parameters). Capacity is checked by the app
-- (untrueReasons with freeCapacity) in the same transaction.
CREATE FUNCTION ad_export_line_truth() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a ad; o offer; reason text;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  SELECT * INTO a FROM ad WHERE id = NEW.ad_id;
  SELECT * INTO o FROM offer WHERE id = a.offer_id;
  IF a.version <> NEW.ad_version THEN reason := 'ads.untrue.stale';
  ELSIF o.id IS NULL THEN reason := 'ads.untrue.offerGone';
  ELSIF NOT o.published THEN reason := 'ads.untrue.unpublished';
  ELSIF o.monthly_price <> a.claim_net OR o.setup_fee <> a.claim_setup_net THEN reason := 'ads.untrue.price';
  ELSIF o.site_id <> a.claim_site_id THEN reason := 'ads.untrue.site';
  ELSIF o.params <> a.claim_params THEN reason := 'ads.untrue.params';
  END IF;
  IF reason IS NOT NULL THEN
    RAISE EXCEPTION 'ad % is untrue: %', a.id, reason USING ERRCODE = '${G.adUntrue.code}', DETAIL = jsonb_build_object('ad', a.id, 'reason', reason)::text;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ad_export_line_truth BEFORE INSERT ON ad_export_line FOR EACH ROW EXECUTE FUNCTION ad_export_line_truth();
`).execute(db);
}
