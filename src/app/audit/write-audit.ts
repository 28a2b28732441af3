import type { Ctx } from '../context.ts';

/** JSON for audit: bigint as string, Date as ISO, undefined dropped. */
export function toAuditJson(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

/** Records one mutation in the audit log, inside the caller's transaction. */
export async function writeAudit(
  ctx: Ctx,
  entry: { entityType: string; entityId: string; scopeId?: string; action: string; before?: unknown; after?: unknown },
): Promise<void> {
  await ctx.db
    .insertInto('audit_log')
    .values({
      actor_id: ctx.actor.id,
      actor_name: ctx.actor.name,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      scope_id: entry.scopeId ?? null,
      action: entry.action,
      before: toAuditJson(entry.before),
      after: toAuditJson(entry.after),
    })
    .execute();
}
