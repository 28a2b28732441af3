import type { Generated } from 'kysely';
import type { Json, Ts } from './columns.ts';

export interface AppUserTable {
  id: string;
  email: string;
  full_name: string;
  role: string;
  password_hash: string;
  active: Generated<boolean>;
  locale: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface AuthSessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  kind: 'session' | 'api';
  label: string | null;
  created_at: Generated<Date>;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface CompanyTable {
  id: string;
  kind: string;
  legal_form: string | null;
  name: string;
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
  bik: string | null;
  bank_name: string | null;
  settlement_account: string | null;
  corr_account: string | null;
  legal_address: string | null;
  postal_address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  roles: string[];
  notes: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface ContactTable {
  id: string;
  company_id: string;
  full_name: string;
  position: string | null;
  phones: string[];
  emails: string[];
  notes: string | null;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface ConsentEventTable {
  id: string;
  contact_id: string;
  channel: string;
  purpose: string;
  status: 'granted' | 'withdrawn';
  at: Date;
  source: string;
  text_version: string | null;
  recorded_by: string | null;
  recorded_at: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<bigint>;
  at: Generated<Date>;
  actor_id: string | null;
  actor_name: string | null;
  entity_type: string;
  entity_id: string;
  scope_id: string | null;
  action: string;
  before: Json;
  after: Json;
}

export interface JobTable {
  id: string;
  name: string;
  payload: Json;
  dedupe_key: string | null;
  state: Generated<'queued' | 'running' | 'done' | 'failed'>;
  run_at: Ts;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface FoundationTables {
  app_user: AppUserTable;
  auth_session: AuthSessionTable;
  company: CompanyTable;
  contact: ContactTable;
  consent_event: ConsentEventTable;
  audit_log: AuditLogTable;
  job: JobTable;
}
