import { z } from 'zod';
import { optText } from './company.schemas.ts';

const phone = z.string().trim().refine((p) => {
  const n = p.replace(/\D/g, '').length;
  return /^\+?[\d\s()-]+$/.test(p) && n >= 10 && n <= 15;
}, { error: 'v.phone' });

export const contactFields = {
  fullName: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(200, { error: 'v.tooLong' }),
  position: optText(200),
  phones: z.array(phone).max(10).default([]),
  emails: z.array(z.email({ error: 'v.email' })).max(10).default([]),
  notes: optText(5000),
};

export const ContactCreateSchema = z.object(contactFields).strict();
export type ContactInput = z.output<typeof ContactCreateSchema>;
export const ContactPatchSchema = z.object({
  fullName: contactFields.fullName.optional(),
  position: contactFields.position.optional(),
  phones: z.array(phone).max(10).optional(),
  emails: z.array(z.email({ error: 'v.email' })).max(10).optional(),
  notes: contactFields.notes.optional(),
}).strict();
