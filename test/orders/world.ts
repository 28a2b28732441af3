import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { createProposal } from '../../src/app/quoting/proposals.ts';
import { decideProposal, sendProposal } from '../../src/app/quoting/transitions.ts';
import { createContact } from '../../src/app/parties/contacts.ts';
import { createOrder } from '../../src/app/orders/orders.ts';
import { advanceSigning } from '../../src/app/contracts/contracts.ts';
import { AppError } from '../../src/domain/errors.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { confirmFeasibility, pricingWorld, proposalInput } from '../quoting/world.ts';

/** The pricing world plus signatories on both sides, an assistant and accounting. */
export async function orderWorld(db: Kysely<DB>) {
  const w = await pricingWorld(db);
  await createContact(w.manager, w.client.id, { fullName: 'Петров Пётр Петрович', position: 'Генеральный директор' });
  await createContact(w.admin, w.own.id, { fullName: 'Иванов Иван Иванович', position: 'Генеральный директор' });
  const [assistant, accounting] = await Promise.all([ctxAs(db, 'assistant'), ctxAs(db, 'accounting')]);
  return { ...w, assistant, accounting };
}
export type OrderWorld = Awaited<ReturnType<typeof orderWorld>>;

/**
 * The same world for a client of its own (no contract yet, the tech department's confirmation for it), so a
 * test that counts the client's contracts or appendices does not depend on what other tests ordered.
 */
export async function withNewClient(w: OrderWorld): Promise<OrderWorld> {
  const client = await aCompany(w.manager, { name: `Клиент ${w.tag} ${Math.random().toString(36).slice(2, 7)}` });
  await createContact(w.manager, client.id, { fullName: 'Петров Пётр Петрович', position: 'Генеральный директор' });
  const feasibility = await confirmFeasibility(w.manager, w.tech, { companyId: client.id, siteId: w.site.id, serviceKind: 'dedicated', params: w.params, quantity: 50 });
  return { ...w, client, feasibility };
}

/** A proposal the client accepted (sent and accepted the existing way), at 25 000 ₽ × 2 from 15.12.2026. */
export async function acceptedProposal(w: OrderWorld, over: Record<string, unknown> = {}) {
  const p = await createProposal(w.manager, proposalInput(w, 2_500_000, { serviceDate: '2026-12-15', ...over }));
  await sendProposal(w.manager, p.id);
  return decideProposal(w.manager, p.id, 'accepted');
}

/** An order of an accepted proposal, signed by both sides. */
export async function signedOrder(w: OrderWorld, over: Record<string, unknown> = {}) {
  const p = await acceptedProposal(w, over);
  const o = await createOrder(w.manager, { proposalId: p.id, priority: 'high' });
  await advanceSigning(w.manager, o.id, 'sent', { channel: 'courier', tracking: 'СДЭК 1234567890' });
  await advanceSigning(w.manager, o.id, 'client_signed', {});
  return advanceSigning(w.manager, o.id, 'signed', {});
}

export async function rejects(p: Promise<unknown>): Promise<AppError> {
  try { await p; } catch (e) { if (e instanceof AppError) return e; throw e; }
  throw new Error('expected a refusal');
}

/** The SQLSTATE of a statement the database refuses. */
export async function sqlRefusal(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { return String((e as { code?: string }).code); }
  throw new Error('expected the database to refuse');
}
