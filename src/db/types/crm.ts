import type { Generated } from 'kysely';
import type { Money, Ts } from './columns.ts';

export interface CrmStageTable {
  code: string;
  name_ru: string;
  name_en: string;
  position: number;
  outcome: 'open' | 'won' | 'lost';
  probability: number;
  active: Generated<boolean>;
}

/** A non-working date (YYYY-MM-DD) of the business calendar. */
export interface CrmHolidayTable {
  day: string;
  name: Generated<string>;
  created_at: Generated<Date>;
}

export interface RefusalReasonTable {
  code: string;
  name_ru: string;
  name_en: string;
  active: Generated<boolean>;
}

export interface DealTable {
  id: string;
  title: string;
  source: string;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_content: string | null;
  utm_term: string | null;
  partner_id: string | null;
  owner_id: string;
  company_id: string;
  contact_id: string | null;
  service_kind: string | null;
  site_id: string | null;
  parameters: string | null;
  expected_monthly_revenue: Money;
  stage: string;
  furthest_position: Generated<number>;
  outcome: Generated<'open' | 'won' | 'lost'>;
  probability: number;
  next_step: string | null;
  next_step_due: string | null;
  blocked_reason: string | null;
  lost_reason: string | null;
  lost_comment: string | null;
  proposal_id: string | null;
  closed_at: Date | null;
  stage_changed_at: Ts;
  status_updated_at: Ts;
  version: Generated<number>;
  created_at: Ts;
  updated_at: Ts;
}

export interface DealStageChangeTable {
  id: Generated<bigint>;
  deal_id: string;
  from_stage: string | null;
  to_stage: string;
  from_entered_at: Date | null;
  at: Ts;
  actor_id: string | null;
}

export interface ActivityTable {
  id: string;
  kind: string;
  direction: 'outbound' | 'inbound';
  purpose: 'advertising' | 'service' | 'reply';
  deal_id: string | null;
  company_id: string;
  contact_id: string | null;
  owner_id: string | null;
  at: Ts;
  subject: string | null;
  outcome: string | null;
  body: string | null;
  email_to: string | null;
  email_message_id: string | null;
  created_at: Generated<Date>;
}

export interface TaskTable {
  id: string;
  title: string;
  deal_id: string | null;
  company_id: string | null;
  assignee_id: string;
  created_by: string | null;
  due_date: string;
  remind_at: Date | null;
  reminded_at: Date | null;
  done_at: Date | null;
  created_at: Generated<Date>;
}

export interface PartnerAgreementTable {
  id: string;
  partner_id: string;
  number: string | null;
  agent_fee_percent: string | null;
  agent_fee_fixed: bigint | null;
  reseller_discount_percent: string | null;
  valid_from: string;
  valid_to: string | null;
  conditions: string | null;
  created_at: Generated<Date>;
}

export interface CrmNoticeTable {
  kind: string;
  key: string;
  sent_at: Generated<Date>;
}

/** A pending double opt-in of the lead form (migration 0027): the link's hash, used once, until `expires_at`. */
export interface LeadOptinTable {
  id: string;
  token_hash: string;
  company_id: string;
  contact_id: string;
  email: string;
  text_version: string;
  created_at: Generated<Date>;
  expires_at: Date;
  confirmed_at: Date | null;
}

export interface CrmTables {
  crm_stage: CrmStageTable;
  refusal_reason: RefusalReasonTable;
  crm_holiday: CrmHolidayTable;
  deal: DealTable;
  deal_stage_change: DealStageChangeTable;
  activity: ActivityTable;
  task: TaskTable;
  partner_agreement: PartnerAgreementTable;
  crm_notice: CrmNoticeTable;
  lead_optin: LeadOptinTable;
}
