import { requirePermission, type Ctx } from '../context.ts';

export interface AuditEntry {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

/** The history of one entity and of what belongs to it (a company's contacts, consents), oldest first. */
export async function listAudit(ctx: Ctx, input: { entityId?: string; limit?: number }): Promise<AuditEntry[]> {
  requirePermission(ctx, 'audit.read');
  let q = ctx.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(Math.min(input.limit ?? 200, 1000));
  if (input.entityId) {
    const id = input.entityId;
    q = q.where((eb) => eb.or([eb('entity_id', '=', id), eb('scope_id', '=', id)]));
  }
  const rows = await q.execute();
  return rows.reverse().map((r) => ({
    id: r.id.toString(), at: r.at, actorId: r.actor_id, actorName: r.actor_name,
    entityType: r.entity_type, entityId: r.entity_id, action: r.action, before: r.before, after: r.after,
  }));
}
