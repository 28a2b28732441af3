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
