import { z } from 'zod';
import type { FieldError } from '../errors.ts';
import { checkBik, checkCorrAccount, checkInn, checkKpp, checkOgrn, checkSettlementAccount } from './requisites.ts';

export const companyKinds = ['legal', 'sole_proprietor', 'individual'] as const;
export type CompanyKind = (typeof companyKinds)[number];
export const companyRoles = ['client', 'supplier', 'partner', 'own'] as const;
export type CompanyRole = (typeof companyRoles)[number];

/** Optional text: trimmed; an empty string means "not given". */
export const optText = (max: number) =>
  z.string().trim().max(max, { error: 'v.tooLong' }).nullish().transform((v) => (v ? v : null));
const reqText = (max: number) => z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' });
const digitsText = (max: number) =>
  z.string().max(max + 10, { error: 'v.tooLong' }).nullish().transform((v) => (v ? v.replace(/[\s-]/g, '') || null : null));

export const companyFields = {
  kind: z.enum(companyKinds, { error: 'v.enum' }),
  legalForm: optText(40),
  name: reqText(300),
  inn: digitsText(12),
  kpp: z.string().max(20).nullish().transform((v) => (v ? v.trim().toUpperCase() || null : null)),
  ogrn: digitsText(15),
  bik: digitsText(9),
  bankName: optText(300),
  settlementAccount: digitsText(20),
  corrAccount: digitsText(20),
  legalAddress: optText(500),
  postalAddress: optText(500),
  phone: optText(40),
  email: z.union([z.email({ error: 'v.email' }), z.literal('')]).nullish().transform((v) => (v ? v : null)),
  website: optText(200),
  roles: z.array(z.enum(companyRoles, { error: 'v.enum' })).min(1, { error: 'v.required' }).max(4).default(['client']),
  notes: optText(5000),
};

export const CompanyCreateSchema = z.object(companyFields).strict();
export type CompanyInput = z.output<typeof CompanyCreateSchema>;

// A patch names only what changes: no defaults may creep in (roles would silently reset to ['client']).
const { roles: _roles, ...patchable } = companyFields;
export const CompanyPatchSchema = z
  .object({
    ...Object.fromEntries(Object.entries(patchable).map(([k, v]) => [k, v.optional()])),
    roles: z.array(z.enum(companyRoles, { error: 'v.enum' })).min(1, { error: 'v.required' }).max(4).optional(),
    version: z.number().int().positive().optional(),
  })
  .strict() as unknown as z.ZodType<Partial<CompanyInput> & { version?: number }>;

/** Cross-field requisites rules by company kind; returns every problem, not only the first. */
export function checkCompanyRequisites(c: CompanyInput): FieldError[] {
  const errs: FieldError[] = [];
  const add = (path: string, key: string | null) => { if (key) errs.push({ path, key }); };
  if (c.kind === 'legal') {
    if (!c.inn) add('inn', 'v.required'); else add('inn', checkInn(c.inn, 10));
    if (!c.kpp) add('kpp', 'v.kpp.required'); else add('kpp', checkKpp(c.kpp));
    if (c.ogrn) add('ogrn', checkOgrn(c.ogrn, 13));
  } else if (c.kind === 'sole_proprietor') {
    if (!c.inn) add('inn', 'v.required'); else add('inn', checkInn(c.inn, 12));
    if (c.kpp) add('kpp', 'v.kpp.forbidden');
    if (c.ogrn) add('ogrn', checkOgrn(c.ogrn, 15));
  } else {
    if (c.inn) add('inn', checkInn(c.inn, 12));
    if (c.kpp) add('kpp', 'v.kpp.forbidden');
    if (c.ogrn) add('ogrn', 'v.ogrn.forbidden');
  }
  if (c.bik) add('bik', checkBik(c.bik));
  if (c.settlementAccount) add('settlementAccount', checkSettlementAccount(c.settlementAccount, c.bik));
  if (c.corrAccount) add('corrAccount', checkCorrAccount(c.corrAccount, c.bik));
  if (c.bik && !c.settlementAccount) add('settlementAccount', 'v.bank.incomplete');
  if (!c.bik && c.settlementAccount) add('bik', 'v.bank.incomplete');
  return errs;
}
