import type { Generated } from 'kysely';
import type { Json, Money } from './columns.ts';

export interface MktCompetitorTable {
  id: string;
  name: string;
  created_at: Generated<Date>;
}

export interface MktCompetitorOfferTable {
  id: string;
  competitor_id: string;
  observed_on: string;
  source_url: string;
  service_kind: string;
  site_id: string;
  location_note: string | null;
  params: Json;
  monthly_price: Money;
  setup_fee: Money;
  vat_included: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** One row (id = true) when someone changed the defaults; absent means the defaults. */
export interface MktSettingsTable {
  id: Generated<boolean>;
  stale_days: number;
  tolerance_pct: number;
}

export interface MktAdSpendTable {
  id: string;
  campaign: string;
  month: string;
  amount: Money;
  channel: string | null;
  note: string | null;
  used_by: string | null;
  for_company_id: string | null;
  deduction_id: string | null;
  deduction_kind: Generated<'ad_spend'>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface MarketingTables {
  mkt_competitor: MktCompetitorTable;
  mkt_competitor_offer: MktCompetitorOfferTable;
  mkt_settings: MktSettingsTable;
  mkt_ad_spend: MktAdSpendTable;
}
