import { createHash, randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { User } from '../../domain/parties/company.ts';
import { LoginSchema } from '../../domain/parties/user.schemas.ts';
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

/** Issues a long-lived API token for integrations; the token is shown only now. */
export async function createApiToken(ctx: Ctx, userId: string, label: string): Promise<{ id: string; token: string }> {
  if (ctx.actor.id !== userId) requirePermission(ctx, 'user.manage');
  return inTransaction(ctx, async (tx) => {
    const user = await tx.db.selectFrom('app_user').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw new AppError('not_found', 'e.notFound', { entity: 'user', id: userId });
    const token = `rdk_${randomBytes(32).toString('base64url')}`;
    const id = newId('ss');
    await tx.db.insertInto('auth_session').values({ id, token_hash: tokenHash(token), user_id: userId, kind: 'api', label: label.slice(0, 200), expires_at: null, last_used_at: null, revoked_at: null }).execute();
    await writeAudit(tx, { entityType: 'user', entityId: userId, action: 'api-token.create', after: { tokenId: id, label } });
    return { id, token };
  });
}

/**
 * The actor behind a session cookie or bearer token, or null when it is unknown, expired, revoked or disabled.
 * With a cache (`ctx.services.sessions`), a session resolved before is answered without the database.
 */
export async function authenticate(ctx: Ctx, token: string | undefined): Promise<SessionActor | null> {
  if (!token || token.length > 200) return null;
  const hash = tokenHash(token);
  const cache = ctx.services.sessions;
  const hit = cache?.get(hash, ctx.now());
  if (hit) return hit;
  const since = cache?.begin() ?? 0;
  const row = await ctx.db.selectFrom('auth_session as s').innerJoin('app_user as u', 'u.id', 's.user_id')
    .selectAll('u').select(['s.expires_at', 's.revoked_at'])
    .where('s.token_hash', '=', hash).executeTakeFirst();
  if (!row || row.revoked_at || !row.active) return null;
  if (row.expires_at && row.expires_at.getTime() <= ctx.now().getTime()) return null;
  const user = userFromRow(row);
  const actor: SessionActor = { id: user.id, name: user.fullName, role: user.role, user, permissions: permissionMatrix[user.role] };
  cache?.put(hash, actor, row.expires_at, since);
  return actor;
}

/** Ends the session of this token (at once in this instance; the database tells the others). */
export async function logout(ctx: Ctx, token: string): Promise<void> {
  await ctx.db.updateTable('auth_session').set({ revoked_at: ctx.now() }).where('token_hash', '=', tokenHash(token)).where('revoked_at', 'is', null).execute();
  ctx.services.sessions?.invalidate({ tokenHash: tokenHash(token) });
}
