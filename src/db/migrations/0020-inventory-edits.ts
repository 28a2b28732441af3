import { sql, type Kysely } from 'kysely';
import { guardCodes as G } from '../../domain/sqlstate.ts';

const ACTIVE = `('held','assigned','releasing','cooldown')`;
const json = (pairs: Record<string, string>) => `jsonb_build_object(${Object.entries(pairs).map(([k, v]) => `'${k}', ${v}`).join(', ')})::text`;

/**
 * The tech department edits racks, VPS hosts, uplinks and prefixes by hand. An edit never takes back what
 * is held or assigned (twins of `domain/inventory/inventory-edits.ts`): a rack keeps at least its highest
 * occupied unit and its allocated watts per feed, a VPS host or uplink its allocated capacity, a prefix every
 * active address inside it; none of them moves to another site while anything is allocated on it. The
 * network and broadcast address of an IPv4 prefix shorter than /31 is never given out as a single address.
 * Each edit locks the row the allocation guard locks, so an edit and a new allocation queue on it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
CREATE FUNCTION inv_rack_edit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE top int; ua bigint; ub bigint; n int;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  SELECT coalesce(max(upper(units)) - 1, 0), coalesce(sum(power_a_w), 0), coalesce(sum(power_b_w), 0), count(*) INTO top, ua, ub, n
    FROM inv_allocation WHERE rack_id = NEW.id AND state IN ${ACTIVE};
  IF NEW.units < top THEN
    RAISE EXCEPTION 'rack % of %U is below its occupied unit %', NEW.name, NEW.units, top USING ERRCODE = '${G.invRackShrink.code}',
      DETAIL = ${json({ units: 'NEW.units', top: 'top' })};
  END IF;
  IF NEW.power_a_w < ua OR NEW.power_b_w < ub THEN
    RAISE EXCEPTION 'power budget of rack % is below its allocations', NEW.name USING ERRCODE = '${G.invCapacityBelowUse.code}',
      DETAIL = ${json({ what: `CASE WHEN NEW.power_a_w < ua THEN 'A' ELSE 'B' END`, capacity: 'CASE WHEN NEW.power_a_w < ua THEN NEW.power_a_w ELSE NEW.power_b_w END', used: 'CASE WHEN NEW.power_a_w < ua THEN ua ELSE ub END' })};
  END IF;
  IF NEW.site_id <> OLD.site_id AND n > 0 THEN
    RAISE EXCEPTION 'rack % has allocations and cannot change site', NEW.name USING ERRCODE = '${G.invSiteWithAllocations.code}',
      DETAIL = ${json({ n: 'n' })};
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER inv_rack_edit_guard BEFORE UPDATE ON inv_rack FOR EACH ROW EXECUTE FUNCTION inv_rack_edit_guard();

CREATE FUNCTION inv_capacity_edit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE u1 bigint; u2 bigint; u3 bigint; n int;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  IF TG_TABLE_NAME = 'inv_vps_host' THEN
    SELECT coalesce(sum(vcpu), 0), coalesce(sum(ram_gb), 0), coalesce(sum(disk_gb), 0), count(*) INTO u1, u2, u3, n
      FROM inv_allocation WHERE vps_host_id = NEW.id AND state IN ${ACTIVE};
    IF floor(NEW.vcpu * NEW.cpu_overcommit) < u1 THEN
      RAISE EXCEPTION 'VPS host % below its allocated vCPU', NEW.name USING ERRCODE = '${G.invCapacityBelowUse.code}', DETAIL = ${json({ what: `'vcpu'`, capacity: 'floor(NEW.vcpu * NEW.cpu_overcommit)', used: 'u1' })};
    END IF;
    IF floor(NEW.ram_gb * NEW.ram_overcommit) < u2 THEN
      RAISE EXCEPTION 'VPS host % below its allocated RAM', NEW.name USING ERRCODE = '${G.invCapacityBelowUse.code}', DETAIL = ${json({ what: `'ramGb'`, capacity: 'floor(NEW.ram_gb * NEW.ram_overcommit)', used: 'u2' })};
    END IF;
    IF NEW.disk_gb < u3 THEN
      RAISE EXCEPTION 'VPS host % below its allocated disk', NEW.name USING ERRCODE = '${G.invCapacityBelowUse.code}', DETAIL = ${json({ what: `'diskGb'`, capacity: 'NEW.disk_gb', used: 'u3' })};
    END IF;
  ELSE
    SELECT coalesce(sum(mbps), 0), count(*) INTO u1, n FROM inv_allocation WHERE uplink_id = NEW.id AND state IN ${ACTIVE};
    IF NEW.capacity_mbps < u1 THEN
      RAISE EXCEPTION 'uplink % below its allocated bandwidth', NEW.name USING ERRCODE = '${G.invCapacityBelowUse.code}', DETAIL = ${json({ what: `'capacityMbps'`, capacity: 'NEW.capacity_mbps', used: 'u1' })};
    END IF;
  END IF;
  IF NEW.site_id <> OLD.site_id AND n > 0 THEN
    RAISE EXCEPTION '% has allocations and cannot change site', NEW.name USING ERRCODE = '${G.invSiteWithAllocations.code}', DETAIL = ${json({ n: 'n' })};
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER inv_capacity_edit_guard BEFORE UPDATE ON inv_vps_host FOR EACH ROW EXECUTE FUNCTION inv_capacity_edit_guard();
CREATE TRIGGER inv_capacity_edit_guard BEFORE UPDATE ON inv_uplink FOR EACH ROW EXECUTE FUNCTION inv_capacity_edit_guard();

-- A single IPv4 address that is the network or broadcast address of its prefix (shorter than /31).
CREATE FUNCTION inv_reserved_address(p cidr, a cidr) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT family(p) = 4 AND family(a) = 4 AND masklen(p) <= 30 AND masklen(a) = 32
    AND (host(a) = host(network(p)) OR host(a) = host(broadcast(p)))
$$;

-- Free addresses of a prefix: its size less what is taken, less its network and broadcast address (IPv4
-- shorter than /31) where no allocation covers them. Twin of prefixCounts() in domain/inventory/inventory-edits.ts.
CREATE FUNCTION inv_prefix_free(pid text, p cidr, used numeric) RETURNS numeric LANGUAGE sql STABLE AS $$
  SELECT inv_net_size(p) - used - CASE WHEN family(p) = 4 AND masklen(p) <= 30 THEN
    (SELECT count(*) FROM (VALUES (host(network(p))::inet), (host(broadcast(p))::inet)) AS r(a)
      WHERE NOT EXISTS (SELECT 1 FROM inv_allocation x WHERE x.prefix_id = pid AND x.state IN ${ACTIVE} AND x.net >>= r.a))
  ELSE 0 END
$$;

CREATE FUNCTION inv_prefix_edit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n int; outside int; reserved int; first_out text;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  SELECT count(*), count(*) FILTER (WHERE NOT (net <<= NEW.prefix)), count(*) FILTER (WHERE inv_reserved_address(NEW.prefix, net)),
      min(host(net)) FILTER (WHERE NOT (net <<= NEW.prefix))
    INTO n, outside, reserved, first_out
    FROM inv_allocation WHERE prefix_id = NEW.id AND state IN ${ACTIVE};
  IF outside > 0 THEN
    RAISE EXCEPTION 'prefix % would leave % allocations outside', NEW.prefix, outside USING ERRCODE = '${G.invPrefixOrphans.code}',
      DETAIL = ${json({ prefix: 'NEW.prefix::text', n: 'outside', first: 'first_out' })};
  END IF;
  IF reserved > 0 THEN
    RAISE EXCEPTION 'prefix % would make an allocated address its network or broadcast', NEW.prefix USING ERRCODE = '${G.invReservedAddress.code}',
      DETAIL = ${json({ prefix: 'NEW.prefix::text' })};
  END IF;
  IF NEW.site_id IS DISTINCT FROM OLD.site_id AND n > 0 THEN
    RAISE EXCEPTION 'prefix % has allocations and cannot change site', NEW.prefix USING ERRCODE = '${G.invSiteWithAllocations.code}', DETAIL = ${json({ n: 'n' })};
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER inv_prefix_edit_guard BEFORE UPDATE ON inv_ip_prefix FOR EACH ROW EXECUTE FUNCTION inv_prefix_edit_guard();

CREATE FUNCTION inv_allocation_usable_ip() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p cidr;
BEGIN
  IF rackdesk_loading() THEN RETURN NEW; END IF;
  SELECT prefix INTO p FROM inv_ip_prefix WHERE id = NEW.prefix_id;
  IF p IS NOT NULL AND inv_reserved_address(p, NEW.net) THEN
    RAISE EXCEPTION 'address % is the network or broadcast address of %', host(NEW.net), p USING ERRCODE = '${G.invReservedAddress.code}',
      DETAIL = ${json({ prefix: 'p::text' })};
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER inv_allocation_usable_ip BEFORE INSERT ON inv_allocation FOR EACH ROW WHEN (NEW.resource = 'ip') EXECUTE FUNCTION inv_allocation_usable_ip();
`).execute(db);
}
