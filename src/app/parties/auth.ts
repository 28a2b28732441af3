import { createHash, randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { User } from '../../domain/parties/company.ts';
import { ApiTokenCreateSchema, LoginSchema } from '../../domain/parties/user.schemas.ts';
import { endOfDayIn } from '../../domain/dates.ts';
import { permissionMatrix } from '../../domain/parties/permissions.ts';
import type { SessionActor } from '../session-cache.ts';
import { userFromRow } from '../../db/queries/parties.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx } from '../context.ts';

const SESSION_DAYS = 7;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
// Verifying against a real hash when the user is unknown keeps the timing of both answers alike.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$YZgAxiZAryDWShOJn0DE2w$RGmRVi1iZglZ+LIaGi8Mr5QrTKeFB4cMfjxsdArnpfU';

/** Checks e-mail and password; opens a session whose token is both the cookie and a bearer token. */
export async function login(ctx: Ctx, input: unknown): Promise<{ token: string; user: User; expiresAt: Date }> {
  const { email, password } = parseInput(LoginSchema, input);
  const row = await ctx.db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirst();
  const ok = await verify(row?.password_hash ?? DUMMY_HASH, password).catch(() => false);
  if (!row || !ok) throw new AppError('unauthenticated', 'e.badCredentials');
  if (!row.active) throw new AppError('unauthenticated', 'e.userInactive');
  const user = userFromRow(row);
  const token = `rds_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(ctx.now().getTime() + SESSION_DAYS * 86_400_000);
  await inTransaction({ ...ctx, actor: { id: user.id, name: user.fullName, role: user.role } }, async (tx) => {
    const id = newId('ss');
    await tx.db.insertInto('auth_session').values({ id, token_hash: tokenHash(token), user_id: user.id, kind: 'session', label: null, expires_at: expiresAt, last_used_at: null, revoked_at: null }).execute();
    await writeAudit(tx, { entityType: 'user', entityId: user.id, action: 'login' });
  });
  return { token, user, expiresAt };
}

/**
 * Issues an API token for integrations; the token itself is shown only now (the database keeps its hash).
 * Without `expiresOn` it works until revoked; with it, through that day in the business time zone.
 */
export async function createApiToken(ctx: Ctx, userId: string, label: string, expiresOn: string | null = null): Promise<{ id: string; token: string; expiresAt: Date | null }> {
  if (ctx.actor.id !== userId) requirePermission(ctx, 'user.manage');
  const data = parseInput(ApiTokenCreateSchema, { label, expiresOn });
  const expiresAt = data.expiresOn ? endOfDayIn(data.expiresOn, ctx.timeZone) : null;
  if (expiresAt && expiresAt.getTime() <= ctx.now().getTime()) throw new AppError('validation', 'e.validation', {}, [{ path: 'expiresOn', key: 'v.token.expiresInPast' }]);
  return inTransaction(ctx, async (tx) => {
    const user = await tx.db.selectFrom('app_user').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw new AppError('not_found', 'e.notFound', { entity: 'user', id: userId });
    const token = `rdk_${randomBytes(32).toString('base64url')}`;
    const id = newId('ss');
    await tx.db.insertInto('auth_session').values({ id, token_hash: tokenHash(token), user_id: userId, kind: 'api', label: data.label, expires_at: expiresAt, last_used_at: null, revoked_at: null }).execute();
    await writeAudit(tx, { entityType: 'user', entityId: userId, action: 'api-token.create', after: { tokenId: id, label: data.label, expiresAt } });
    return { id, token, expiresAt };
  });
}

/** An API token as its owner and admins see it: never the token, only what it is for and how it is used. */
export interface ApiTokenInfo {
  id: string;
  userId: string;
  userName: string;
  userEmail: string;
  label: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** `active`, `expired` or `revoked`, as of now. */
  state: 'active' | 'expired' | 'revoked';
}

/**
 * API tokens: a user's own, or — with `user.manage` (admins) — everyone's (`all`) or one user's. Active first,
 * newest first; revoked and expired ones stay listed so an admin sees what was cut off and when.
 */
export async function listApiTokens(ctx: Ctx, filter: { all?: boolean; userId?: string } = {}): Promise<ApiTokenInfo[]> {
  const others = filter.all || (filter.userId !== undefined && filter.userId !== ctx.actor.id);
  if (others) requirePermission(ctx, 'user.manage');
  let q = tokenQuery(ctx);
  if (!filter.all) q = q.where('s.user_id', '=', filter.userId ?? ctx.actor.id ?? '');
  const order = { active: 0, expired: 1, revoked: 2 } as const;
  return (await q.orderBy('s.created_at', 'desc').orderBy('s.id').execute()).map((r) => tokenInfo(r, ctx.now()))
    .sort((a, b) => order[a.state] - order[b.state]);
}

const tokenQuery = (ctx: Ctx) => ctx.db.selectFrom('auth_session as s').innerJoin('app_user as u', 'u.id', 's.user_id')
  .select(['s.id', 's.user_id', 'u.full_name', 'u.email', 's.label', 's.created_at', 's.expires_at', 's.last_used_at', 's.revoked_at'])
  .where('s.kind', '=', 'api');

function tokenInfo(r: Awaited<ReturnType<ReturnType<typeof tokenQuery>['executeTakeFirstOrThrow']>>, now: Date): ApiTokenInfo {
  const state = r.revoked_at ? 'revoked' : r.expires_at && r.expires_at.getTime() <= now.getTime() ? 'expired' : 'active';
  return {
    id: r.id, userId: r.user_id, userName: r.full_name, userEmail: r.email, label: r.label ?? '', createdAt: r.created_at,
    expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at, state,
  };
}

/** Revokes an API token at once (every instance: the database notifies them); its owner or an admin. */
export async function revokeApiToken(ctx: Ctx, tokenId: string): Promise<ApiTokenInfo> {
  const hash = await inTransaction(ctx, async (tx) => {
    const row = await tx.db.selectFrom('auth_session').select(['id', 'user_id', 'label', 'token_hash', 'revoked_at'])
      .where('id', '=', tokenId).where('kind', '=', 'api').forUpdate().executeTakeFirst();
    if (!row) throw new AppError('not_found', 'e.notFound', { entity: 'entity.apiToken', id: tokenId });
    if (row.user_id !== tx.actor.id) requirePermission(tx, 'user.manage');
    if (row.revoked_at) throw new AppError('conflict', 'e.token.alreadyRevoked', { label: row.label ?? '' });
    await tx.db.updateTable('auth_session').set({ revoked_at: tx.now() }).where('id', '=', tokenId).execute();
    await writeAudit(tx, { entityType: 'user', entityId: row.user_id, action: 'api-token.revoke', after: { tokenId, label: row.label } });
    return row.token_hash;
  });
  ctx.services.sessions?.invalidate({ tokenHash: hash });
  return tokenInfo(await tokenQuery(ctx).where('s.id', '=', tokenId).executeTakeFirstOrThrow(), ctx.now());
}

/** Last use of a token is written at most once a minute per token, so a busy integration does not write on every call. */
const LAST_USED_EVERY_MS = 60_000;

/**
 * The actor behind a session cookie or bearer token, or null when it is unknown, expired, revoked or disabled.
 * With a cache (`ctx.services.sessions`), a session resolved before is answered without the database.
 */
export async function authenticate(ctx: Ctx, token: string | undefined): Promise<SessionActor | null> {
  if (!token || token.length > 200) return null;
  const hash = tokenHash(token);
  const cache = ctx.services.sessions;
  const hit = cache?.get(hash, ctx.now());
  if (hit) { await touch(ctx, hash); return hit; }
  const since = cache?.begin() ?? 0;
  const row = await ctx.db.selectFrom('auth_session as s').innerJoin('app_user as u', 'u.id', 's.user_id')
    .selectAll('u').select(['s.expires_at', 's.revoked_at'])
    .where('s.token_hash', '=', hash).executeTakeFirst();
  if (!row || row.revoked_at || !row.active) return null;
  if (row.expires_at && row.expires_at.getTime() <= ctx.now().getTime()) return null;
  await touch(ctx, hash);
  const user = userFromRow(row);
  const actor: SessionActor = { id: user.id, name: user.fullName, role: user.role, user, permissions: permissionMatrix[user.role] };
  cache?.put(hash, actor, row.expires_at, since);
  return actor;
}

/** Records that a token (or session) was used now, unless that was recorded less than a minute ago. */
async function touch(ctx: Ctx, hash: string): Promise<void> {
  const now = ctx.now();
  const seen = lastTouched.get(hash);
  if (seen !== undefined && now.getTime() - seen < LAST_USED_EVERY_MS) return;
  if (lastTouched.size > 10_000) lastTouched.clear();
  lastTouched.set(hash, now.getTime());
  await ctx.db.updateTable('auth_session').set({ last_used_at: now }).where('token_hash', '=', hash)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - LAST_USED_EVERY_MS))])).execute();
}
const lastTouched = new Map<string, number>();

/** Ends the session of this token (at once in this instance; the database tells the others). */
export async function logout(ctx: Ctx, token: string): Promise<void> {
  await ctx.db.updateTable('auth_session').set({ revoked_at: ctx.now() }).where('token_hash', '=', tokenHash(token)).where('revoked_at', 'is', null).execute();
  ctx.services.sessions?.invalidate({ tokenHash: tokenHash(token) });
}
