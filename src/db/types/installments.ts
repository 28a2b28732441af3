import type { Generated } from 'kysely';

export interface InstAgreementTable {
  id: string;
  supplier_id: string;
  number: string;
  signed_on: string;
  currency: Generated<string>;
  total: bigint;
  down_payment: Generated<bigint>;
  fees: Generated<bigint>;
  schedule_kind: string;
  months: number;
  status: Generated<string>;
  paid_off_on: string | null;
  note: string | null;
  created_by_name: string;
  created_at: Generated<Date>;
}

export interface InstItemTable { agreement_id: string; equipment_id: string; price: bigint; sku: string | null }

export interface InstScheduleTable { agreement_id: string; seq: number; due_on: string; amount: bigint }

export interface BankOutgoingTable {
  id: string;
  import_id: string | null;
  dedupe_key: string;
  our_account: string;
  payee_account: string;
  payee_inn: string | null;
  payee_kpp: string | null;
  payee_name: string | null;
  amount: bigint;
  paid_on: string;
  doc_number: string | null;
  purpose: Generated<string>;
  status: string;
  agreement_id: string | null;
  note: string | null;
  created_at: Generated<Date>;
}

export interface InstPaymentTable {
  id: string;
  agreement_id: string;
  amount: bigint;
  paid_on: string;
  source: string;
  outgoing_id: string | null;
  doc_number: string | null;
  note: string | null;
  actor_name: string;
  created_at: Generated<Date>;
}

export interface InstallmentTables {
  inst_agreement: InstAgreementTable;
  inst_item: InstItemTable;
  inst_schedule: InstScheduleTable;
  bank_outgoing: BankOutgoingTable;
  inst_payment: InstPaymentTable;
}
