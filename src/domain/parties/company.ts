import type { CompanyKind, CompanyRole } from './company.schemas.ts';

export interface Company {
  id: string;
  kind: CompanyKind;
  legalForm: string | null;
  name: string;
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
  bik: string | null;
  bankName: string | null;
  settlementAccount: string | null;
  corrAccount: string | null;
  legalAddress: string | null;
  postalAddress: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  roles: CompanyRole[];
  notes: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Contact {
  id: string;
  companyId: string;
  fullName: string;
  position: string | null;
  phones: string[];
  emails: string[];
  notes: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface User {
  id: string;
  email: string;
  fullName: string;
  role: import('./permissions.ts').Role;
  active: boolean;
  locale: 'ru' | 'en';
  createdAt: Date;
}

/**
 * How a company is named for people: `ПАО «Сбербанк России»`, `ИП Иванов И. И.`. Names typed
 * with the form and quotes already (`АО «ГеоСофт»`) are shown as they are.
 */
export function companyTitle(c: { kind: string; legalForm: string | null; name: string }): { prefix: string | null; name: string } {
  const form = c.kind === 'individual' ? null : c.legalForm?.trim() || null;
  if (!form) return { prefix: null, name: c.name };
  if (c.name.toUpperCase().startsWith(`${form.toUpperCase()} `)) return { prefix: null, name: c.name };
  const quoted = c.kind === 'legal' && !/[«"„“]/.test(c.name) ? `«${c.name}»` : c.name;
  return { prefix: form, name: quoted };
}

/** The full name for documents: `ООО «Северный ветер»`. */
export function companyFullName(c: { kind: string; legalForm: string | null; name: string }): string {
  const t = companyTitle(c);
  return t.prefix ? `${t.prefix} ${t.name}` : t.name;
}
