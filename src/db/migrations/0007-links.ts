import { sql, type Kysely } from 'kysely';

/**
 * Links between contexts that were built side by side: a proposal line rests on a feasibility answer,
 * a won deal points at its proposal. The database refuses to send a proposal whose lines the tech
 * department has not confirmed (never-break rule 4), whatever path the status change takes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
ALTER TABLE proposal_line ADD CONSTRAINT proposal_line_feasibility_fk
  FOREIGN KEY (feasibility_answer_id) REFERENCES feas_answer(id);
CREATE INDEX proposal_line_feasibility_idx ON proposal_line (feasibility_answer_id) WHERE feasibility_answer_id IS NOT NULL;

CREATE FUNCTION proposal_send_needs_feasibility() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad int;
BEGIN
  IF rackdesk_loading() OR NEW.status <> 'sent' OR OLD.status = 'sent' THEN RETURN NEW; END IF;
  SELECT min(l.position) INTO bad
  FROM proposal_line l
  JOIN proposal p ON p.id = NEW.proposal_id
  LEFT JOIN feas_answer a ON a.id = l.feasibility_answer_id
  LEFT JOIN feas_request r ON r.id = a.request_id
  WHERE l.version_id = NEW.id
    AND (a.id IS NULL OR a.outcome = 'not_feasible' OR a.valid_until < (now() AT TIME ZONE 'Europe/Moscow')::date
         OR r.company_id <> p.company_id OR r.site_id IS DISTINCT FROM l.site_id OR r.service_kind <> l.service_kind
         OR a.quantity < l.quantity);
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'proposal line % has no valid feasibility answer', bad USING ERRCODE = 'RD010';
  END IF;
  RETURN NEW;
END $$;
-- Named to fire after proposal_version_guard (triggers fire in name order), so a below-floor send reports the floor first.
CREATE TRIGGER proposal_version_guard_feasibility BEFORE UPDATE OF status ON proposal_version
  FOR EACH ROW EXECUTE FUNCTION proposal_send_needs_feasibility();

ALTER TABLE deal ADD CONSTRAINT deal_proposal_fk FOREIGN KEY (proposal_id) REFERENCES proposal(id);
`).execute(db);
}
