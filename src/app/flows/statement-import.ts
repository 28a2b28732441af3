import { importStatement as storeStatement, type StatementResult } from '../billing/payments.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { matchOutgoing } from '../installments/outgoing.ts';
import { openGates } from '../provisioning/gates.ts';
import { recomputeOpenProposals } from '../quoting/recompute.ts';

/**
 * Flow "statement import": one bank statement, one transaction. Incoming documents pay invoices (billing);
 * outgoing ones pay installment agreements (installments, repricing open drafts); and an order whose initial
 * invoice this import paid in full opens its payment gate at once — the tech department's request becomes
 * ready with its deadline counted from the payment day (provisioning), not at the next run of the gate job.
 * Only this flow knows billing, installments, quoting and provisioning together.
 */
export async function importStatement(ctx: Ctx, bytes: Uint8Array, fileName: string | null = null): Promise<StatementResult & { ordersReady: number }> {
  return inTransaction(ctx, async (tx) => {
    const result = await storeStatement(tx, bytes, fileName, (t, importId, docs) => matchOutgoing(t, importId, docs, recomputeOpenProposals));
    const ordersReady = result.matched > 0 ? await openGates(tx) : 0;
    return { ...result, ordersReady };
  });
}
