import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { createDeal } from '../../src/app/crm/deals.ts';
import { createContact } from '../../src/app/parties/contacts.ts';
import { createProposal } from '../../src/app/quoting/proposals.ts';
import { pricingWorld, proposalInput, type World } from '../quoting/world.ts';

/** The priced world of the quoting tests plus a client contact with an e-mail (no consents given) and an open deal. */
export async function salesWorld(db: Kysely<DB>) {
  const w = await pricingWorld(db);
  const contact = await createContact(w.manager, w.client.id, { fullName: 'Мария Соколова', emails: [`maria.${w.tag.toLowerCase()}@client.test`], phones: [] });
  const deal = await createDeal(w.manager, { title: `Серверы ${w.tag}`, source: 'inbound_call', companyId: w.client.id, contactId: contact.id, expectedMonthlyRevenue: '10 000', nextStep: 'КП', nextStepDue: '2026-12-20' });
  return { ...w, contact, deal };
}
export type SalesWorld = Awaited<ReturnType<typeof salesWorld>>;

/** Another open deal of the world's client. */
export const anotherDeal = (w: SalesWorld, title = 'Ещё сделка') =>
  createDeal(w.manager, { title, source: 'referral', companyId: w.client.id, nextStep: 'x', nextStepDue: '2026-12-20' });

/** A draft proposal of the world's deal: two servers at `unitPrice` kopecks (monthly total = 2 × unitPrice). */
export const dealProposal = (w: World & { deal: { id: string } }, unitPrice = 3_000_000, over: Record<string, unknown> = {}) =>
  createProposal(w.manager, proposalInput(w, unitPrice, { dealId: w.deal.id, ...over }));
