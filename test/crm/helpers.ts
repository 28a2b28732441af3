import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
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

/**
 * A proposal of `companyId` that the client accepted, as a restored dump brings it (the dump switch lets
 * inserted history through; the deal's stage move that follows is checked in full). For tests whose subject
 * is not the acceptance itself — reports and lists at fixed past dates; acceptance is tested end to end in
 * test/sales/.
 */
export async function acceptedProposalOf(db: Kysely<DB>, companyId: string, monthly: bigint): Promise<string> {
  const id = `qt_hist${randomBytes(6).toString('hex')}`;
  await db.transaction().execute(async (tx) => {
    await sql`SET LOCAL rackdesk.loading = 'on'`.execute(tx);
    await tx.insertInto('proposal').values({ id, number: `КП-H-${id.slice(-8)}`, company_id: companyId, seller_company_id: companyId, deal_id: null, title: null, created_by: null }).execute();
    await tx.insertInto('proposal_version').values({
      id: `qv_${id.slice(3)}`, proposal_id: id, version: 1, status: 'accepted', service_date: '2025-01-01', valid_until: '2025-01-31', tax_mode: 'usn', vat_rate: null,
      monthly_total: monthly, setup_total: 0n, net_total: monthly, vat_total: 0n, gross_total: monthly, snapshot: null, sent_hash: 'h', sent_at: new Date('2025-01-01'), decided_at: new Date('2025-01-02'),
    }).execute();
  });
  return id;
}
