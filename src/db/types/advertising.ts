import type { Generated } from 'kysely';
import type { Json, Money, Ts } from './columns.ts';

export interface AdTemplateTable {
  id: string;
  name: string;
  network: string;
  fields: Json;
  keywords: Json;
  final_url: string;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface AdCampaignTable { id: string; network: string; name: string; created_at: Generated<Date> }

export interface AdGroupTable { id: string; campaign_id: string; network: string; name: string; offer_id: string; created_at: Generated<Date> }

export interface AdTable {
  id: string;
  group_id: string;
  network: string;
  offer_id: string;
  template_id: string | null;
  fields: Json;
  final_url: string;
  claim_site_id: string;
  claim_params: Json;
  claim_net: Money;
  claim_setup_net: Money;
  claim_gross: Money;
  claim_setup_gross: Money;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface AdKeywordTable { id: string; group_id: string; network: string; phrase: string }

export interface AdExportTable { id: string; network: string; ad_count: number; exported_by: string | null; exported_by_name: string; exported_at: Generated<Date> }

export interface AdExportLineTable { export_id: string; ad_id: string; ad_version: number }

export interface AdvertisingTables {
  ad_template: AdTemplateTable;
  ad_campaign: AdCampaignTable;
  ad_group: AdGroupTable;
  ad: AdTable;
  ad_keyword: AdKeywordTable;
  ad_export: AdExportTable;
  ad_export_line: AdExportLineTable;
}
