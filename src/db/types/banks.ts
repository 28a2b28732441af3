import type { Generated } from 'kysely';
import type { BikEntry } from '../../domain/banks/ed807.ts';

export interface BikImportTable {
  id: string;
  file_name: string | null;
  ed_date: string | null;
  entries: number;
  closed: number;
  imported_by: string | null;
  imported_at: Generated<Date>;
}

export interface BikEntryTable {
  bik: string;
  name: string;
  corr_account: string | null;
  city: string | null;
  status: BikEntry['status'];
  closed_on: string | null;
  import_id: string;
}

export interface BanksTables {
  bik_import: BikImportTable;
  bik_entry: BikEntryTable;
}
