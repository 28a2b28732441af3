import { sql, type Kysely } from 'kysely';

/**
 * Inventory (DCIM-lite) and technical feasibility: rooms, racks, equipment, switch ports, IP prefixes,
 * VPS hosts, uplinks, network coverage; allocations (hold / assign / release / cooldown) of any of them;
 * feasibility requests and answers. No double allocation is guaranteed here, not only by the app.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
-- At most one row; absent means the defaults below (so a fresh database is empty for dump import).
CREATE TABLE inv_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  ip_cooldown_days int NOT NULL DEFAULT 30 CHECK (ip_cooldown_days BETWEEN 0 AND 365),
  hold_days int NOT NULL DEFAULT 14 CHECK (hold_days BETWEEN 1 AND 180),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inv_room (
  id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES site(id),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  UNIQUE (site_id, name)
);

CREATE TABLE inv_rack (
  id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES site(id),
  room_id text REFERENCES inv_room(id),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  units int NOT NULL CHECK (units BETWEEN 1 AND 60),
  power_a_w int NOT NULL DEFAULT 0 CHECK (power_a_w >= 0),
  power_b_w int NOT NULL DEFAULT 0 CHECK (power_b_w >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site_id, name)
);

-- Every piece of equipment (servers, switches, parts, client gear): owner, location, specs.
CREATE TABLE inv_equipment (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('server','switch','router','pdu','part','other')),
  model text NOT NULL CHECK (length(btrim(model)) > 0),
  serial text,
  cpu text,
  cpu_cores int CHECK (cpu_cores > 0),
  ram_gb int CHECK (ram_gb > 0),
  disks text,
  disk_gb int CHECK (disk_gb >= 0),
  quantity int NOT NULL DEFAULT 1 CHECK (quantity >= 0),
  site_id text REFERENCES site(id),
  rack_id text REFERENCES inv_rack(id),
  u_from int CHECK (u_from >= 1),
  u_height int CHECK (u_height BETWEEN 1 AND 60),
  owner text NOT NULL DEFAULT 'us' CHECK (owner IN ('us','client','supplier')),
  owner_company_id text REFERENCES company(id),
  paid_off_on date,
  project text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (owner = 'us' OR owner_company_id IS NOT NULL),
  CHECK ((rack_id IS NULL) = (u_from IS NULL) AND (u_from IS NULL) = (u_height IS NULL)),
  CHECK (rack_id IS NULL OR site_id IS NOT NULL),
  CHECK (kind = 'part' OR quantity = 1),
  CHECK (kind <> 'part' OR rack_id IS NULL)
);
CREATE UNIQUE INDEX inv_equipment_serial_uq ON inv_equipment (serial) WHERE serial IS NOT NULL;
CREATE INDEX inv_equipment_site_idx ON inv_equipment (site_id, kind);

CREATE TABLE inv_port (
  id text PRIMARY KEY,
  equipment_id text NOT NULL REFERENCES inv_equipment(id),
  site_id text NOT NULL REFERENCES site(id),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  speed_mbps int NOT NULL CHECK (speed_mbps > 0),
  UNIQUE (equipment_id, name)
);
CREATE INDEX inv_port_site_idx ON inv_port (site_id, speed_mbps);

CREATE TABLE inv_ip_prefix (
  id text PRIMARY KEY,
  site_id text REFERENCES site(id),
  prefix cidr NOT NULL UNIQUE,
  pool text NOT NULL DEFAULT 'default' CHECK (length(btrim(pool)) > 0),
  description text,
  -- Addresses taken (held, assigned, releasing, cooling down), kept by inv_allocation_guard so utilization is O(prefixes).
  used numeric NOT NULL DEFAULT 0 CHECK (used >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inv_ip_prefix_site_idx ON inv_ip_prefix (site_id, pool);

CREATE TABLE inv_vps_host (
  id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES site(id),
  equipment_id text REFERENCES inv_equipment(id),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  vcpu int NOT NULL CHECK (vcpu > 0),
  ram_gb int NOT NULL CHECK (ram_gb > 0),
  disk_gb int NOT NULL CHECK (disk_gb > 0),
  cpu_overcommit numeric(5,2) NOT NULL DEFAULT 1 CHECK (cpu_overcommit >= 1 AND cpu_overcommit <= 20),
  ram_overcommit numeric(5,2) NOT NULL DEFAULT 1 CHECK (ram_overcommit >= 1 AND ram_overcommit <= 4),
  UNIQUE (site_id, name)
);

CREATE TABLE inv_uplink (
  id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES site(id),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  capacity_mbps int NOT NULL CHECK (capacity_mbps > 0),
  UNIQUE (site_id, name)
);

-- Where the network reaches: a building (address) or a zone (GeoJSON polygon), now or planned.
CREATE TABLE inv_coverage (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('building','zone')),
  address text,
  geometry jsonb,
  status text NOT NULL CHECK (status IN ('current','planned')),
  expected_on date,
  technology text NOT NULL CHECK (technology IN ('fiber','radio','copper','other')),
  site_id text REFERENCES site(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'planned') = (expected_on IS NOT NULL)),
  CHECK (kind <> 'building' OR address IS NOT NULL),
  CHECK (kind <> 'zone' OR geometry IS NOT NULL)
);

CREATE TABLE feas_request (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES company(id),
  site_id text REFERENCES site(id),
  address text,
  service_kind text NOT NULL CHECK (service_kind IN ('dedicated','colocation','vps','internet')),
  params jsonb NOT NULL DEFAULT '{}',
  quantity int NOT NULL CHECK (quantity > 0),
  desired_on date,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high','urgent')),
  probability numeric(3,2) CHECK (probability BETWEEN 0 AND 1),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','answered','cancelled','closed')),
  comment text,
  created_by text REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (site_id IS NOT NULL OR address IS NOT NULL)
);
CREATE INDEX feas_request_queue_idx ON feas_request (status, priority, created_at);
CREATE INDEX feas_request_company_idx ON feas_request (company_id, service_kind);

CREATE TABLE feas_answer (
  id text PRIMARY KEY,
  request_id text NOT NULL REFERENCES feas_request(id),
  outcome text NOT NULL CHECK (outcome IN ('feasible','conditional','not_feasible')),
  limits text,
  lead_days int CHECK (lead_days BETWEEN 0 AND 3650),
  valid_until date NOT NULL,
  params jsonb NOT NULL DEFAULT '{}',
  quantity int NOT NULL CHECK (quantity >= 0),
  answered_by text REFERENCES app_user(id),
  answered_at timestamptz NOT NULL DEFAULT now(),
  CHECK (outcome <> 'conditional' OR length(btrim(coalesce(limits, ''))) > 0),
  CHECK (outcome = 'not_feasible' OR lead_days IS NOT NULL)
);
CREATE INDEX feas_answer_request_idx ON feas_answer (request_id, answered_at);
CREATE TRIGGER feas_answer_append_only BEFORE UPDATE OR DELETE ON feas_answer FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- One row per allocation of one resource. "Free" means: no row in an active state for it.
CREATE TABLE inv_allocation (
  id text PRIMARY KEY,
  resource text NOT NULL CHECK (resource IN ('rack_units','equipment','port','ip','vps','uplink')),
  site_id text REFERENCES site(id),
  rack_id text REFERENCES inv_rack(id),
  units int4range,
  depth int4range,
  power_a_w int NOT NULL DEFAULT 0 CHECK (power_a_w >= 0),
  power_b_w int NOT NULL DEFAULT 0 CHECK (power_b_w >= 0),
  equipment_id text REFERENCES inv_equipment(id),
  port_id text REFERENCES inv_port(id),
  prefix_id text REFERENCES inv_ip_prefix(id),
  net cidr,
  vps_host_id text REFERENCES inv_vps_host(id),
  vcpu int CHECK (vcpu > 0),
  ram_gb int CHECK (ram_gb > 0),
  disk_gb int CHECK (disk_gb > 0),
  uplink_id text REFERENCES inv_uplink(id),
  mbps int CHECK (mbps > 0),
  state text NOT NULL CHECK (state IN ('held','assigned','releasing','cooldown','expired','cancelled','released')),
  hold_company_id text REFERENCES company(id),
  held_until timestamptz,
  answer_id text REFERENCES feas_answer(id),
  assigned_kind text CHECK (assigned_kind IN ('service','client','project','equipment')),
  assigned_ref text,
  release_reason text,
  release_requested_at timestamptz,
  released_at timestamptz,
  released_by text,
  cooldown_until timestamptz,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (CASE resource
    WHEN 'rack_units' THEN rack_id IS NOT NULL AND units IS NOT NULL AND depth IS NOT NULL AND NOT isempty(units) AND lower(units) >= 1 AND depth <@ int4range(0,2)
    WHEN 'equipment' THEN equipment_id IS NOT NULL
    WHEN 'port' THEN port_id IS NOT NULL
    WHEN 'ip' THEN net IS NOT NULL AND prefix_id IS NOT NULL
    WHEN 'vps' THEN vps_host_id IS NOT NULL AND vcpu IS NOT NULL AND ram_gb IS NOT NULL AND disk_gb IS NOT NULL
    WHEN 'uplink' THEN uplink_id IS NOT NULL AND mbps IS NOT NULL
  END),
  CHECK (state <> 'held' OR (held_until IS NOT NULL AND hold_company_id IS NOT NULL)),
  CHECK (state NOT IN ('assigned','releasing') OR (assigned_kind IS NOT NULL AND assigned_ref IS NOT NULL)),
  CHECK (state <> 'cooldown' OR (resource = 'ip' AND cooldown_until IS NOT NULL))
);
-- The guarantees: one active allocation per rack unit (and face), address/subnet, server, port.
ALTER TABLE inv_allocation ADD CONSTRAINT inv_allocation_units_excl
  EXCLUDE USING gist (rack_id WITH =, units WITH &&, depth WITH &&) WHERE (state IN ('held','assigned','releasing','cooldown'));
ALTER TABLE inv_allocation ADD CONSTRAINT inv_allocation_net_excl
  EXCLUDE USING gist (net inet_ops WITH &&) WHERE (state IN ('held','assigned','releasing','cooldown'));
CREATE UNIQUE INDEX inv_allocation_equipment_uq ON inv_allocation (equipment_id) WHERE state IN ('held','assigned','releasing','cooldown');
CREATE UNIQUE INDEX inv_allocation_port_uq ON inv_allocation (port_id) WHERE state IN ('held','assigned','releasing','cooldown');
CREATE INDEX inv_allocation_prefix_idx ON inv_allocation (prefix_id, net) WHERE state IN ('held','assigned','releasing','cooldown');
CREATE INDEX inv_allocation_vps_idx ON inv_allocation (vps_host_id) WHERE vps_host_id IS NOT NULL AND state IN ('held','assigned','releasing','cooldown');
CREATE INDEX inv_allocation_uplink_idx ON inv_allocation (uplink_id) WHERE uplink_id IS NOT NULL AND state IN ('held','assigned','releasing','cooldown');
CREATE INDEX inv_allocation_rack_idx ON inv_allocation (rack_id) WHERE state IN ('held','assigned','releasing','cooldown');
CREATE INDEX inv_allocation_assigned_idx ON inv_allocation (assigned_kind, assigned_ref) WHERE state = 'assigned';
CREATE INDEX inv_allocation_state_idx ON inv_allocation (state, held_until);
CREATE INDEX inv_allocation_site_idx ON inv_allocation (site_id, resource) WHERE state IN ('held','assigned','releasing','cooldown');

CREATE FUNCTION inv_net_size(n cidr) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT round(2::numeric ^ ((CASE family(n) WHEN 4 THEN 32 ELSE 128 END) - masklen(n)))
$$;

-- Legal state changes, shared capacity (power, VPS host, uplink) and bounds, checked under a lock on the parent.
CREATE FUNCTION inv_allocation_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record; used_a bigint; used_b bigint; u1 bigint; u2 bigint; u3 bigint;
  active_states text[] := ARRAY['held','assigned','releasing','cooldown'];
BEGIN
  -- Loading a logical dump restores rows as they were (states, counters); the rules held when they were written.
  IF TG_OP = 'INSERT' AND rackdesk_loading() THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NEW.resource IS DISTINCT FROM OLD.resource OR NEW.rack_id IS DISTINCT FROM OLD.rack_id OR NEW.units IS DISTINCT FROM OLD.units
       OR NEW.depth IS DISTINCT FROM OLD.depth OR NEW.equipment_id IS DISTINCT FROM OLD.equipment_id OR NEW.port_id IS DISTINCT FROM OLD.port_id
       OR NEW.net IS DISTINCT FROM OLD.net OR NEW.vps_host_id IS DISTINCT FROM OLD.vps_host_id OR NEW.uplink_id IS DISTINCT FROM OLD.uplink_id
       OR NEW.vcpu IS DISTINCT FROM OLD.vcpu OR NEW.ram_gb IS DISTINCT FROM OLD.ram_gb OR NEW.disk_gb IS DISTINCT FROM OLD.disk_gb
       OR NEW.mbps IS DISTINCT FROM OLD.mbps OR NEW.power_a_w IS DISTINCT FROM OLD.power_a_w OR NEW.power_b_w IS DISTINCT FROM OLD.power_b_w THEN
      RAISE EXCEPTION 'allocation % cannot change what it allocates', OLD.id USING ERRCODE = 'RD002';
    END IF;
    IF NEW.state <> OLD.state AND NOT (
         (OLD.state = 'held' AND NEW.state IN ('assigned','cancelled','expired'))
      OR (OLD.state = 'assigned' AND NEW.state = 'releasing')
      OR (OLD.state = 'releasing' AND NEW.state IN ('released','cooldown'))
      OR (OLD.state = 'cooldown' AND NEW.state = 'released')) THEN
      RAISE EXCEPTION 'allocation % cannot go from % to %', OLD.id, OLD.state, NEW.state USING ERRCODE = 'RD002';
    END IF;
    IF OLD.state IN ('expired','cancelled','released') THEN
      RAISE EXCEPTION 'allocation % is closed', OLD.id USING ERRCODE = 'RD002';
    END IF;
    IF NEW.resource = 'ip' AND OLD.state = ANY (active_states) AND NOT (NEW.state = ANY (active_states)) THEN
      UPDATE inv_ip_prefix SET used = used - inv_net_size(NEW.net) WHERE id = NEW.prefix_id;
    END IF;
    RETURN NEW;
  END IF;
  IF NOT (NEW.state = ANY (ARRAY['held','assigned'])) THEN
    RAISE EXCEPTION 'a new allocation starts held or assigned, not %', NEW.state USING ERRCODE = 'RD002';
  END IF;
  IF NEW.resource = 'rack_units' THEN
    SELECT * INTO r FROM inv_rack WHERE id = NEW.rack_id FOR UPDATE;
    NEW.site_id := r.site_id;
    IF upper(NEW.units) - 1 > r.units THEN
      RAISE EXCEPTION 'units % do not fit rack % of %U', NEW.units, r.name, r.units USING ERRCODE = 'RD003';
    END IF;
    SELECT coalesce(sum(power_a_w), 0), coalesce(sum(power_b_w), 0) INTO used_a, used_b
      FROM inv_allocation WHERE rack_id = NEW.rack_id AND state = ANY (active_states);
    IF used_a + NEW.power_a_w > r.power_a_w OR used_b + NEW.power_b_w > r.power_b_w THEN
      RAISE EXCEPTION 'power budget of rack % exceeded', r.name USING ERRCODE = 'RD001';
    END IF;
  ELSIF NEW.resource = 'vps' THEN
    SELECT * INTO r FROM inv_vps_host WHERE id = NEW.vps_host_id FOR UPDATE;
    NEW.site_id := r.site_id;
    SELECT coalesce(sum(vcpu), 0), coalesce(sum(ram_gb), 0), coalesce(sum(disk_gb), 0) INTO u1, u2, u3
      FROM inv_allocation WHERE vps_host_id = NEW.vps_host_id AND state = ANY (active_states);
    IF u1 + NEW.vcpu > floor(r.vcpu * r.cpu_overcommit) OR u2 + NEW.ram_gb > floor(r.ram_gb * r.ram_overcommit) OR u3 + NEW.disk_gb > r.disk_gb THEN
      RAISE EXCEPTION 'capacity of VPS host % exceeded', r.name USING ERRCODE = 'RD001';
    END IF;
  ELSIF NEW.resource = 'uplink' THEN
    SELECT * INTO r FROM inv_uplink WHERE id = NEW.uplink_id FOR UPDATE;
    NEW.site_id := r.site_id;
    SELECT coalesce(sum(mbps), 0) INTO u1 FROM inv_allocation WHERE uplink_id = NEW.uplink_id AND state = ANY (active_states);
    IF u1 + NEW.mbps > r.capacity_mbps THEN
      RAISE EXCEPTION 'capacity of uplink % exceeded', r.name USING ERRCODE = 'RD001';
    END IF;
  ELSIF NEW.resource = 'ip' THEN
    UPDATE inv_ip_prefix SET used = used + inv_net_size(NEW.net) WHERE id = NEW.prefix_id RETURNING * INTO r;
    NEW.site_id := r.site_id;
    IF NOT (NEW.net <<= r.prefix) THEN
      RAISE EXCEPTION 'address % is outside prefix %', NEW.net, r.prefix USING ERRCODE = 'RD003';
    END IF;
  ELSIF NEW.resource = 'equipment' THEN
    SELECT site_id INTO NEW.site_id FROM inv_equipment WHERE id = NEW.equipment_id;
  ELSIF NEW.resource = 'port' THEN
    SELECT site_id INTO NEW.site_id FROM inv_port WHERE id = NEW.port_id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER inv_allocation_guard BEFORE INSERT OR UPDATE ON inv_allocation FOR EACH ROW EXECUTE FUNCTION inv_allocation_guard();
CREATE TRIGGER inv_allocation_no_delete BEFORE DELETE ON inv_allocation FOR EACH ROW EXECUTE FUNCTION forbid_change();
`).execute(db);
}
