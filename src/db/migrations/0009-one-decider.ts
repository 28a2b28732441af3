import { sql, type Kysely } from 'kysely';
import { guardCodes as G } from '../../domain/sqlstate.ts';
import { AUTH_CHANNEL } from '../connect.ts';

/**
 * Guards speak the registry (src/domain/sqlstate.ts): one SQLSTATE per rule, message parameters as JSON in
 * DETAIL. Business "today" comes from the setting `rackdesk.time_zone` the app passes on every connection
 * (`rackdesk_today()`; without it, the session's own TimeZone). The feasibility guard checks what the app's
 * `answerCovers` checks, parameters included, through `feas_answer_covers` — its twin, proven equal by
 * test/agreement/feasibility.test.ts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
-- ИНН of zeros only is no ИНН at either length (checkInn in src/domain/parties/requisites.ts agrees).
CREATE OR REPLACE FUNCTION inn_valid(inn text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  w10 int[] := ARRAY[2,4,10,3,5,9,4,6,8];
  w11 int[] := ARRAY[7,2,4,10,3,5,9,4,6,8];
  w12 int[] := ARRAY[3,7,2,4,10,3,5,9,4,6,8];
  s int := 0; c11 int; i int;
BEGIN
  IF inn IS NULL THEN RETURN true; END IF;
  IF inn ~ '^0+$' THEN RETURN false; END IF;
  IF inn ~ '^[0-9]{10}$' THEN
    FOR i IN 1..9 LOOP s := s + w10[i] * substr(inn, i, 1)::int; END LOOP;
    RETURN (s % 11) % 10 = substr(inn, 10, 1)::int;
  ELSIF inn ~ '^[0-9]{12}$' THEN
    FOR i IN 1..10 LOOP s := s + w11[i] * substr(inn, i, 1)::int; END LOOP;
    c11 := (s % 11) % 10; s := 0;
    FOR i IN 1..11 LOOP s := s + w12[i] * substr(inn, i, 1)::int; END LOOP;
    RETURN c11 = substr(inn, 11, 1)::int AND (s % 11) % 10 = substr(inn, 12, 1)::int;
  END IF;
  RETURN false;
END $$;

CREATE FUNCTION rackdesk_today() RETURNS date LANGUAGE sql STABLE AS $$
  SELECT (now() AT TIME ZONE coalesce(nullif(current_setting('rackdesk.time_zone', true), ''), current_setting('TimeZone')))::date
$$;

-- Twin of answerCovers (src/domain/feasibility/feasibility.ts).
CREATE FUNCTION feas_answer_covers(outcome text, valid_until date, quantity int, params jsonb, asked_quantity int, asked jsonb, today date)
RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE k text; v jsonb; c jsonb; vt text; ct text; num text := '^-?[0-9]+(\\.[0-9]+)?$';
BEGIN
  IF outcome = 'not_feasible' OR valid_until < today OR asked_quantity > quantity THEN RETURN false; END IF;
  FOR k, v IN SELECT * FROM jsonb_each(coalesce(asked, '{}')) LOOP
    vt := v #>> '{}';
    CONTINUE WHEN jsonb_typeof(v) = 'null' OR (jsonb_typeof(v) = 'string' AND vt = '');
    c := params -> k;
    IF c IS NULL OR jsonb_typeof(c) = 'null' THEN RETURN false; END IF;
    ct := c #>> '{}';
    IF (jsonb_typeof(v) = 'number' OR (jsonb_typeof(v) = 'string' AND vt ~ num))
       AND (jsonb_typeof(c) = 'number' OR (jsonb_typeof(c) = 'string' AND ct ~ num)) THEN
      IF vt::numeric > ct::numeric THEN RETURN false; END IF;
    ELSIF lower(btrim(vt)) <> lower(btrim(ct)) THEN
      RETURN false;
    END IF;
  END LOOP;
  RETURN true;
END $$;

CREATE OR REPLACE FUNCTION proposal_send_needs_feasibility() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad text;
BEGIN
  IF rackdesk_loading() OR NEW.status <> 'sent' OR OLD.status = 'sent' THEN RETURN NEW; END IF;
  SELECT string_agg(l.position::text, ', ' ORDER BY l.position) INTO bad
  FROM proposal_line l
  JOIN proposal p ON p.id = NEW.proposal_id
  LEFT JOIN feas_answer a ON a.id = l.feasibility_answer_id
  LEFT JOIN feas_request r ON r.id = a.request_id
  WHERE l.version_id = NEW.id
    AND (a.id IS NULL OR r.status = 'cancelled'
         OR r.company_id <> p.company_id OR r.site_id IS DISTINCT FROM l.site_id OR r.service_kind <> l.service_kind
         -- only the newest answer of a request speaks for it: a later "not feasible" withdraws an earlier "yes"
         OR EXISTS (SELECT 1 FROM feas_answer n WHERE n.request_id = a.request_id AND (n.answered_at, n.id) > (a.answered_at, a.id))
         OR NOT feas_answer_covers(a.outcome, a.valid_until, a.quantity, a.params, l.quantity, l.params, rackdesk_today()));
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'proposal lines % have no valid feasibility answer', bad
      USING ERRCODE = '${G.quoteNoFeasibility.code}', DETAIL = jsonb_build_object('lines', bad)::text;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION proposal_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE below text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' AND NOT rackdesk_loading() THEN
      RAISE EXCEPTION 'a proposal version starts as draft' USING ERRCODE = '${G.quoteTransition.code}',
        DETAIL = jsonb_build_object('from', 'status.draft', 'to', 'status.' || NEW.status)::text;
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status IN ('sent','accepted','declined','expired') AND (
      NEW.service_date <> OLD.service_date OR NEW.valid_until <> OLD.valid_until OR NEW.vat_rate IS DISTINCT FROM OLD.vat_rate
      OR NEW.net_total <> OLD.net_total OR NEW.vat_total <> OLD.vat_total OR NEW.gross_total <> OLD.gross_total
      OR NEW.snapshot IS DISTINCT FROM OLD.snapshot OR NEW.sent_hash IS DISTINCT FROM OLD.sent_hash
      OR NEW.proposal_id <> OLD.proposal_id OR NEW.version <> OLD.version) THEN
    RAISE EXCEPTION 'version % is frozen', OLD.id USING ERRCODE = '${G.quoteFrozen.code}',
      DETAIL = jsonb_build_object('status', 'status.' || OLD.status)::text;
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT ((OLD.status = 'draft' AND NEW.status IN ('pending_approval','sent'))
         OR (OLD.status = 'pending_approval' AND NEW.status IN ('approved','draft'))
         OR (OLD.status = 'approved' AND NEW.status IN ('sent','draft','pending_approval'))
         OR (OLD.status = 'sent' AND NEW.status IN ('accepted','declined','expired'))) THEN
      RAISE EXCEPTION 'status change % -> % is not allowed', OLD.status, NEW.status USING ERRCODE = '${G.quoteTransition.code}',
        DETAIL = jsonb_build_object('from', 'status.' || OLD.status, 'to', 'status.' || NEW.status)::text;
    END IF;
    IF NEW.status IN ('sent','accepted') THEN
      SELECT string_agg(l.position::text, ', ' ORDER BY l.position) INTO below FROM proposal_line l
        WHERE l.version_id = NEW.id AND proposal_line_net(l.unit_price, l.discount_pct) < l.unit_floor;
      IF below IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM proposal_approval a WHERE a.version_id = NEW.id AND a.content_hash = proposal_version_hash(NEW.id)) THEN
        RAISE EXCEPTION 'version % has lines below floor (%) and no approval of its current content', NEW.id, below
          USING ERRCODE = '${G.quoteBelowFloor.code}', DETAIL = jsonb_build_object('lines', below)::text;
      END IF;
    END IF;
    IF NEW.status = 'sent' AND NOT EXISTS (SELECT 1 FROM proposal_line l WHERE l.version_id = NEW.id) THEN
      RAISE EXCEPTION 'version % has no lines', NEW.id USING ERRCODE = '${G.quoteNoLines.code}';
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION activity_consent_gate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE missing text;
BEGIN
  IF NEW.direction = 'outbound' AND NEW.purpose = 'advertising' AND NEW.kind IN ('call','email') THEN
    missing := CASE
      WHEN NEW.contact_id IS NULL OR NOT consent_granted(NEW.contact_id, NEW.kind, 'pd_processing', NEW.at) THEN 'pd_processing'
      WHEN NOT consent_granted(NEW.contact_id, NEW.kind, 'advertising', NEW.at) THEN 'advertising' END;
    IF missing IS NOT NULL THEN
      RAISE EXCEPTION 'no consent for advertising by % to contact %', NEW.kind, NEW.contact_id USING ERRCODE = '${G.crmNoConsent.code}',
        DETAIL = jsonb_build_object('contact', coalesce((SELECT full_name FROM contact WHERE id = NEW.contact_id), '—'),
                                    'channel', 'channel.' || NEW.kind, 'purpose', 'purpose.' || missing)::text;
    END IF;
  END IF;
  RETURN NULL;
END $$;
`).execute(db);
  await sql.raw(inventoryGuard).execute(db);
  await sql.raw(authNotify).execute(db);
}

/** Every instance caches sessions; a change of a user or a session tells them all at commit (see SessionCache). */
const authNotify = `
CREATE FUNCTION auth_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'app_user' THEN
    PERFORM pg_notify('${AUTH_CHANNEL}', 'u:' || NEW.id);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('${AUTH_CHANNEL}', 't:' || OLD.token_hash);
  ELSIF NEW.revoked_at IS DISTINCT FROM OLD.revoked_at OR NEW.expires_at IS DISTINCT FROM OLD.expires_at OR NEW.user_id <> OLD.user_id THEN
    PERFORM pg_notify('${AUTH_CHANNEL}', 't:' || NEW.token_hash);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER app_user_notify AFTER UPDATE ON app_user FOR EACH ROW EXECUTE FUNCTION auth_notify();
CREATE TRIGGER auth_session_notify AFTER UPDATE OR DELETE ON auth_session FOR EACH ROW EXECUTE FUNCTION auth_notify();
`;

const transition = (from: string, to: string) => `jsonb_build_object('from', ${from}, 'to', ${to})::text`;
const detail = (text: string) => `jsonb_build_object('detail', ${text})::text`;

const inventoryGuard = `
CREATE OR REPLACE FUNCTION inv_allocation_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record; used_a bigint; used_b bigint; u1 bigint; u2 bigint; u3 bigint;
  active_states text[] := ARRAY['held','assigned','releasing','cooldown'];
BEGIN
  IF TG_OP = 'INSERT' AND rackdesk_loading() THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NEW.resource IS DISTINCT FROM OLD.resource OR NEW.rack_id IS DISTINCT FROM OLD.rack_id OR NEW.units IS DISTINCT FROM OLD.units
       OR NEW.depth IS DISTINCT FROM OLD.depth OR NEW.equipment_id IS DISTINCT FROM OLD.equipment_id OR NEW.port_id IS DISTINCT FROM OLD.port_id
       OR NEW.net IS DISTINCT FROM OLD.net OR NEW.vps_host_id IS DISTINCT FROM OLD.vps_host_id OR NEW.uplink_id IS DISTINCT FROM OLD.uplink_id
       OR NEW.vcpu IS DISTINCT FROM OLD.vcpu OR NEW.ram_gb IS DISTINCT FROM OLD.ram_gb OR NEW.disk_gb IS DISTINCT FROM OLD.disk_gb
       OR NEW.mbps IS DISTINCT FROM OLD.mbps OR NEW.power_a_w IS DISTINCT FROM OLD.power_a_w OR NEW.power_b_w IS DISTINCT FROM OLD.power_b_w THEN
      RAISE EXCEPTION 'allocation % cannot change what it allocates', OLD.id USING ERRCODE = '${G.invTransition.code}',
        DETAIL = ${transition('OLD.id', "'—'")};
    END IF;
    IF NEW.state <> OLD.state AND NOT (
         (OLD.state = 'held' AND NEW.state IN ('assigned','cancelled','expired'))
      OR (OLD.state = 'assigned' AND NEW.state = 'releasing')
      OR (OLD.state = 'releasing' AND NEW.state IN ('released','cooldown'))
      OR (OLD.state = 'cooldown' AND NEW.state = 'released')) THEN
      RAISE EXCEPTION 'allocation % cannot go from % to %', OLD.id, OLD.state, NEW.state USING ERRCODE = '${G.invTransition.code}',
        DETAIL = ${transition('OLD.state', 'NEW.state')};
    END IF;
    IF OLD.state IN ('expired','cancelled','released') THEN
      RAISE EXCEPTION 'allocation % is closed', OLD.id USING ERRCODE = '${G.invTransition.code}', DETAIL = ${transition('OLD.state', 'NEW.state')};
    END IF;
    IF NEW.resource = 'ip' AND OLD.state = ANY (active_states) AND NOT (NEW.state = ANY (active_states)) THEN
      UPDATE inv_ip_prefix SET used = used - inv_net_size(NEW.net) WHERE id = NEW.prefix_id;
    END IF;
    RETURN NEW;
  END IF;
  IF NOT (NEW.state = ANY (ARRAY['held','assigned'])) THEN
    RAISE EXCEPTION 'a new allocation starts held or assigned, not %', NEW.state USING ERRCODE = '${G.invTransition.code}',
      DETAIL = ${transition("'—'", 'NEW.state')};
  END IF;
  IF NEW.resource = 'rack_units' THEN
    SELECT * INTO r FROM inv_rack WHERE id = NEW.rack_id FOR UPDATE;
    NEW.site_id := r.site_id;
    IF upper(NEW.units) - 1 > r.units THEN
      RAISE EXCEPTION 'units % do not fit rack % of %U', NEW.units, r.name, r.units USING ERRCODE = '${G.invOutOfBounds.code}',
        DETAIL = ${detail("format('%s U%s–%s > %sU', r.name, lower(NEW.units), upper(NEW.units) - 1, r.units)")};
    END IF;
    SELECT coalesce(sum(power_a_w), 0), coalesce(sum(power_b_w), 0) INTO used_a, used_b
      FROM inv_allocation WHERE rack_id = NEW.rack_id AND state = ANY (active_states);
    IF used_a + NEW.power_a_w > r.power_a_w OR used_b + NEW.power_b_w > r.power_b_w THEN
      RAISE EXCEPTION 'power budget of rack % exceeded', r.name USING ERRCODE = '${G.invNoCapacity.code}',
        DETAIL = ${detail("format('%s A %s/%s W, B %s/%s W', r.name, used_a + NEW.power_a_w, r.power_a_w, used_b + NEW.power_b_w, r.power_b_w)")};
    END IF;
  ELSIF NEW.resource = 'vps' THEN
    SELECT * INTO r FROM inv_vps_host WHERE id = NEW.vps_host_id FOR UPDATE;
    NEW.site_id := r.site_id;
    SELECT coalesce(sum(vcpu), 0), coalesce(sum(ram_gb), 0), coalesce(sum(disk_gb), 0) INTO u1, u2, u3
      FROM inv_allocation WHERE vps_host_id = NEW.vps_host_id AND state = ANY (active_states);
    IF u1 + NEW.vcpu > floor(r.vcpu * r.cpu_overcommit) OR u2 + NEW.ram_gb > floor(r.ram_gb * r.ram_overcommit) OR u3 + NEW.disk_gb > r.disk_gb THEN
      RAISE EXCEPTION 'capacity of VPS host % exceeded', r.name USING ERRCODE = '${G.invNoCapacity.code}',
        DETAIL = ${detail("format('%s: %s vCPU, %s GB RAM, %s GB disk', r.name, u1 + NEW.vcpu, u2 + NEW.ram_gb, u3 + NEW.disk_gb)")};
    END IF;
  ELSIF NEW.resource = 'uplink' THEN
    SELECT * INTO r FROM inv_uplink WHERE id = NEW.uplink_id FOR UPDATE;
    NEW.site_id := r.site_id;
    SELECT coalesce(sum(mbps), 0) INTO u1 FROM inv_allocation WHERE uplink_id = NEW.uplink_id AND state = ANY (active_states);
    IF u1 + NEW.mbps > r.capacity_mbps THEN
      RAISE EXCEPTION 'capacity of uplink % exceeded', r.name USING ERRCODE = '${G.invNoCapacity.code}',
        DETAIL = ${detail("format('%s %s/%s Mbit/s', r.name, u1 + NEW.mbps, r.capacity_mbps)")};
    END IF;
  ELSIF NEW.resource = 'ip' THEN
    UPDATE inv_ip_prefix SET used = used + inv_net_size(NEW.net) WHERE id = NEW.prefix_id RETURNING * INTO r;
    NEW.site_id := r.site_id;
    IF NOT (NEW.net <<= r.prefix) THEN
      RAISE EXCEPTION 'address % is outside prefix %', NEW.net, r.prefix USING ERRCODE = '${G.invOutOfBounds.code}',
        DETAIL = ${detail("format('%s ∉ %s', NEW.net, r.prefix)")};
    END IF;
  ELSIF NEW.resource = 'equipment' THEN
    SELECT site_id INTO NEW.site_id FROM inv_equipment WHERE id = NEW.equipment_id;
  ELSIF NEW.resource = 'port' THEN
    SELECT site_id INTO NEW.site_id FROM inv_port WHERE id = NEW.port_id;
  END IF;
  RETURN NEW;
END $$;
`;
