import type { Ctx } from '../context.ts';

/**
 * The contract references a document rests on («Основание»): the distinct contract numbers of the
 * services billed on an invoice (or on the invoice a correction corrects). This is the one place that
 * knows where a contract number comes from: today the service's own `contract_ref`; when contracts
 * become their own records, this function reads the contract number and date from there instead.
 */
export async function contractReferencesForInvoice(ctx: Ctx, invoiceId: string): Promise<string[]> {
  const rows = await ctx.db.selectFrom('invoice_line as l').innerJoin('billing_service as s', 's.id', 'l.service_id')
    .select('s.contract_ref').distinct().where('l.invoice_id', '=', invoiceId).where('s.contract_ref', 'is not', null).execute();
  return rows.map((r) => r.contract_ref!.trim()).filter((r) => r !== '').sort();
}

/** «Договор № Д-2026/003, период 16.11.2026–30.11.2026» — without a contract just the period, never a dangling comma. */
export function basisText(contracts: string[], period: string | null): string {
  const parts = [contracts.length ? `${contracts.length > 1 ? 'Договоры' : 'Договор'} № ${contracts.join(', № ')}` : '', period ? `период ${period}` : ''].filter(Boolean);
  return parts.join(', ');
}
