import type { ColumnType, Generated } from 'kysely';
import type { Json, Money, Ts } from './columns.ts';
import type { ServiceStatus } from '../../domain/billing/billing.ts';

/** Money with a database default (or nullable with no value): optional on insert. */
type MoneyOpt<T = bigint> = ColumnType<T, bigint | string | undefined | (T extends null ? null : never), bigint | string>;

export interface BillingServiceTable {
  id: string;
  client_id: string;
  seller_id: string;
  contract_ref: string | null;
  kind: string;
  title: string;
  params: Json;
  site_id: string | null;
  monthly_price: Money;
  setup_fee: Money;
  quantity: number;
  start_date: string;
  end_date: string | null;
  billing_day: Generated<number>;
  status: ServiceStatus;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface ServiceTariffTable {
  id: string;
  service_id: string;
  valid_from: string;
  valid_to: string | null;
  monthly_price: Money;
  quantity: number;
  reason: string | null;
  created_at: Generated<Date>;
}

export interface InvoiceCounterTable { seller_id: string; year: number; last_no: number }

export interface BillingRunTable {
  id: string;
  period: string;
  started_at: Generated<Date>;
  finished_at: Date | null;
  invoices: Generated<number>;
  lines: Generated<number>;
  actor_name: string | null;
  /** The last sign of life of the process doing the run (see migration 0023). */
  heartbeat_at: Date | null;
  /** Set when the run's process died before finishing; its committed chunks stay. */
  interrupted_at: Date | null;
}

export interface InvoiceTable {
  id: string;
  seller_id: string;
  client_id: string;
  year: number;
  number: number;
  kind: string;
  period: string | null;
  issue_date: string;
  due_date: string;
  net_total: Money;
  vat_total: Money;
  total: Money;
  vat_rate: string | null;
  seller: Json;
  buyer: Json;
  run_id: string | null;
  corrects_invoice_id: Generated<string | null>;
  created_at: Generated<Date>;
}

export interface InvoiceLineTable {
  id: Generated<bigint>;
  invoice_id: string;
  service_id: string | null;
  billing_key: string;
  line_kind: string;
  period: string | null;
  date_from: string | null;
  date_to: string | null;
  description: string;
  quantity: number;
  unit_price: Money;
  net: Money;
  vat_rate: string | null;
  vat: Money;
  total: Money;
  tariff_id: Generated<string | null>;
  before_quantity: Generated<number | null>;
  before_unit_price: MoneyOpt<bigint | null>;
  before_net: MoneyOpt<bigint | null>;
  before_vat: MoneyOpt<bigint | null>;
}

export interface StatementImportTable {
  id: string;
  file_name: string | null;
  encoding: string;
  imported_at: Generated<Date>;
  actor_name: string | null;
  documents: number;
  incoming: number;
  duplicates: number;
  matched: number;
  queued: number;
  skipped: number;
  bank_operations: Generated<number>;
  date_from: string | null;
  date_to: string | null;
  amount_in: MoneyOpt;
  matched_amount: MoneyOpt;
}

export interface PaymentTable {
  id: string;
  source: string;
  dedupe_key: string | null;
  import_id: string | null;
  seller_id: string | null;
  client_id: string | null;
  amount: Money;
  paid_on: string;
  doc_number: string | null;
  payer_name: string | null;
  payer_inn: string | null;
  payer_kpp: string | null;
  payer_account: string | null;
  our_account: string | null;
  purpose: string | null;
  invoice_hints: Generated<number[]>;
  invoice_refs: Generated<Json>;
  status: string;
  note: string | null;
  created_at: Generated<Date>;
}

export interface PaymentAllocationTable {
  id: Generated<bigint>;
  payment_id: string;
  invoice_id: string;
  amount: Money;
  created_at: Generated<Date>;
}

export interface BillingSettingsTable {
  id: number;
  payment_terms_days: number;
  reminder_days: number[];
  suspend_after_days: number;
  updated_at: Ts;
}

export interface ReminderSentTable { invoice_id: string; stage: number; sent_at: Generated<Date>; sent_to: string }

export interface SuspensionProposalTable {
  id: string;
  client_id: string;
  proposed_at: Generated<Date>;
  debt: Money;
  oldest_due: string;
  status: Generated<string>;
  decided_by: string | null;
  decided_at: Date | null;
  note: string | null;
}

export interface ClosureReasonTable { code: string; name_ru: string; name_en: string; active: Generated<boolean> }

export interface ServiceEventTable {
  id: string;
  service_id: string;
  client_id: string;
  kind: string;
  effective_date: string;
  reason_code: string | null;
  retention_tried: string[];
  note: string | null;
  old_monthly: Money;
  new_monthly: Money;
  actor_name: string | null;
  created_at: Generated<Date>;
}

export interface BillingTables {
  billing_service: BillingServiceTable;
  service_tariff: ServiceTariffTable;
  invoice_counter: InvoiceCounterTable;
  billing_run: BillingRunTable;
  invoice: InvoiceTable;
  invoice_line: InvoiceLineTable;
  statement_import: StatementImportTable;
  payment: PaymentTable;
  payment_allocation: PaymentAllocationTable;
  billing_settings: BillingSettingsTable;
  reminder_sent: ReminderSentTable;
  suspension_proposal: SuspensionProposalTable;
  closure_reason: ClosureReasonTable;
  service_event: ServiceEventTable;
}
