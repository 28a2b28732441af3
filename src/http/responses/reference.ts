import { z } from 'zod';

export const Site = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(['data_center', 'pop', 'office']),
  address: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.date(),
});

export const Company = z.object({
  id: z.string(),
  kind: z.enum(['legal', 'sole_proprietor', 'individual']),
  legalForm: z.string().nullable(),
  name: z.string(),
  inn: z.string().nullable(),
  kpp: z.string().nullable(),
  ogrn: z.string().nullable(),
  bik: z.string().nullable(),
  bankName: z.string().nullable(),
  settlementAccount: z.string().nullable(),
  corrAccount: z.string().nullable(),
  legalAddress: z.string().nullable(),
  postalAddress: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  roles: z.array(z.enum(['client', 'supplier', 'partner', 'own'])),
  notes: z.string().nullable(),
  version: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const OwnEntity = z.object({
  company: Company,
  taxMode: z.enum(['osn', 'usn', 'usn_vat5', 'usn_vat7']),
  isDefault: z.boolean(),
});

/** GET /sites (200) */
export const getSites = z.object({ items: z.array(Site) });

/** POST /sites (201) */
export const postSites = Site;

/** GET /own-entities (200) */
export const getOwnEntities = z.object({ items: z.array(OwnEntity) });

/** PUT /own-entities (200) */
export const putOwnEntities = OwnEntity;
