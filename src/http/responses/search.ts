import { z } from 'zod';
import { page } from './common.ts';

export const SearchHit = z.object({
  kind: z.enum(['company', 'contact', 'deal', 'proposal', 'invoice']),
  id: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  companyId: z.string().nullable(),
});

export const ContactRow = z.object({
  companyName: z.string(),
  id: z.string(),
  companyId: z.string(),
  fullName: z.string(),
  position: z.string().nullable(),
  phones: z.array(z.string()),
  emails: z.array(z.string()),
  notes: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** GET /search (200) */
export const getSearch = z.object({ q: z.string(), hits: z.array(SearchHit) });

/** GET /contacts (200) */
export const getContacts = page(ContactRow);
