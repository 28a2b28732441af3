import type { Kysely, Transaction } from 'kysely';
import type { ZodType } from 'zod';
import type { DB } from '../db/types.ts';
import type { Mailer } from './mail/mailer.ts';
import type { SessionCache } from './session-cache.ts';
import { AppError, type FieldError } from '../domain/errors.ts';
import { dateInZone, DEFAULT_TIME_ZONE } from '../domain/dates.ts';
import { can, mayChangeOwned, type Permission, type Role } from '../domain/parties/permissions.ts';

/** Who is acting: a logged-in user, an API token's user, or the system (jobs, CLI). */
export interface Actor {
  id: string | null;
  name: string;
  role: Role;
}

export const systemActor: Actor = { id: null, name: 'system', role: 'admin' };

/** Outside services a use case may need; absent ones are null (e.g. SMTP not configured). */
export interface Services {
  mailer: Mailer | null;
  /** This instance's cache of resolved sessions (the HTTP server has one); use cases that revoke drop from it. */
  sessions?: SessionCache;
  /** How long long-running work's sign of life lasts without renewal (RACKDESK_LOCK_SECONDS; default 60). */
  lockSeconds?: number;
}

/** What every use case receives. `db` may already be a transaction. */
export interface Ctx {
  db: Kysely<DB>;
  actor: Actor;
  now: () => Date;
  timeZone: string;
  services: Services;
}

export function makeCtx(db: Kysely<DB>, actor: Actor = systemActor, timeZone = DEFAULT_TIME_ZONE, services: Services = { mailer: null }): Ctx {
  return { db, actor, now: () => new Date(), timeZone, services };
}

/** Today in the business time zone (prices "this month" are the ones in force today; validity counts in it). */
export const todayOf = (ctx: Ctx): string => dateInZone(ctx.now(), ctx.timeZone);

export function requirePermission(ctx: Ctx, permission: Permission): void {
  if (!can(ctx.actor.role, permission)) throw new AppError('forbidden', 'e.forbidden', { permission, permissionName: `perm.${permission}` });
}

/** A use case's context inside a transaction: what `inTransaction` hands its callback. */
export type Tx = Ctx & { db: Transaction<DB> };
/** Refuses a change to a deal or task the actor does not own (see `mayChangeOwned`). */
export function requireOwnership(ctx: Ctx, ownerId: string | null, newOwnerId?: string | null): void {
  if (!mayChangeOwned(ctx.actor.role, ctx.actor.id, ownerId, newOwnerId)) throw new AppError('forbidden', 'e.forbidden', { permission: 'crm.team' });
}

/** Runs `fn` in one transaction (or in the caller's, when there is one already). */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx as Tx);
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  maximum?: unknown;
  minimum?: unknown;
  values?: unknown[];
  options?: unknown[];
  keys?: string[];
  format?: string;
  origin?: string;
}

/** Turns Zod issues into field errors with catalog keys. */
export function fieldErrorsOf(issues: readonly ZodIssueLike[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const i of issues) {
    const path = prefix + i.path.map(String).join('.');
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys ?? []) out.push({ path: path ? `${path}.${k}` : k, key: 'v.unknownField' });
      continue;
    }
    if (i.message.startsWith('v.')) {
      const params: Record<string, string | number> = {};
      if (i.maximum !== undefined) params.max = Number(i.maximum);
      if (i.minimum !== undefined) params.min = Number(i.minimum);
      if (i.values ?? i.options) params.options = (i.values ?? i.options ?? []).join(', ');
      out.push(Object.keys(params).length ? { path, key: i.message, params } : { path, key: i.message });
      continue;
    }
    if (i.code === 'invalid_type' && i.input === undefined) out.push({ path, key: 'v.required' });
    else if (i.code === 'too_big' && i.origin === 'string') out.push({ path, key: 'v.tooLong', params: { max: Number(i.maximum) } });
    else if (i.code === 'too_small' && i.origin === 'string') out.push({ path, key: 'v.tooShort', params: { min: Number(i.minimum) } });
    else if (i.code === 'invalid_value') out.push({ path, key: 'v.enum', params: { options: (i.values ?? []).join(', ') } });
    else if (i.code === 'invalid_format' && i.format === 'email') out.push({ path, key: 'v.email' });
    else out.push({ path, key: 'v.invalid' });
  }
  return out;
}

/** Validates input with a shared schema; throws AppError('validation') naming every bad field. */
export function parseInput<T>(schema: ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new AppError('validation', 'e.validation', {}, fieldErrorsOf(r.error.issues as unknown as ZodIssueLike[]));
}

/** PostgreSQL error code of a failed statement (unique_violation = 23505, …), on both engines. */
export const sqlStateOf = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
