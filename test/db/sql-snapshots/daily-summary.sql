select "d"."id", "d"."title", "c"."name", "u"."full_name", "s"."from_stage", "s"."to_stage", "s"."at" from "deal_stage_change" as "s" inner join "deal" as "d" on "d"."id" = "s"."deal_id" inner join "company" as "c" on "c"."id" = "d"."company_id" inner join "app_user" as "u" on "u"."id" = "d"."owner_id" where "s"."at" >= $1 and "s"."at" < $2 order by "s"."at" limit $3;

select "a"."id", "a"."deal_id", "d"."title", "c"."name", "u"."full_name", "a"."kind", "a"."direction", "a"."subject", "a"."outcome", "a"."at" from "activity" as "a" inner join "company" as "c" on "c"."id" = "a"."company_id" left join "deal" as "d" on "d"."id" = "a"."deal_id" left join "app_user" as "u" on "u"."id" = "a"."owner_id" where "a"."at" >= $1 and "a"."at" < $2 order by "a"."at" limit $3;

select "t"."id", "t"."title", "d"."title" as "deal_title", "u"."full_name", "t"."done_at" from "task" as "t" inner join "app_user" as "u" on "u"."id" = "t"."assignee_id" left join "deal" as "d" on "d"."id" = "t"."deal_id" where "t"."done_at" >= $1 and "t"."done_at" < $2 order by "t"."done_at" limit $3;

select "d"."id", "d"."title", "c"."name", "u"."full_name", "d"."stage", "d"."expected_monthly_revenue", "d"."next_step", "d"."next_step_due", "d"."blocked_reason", "la"."kind" as "la_kind", "la"."subject" as "la_subject", "la"."outcome" as "la_outcome", "la"."at" as "la_at", "ct"."full_name" as "contact_name" from "deal" as "d" inner join "company" as "c" on "c"."id" = "d"."company_id" inner join "app_user" as "u" on "u"."id" = "d"."owner_id" left join lateral (select "a"."kind", "a"."subject", "a"."outcome", "a"."at" from "activity" as "a" where "a"."deal_id" = "d"."id" and "a"."at" < $1 order by "a"."at" desc limit $2) as "la" on true left join "contact" as "ct" on "ct"."id" = "d"."contact_id" where "d"."outcome" = $3 order by d.next_step_due NULLS FIRST, "d"."id" limit $4;

select "d"."id", "d"."title", "c"."name", "u"."full_name", "d"."next_step", "d"."next_step_due" from "deal" as "d" inner join "company" as "c" on "c"."id" = "d"."company_id" inner join "app_user" as "u" on "u"."id" = "d"."owner_id" where "d"."outcome" = $1 and "d"."next_step_due" < $2 order by "d"."next_step_due" limit $3;

select "t"."id", "t"."title", "d"."title" as "deal_title", "u"."full_name", "t"."due_date" from "task" as "t" inner join "app_user" as "u" on "u"."id" = "t"."assignee_id" left join "deal" as "d" on "d"."id" = "t"."deal_id" where "t"."done_at" is null and "t"."due_date" < $1 order by "t"."due_date" limit $2;

select "p"."id", "p"."number", "v"."version", "c"."name", "d"."title" as "deal_title", "u"."full_name", "v"."status", "v"."gross_total", "v"."sent_at", "v"."decided_at" from "proposal_version" as "v" inner join "proposal" as "p" on "p"."id" = "v"."proposal_id" inner join "company" as "c" on "c"."id" = "p"."company_id" left join "deal" as "d" on "d"."id" = "p"."deal_id" left join "app_user" as "u" on "u"."id" = coalesce("d"."owner_id", "p"."created_by") where (("v"."sent_at" >= $1 and "v"."sent_at" < $2) or ("v"."decided_at" >= $3 and "v"."decided_at" < $4 and "v"."status" in ($5, $6))) order by coalesce(v.decided_at, v.sent_at), "v"."id" limit $7;

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
