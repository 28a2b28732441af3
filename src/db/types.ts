import type { FoundationTables } from './types/foundation.ts';
import type { ReferenceTables } from './types/reference.ts';
import type { CatalogPricingTables } from './types/catalog-pricing.ts';
import type { CrmTables } from './types/crm.ts';
import type { InventoryTables } from './types/inventory.ts';
import type { BillingTables } from './types/billing.ts';
import type { CompensationTables } from './types/compensation.ts';
import type { BanksTables } from './types/banks.ts';
import type { SalesTables } from './types/sales.ts';
import type { OrderTables } from './types/orders.ts';
import type { InstallmentTables } from './types/installments.ts';
import type { MarketingTables } from './types/marketing.ts';
import type { AdvertisingTables } from './types/advertising.ts';

export type * from './types/foundation.ts';
export type * from './types/columns.ts';
export type * from './types/reference.ts';
export type * from './types/catalog-pricing.ts';
export type * from './types/crm.ts';
export type * from './types/inventory.ts';
export type * from './types/billing.ts';
export type * from './types/compensation.ts';
export type * from './types/banks.ts';
export type * from './types/sales.ts';
export type * from './types/orders.ts';
export type * from './types/installments.ts';
export type * from './types/marketing.ts';
export type * from './types/advertising.ts';

/**
 * Every table Rackdesk knows, as Kysely sees it. Each context keeps its tables in
 * `types/<context>.ts` and adds its interface here with `&`.
 */
export type DB = FoundationTables & ReferenceTables & CatalogPricingTables & CrmTables & InventoryTables & BillingTables & CompensationTables & BanksTables & SalesTables & OrderTables & InstallmentTables & MarketingTables & AdvertisingTables;
