import type { Ctx } from '../context.ts';

/** Deletes sessions that expired or were revoked more than a day ago (API tokens stay until revoked). */
export async function purgeSessions(ctx: Ctx): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - 86_400_000);
  const r = await ctx.db.deleteFrom('auth_session')
    .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
