import type { Ctx } from '../context.ts';
import { createAgreement as storeAgreement, payInstallment as storePayment } from '../installments/agreements.ts';
import { resolveOutgoing as storeResolution } from '../installments/outgoing.ts';
import { recomputeOpenProposals } from '../quoting/recompute.ts';

/**
 * Flow "installments": equipment bought on installments changes what its SKU costs us when the agreement
 * starts and when it is paid off, so open drafts are repriced in the same transaction; and a bank statement's
 * outgoing documents pay installment agreements (the statement itself is `statement-import.ts`).
 */
export const createAgreement = (ctx: Ctx, input: unknown) => storeAgreement(ctx, input, recomputeOpenProposals);

export const payInstallment = (ctx: Ctx, agreementId: string, input: unknown) => storePayment(ctx, agreementId, input, recomputeOpenProposals);

export const resolveOutgoing = (ctx: Ctx, id: string, input: unknown) => storeResolution(ctx, id, input, recomputeOpenProposals);

