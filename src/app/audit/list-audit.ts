import { runPage } from '../../db/queries/list.ts';
import type { ListQuery, Page } from '../../domain/lists/list-query.ts';
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

export interface AuditFilter extends ListQuery { entityId?: string; entityType?: string; actorId?: string }

const auditSorts = { columns: { at: 'id' }, default: '-at', tieBreaker: 'id' };

/**
 * The history as a paged list, newest first by default: one entity and what belongs to it, or the whole log
 * filtered by kind of record and by who did it. Nothing is cut off: the pager reaches the first entry.
 */
export async function pageAudit(ctx: Ctx, f: AuditFilter): Promise<Page<AuditEntry>> {
  requirePermission(ctx, 'audit.read');
  let q = ctx.db.selectFrom('audit_log').selectAll();
  if (f.entityId) { const id = f.entityId; q = q.where((eb) => eb.or([eb('entity_id', '=', id), eb('scope_id', '=', id)])); }
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  return runPage(q, f, auditSorts, (r) => ({
    id: r.id.toString(), at: r.at, actorId: r.actor_id, actorName: r.actor_name,
    entityType: r.entity_type, entityId: r.entity_id, action: r.action, before: r.before, after: r.after,
  }));
}
