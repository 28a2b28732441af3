import { createHash } from 'node:crypto';
import type { StatementDocument } from '../../domain/billing/statement.ts';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { purposeNamesAgreement } from '../../domain/installments/installments.ts';
import { IgnoreOutgoingSchema, ResolveOutgoingSchema } from '../../domain/installments/installments.schemas.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx, type Tx } from '../context.ts';
import { applyPayment, installmentError, type CostChanged } from './agreements.ts';


/**
 * Outgoing documents of a bank statement (our account pays). One becomes a payment of an installment
 * agreement only when the payee's ИНН names exactly one supplier company AND the purpose names exactly
 * one of that supplier's open agreements by number AND it fits the remaining debt; everything else waits
 * in the manual queue. A document seen before (same accounts, date, number, amount) is ignored.
 */
export async function matchOutgoing(tx: Tx, importId: string, docs: readonly StatementDocument[], costChanged?: CostChanged): Promise<{ documents: number; duplicates: number; matched: number; queued: number }> {
  const out = { documents: docs.length, duplicates: 0, matched: 0, queued: 0 };
  for (const doc of docs) {
    const key = createHash('sha256').update(['out', doc.payerAccount, doc.date, doc.number, doc.payeeAccount, doc.payeeInn ?? '', doc.amount.toString()].join('|')).digest('hex').slice(0, 40);
    const id = newId('ob');
    const paidOn = doc.writtenOffDate ?? doc.date;
    const ins = await tx.db.insertInto('bank_outgoing').values({
      id, import_id: importId, dedupe_key: key, our_account: doc.payerAccount, payee_account: doc.payeeAccount, payee_inn: doc.payeeInn, payee_kpp: doc.payeeKpp,
      payee_name: doc.payeeName || null, amount: doc.amount, paid_on: paidOn, doc_number: doc.number || null, purpose: doc.purpose, status: 'queued',
    }).onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id').executeTakeFirst();
    if (!ins) { out.duplicates++; continue; }
    const agreementId = await candidateAgreement(tx, doc);
    if (agreementId && await tryApply(tx, agreementId, id, doc, paidOn, costChanged)) out.matched++;
    else out.queued++;
  }
  return out;
}

async function candidateAgreement(tx: Tx, doc: StatementDocument): Promise<string | null> {
  if (!doc.payeeInn) return null;
  const suppliers = await tx.db.selectFrom('company').select(['id', 'kpp']).where('inn', '=', doc.payeeInn).where((w) => w(w.val('supplier'), '=', w.fn.any('roles'))).execute();
  const fit = suppliers.filter((s) => !doc.payeeKpp || !s.kpp || s.kpp === doc.payeeKpp);
  if (fit.length !== 1) return null;
  const open = await tx.db.selectFrom('inst_agreement').select(['id', 'number']).where('supplier_id', '=', fit[0]!.id).where('status', '=', 'active').execute();
  const named = open.filter((a) => purposeNamesAgreement(doc.purpose, a.number));
  return named.length === 1 ? named[0]!.id : null;
}

/** Applies the document; a payment that does not fit (overpays, predates the agreement) is refused by
 * applyPayment before it writes anything, and the document stays queued. */
async function tryApply(tx: Tx, agreementId: string, outgoingId: string, doc: StatementDocument, paidOn: string, costChanged?: CostChanged): Promise<boolean> {
  try {
    await applyPayment(tx, agreementId, { amount: doc.amount, paidOn, source: 'statement', outgoingId, docNumber: doc.number || null }, costChanged);
  } catch (e) {
    if (e instanceof AppError && e.code === 'rule') return false;
    throw e;
  }
  await tx.db.updateTable('bank_outgoing').set({ status: 'matched', agreement_id: agreementId }).where('id', '=', outgoingId).execute();
  return true;
}

/** Outgoing documents waiting for a person (no supplier, no or several agreements named, does not fit the debt). */
export async function listOutgoingQueue(ctx: Ctx) {
  requirePermission(ctx, 'installment.read');
  const rows = await ctx.db.selectFrom('bank_outgoing').selectAll().where('status', '=', 'queued').orderBy('paid_on').orderBy('id').limit(1000).execute();
  return rows.map((r) => ({ id: r.id, amount: r.amount, paidOn: r.paid_on, docNumber: r.doc_number, payeeName: r.payee_name, payeeInn: r.payee_inn, payeeAccount: r.payee_account, purpose: r.purpose }));
}

/** A person assigns a queued outgoing document to an agreement of the payee's supplier. */
export async function resolveOutgoing(ctx: Ctx, id: string, input: unknown, costChanged?: CostChanged) {
  requirePermission(ctx, 'installment.write');
  const d = parseInput(ResolveOutgoingSchema, input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const o = await tx.db.selectFrom('bank_outgoing').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!o) throw new AppError('not_found', 'e.notFound', { entity: 'bank_outgoing', id });
      if (o.status !== 'queued') throw new AppError('rule', 'e.inst.notInQueue');
      const a = await tx.db.selectFrom('inst_agreement as a').innerJoin('company as c', 'c.id', 'a.supplier_id').select(['a.number', 'c.inn']).where('a.id', '=', d.agreementId).executeTakeFirst();
      if (!a) throw new AppError('not_found', 'e.notFound', { entity: 'inst_agreement', id: d.agreementId });
      if (o.payee_inn && a.inn && o.payee_inn !== a.inn) throw new AppError('rule', 'e.inst.otherSupplier', { inn: o.payee_inn, number: a.number });
      const pay = await applyPayment(tx, d.agreementId, { amount: o.amount, paidOn: o.paid_on, source: 'statement', outgoingId: id, docNumber: o.doc_number, note: d.note }, costChanged);
      await tx.db.updateTable('bank_outgoing').set({ status: 'resolved', agreement_id: d.agreementId, note: d.note }).where('id', '=', id).execute();
      await writeAudit(tx, { entityType: 'bank_outgoing', entityId: id, action: 'resolve', after: { agreementId: d.agreementId, paymentId: pay.id } });
      return pay;
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    return installmentError(e, d.agreementId);
  }
}

/** A person marks a queued outgoing document as not an installment payment; it leaves the queue. */
export async function ignoreOutgoing(ctx: Ctx, id: string, input: unknown) {
  requirePermission(ctx, 'installment.write');
  const d = parseInput(IgnoreOutgoingSchema, input);
  return inTransaction(ctx, async (tx) => {
    const o = await tx.db.selectFrom('bank_outgoing').select('status').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!o) throw new AppError('not_found', 'e.notFound', { entity: 'bank_outgoing', id });
    if (o.status !== 'queued') throw new AppError('rule', 'e.inst.notInQueue');
    await tx.db.updateTable('bank_outgoing').set({ status: 'ignored', note: d.note }).where('id', '=', id).execute();
    await writeAudit(tx, { entityType: 'bank_outgoing', entityId: id, action: 'ignore', after: d });
  });
}
