import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { VersionRow } from '../../db/queries/quoting.ts';
import type { Ctx } from '../context.ts';

/** How the client's answer reached us: on paper (the manager records it) or online through a personal link. */
export type DecisionRecord =
  | { channel: 'paper'; contactId?: string | null; comment?: string | null }
  | { channel: 'online'; linkId: string; contactId: string; ip: string; comment?: string | null };

/**
 * Writes the client's answer to a sent version, bound to the hash of exactly what was sent; once per
 * version (unique), and the database accepts the status change only with it (RD220, RD221).
 */
export async function recordDecision(tx: Ctx, v: VersionRow, decision: 'accepted' | 'declined', r: DecisionRecord): Promise<string> {
  if (!v.sentHash) throw new AppError('rule', 'e.sales.notSent', { status: `status.${v.status}` });
  if (r.channel === 'online') {
    const link = await tx.db.selectFrom('public_link').select('version_id').where('id', '=', r.linkId).executeTakeFirst();
    if (link?.version_id !== v.id) throw new AppError('rule', 'pub.offer.closed', { status: `status.${v.status}` });
  }
  if (r.contactId) {
    const c = await tx.db.selectFrom('contact as c').innerJoin('proposal as p', 'p.company_id', 'c.company_id').select('c.id')
      .where('c.id', '=', r.contactId).where('p.id', '=', v.proposalId).executeTakeFirst();
    if (!c) throw new AppError('validation', 'e.crm.contactNotOfCompany', { contactId: r.contactId }, [{ path: 'contactId', key: 'e.crm.contactNotOfCompany', params: { contactId: r.contactId } }]);
  }
  const id = newId('qd');
  await tx.db.insertInto('proposal_decision').values({
    id, version_id: v.id, decision, channel: r.channel, link_id: r.channel === 'online' ? r.linkId : null, contact_id: r.contactId ?? null,
    comment: r.comment ?? null, ip: r.channel === 'online' ? r.ip : null, content_hash: v.sentHash, recorded_by: tx.actor.id, decided_at: tx.now(),
  }).execute();
  return id;
}
