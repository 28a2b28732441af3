select "d"."id", "d"."title", "d"."company_id", "c"."name" as "company_name", "d"."owner_id", "u"."full_name", "d"."stage", "d"."next_step", "d"."next_step_due", (select max("a"."at") as "m" from "activity" as "a" where "a"."deal_id" = "d"."id" and "a"."at" < $1) as "last_at" from "deal" as "d" inner join "company" as "c" on "c"."id" = "d"."company_id" inner join "app_user" as "u" on "u"."id" = "d"."owner_id" where "d"."outcome" = $2 and "d"."created_at" < $3 and not ("d"."status_updated_at" >= $4 and "d"."status_updated_at" < $5) and ("d"."next_step_due" is null or "d"."next_step_due" <= $6) and "d"."id" not in (select coalesce("a"."deal_id", $7) as "deal_id" from "activity" as "a" where "a"."at" >= $8 and "a"."at" < $9) and "d"."id" not in (select "s"."deal_id" from "deal_stage_change" as "s" where "s"."at" >= $10 and "s"."at" < $11) order by "u"."full_name", "d"."next_step_due", "d"."id" limit $12;

WITH care AS MATERIALIZED (
      SELECT DISTINCT ON (d.company_id) d.company_id, d.owner_id
      FROM deal d WHERE d.outcome = 'won' AND d.closed_at < $1
      ORDER BY d.company_id, d.closed_at DESC, d.id DESC),
    quiet AS MATERIALIZED (
      SELECT care.company_id, care.owner_id FROM care
      WHERE ($2::text IS NULL OR care.owner_id = $3)
        AND NOT EXISTS (SELECT 1 FROM deal o WHERE o.company_id = care.company_id AND o.outcome = 'open')
        AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.company_id = care.company_id AND a.at >= $4 AND a.at < $5)
        AND NOT EXISTS (SELECT 1 FROM task t WHERE t.company_id = care.company_id AND t.done_at IS NULL AND t.due_date > $6))
    SELECT c.id, c.name, q.owner_id, u.full_name,
      (SELECT max(a.at) FROM activity a WHERE a.company_id = c.id AND a.at < $7) AS last_at
    FROM quiet q JOIN company c ON c.id = q.company_id JOIN app_user u ON u.id = q.owner_id
    ORDER BY u.full_name, c.name LIMIT 5000;
