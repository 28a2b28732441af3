import type { Ctx } from '../../src/app/context.ts';
import { createContact } from '../../src/app/parties/contacts.ts';
import { recordConsent } from '../../src/app/parties/consents.ts';
import { AppError } from '../../src/domain/errors.ts';
import { aCompany } from '../helpers/factories.ts';

export const rejects = async (p: Promise<unknown>): Promise<AppError> => {
  try { await p; } catch (e) { if (e instanceof AppError) return e; throw e; }
  throw new Error('expected the call to be refused');
};

/** A client company with one contact that has an e-mail and a phone. */
export async function aClientWithContact(ctx: Ctx, over: Record<string, unknown> = {}) {
  const company = await aCompany(ctx, over);
  const contact = await createContact(ctx, company.id, { fullName: 'Иван Петров', emails: [`ivan.${company.id}@client.test`], phones: ['+7 495 123-45-67'] });
  return { company, contact };
}

/** Grants personal-data and advertising consent on a channel. */
export async function grantAdvertising(ctx: Ctx, companyId: string, contactId: string, channel: 'email' | 'call', at?: string) {
  for (const purpose of ['pd_processing', 'advertising'] as const) {
    await recordConsent(ctx, companyId, contactId, { channel, purpose, status: 'granted', source: 'подписанная анкета', textVersion: 'v1', ...(at ? { at } : {}) });
  }
}
