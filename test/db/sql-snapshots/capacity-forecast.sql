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
