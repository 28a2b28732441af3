import type { Generated } from 'kysely';
import type { Json, Money } from './columns.ts';

export interface PayPlanTable {
  id: string;
  name: string;
  created_at: Generated<Date>;
}

export interface PayPlanVersionTable {
  id: string;
  plan_id: string;
  valid_from: string;
  valid_to: string | null;
  base_salary: Money;
  management_bonus_cap: Money;
  acquisition_rate: string;
  handling_rate: string;
  retention_rate: string;
  first_part_num: number;
  first_part_den: number;
  deferral_months: number;
  revenue_basis: 'invoiced' | 'paid';
  pay_deferred_if_closed_early: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface PayAssignmentTable {
  id: string;
  user_id: string;
  plan_id: string;
  valid_from: string;
  valid_to: string | null;
}

export type BroughtBy = 'manager' | 'partner' | 'campaign' | 'other_staff' | 'other';

export interface PayClientTable {
  company_id: string;
  brought_by: BroughtBy;
  acquired_by: string | null;
  handled_by: string | null;
  partner_id: string | null;
  campaign: string | null;
  note: string | null;
  updated_at: Generated<Date>;
}

export interface PayHandoverTable {
  id: string;
  company_id: string;
  to_user_id: string;
  from_date: string;
  reason: string;
  created_at: Generated<Date>;
}

export interface PayManagementBonusTable {
  user_id: string;
  month: string;
  amount: Money;
  comment: string;
  decided_by: string | null;
  decided_at: Generated<Date>;
}

export interface PayReportTable {
  user_id: string;
  month: string;
  accepted_by: string | null;
  accepted_at: Generated<Date>;
}

export interface PayDeductionTable {
  id: string;
  user_id: string;
  month: string;
  kind: 'ad_spend' | 'partner_bonus' | 'carried';
  amount: Money;
  company_id: string | null;
  note: string;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface PayPenaltyTable {
  id: string;
  user_id: string;
  month: string;
  company_id: string;
  tariff: Money;
  reason: string;
  decided_by: string | null;
  created_at: Generated<Date>;
}

export interface PayStatementTable {
  id: string;
  user_id: string;
  month: string;
  total: Money;
  approved_by: string | null;
  approved_by_name: string;
  approved_at: Generated<Date>;
}

export type PayLineKind = 'base' | 'management' | 'acquisition' | 'handling' | 'retention' | 'deduction' | 'penalty';

export interface PayStatementLineTable {
  id: Generated<bigint>;
  statement_id: string;
  user_id: string;
  key: string;
  kind: PayLineKind;
  due_month: string;
  company_id: string | null;
  amount: Money;
  sources: Json;
}

export interface CompensationTables {
  pay_plan: PayPlanTable;
  pay_plan_version: PayPlanVersionTable;
  pay_assignment: PayAssignmentTable;
  pay_client: PayClientTable;
  pay_handover: PayHandoverTable;
  pay_management_bonus: PayManagementBonusTable;
  pay_report: PayReportTable;
  pay_deduction: PayDeductionTable;
  pay_penalty: PayPenaltyTable;
  pay_statement: PayStatementTable;
  pay_statement_line: PayStatementLineTable;
}
