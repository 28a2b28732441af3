import type { Generated } from 'kysely';
import type { Json, Money, Ts } from './columns.ts';

export interface DocCounterTable { kind: string; seller_id: string; year: number; last_no: number }

export interface SalesOrderTable {
  id: string;
  number: string;
  proposal_id: string;
  version_id: string;
  deal_id: string | null;
  company_id: string;
  seller_id: string;
  manager_id: string | null;
  manager_name: string;
  priority: Generated<string>;
  status: Generated<string>;
  planned_start: string;
  agreed_start: string | null;
  monthly_total: Money;
  setup_total: Money;
  net_total: Money;
  vat_total: Money;
  gross_total: Money;
  initial_invoice_id: string | null;
  handed_off_at: Date | null;
  activated_at: Date | null;
  accepted_at: Date | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface OrderLineTable {
  id: string;
  order_id: string;
  version_id: string;
  position: number;
  service_kind: string;
  site_id: string;
  description: string;
  params: Json;
  quantity: number;
  unit_price: Money;
  discount_pct: string;
  setup_fee: Money;
  feasibility_answer_id: string | null;
  service_id: string | null;
}

export interface ContractTemplateTable {
  id: string;
  name: string;
  file: Uint8Array;
  file_name: string;
  tags: string[];
  active: Generated<boolean>;
  uploaded_by_name: string;
  uploaded_at: Generated<Date>;
}

export interface ContractTable {
  id: string;
  number: string;
  seller_id: string;
  client_id: string;
  contract_date: string;
  last_appendix: Generated<number>;
  created_at: Generated<Date>;
}

export interface ContractDocTable {
  id: string;
  order_id: string;
  contract_id: string;
  appendix_no: number;
  includes_contract: boolean;
  status: Generated<string>;
  channel: string | null;
  tracking: string | null;
  prepared_at: Generated<Date>;
  sent_at: Date | null;
  client_signed_at: Date | null;
  signed_at: Date | null;
  scan: Uint8Array | null;
  scan_name: string | null;
  archived_at: Date | null;
  updated_at: Ts;
}

export interface PaymentDeferralTable {
  order_id: string;
  approved_by: string;
  approver_name: string;
  reason: string;
  due_date: string;
  approved_at: Generated<Date>;
}

export interface ProvRequestTable {
  id: string;
  order_id: string;
  status: Generated<string>;
  lead_days: number;
  gate_opened_on: string | null;
  deadline: string | null;
  assignee_id: string | null;
  started_at: Date | null;
  done_at: Date | null;
  proposed_start: string | null;
  escalated_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface ProvCheckItemTable { request_id: string; position: number; label: string; done_at: Date | null; done_by_name: string | null }

export interface ProvDelayTable { id: string; request_id: string; responsible: string; reason: string; recorded_by_name: string; recorded_at: Generated<Date> }

export interface OrderReminderTable { order_id: string; kind: string; sent_at: Generated<Date> }

export interface OrderDisputeTable {
  id: string;
  order_id: string;
  subject: string;
  description: Generated<string>;
  opened_by_name: string;
  opened_at: Generated<Date>;
  resolution: string | null;
  resolved_by_name: string | null;
  resolved_at: Date | null;
}

export interface OrderTables {
  doc_counter: DocCounterTable;
  sales_order: SalesOrderTable;
  order_line: OrderLineTable;
  contract_template: ContractTemplateTable;
  contract: ContractTable;
  contract_doc: ContractDocTable;
  payment_deferral: PaymentDeferralTable;
  prov_request: ProvRequestTable;
  prov_check_item: ProvCheckItemTable;
  prov_delay: ProvDelayTable;
  order_reminder: OrderReminderTable;
  order_dispute: OrderDisputeTable;
}
