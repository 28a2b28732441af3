/**
 * CRM: daily summary, end-of-day list and funnel over 100,000 deals and 1,000,000 activities
 * (50 managers, a year of history). Target: ≤ 500 ms each on PostgreSQL.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/types.ts';
import { benchDatabase, benchEngines, fmt, percentile, timeRuns } from './lib.ts';
import { buildSummary, missingStatus } from '../src/app/crm/daily.ts';
import { funnelReport, refusalReport } from '../src/app/crm/reports.ts';
import { ensureCrmDefaults } from '../src/db/queries/crm.ts';

const DEALS = 100_000;
const ACTIVITIES = 1_000_000;
const MANAGERS = 50;
const DAY = '2026-11-26';
const TZ = 'Europe/Moscow';

/** Bulk-loads the synthetic CRM data set with set-based SQL. */
export async function loadCrmData(db: Kysely<DB>): Promise<void> {
  await ensureCrmDefaults(db);
  await sql.raw(`
INSERT INTO app_user (id, email, full_name, role, password_hash, updated_at)
  SELECT 'us_b' || g, 'm' || g || '@bench.test', 'Менеджер ' || g, 'manager', 'x', now() FROM generate_series(1, ${MANAGERS}) g;
INSERT INTO company (id, kind, name, roles, updated_at)
  SELECT 'co_b' || g, 'individual', 'Клиент ' || g, '{client}', now() FROM generate_series(1, ${DEALS / 10}) g;
INSERT INTO deal (id, title, source, owner_id, company_id, expected_monthly_revenue, stage, probability, next_step, next_step_due,
                  lost_reason, lost_comment, closed_at, stage_changed_at, status_updated_at, created_at, updated_at)
  SELECT 'dl_b' || g, 'Сделка ' || g,
    (ARRAY['ad_campaign','conference','cold_call','office_visit','inbound_call','inbound_email','website_form','referral'])[1 + g % 8],
    'us_b' || (1 + g % ${MANAGERS}), 'co_b' || (1 + g % ${DEALS / 10}), (g % 500) * 100000,
    st.stage, 50,
    CASE WHEN st.stage IN ('won','lost') OR g % 3 = 0 THEN NULL ELSE 'Позвонить' END,
    CASE WHEN st.stage IN ('won','lost') OR g % 3 = 0 THEN NULL ELSE DATE '${DAY}' + (g % 21 - 10) END,
    CASE WHEN st.stage = 'lost' THEN (ARRAY['price','competitor','no_capacity','no_budget'])[1 + g % 4] END,
    CASE WHEN st.stage = 'lost' THEN 'причина' END,
    CASE WHEN st.stage IN ('won','lost') THEN created + interval '20 days' END,
    created + interval '10 days', created + interval '10 days', created, created
  FROM generate_series(1, ${DEALS}) g
  CROSS JOIN LATERAL (SELECT (ARRAY['new','qualified','feasibility','proposal','negotiation','won','lost','lost'])[1 + (g * 7) % 8] AS stage,
                             timestamptz '${DAY} 12:00+03' - (g % 365) * interval '1 day' - (g % 600) * interval '1 minute' AS created) st;
INSERT INTO deal_stage_change (deal_id, from_stage, to_stage, at)
  SELECT id, NULL, 'new', created_at FROM deal;
INSERT INTO deal_stage_change (deal_id, from_stage, from_entered_at, to_stage, at)
  SELECT id, 'new', created_at, 'qualified', created_at + interval '3 days' FROM deal WHERE stage <> 'new';
INSERT INTO deal_stage_change (deal_id, from_stage, from_entered_at, to_stage, at)
  SELECT id, 'qualified', created_at + interval '3 days', stage, created_at + interval '10 days' FROM deal WHERE stage NOT IN ('new', 'qualified');
INSERT INTO activity (id, kind, direction, purpose, deal_id, company_id, owner_id, at, subject, outcome)
  SELECT 'ac_b' || g, (ARRAY['call','email','visit','meeting','conference'])[1 + g % 5], 'outbound', 'service',
    'dl_b' || (1 + g % ${DEALS}), 'co_b' || (1 + (g % ${DEALS}) % ${DEALS / 10}), 'us_b' || (1 + (g % ${DEALS}) % ${MANAGERS}),
    timestamptz '${DAY} 18:00+03' - (g % 365) * interval '1 day' - (g % 480) * interval '1 minute', 'Тема', 'Итог'
  FROM generate_series(1, ${ACTIVITIES}) g;
INSERT INTO task (id, title, deal_id, company_id, assignee_id, due_date, done_at)
  SELECT 'tk_b' || g, 'Задача ' || g, 'dl_b' || g, 'co_b' || (1 + g % ${DEALS / 10}), 'us_b' || (1 + g % ${MANAGERS}),
    DATE '${DAY}' + (g % 30 - 15), CASE WHEN g % 2 = 0 THEN timestamptz '${DAY} 10:00+03' - (g % 30) * interval '1 day' END
  FROM generate_series(1, ${DEALS / 2}) g;
ANALYZE;`).execute(db);
}

export async function run(): Promise<void> {
  for (const engine of benchEngines()) {
    const d = await benchDatabase(engine);
    try {
      const t0 = performance.now();
      await loadCrmData(d.db);
      console.log(`${engine}: loaded ${DEALS} deals, ${ACTIVITIES} activities in ${fmt(performance.now() - t0)}`);
      const report = (label: string, ms: number[]) => console.log(`${engine}: ${label.padEnd(44)} p50 ${fmt(percentile(ms, 50))}  p95 ${fmt(percentile(ms, 95))}  max ${fmt(Math.max(...ms))}`);
      report('daily summary, one manager', await timeRuns(10, () => buildSummary(d.db, DAY, TZ, 'us_b7')));
      report('daily summary, whole team (500 pending rows)', await timeRuns(10, () => buildSummary(d.db, DAY, TZ, null)));
      report('end-of-day list, whole team', await timeRuns(10, () => missingStatus(d.db, DAY, TZ, null)));
      report('funnel by stage and source, all time', await timeRuns(10, () => funnelReport(d.db, {}, TZ)));
      report('funnel, last 90 days', await timeRuns(10, () => funnelReport(d.db, { from: '2026-08-28', to: DAY }, TZ)));
      report('refusal reasons, all time', await timeRuns(10, () => refusalReport(d.db, {}, TZ)));
    } finally {
      await d.close();
    }
  }
}
