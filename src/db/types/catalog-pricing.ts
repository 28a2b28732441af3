import type { Generated } from 'kysely';
import type { Json, Money, Ts } from './columns.ts';

export interface CatalogOptionTable {
  id: string;
  code: string;
  name: string;
  service_kind: string | null;
  unit: string;
  monthly_price: Money;
  setup_fee: Money;
  sku: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface OfferTable {
  id: string;
  code: string;
  name: string;
  service_kind: string;
  site_id: string;
  params: Json;
  components: Json;
  monthly_price: Money;
  setup_fee: Money;
  published: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface PricingFormulaTable {
  version: number;
  min_margin_pct: string;
  overhead_pct: string;
  amortization_months: number;
  floor_step: Money;
  note: string | null;
  created_by: string | null;
  created_by_name: string;
  created_at: Generated<Date>;
}

export interface SupplierPriceListTable {
  id: string;
  supplier_id: string;
  effective_from: string;
  source_name: string | null;
  line_count: number;
  imported_by: string | null;
  imported_by_name: string;
  imported_at: Generated<Date>;
  /** Set for the lines an installment agreement writes for its items ('paying' or 'owned' phase). */
  agreement_id: string | null;
  phase: string | null;
}

export interface SupplierPriceLineTable {
  id: string;
  price_list_id: string;
  line_no: number;
  sku: string;
  component: string;
  description: string | null;
  unit: string | null;
  billing: string;
  price: Money;
  installment_months: number | null;
}

export interface ProposalTable {
  id: string;
  seq: Generated<bigint>;
  number: string;
  company_id: string;
  seller_company_id: string;
  deal_id: string | null;
  title: string | null;
  current_version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface ProposalVersionTable {
  id: string;
  proposal_id: string;
  version: number;
  status: Generated<string>;
  service_date: string;
  valid_until: string;
  tax_mode: string;
  vat_rate: string | null;
  monthly_total: Generated<bigint>;
  setup_total: Generated<bigint>;
  net_total: Generated<bigint>;
  vat_total: Generated<bigint>;
  gross_total: Generated<bigint>;
  snapshot: Json;
  sent_hash: string | null;
  sent_at: Date | null;
  decided_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface ProposalLineTable {
  id: string;
  version_id: string;
  position: number;
  offer_id: string | null;
  site_id: string;
  service_kind: string;
  description: string;
  params: Json;
  components: Json;
  quantity: number;
  unit_price: Money;
  discount_pct: string;
  setup_fee: Money;
  unit_cost: Money;
  unit_floor: Money;
  cost_trace: Json;
  formula_version: number;
  feasibility_answer_id: string | null;
}

export interface ProposalApprovalTable {
  id: string;
  version_id: string;
  content_hash: string;
  approver_id: string;
  approver_name: string;
  reason: string;
  approved_at: Generated<Date>;
}

export interface DocumentTemplateTable {
  kind: string;
  file: Uint8Array;
  file_name: string;
  updated_by_name: string;
  updated_at: Ts;
}

export interface CatalogPricingTables {
  document_template: DocumentTemplateTable;
  catalog_option: CatalogOptionTable;
  offer: OfferTable;
  pricing_formula: PricingFormulaTable;
  supplier_price_list: SupplierPriceListTable;
  supplier_price_line: SupplierPriceLineTable;
  proposal: ProposalTable;
  proposal_version: ProposalVersionTable;
  proposal_line: ProposalLineTable;
  proposal_approval: ProposalApprovalTable;
}
