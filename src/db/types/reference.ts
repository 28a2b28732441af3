import type { Generated } from 'kysely';
import type { Ts } from './columns.ts';

export interface SiteTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  address: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface OwnEntityTable {
  company_id: string;
  tax_mode: string;
  is_default: Generated<boolean>;
  updated_at: Ts;
}

export interface ReferenceTables {
  site: SiteTable;
  own_entity: OwnEntityTable;
}
