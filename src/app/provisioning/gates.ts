import { sql } from 'kysely';
import { dateInZone } from '../../domain/dates.ts';
import { addWorkingDays } from '../../domain/orders/orders.ts';
import { holidaysFrom } from '../../db/queries/orders.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';

/**
 * The payment gate: provisioning requests whose initial invoice is paid in full (a bank statement import
 * or a manual payment allocated it) or whose order has a management deferral become ready, and get
 * their deadline — the tech-confirmed lead time in working days from that day (weekends and the
 * calendar's non-working dates skipped). Idempotent; `orderId` limits it to one order.
 */
export async function openGates(ctx: Ctx, orderId?: string): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const rows = (await sql<{ id: string; order_id: string; company_id: string; lead_days: number; paid_on: string | null; deferred_at: Date | null }>`
      SELECT r.id, r.order_id, o.company_id, r.lead_days,
        (SELECT to_char(max(p.paid_on), 'YYYY-MM-DD') FROM payment_allocation a JOIN payment p ON p.id = a.payment_id WHERE a.invoice_id = i.id
          HAVING sum(a.amount) >= i.total) AS paid_on,
        d.approved_at AS deferred_at
      FROM prov_request r JOIN sales_order o ON o.id = r.order_id JOIN invoice i ON i.id = o.initial_invoice_id
      LEFT JOIN payment_deferral d ON d.order_id = r.order_id
      WHERE r.status = 'waiting_payment' ${orderId ? sql`AND r.order_id = ${orderId}` : sql``}
      FOR UPDATE OF r`.execute(tx.db)).rows;
    let opened = 0;
    for (const r of rows) {
      const on = r.paid_on ?? (r.deferred_at ? dateInZone(r.deferred_at, tx.timeZone) : null);
      if (!on) continue;
      const deadline = addWorkingDays(on, r.lead_days, await holidaysFrom(tx.db, on));
      await tx.db.updateTable('prov_request').set({ status: 'ready', gate_opened_on: on, deadline, updated_at: tx.now() }).where('id', '=', r.id).execute();
      await writeAudit(tx, { entityType: 'order', entityId: r.order_id, scopeId: r.company_id, action: 'provisioning.ready', after: { gateOpenedOn: on, deadline, by: r.paid_on ? 'payment' : 'deferral' } });
      opened++;
    }
    return opened;
  });
}
