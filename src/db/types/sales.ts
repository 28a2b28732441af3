import type { Generated } from 'kysely';
import type { Ts } from './columns.ts';

/** Sales-flow settings (one row, id = true). */
export interface SalesSettingsTable {
  id: Generated<boolean>;
  link_valid_days: number;
  survey_after_days: number;
  low_score_threshold: number;
  updated_at: Ts;
}

/** A personal link (proposal answer or survey); only the token's SHA-256 is kept. */
export interface PublicLinkTable {
  id: string;
  token_hash: string;
  purpose: 'proposal' | 'survey';
  version_id: string | null;
  survey_id: string | null;
  contact_id: string;
  email: string;
  expires_at: Ts;
  used_at: Ts | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** The client's answer to a sent proposal version, once per version. */
export interface ProposalDecisionTable {
  id: string;
  version_id: string;
  decision: 'accepted' | 'declined';
  channel: 'online' | 'paper';
  link_id: string | null;
  contact_id: string | null;
  comment: string | null;
  ip: string | null;
  content_hash: string;
  recorded_by: string | null;
  decided_at: Generated<Date>;
}

export interface SatisfactionSurveyTable {
  id: string;
  service_id: string;
  company_id: string;
  contact_id: string;
  manager_id: string | null;
  sent_at: Generated<Date>;
  score: number | null;
  comment: string | null;
  answered_at: Ts | null;
  task_id: string | null;
}

export interface SalesTables {
  sales_settings: SalesSettingsTable;
  public_link: PublicLinkTable;
  proposal_decision: ProposalDecisionTable;
  satisfaction_survey: SatisfactionSurveyTable;
}
