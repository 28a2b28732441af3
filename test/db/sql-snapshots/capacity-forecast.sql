SELECT r.id, r.site_id, r.service_kind, r.params, r.quantity, r.probability, r.status, a.outcome, a.valid_until
    FROM feas_request r
    LEFT JOIN LATERAL (SELECT outcome, valid_until FROM feas_answer WHERE request_id = r.id ORDER BY answered_at DESC, id DESC LIMIT 1) a ON true
    WHERE r.status IN ('open','answered')
      AND NOT EXISTS (
        SELECT 1 FROM feas_answer fa
        JOIN proposal_line l ON l.feasibility_answer_id = fa.id
        JOIN proposal_version v ON v.id = l.version_id AND v.status = 'sent'
        WHERE fa.request_id = r.id);

SELECT l.id, l.site_id, l.service_kind, l.params, l.quantity,
      (SELECT d.probability FROM deal d WHERE d.proposal_id = p.id ORDER BY d.updated_at DESC LIMIT 1) AS probability
    FROM proposal p
    JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.current_version
    JOIN proposal_line l ON l.version_id = v.id
    WHERE v.status = 'sent' AND v.valid_until >= $1;

SELECT e.site_id, 'servers' AS resource, count(*)::text AS free FROM inv_equipment e
      WHERE e.kind = 'server' AND e.owner = 'us' AND e.site_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM inv_allocation a WHERE a.equipment_id = e.id AND a.state IN ('held','assigned','releasing','cooldown'))
      AND NOT EXISTS (SELECT 1 FROM inv_vps_host h WHERE h.equipment_id = e.id) GROUP BY e.site_id
    UNION ALL
    SELECT r.site_id, 'rack_units', (sum(r.units) - coalesce(sum(u.used), 0))::text FROM inv_rack r
      LEFT JOIN (SELECT rack_id, sum(upper(units) - lower(units)) AS used FROM inv_allocation WHERE resource = 'rack_units' AND depth = '[0,2)'::int4range AND state IN ('held','assigned','releasing','cooldown') GROUP BY rack_id) u ON u.rack_id = r.id
      GROUP BY r.site_id
    UNION ALL
    SELECT r.site_id, 'power_w', (sum(least(r.power_a_w, r.power_b_w)) - coalesce(sum(u.used), 0))::text FROM inv_rack r
      LEFT JOIN (SELECT rack_id, sum(greatest(power_a_w, power_b_w)) AS used FROM inv_allocation WHERE resource = 'rack_units' AND state IN ('held','assigned','releasing','cooldown') GROUP BY rack_id) u ON u.rack_id = r.id
      GROUP BY r.site_id
    UNION ALL
    SELECT p.site_id, 'ipv4', sum(inv_prefix_free(p.id, p.prefix, p.used))::text FROM inv_ip_prefix p
      WHERE family(p.prefix) = 4 AND p.site_id IS NOT NULL GROUP BY p.site_id
    UNION ALL
    SELECT h.site_id, 'vcpu', (sum(floor(h.vcpu * h.cpu_overcommit)) - coalesce(sum(u.vcpu), 0))::text FROM inv_vps_host h
      LEFT JOIN (SELECT vps_host_id, sum(vcpu) AS vcpu FROM inv_allocation WHERE resource = 'vps' AND state IN ('held','assigned','releasing','cooldown') GROUP BY vps_host_id) u ON u.vps_host_id = h.id GROUP BY h.site_id
    UNION ALL
    SELECT h.site_id, 'ram_gb', (sum(floor(h.ram_gb * h.ram_overcommit)) - coalesce(sum(u.ram), 0))::text FROM inv_vps_host h
      LEFT JOIN (SELECT vps_host_id, sum(ram_gb) AS ram FROM inv_allocation WHERE resource = 'vps' AND state IN ('held','assigned','releasing','cooldown') GROUP BY vps_host_id) u ON u.vps_host_id = h.id GROUP BY h.site_id
    UNION ALL
    SELECT p.site_id, 'ports', count(*)::text FROM inv_port p
      WHERE NOT EXISTS (SELECT 1 FROM inv_allocation a WHERE a.port_id = p.id AND a.state IN ('held','assigned','releasing','cooldown')) GROUP BY p.site_id
    UNION ALL
    SELECT l.site_id, 'mbps', (sum(l.capacity_mbps) - coalesce(sum(u.used), 0))::text FROM inv_uplink l
      LEFT JOIN (SELECT uplink_id, sum(mbps) AS used FROM inv_allocation WHERE resource = 'uplink' AND state IN ('held','assigned','releasing','cooldown') GROUP BY uplink_id) u ON u.uplink_id = l.id GROUP BY l.site_id;
