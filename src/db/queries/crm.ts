import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../types.ts';
import type { ActivityTable, DealTable, PartnerAgreementTable, TaskTable } from '../types/crm.ts';

export interface Deal {
  id: string;
  title: string;
  source: string;
  utm: { source: string | null; medium: string | null; campaign: string | null; content: string | null; term: string | null };
  partnerId: string | null;
  ownerId: string;
  companyId: string;
  contactId: string | null;
  serviceKind: string | null;
  siteId: string | null;
  parameters: string | null;
  /** Kopecks. */
  expectedMonthlyRevenue: bigint;
  stage: string;
  outcome: 'open' | 'won' | 'lost';
  probability: number;
  nextStep: string | null;
  nextStepDue: string | null;
  blockedReason: string | null;
  lostReason: string | null;
  lostComment: string | null;
  proposalId: string | null;
  closedAt: Date | null;
  stageChangedAt: Date;
  statusUpdatedAt: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const dealFromRow = (r: Selectable<DealTable>): Deal => ({
  id: r.id, title: r.title, source: r.source,
  utm: { source: r.utm_source, medium: r.utm_medium, campaign: r.utm_campaign, content: r.utm_content, term: r.utm_term },
  partnerId: r.partner_id, ownerId: r.owner_id, companyId: r.company_id, contactId: r.contact_id,
  serviceKind: r.service_kind, siteId: r.site_id, parameters: r.parameters, expectedMonthlyRevenue: r.expected_monthly_revenue,
  stage: r.stage, outcome: r.outcome, probability: r.probability, nextStep: r.next_step, nextStepDue: r.next_step_due,
  blockedReason: r.blocked_reason, lostReason: r.lost_reason, lostComment: r.lost_comment, proposalId: r.proposal_id,
  closedAt: r.closed_at, stageChangedAt: r.stage_changed_at, statusUpdatedAt: r.status_updated_at, version: r.version,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

export interface Activity {
  id: string;
  kind: string;
  direction: 'outbound' | 'inbound';
  purpose: 'advertising' | 'service' | 'reply';
  dealId: string | null;
  companyId: string;
  contactId: string | null;
  ownerId: string | null;
  at: Date;
  subject: string | null;
  outcome: string | null;
  body: string | null;
  emailTo: string | null;
  emailMessageId: string | null;
}

export const activityFromRow = (r: Selectable<ActivityTable>): Activity => ({
  id: r.id, kind: r.kind, direction: r.direction, purpose: r.purpose, dealId: r.deal_id, companyId: r.company_id,
  contactId: r.contact_id, ownerId: r.owner_id, at: r.at, subject: r.subject, outcome: r.outcome, body: r.body,
  emailTo: r.email_to, emailMessageId: r.email_message_id,
});

export interface Task {
  id: string;
  title: string;
  dealId: string | null;
  companyId: string | null;
  assigneeId: string;
  createdBy: string | null;
  dueDate: string;
  remindAt: Date | null;
  remindedAt: Date | null;
  doneAt: Date | null;
  createdAt: Date;
}

export const taskFromRow = (r: Selectable<TaskTable>): Task => ({
  id: r.id, title: r.title, dealId: r.deal_id, companyId: r.company_id, assigneeId: r.assignee_id, createdBy: r.created_by,
  dueDate: r.due_date, remindAt: r.remind_at, remindedAt: r.reminded_at, doneAt: r.done_at, createdAt: r.created_at,
});

export interface PartnerAgreement {
  id: string;
  partnerId: string;
  number: string | null;
  agentFeePercent: string | null;
  /** Kopecks per client brought. */
  agentFeeFixed: bigint | null;
  resellerDiscountPercent: string | null;
  validFrom: string;
  validTo: string | null;
  conditions: string | null;
}

export const agreementFromRow = (r: Selectable<PartnerAgreementTable>): PartnerAgreement => ({
  id: r.id, partnerId: r.partner_id, number: r.number,
  agentFeePercent: r.agent_fee_percent === null ? null : trimDecimal(r.agent_fee_percent),
  agentFeeFixed: r.agent_fee_fixed,
  resellerDiscountPercent: r.reseller_discount_percent === null ? null : trimDecimal(r.reseller_discount_percent),
  validFrom: r.valid_from, validTo: r.valid_to, conditions: r.conditions,
});

const trimDecimal = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);

export async function findDeal(db: Kysely<DB>, id: string, forUpdate = false): Promise<Deal | undefined> {
  let q = db.selectFrom('deal').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? dealFromRow(r) : undefined;
}

export async function findStage(db: Kysely<DB>, code: string) {
  return db.selectFrom('crm_stage').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The default pipeline (new → qualified → feasibility → proposal → negotiation → won | lost) and refusal reasons. */
const DEFAULTS = sql`
  INSERT INTO crm_stage (code, name_ru, name_en, position, outcome, probability) VALUES
    ('new', 'Новый', 'New', 10, 'open', 10),
    ('qualified', 'Квалифицирован', 'Qualified', 20, 'open', 20),
    ('feasibility', 'Проверка возможности', 'Feasibility', 30, 'open', 40),
    ('proposal', 'КП отправлено', 'Proposal', 40, 'open', 60),
    ('negotiation', 'Переговоры', 'Negotiation', 50, 'open', 80),
    ('won', 'Выиграна', 'Won', 90, 'won', 100),
    ('lost', 'Проиграна', 'Lost', 99, 'lost', 0)
  ON CONFLICT DO NOTHING`;
const DEFAULT_REASONS = sql`
  INSERT INTO refusal_reason (code, name_ru, name_en) VALUES
    ('price', 'Дорого', 'Price too high'),
    ('competitor', 'Выбрали конкурента', 'Chose a competitor'),
    ('no_capacity', 'Нет технической возможности', 'No capacity or coverage'),
    ('location', 'Не подходит площадка', 'Location does not fit'),
    ('no_budget', 'Нет бюджета', 'No budget'),
    ('no_response', 'Клиент пропал', 'No response'),
    ('postponed', 'Отложили проект', 'Project postponed'),
    ('other', 'Другое', 'Other')
  ON CONFLICT DO NOTHING`;

/**
 * Adds the default pipeline and refusal reasons when there are none yet. Done on first use rather than
 * in the migration, so an empty migrated database accepts a dump (whose own stages then apply).
 */
export async function ensureCrmDefaults(db: Kysely<DB>): Promise<void> {
  const has = await db.selectFrom('crm_stage').select('code').limit(1).executeTakeFirst();
  if (!has) await DEFAULTS.execute(db);
  const hasReason = await db.selectFrom('refusal_reason').select('code').limit(1).executeTakeFirst();
  if (!hasReason) await DEFAULT_REASONS.execute(db);
}

/** Each client's first won deal (by the day it was won): who owned it, where it came from, through which partner. */
export async function firstWonDeals(db: Kysely<DB>, companyIds: readonly string[] | null) {
  if (companyIds && companyIds.length === 0) return [];
  let q = db.selectFrom('deal').where('outcome', '=', 'won')
    .select(['company_id', 'owner_id', 'source', 'partner_id', 'utm_campaign', 'id'])
    .distinctOn('company_id').orderBy('company_id').orderBy('closed_at').orderBy('id');
  if (companyIds) q = q.where('company_id', 'in', companyIds);
  return q.execute();
}
