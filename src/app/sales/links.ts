import { createHash, randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { defaultSalesSettings, SalesSettingsSchema, type SalesSettings } from '../../domain/sales/sales.schemas.ts';
import type { PublicLinkTable } from '../../db/types.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx } from '../context.ts';

/** SHA-256 of a link token: the only form in which a token is stored. */
export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Tokens are 32 random bytes, base64url: unguessable, and safe in a URL path. */
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export type PublicLink = Selectable<PublicLinkTable>;

/** Creates a personal link for a contact; returns the token (shown once: only its hash is kept). */
export async function issueLink(
  tx: Ctx, l: { purpose: 'proposal' | 'survey'; versionId?: string; surveyId?: string; contactId: string; email: string; expiresAt: Date },
): Promise<{ id: string; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const id = newId('lk');
  await tx.db.insertInto('public_link').values({
    id, token_hash: tokenHash(token), purpose: l.purpose, version_id: l.versionId ?? null, survey_id: l.surveyId ?? null,
    contact_id: l.contactId, email: l.email, expires_at: l.expiresAt, used_at: null, created_by: tx.actor.id, created_at: tx.now(),
  }).execute();
  return { id, token };
}

/** The link behind a token (locked for the answer when `forUpdate`), or null for anything malformed or unknown. */
export async function findLink(ctx: Ctx, token: string, purpose: 'proposal' | 'survey', forUpdate = false): Promise<PublicLink | null> {
  if (!TOKEN_RE.test(token)) return null;
  let q = ctx.db.selectFrom('public_link').selectAll().where('token_hash', '=', tokenHash(token)).where('purpose', '=', purpose);
  if (forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

/** Why a link can no longer be answered (null when it can). */
export function linkRefusal(link: PublicLink | null, now: Date): AppError | null {
  if (!link) return new AppError('not_found', 'e.sales.linkUnknown');
  if (link.used_at) return new AppError('rule', 'e.sales.linkUsed', { when: link.used_at.toISOString() });
  if (link.expires_at.getTime() <= now.getTime()) return new AppError('rule', 'e.sales.linkExpired', { when: link.expires_at.toISOString() });
  return null;
}

const settingsFromRow = (r: { link_valid_days: number; survey_after_days: number; low_score_threshold: number }): SalesSettings =>
  ({ linkValidDays: r.link_valid_days, surveyAfterDays: r.survey_after_days, lowScoreThreshold: r.low_score_threshold });

/** Link lifetime, survey delay and the low-score threshold (defaults until management saves them). */
export async function getSalesSettings(ctx: Ctx): Promise<SalesSettings> {
  const r = await ctx.db.selectFrom('sales_settings').selectAll().executeTakeFirst();
  return r ? settingsFromRow(r) : { ...defaultSalesSettings };
}

export async function saveSalesSettings(ctx: Ctx, input: unknown): Promise<SalesSettings> {
  requirePermission(ctx, 'crm.configure');
  const d = parseInput(SalesSettingsSchema, input);
  return inTransaction(ctx, async (tx) => {
    const before = await getSalesSettings(tx);
    const next = { ...before, ...Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) } as SalesSettings;
    const values = { link_valid_days: next.linkValidDays, survey_after_days: next.surveyAfterDays, low_score_threshold: next.lowScoreThreshold, updated_at: tx.now() };
    await tx.db.insertInto('sales_settings').values({ id: true, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
    await writeAudit(tx, { entityType: 'sales_settings', entityId: 'sales', action: 'update', before, after: next });
    return next;
  });
}
