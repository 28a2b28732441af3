import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { formatInstant } from '../../domain/dates.ts';
import {
  ConsentRecordSchema, mayContact, type ConsentChannel, type ConsentDecision, type ConsentEvent, type ConsentPurpose,
} from '../../domain/parties/consent.ts';
import { findContact } from '../../db/queries/parties.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx } from '../context.ts';

export interface ConsentState {
  contactId: string;
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  status: 'granted' | 'withdrawn';
  at: Date;
  source: string;
  textVersion: string | null;
  recordedBy: string | null;
  recordedByName?: string | null;
}

/** Records that a contact granted or withdrew consent; history is kept, a withdrawal applies at once. */
export async function recordConsent(ctx: Ctx, companyId: string, contactId: string, input: unknown): Promise<ConsentState> {
  requirePermission(ctx, 'consent.write');
  const data = parseInput(ConsentRecordSchema, input);
  const at = data.at ? new Date(data.at) : ctx.now();
  if (at.getTime() > ctx.now().getTime() + 60_000) {
    throw new AppError('validation', 'e.validation', {}, [{ path: 'at', key: 'v.date' }]);
  }
  return inTransaction(ctx, async (tx) => {
    const contact = await findContact(tx.db, companyId, contactId);
    if (!contact) throw new AppError('not_found', 'e.notFound', { entity: 'contact', id: contactId });
    const id = newId('cs');
    await tx.db.insertInto('consent_event').values({
      id, contact_id: contactId, channel: data.channel, purpose: data.purpose, status: data.status, at,
      source: data.source, text_version: data.textVersion, recorded_by: tx.actor.id,
    }).execute();
    const state: ConsentState = {
      contactId, channel: data.channel, purpose: data.purpose, status: data.status, at, source: data.source,
      textVersion: data.textVersion, recordedBy: tx.actor.id,
    };
    await writeAudit(tx, { entityType: 'consent', entityId: id, scopeId: companyId, action: data.status === 'granted' ? 'grant' : 'withdraw', after: state });
    return state;
  });
}

/** The consent in force for every contact × channel × purpose of a company (absent = never given). */
export async function listConsents(ctx: Ctx, companyId: string): Promise<ConsentState[]> {
  requirePermission(ctx, 'company.read');
  const rows = await ctx.db.selectFrom('consent_event as e').innerJoin('contact as c', 'c.id', 'e.contact_id')
    .leftJoin('app_user as u', 'u.id', 'e.recorded_by')
    .selectAll('e').select('u.full_name as recorded_by_name').where('c.company_id', '=', companyId).where('e.at', '<=', ctx.now())
    .orderBy('e.at').orderBy('e.recorded_at').execute();
  const latest = new Map<string, ConsentState>();
  for (const r of rows) {
    latest.set(`${r.contact_id}|${r.channel}|${r.purpose}`, {
      contactId: r.contact_id, channel: r.channel as ConsentChannel, purpose: r.purpose as ConsentPurpose, status: r.status,
      at: r.at, source: r.source, textVersion: r.text_version, recordedBy: r.recorded_by, recordedByName: r.recorded_by_name,
    });
  }
  return [...latest.values()];
}

/** May we contact this person by `channel` for `purpose` now? Every outreach feature calls this first. */
export async function checkConsent(ctx: Ctx, contactId: string, channel: ConsentChannel, purpose: ConsentPurpose): Promise<ConsentDecision> {
  const rows = await ctx.db.selectFrom('consent_event').select(['channel', 'purpose', 'status', 'at'])
    .where('contact_id', '=', contactId).where('channel', '=', channel).execute();
  return mayContact(rows as ConsentEvent[], channel, purpose, ctx.now());
}

/** Throws a clear 'rule' error unless consent is in force — the "no spam" gate. */
export async function assertMayContact(ctx: Ctx, contactId: string, channel: ConsentChannel, purpose: ConsentPurpose): Promise<void> {
  const d = await checkConsent(ctx, contactId, channel, purpose);
  if (d.allowed) return;
  const contact = await ctx.db.selectFrom('contact').select('full_name').where('id', '=', contactId).executeTakeFirst();
  const params = { contact: contact?.full_name ?? contactId, channel: `channel.${channel}`, purpose: `purpose.${d.purpose}` };
  if (d.reason === 'withdrawn' && d.at) {
    throw new AppError('rule', 'e.consentWithdrawn', { ...params, when: formatInstant(d.at, 'ru', ctx.timeZone) }, [], { contactId, channel, purpose: d.purpose });
  }
  throw new AppError('rule', 'e.noConsent', params, [], { contactId, channel, purpose: d.purpose });
}
