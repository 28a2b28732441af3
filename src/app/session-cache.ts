import type { Permission, Role } from '../domain/parties/permissions.ts';
import type { User } from '../domain/parties/company.ts';

/** The caller behind a session: an `Actor` (app/context.ts) with the user and the permissions of its role. */
export interface SessionActor {
  id: string | null;
  name: string;
  role: Role;
  user: User;
  permissions: readonly Permission[];
}


/**
 * Sessions this process has resolved, by token hash, so an authenticated read does not ask the database who
 * is calling. Revocation wins at once: the use cases that end sessions or change a user (logout, disable, role,
 * password) drop entries after their commit, and the database notifies every instance (`AUTH_CHANNEL` in db/connect.ts, fired by
 * triggers, so raw SQL counts too). A lookup that began before an invalidation never stores its answer
 * (`generation`), so a slow read cannot put a revoked session back.
 */
export class SessionCache {
  private readonly entries = new Map<string, { actor: SessionActor; expiresAt: number | null }>();
  private generation = 0;
  private off = false;

  constructor(private readonly max = 10_000) {}

  get(tokenHash: string, now: Date): SessionActor | undefined {
    if (this.off) return undefined;
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    if (e.expiresAt !== null && e.expiresAt <= now.getTime()) { this.entries.delete(tokenHash); return undefined; }
    return e.actor;
  }

  /** Call before reading the database; pass the result to `put`. */
  begin(): number { return this.generation; }

  put(tokenHash: string, actor: SessionActor, expiresAt: Date | null, since: number): void {
    if (since !== this.generation) return;
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(tokenHash, { actor, expiresAt: expiresAt?.getTime() ?? null });
  }

  /** Drops the sessions of a user, or one token, or everything (`{}`). */
  invalidate(what: { userId?: string; tokenHash?: string }): void {
    this.generation++;
    if (what.tokenHash) { this.entries.delete(what.tokenHash); return; }
    if (!what.userId) { this.entries.clear(); return; }
    for (const [k, e] of this.entries) if (e.actor.id === what.userId) this.entries.delete(k);
  }

  /** Stops caching for good (the notification connection was lost, so other instances' revocations may be missed). */
  disable(): void {
    this.off = true;
    this.invalidate({});
  }

  /** Applies a notification payload from `AUTH_CHANNEL`. */
  onNotification(payload: string | undefined): void {
    if (payload?.startsWith('u:')) this.invalidate({ userId: payload.slice(2) });
    else if (payload?.startsWith('t:')) this.invalidate({ tokenHash: payload.slice(2) });
    else this.invalidate({});
  }
}
