import { sql, type Kysely } from 'kysely';
import { demandRules } from '../../domain/catalog/service-params.ts';
import { guardCodes as G } from '../../domain/sqlstate.ts';

const lit = (v: string | number | null): string => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);

/**
 * Rule 5 for ads, capacity in the database too (C15). Free capacity becomes one view, `inv_free_capacity`
 * (the query `freeCapacity` used to send: the public price list, the ads' truth and the capacity forecast now
 * all read it), `offer_demand()` is the SQL twin of `demandOfParams` (rows interpolated from
 * `demandRules`), `offer_capacity_shortfall()` the twin of `capacityShortfall`, and the export guard
 * `ad_export_line_truth` refuses an ad whose offer has no room at its site now.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const A = `('held','assigned','releasing','cooldown')`;
  const rows = demandRules().map((r, i) => (i === 0
    ? `(${lit(r.kind)}::text, ${r.ord}::int, ${lit(r.resource)}::text, ${lit(r.key)}::text, ${r.amount}::numeric, ${r.factor}::numeric)`
    : `(${lit(r.kind)}, ${r.ord}, ${lit(r.resource)}, ${lit(r.key)}, ${r.amount}, ${r.factor})`)).join(',\n    ');
  await sql.raw(`
-- Free capacity per site and resource now: what the public list, the ads and the forecast call free.
CREATE VIEW inv_free_capacity AS
  SELECT e.site_id, 'servers'::text AS resource, count(*)::numeric AS free FROM inv_equipment e
    WHERE e.kind = 'server' AND e.owner = 'us' AND e.site_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM inv_allocation a WHERE a.equipment_id = e.id AND a.state IN ${A})
    AND NOT EXISTS (SELECT 1 FROM inv_vps_host h WHERE h.equipment_id = e.id) GROUP BY e.site_id
  UNION ALL
  SELECT r.site_id, 'rack_units', (sum(r.units) - coalesce(sum(u.used), 0))::numeric FROM inv_rack r
    LEFT JOIN (SELECT rack_id, sum(upper(units) - lower(units)) AS used FROM inv_allocation WHERE resource = 'rack_units' AND depth = '[0,2)'::int4range AND state IN ${A} GROUP BY rack_id) u ON u.rack_id = r.id
    GROUP BY r.site_id
  UNION ALL
  SELECT r.site_id, 'power_w', (sum(least(r.power_a_w, r.power_b_w)) - coalesce(sum(u.used), 0))::numeric FROM inv_rack r
    LEFT JOIN (SELECT rack_id, sum(greatest(power_a_w, power_b_w)) AS used FROM inv_allocation WHERE resource = 'rack_units' AND state IN ${A} GROUP BY rack_id) u ON u.rack_id = r.id
    GROUP BY r.site_id
  UNION ALL
  SELECT p.site_id, 'ipv4', sum(inv_prefix_free(p.id, p.prefix, p.used))::numeric FROM inv_ip_prefix p
    WHERE family(p.prefix) = 4 AND p.site_id IS NOT NULL GROUP BY p.site_id
  UNION ALL
  SELECT h.site_id, 'vcpu', (sum(floor(h.vcpu * h.cpu_overcommit)) - coalesce(sum(u.vcpu), 0))::numeric FROM inv_vps_host h
    LEFT JOIN (SELECT vps_host_id, sum(vcpu) AS vcpu FROM inv_allocation WHERE resource = 'vps' AND state IN ${A} GROUP BY vps_host_id) u ON u.vps_host_id = h.id GROUP BY h.site_id
  UNION ALL
  SELECT h.site_id, 'ram_gb', (sum(floor(h.ram_gb * h.ram_overcommit)) - coalesce(sum(u.ram), 0))::numeric FROM inv_vps_host h
    LEFT JOIN (SELECT vps_host_id, sum(ram_gb) AS ram FROM inv_allocation WHERE resource = 'vps' AND state IN ${A} GROUP BY vps_host_id) u ON u.vps_host_id = h.id GROUP BY h.site_id
  UNION ALL
  SELECT p.site_id, 'ports', count(*)::numeric FROM inv_port p
    WHERE NOT EXISTS (SELECT 1 FROM inv_allocation a WHERE a.port_id = p.id AND a.state IN ${A}) GROUP BY p.site_id
  UNION ALL
  SELECT l.site_id, 'mbps', (sum(l.capacity_mbps) - coalesce(sum(u.used), 0))::numeric FROM inv_uplink l
    LEFT JOIN (SELECT uplink_id, sum(mbps) AS used FROM inv_allocation WHERE resource = 'uplink' AND state IN ${A} GROUP BY uplink_id) u ON u.uplink_id = l.id GROUP BY l.site_id;

-- demandOfParams: what one unit of an offer takes (a positive numeric parameter, else its fallback, times the factor).
CREATE FUNCTION offer_demand(p_kind text, p_params jsonb) RETURNS TABLE (ord int, resource text, amount numeric) LANGUAGE sql IMMUTABLE AS $$
  SELECT d.ord, d.resource,
    CASE WHEN d.key IS NULL THEN d.amount
      WHEN coalesce(p_params->>d.key, '') ~ '^[[:space:]]*[0-9]+([.][0-9]+)?[[:space:]]*$' AND (p_params->>d.key)::numeric > 0 THEN (p_params->>d.key)::numeric * d.factor
      ELSE d.amount * d.factor END
  FROM (VALUES
    ${rows}
  ) AS d(kind, ord, resource, key, amount, factor)
  WHERE d.kind = p_kind
$$;

-- capacityShortfall: the resources of one unit of an offer its site has not free now, in demandOfParams order.
CREATE FUNCTION offer_capacity_shortfall(p_kind text, p_params jsonb, p_site text) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(d.resource ORDER BY d.ord), '{}') FROM offer_demand(p_kind, p_params) d
  WHERE coalesce((SELECT f.free FROM inv_free_capacity f WHERE f.site_id = p_site AND f.resource = d.resource), 0) < d.amount
$$;

-- As in 0019, plus capacity: an ad goes out only while its offer's site has room for one unit now.
CREATE OR REPLACE FUNCTION ad_export_line_truth() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a ad; o offer; reason text; short text[];
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
  ELSE
    short := offer_capacity_shortfall(o.service_kind, o.params, o.site_id);
    IF cardinality(short) > 0 THEN reason := 'ads.untrue.noCapacity'; END IF;
  END IF;
  IF reason IS NOT NULL THEN
    RAISE EXCEPTION 'ad % is untrue: %', a.id, reason USING ERRCODE = '${G.adUntrue.code}',
      DETAIL = (jsonb_build_object('ad', a.id, 'reason', reason) || CASE WHEN short IS NULL OR cardinality(short) = 0 THEN '{}'::jsonb ELSE jsonb_build_object('short', to_jsonb(short)) END)::text;
  END IF;
  RETURN NEW;
END $$;
`).execute(db);
}
