import type { Kysely, Selectable } from 'kysely';
import type { Company, Contact, User } from '../../domain/parties/company.ts';
import type { CompanyInput } from '../../domain/parties/company.schemas.ts';
import type { ContactInput } from '../../domain/parties/contact.schemas.ts';
import type { AppUserTable, CompanyTable, ContactTable, DB } from '../types.ts';

export const companyFromRow = (r: Selectable<CompanyTable>): Company => ({
  id: r.id, kind: r.kind as Company['kind'], legalForm: r.legal_form, name: r.name, inn: r.inn, kpp: r.kpp, ogrn: r.ogrn,
  bik: r.bik, bankName: r.bank_name, settlementAccount: r.settlement_account, corrAccount: r.corr_account,
  legalAddress: r.legal_address, postalAddress: r.postal_address, phone: r.phone, email: r.email, website: r.website,
  roles: r.roles as Company['roles'], notes: r.notes, version: r.version, createdAt: r.created_at, updatedAt: r.updated_at,
});

export const companyToRow = (c: CompanyInput) => ({
  kind: c.kind, legal_form: c.legalForm, name: c.name, inn: c.inn, kpp: c.kpp, ogrn: c.ogrn, bik: c.bik,
  bank_name: c.bankName, settlement_account: c.settlementAccount, corr_account: c.corrAccount,
  legal_address: c.legalAddress, postal_address: c.postalAddress, phone: c.phone, email: c.email,
  website: c.website, roles: c.roles, notes: c.notes,
});

export const contactFromRow = (r: Selectable<ContactTable>): Contact => ({
  id: r.id, companyId: r.company_id, fullName: r.full_name, position: r.position, phones: r.phones, emails: r.emails,
  notes: r.notes, createdAt: r.created_at, updatedAt: r.updated_at,
});

export const contactToRow = (c: ContactInput) => ({
  full_name: c.fullName, position: c.position, phones: c.phones, emails: c.emails, notes: c.notes,
});

export const userFromRow = (r: Selectable<AppUserTable>): User => ({
  id: r.id, email: r.email, fullName: r.full_name, role: r.role as User['role'], active: r.active,
  locale: r.locale as User['locale'], createdAt: r.created_at,
});

export async function findCompany(db: Kysely<DB>, id: string, forUpdate = false): Promise<Company | undefined> {
  let q = db.selectFrom('company').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && companyFromRow(row);
}

/** The company that already holds this ИНН (+КПП), if any. */
export async function findCompanyByInn(db: Kysely<DB>, inn: string, kpp: string | null, exceptId?: string) {
  let q = db.selectFrom('company').select(['id', 'name']).where('inn', '=', inn).where('kpp', kpp === null ? 'is' : '=', kpp);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

export async function findContact(db: Kysely<DB>, companyId: string, contactId: string): Promise<Contact | undefined> {
  const row = await db.selectFrom('contact').selectAll().where('id', '=', contactId).where('company_id', '=', companyId).executeTakeFirst();
  return row && contactFromRow(row);
}
