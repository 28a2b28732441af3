import { sql } from 'kysely';
import { demandReport, type DemandFact } from '../../domain/marketing/demand.ts';
import { writeXlsx } from '../documents/tabular.ts';
import { requirePermission, type Ctx } from '../context.ts';

export interface DemandQuery { from: string; to: string }

/**
 * What was asked for, month by month (business time zone): every CRM lead (deal) with its kind, site, budget
 * (expected monthly revenue), outcome and loss reason, and every feasibility request with the newest answer
 * (not feasible = refused, with the limits the tech department named).
 */
export async function demand(ctx: Ctx, q: DemandQuery) {
  requirePermission(ctx, 'marketing.read');
  const month = (col: string) => sql<string>`to_char(${sql.ref(col)} AT TIME ZONE ${ctx.timeZone}, 'YYYY-MM')`;
  const [deals, requests, sites, reasons] = await Promise.all([
    ctx.db.selectFrom('deal as d').select([month('d.created_at').as('month'), 'd.service_kind', 'd.site_id', 'd.outcome', 'd.lost_reason', 'd.expected_monthly_revenue', 'd.utm_source', 'd.utm_campaign', 'd.source'])
      .where(month('d.created_at'), '>=', q.from).where(month('d.created_at'), '<=', q.to).execute(),
    ctx.db.selectFrom('feas_request as r')
      .leftJoin(
        (eb) => eb.selectFrom('feas_answer').distinctOn('request_id').select(['request_id', 'outcome', 'limits']).orderBy('request_id').orderBy('answered_at', 'desc').as('a'),
        (j) => j.onRef('a.request_id', '=', 'r.id'),
      )
      .select([month('r.created_at').as('month'), 'r.service_kind', 'r.site_id', 'r.quantity', 'r.status', 'a.outcome', 'a.limits'])
      .where(month('r.created_at'), '>=', q.from).where(month('r.created_at'), '<=', q.to).execute(),
    ctx.db.selectFrom('site').select(['id', 'name']).execute(),
    ctx.db.selectFrom('refusal_reason').select(['code', 'name_ru', 'name_en']).execute(),
  ]);
  const facts: DemandFact[] = [
    ...deals.map((d): DemandFact => ({
      origin: 'lead', month: d.month, serviceKind: d.service_kind, siteId: d.site_id, outcome: d.outcome, reason: d.lost_reason,
      budget: d.expected_monthly_revenue, quantity: 1,
    })),
    ...requests.map((r): DemandFact => ({
      origin: 'feasibility', month: r.month, serviceKind: r.service_kind, siteId: r.site_id, outcome: r.outcome === 'not_feasible' ? 'refused' : 'open',
      reason: r.outcome === 'not_feasible' ? (r.limits?.trim() || 'not_feasible') : null, budget: 0n, quantity: r.quantity,
    })),
  ];
  const sources = new Map<string, number>();
  for (const d of deals) { const k = d.utm_source ?? d.source; sources.set(k, (sources.get(k) ?? 0) + 1); }
  return {
    from: q.from, to: q.to,
    rows: demandReport(facts),
    sites: Object.fromEntries(sites.map((s) => [s.id, s.name])),
    reasonNames: Object.fromEntries(reasons.map((r) => [r.code, { ru: r.name_ru, en: r.name_en }])),
    sources: [...sources].map(([source, count]) => ({ source, count })).sort((a, b) => b.count - a.count),
  };
}

/** The demand report as an XLSX table (money in rubles). */
export async function demandXlsx(ctx: Ctx, q: DemandQuery, locale: 'ru' | 'en'): Promise<Buffer> {
  const r = await demand(ctx, q);
  const ru = locale === 'ru';
  const reason = (code: string) => r.reasonNames[code]?.[locale] ?? code;
  return writeXlsx([{
    name: ru ? 'Спрос' : 'Demand',
    columns: [
      { header: ru ? 'Месяц' : 'Month', key: 'month', width: 10 }, { header: ru ? 'Вид услуги' : 'Kind', key: 'kind', width: 14 },
      { header: ru ? 'Площадка' : 'Site', key: 'site', width: 24 }, { header: ru ? 'Лиды' : 'Leads', key: 'leads', width: 8 },
      { header: ru ? 'Запросы ТВ' : 'Feasibility requests', key: 'requests', width: 10 }, { header: ru ? 'Выиграно' : 'Won', key: 'won', width: 8 },
      { header: ru ? 'Проиграно' : 'Lost', key: 'lost', width: 8 }, { header: ru ? 'Отказано' : 'Refused', key: 'refused', width: 8 },
      { header: ru ? 'Бюджет в месяц, ₽' : 'Monthly budget, RUB', key: 'budget', width: 16, numFmt: '#,##0.00' },
      { header: ru ? 'Причины' : 'Reasons', key: 'reasons', width: 40 },
    ],
    rows: r.rows.map((x) => ({
      month: x.month, kind: x.serviceKind, site: r.sites[x.siteId] ?? x.siteId, leads: x.leads, requests: x.requests, won: x.won, lost: x.lost, refused: x.refused,
      budget: Number(x.budget) / 100, reasons: x.reasons.map((w) => `${reason(w.reason)} × ${w.count}`).join('; '),
    })),
  }]);
}
