import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { User } from '../../domain/parties/company.ts';
import { passwordProblem } from '../../domain/parties/password-policy.ts';
import { UserCreateSchema, UserPatchSchema } from '../../domain/parties/user.schemas.ts';
import { userFromRow } from '../../db/queries/parties.ts';
import { runPage } from '../../db/queries/list.ts';
import { containsPattern, type ListQuery, type Page } from '../../domain/lists/list-query.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, type Ctx } from '../context.ts';

export const hashPassword = (password: string): Promise<string> => hash(password);

/** A readable random password for first starts and resets. */
export const generatePassword = (): string => randomBytes(12).toString('base64url');

/** Creates a user; without a password one is generated and returned once. */
export async function createUser(ctx: Ctx, input: unknown): Promise<{ user: User; generatedPassword: string | null }> {
  requirePermission(ctx, 'user.manage');
  const data = parseInput(UserCreateSchema, input);
  const problem = data.password ? passwordProblem(data.password, data.email) : null;
  if (problem) throw new AppError('validation', 'e.validation', {}, [{ path: 'password', key: problem }]);
  const generatedPassword = data.password ? null : generatePassword();
  const passwordHash = await hashPassword(data.password ?? generatedPassword!);
  try {
    return await inTransaction(ctx, async (tx) => {
      const exists = await tx.db.selectFrom('app_user').select('id').where('email', '=', data.email).executeTakeFirst();
      if (exists) throw new AppError('conflict', 'e.duplicateEmail', { email: data.email }, [{ path: 'email', key: 'e.duplicateEmail', params: { email: data.email } }]);
      const row = await tx.db.insertInto('app_user').values({
        id: newId('us'), email: data.email, full_name: data.fullName, role: data.role, password_hash: passwordHash,
        locale: data.locale, updated_at: tx.now(),
      }).returningAll().executeTakeFirstOrThrow();
      const user = userFromRow(row);
      await writeAudit(tx, { entityType: 'user', entityId: user.id, action: 'create', after: user });
      return { user, generatedPassword };
    });
  } catch (e) {
    if (sqlStateOf(e) === '23505') throw new AppError('conflict', 'e.duplicateEmail', { email: data.email }, [{ path: 'email', key: 'e.duplicateEmail', params: { email: data.email } }]);
    throw e;
  }
}

/** Changes a user's name, role, activity, locale or password; the last active admin stays. */
export async function updateUser(ctx: Ctx, id: string, input: unknown): Promise<User> {
  const patch = parseInput(UserPatchSchema, input);
  const self = ctx.actor.id === id;
  const onlyOwnProfile = self && patch.role === undefined && patch.active === undefined;
  if (!onlyOwnProfile) requirePermission(ctx, 'user.manage');
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  const after = await inTransaction(ctx, async (tx) => {
    const beforeRow = await tx.db.selectFrom('app_user').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!beforeRow) throw new AppError('not_found', 'e.notFound', { entity: 'user', id });
    const before = userFromRow(beforeRow);
    if (patch.password) {
      const problem = passwordProblem(patch.password, before.email);
      if (problem) throw new AppError('validation', 'e.validation', {}, [{ path: 'password', key: problem }]);
      if (self && !(await verify(beforeRow.password_hash, patch.currentPassword ?? '').catch(() => false))) {
        throw new AppError('validation', 'e.validation', {}, [{ path: 'currentPassword', key: 'v.currentPassword' }]);
      }
    }
    const losesAdmin = before.role === 'admin' && before.active && ((patch.role && patch.role !== 'admin') || patch.active === false);
    if (losesAdmin) {
      // Lock all admins so two demotions at once cannot leave none.
      const admins = await tx.db.selectFrom('app_user').select('id').where('role', '=', 'admin').where('active', '=', true).forUpdate().execute();
      if (admins.length <= 1) throw new AppError('rule', 'e.lastAdmin');
    }
    const row = await tx.db.updateTable('app_user').set({
      ...(patch.fullName !== undefined && { full_name: patch.fullName }),
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.active !== undefined && { active: patch.active }),
      ...(patch.locale !== undefined && { locale: patch.locale }),
      ...(passwordHash !== undefined && { password_hash: passwordHash }),
      updated_at: tx.now(),
    }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    if (patch.active === false || passwordHash) {
      await tx.db.updateTable('auth_session').set({ revoked_at: tx.now() }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
    }
    const after = userFromRow(row);
    await writeAudit(tx, { entityType: 'user', entityId: id, action: passwordHash ? 'update+password' : 'update', before, after });
    return after;
  });
  // after the commit, so no request re-reads the old row into the cache (the database notifies other instances)
  ctx.services.sessions?.invalidate({ userId: id });
  return after;
}

/** All users, by name. */
export async function listUsers(ctx: Ctx): Promise<User[]> {
  requirePermission(ctx, 'user.read');
  const rows = await ctx.db.selectFrom('app_user').selectAll().orderBy('full_name').execute();
  return rows.map(userFromRow);
}

export interface UserFilter extends ListQuery { role?: string; active?: 'true' | 'false' }

const userSorts = { columns: { fullName: sql`lower(full_name)`, email: 'email', role: 'role', createdAt: 'created_at' }, default: 'fullName', tieBreaker: 'id' };

/** Users as a list: search by name or e-mail, filters by role and whether active; sorted and paged on the server. */
export async function pageUsers(ctx: Ctx, f: UserFilter): Promise<Page<User>> {
  requirePermission(ctx, 'user.read');
  let q = ctx.db.selectFrom('app_user').selectAll();
  const term = f.q?.trim();
  if (term) q = q.where((eb) => eb.or([eb(eb.fn('lower', ['full_name']), 'like', containsPattern(term)), eb(eb.fn('lower', ['email']), 'like', containsPattern(term))]));
  if (f.role) q = q.where('role', 'in', f.role.split(','));
  if (f.active) q = q.where('active', '=', f.active === 'true');
  return runPage(q, f, userSorts, userFromRow);
}

/**
 * On a database without users, creates the first admin: from RACKDESK_ADMIN_EMAIL/PASSWORD, or with a
 * generated password that is returned so the caller prints it once. Returns null when users exist.
 */
export async function ensureFirstAdmin(ctx: Ctx, email: string | null, password: string | null): Promise<{ email: string; password: string | null } | null> {
  const any = await ctx.db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const adminEmail = email ?? 'admin@rackdesk.local';
  const { generatedPassword } = await createUser(ctx, { email: adminEmail, fullName: 'Администратор', role: 'admin', ...(password ? { password } : {}) });
  return { email: adminEmail, password: generatedPassword };
}
