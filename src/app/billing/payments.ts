import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { allocate } from '../../domain/billing/billing.ts';
import { IgnorePaymentSchema, ManualPaymentSchema, ResolvePaymentSchema } from '../../domain/billing/billing.schemas.ts';
import { decodeStatement, isOwnBankOperation, knownDocumentTypes, parseStatement, type StatementDocument } from '../../domain/billing/statement.ts';
import type { Kopecks } from '../../domain/money.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx, type Tx } from '../context.ts';


/** Open invoices of a client, oldest first, with what is still owed on each. */
async function openInvoices(tx: Ctx, clientId: string): Promise<{ id: string; outstanding: Kopecks }[]> {
  // Lock first, then read the sums in a new statement: under READ COMMITTED it sees what the
  // transaction we waited for has allocated, so concurrent payments never count the same debt twice.
  await sql`SELECT id FROM invoice WHERE client_id = ${clientId} AND total > 0 ORDER BY id FOR UPDATE`.execute(tx.db);
  // A correction that lowered an invoice lowers what is owed on it (the view adds corrections to the total).
  const rows = (await sql<{ id: string; outstanding: bigint }>`
    SELECT d.id, (d.corrected_total - d.paid)::int8 AS outstanding
    FROM invoice_due d WHERE d.client_id = ${clientId} AND d.corrected_total > 0 ORDER BY d.due_date, d.issue_date, d.number`.execute(tx.db)).rows;
  return rows.filter((r) => r.outstanding > 0n);
}

async function unallocated(tx: Ctx, paymentId: string): Promise<Kopecks> {
  const r = await sql<{ rest: bigint }>`SELECT (p.amount - coalesce((SELECT sum(a.amount) FROM payment_allocation a WHERE a.payment_id = p.id), 0))::int8 AS rest FROM payment p WHERE p.id = ${paymentId}`.execute(tx.db);
  return r.rows[0]?.rest ?? 0n;
}

/** Allocates what is left of a payment: to the named invoice first, then (when `spread`) to the oldest open ones. */
async function allocatePayment(tx: Tx, paymentId: string, clientId: string, invoiceId: string | null, spread: boolean): Promise<Kopecks> {
  let rest = await unallocated(tx, paymentId);
  let open = await openInvoices(tx, clientId);
  if (invoiceId) {
    const inv = await tx.db.selectFrom('invoice').select(['client_id', 'number']).where('id', '=', invoiceId).executeTakeFirst();
    if (!inv) throw new AppError('not_found', 'e.notFound', { entity: 'invoice', id: invoiceId });
    if (inv.client_id !== clientId) throw new AppError('rule', 'e.payment.invoiceOtherClient', { number: inv.number });
    open = [...open.filter((o) => o.id === invoiceId), ...(spread ? open.filter((o) => o.id !== invoiceId) : [])];
  } else if (!spread) open = [];
  const { allocations, rest: left } = allocate(rest, open);
  if (allocations.length) await tx.db.insertInto('payment_allocation').values(allocations.map((a) => ({ payment_id: paymentId, invoice_id: a.id, amount: a.amount }))).execute();
  rest = left;
  return rest;
}

/** Records a payment by hand (cash, a transfer seen in the bank's web page) and allocates it. */
export async function recordPayment(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'payment.write');
  const d = parseInput(ManualPaymentSchema, input);
  return inTransaction(ctx, async (tx) => {
    const client = await tx.db.selectFrom('company').select('id').where('id', '=', d.clientId).executeTakeFirst();
    if (!client) throw new AppError('not_found', 'e.notFound', { entity: 'company', id: d.clientId });
    const id = newId('pm');
    await tx.db.insertInto('payment').values({ id, source: 'manual', client_id: d.clientId, amount: d.amount, paid_on: d.paidOn, doc_number: d.docNumber, status: 'resolved', note: d.note }).execute();
    const onBalance = await allocatePayment(tx, id, d.clientId, d.invoiceId, true);
    await writeAudit(tx, { entityType: 'payment', entityId: id, scopeId: d.clientId, action: 'create', after: { ...d, onBalance } });
    return { id, onBalance };
  });
}

export interface OutgoingResult { documents: number; duplicates: number; matched: number; queued: number }
/** What a statement import does with the outgoing documents (our account pays), in the same transaction. */
export type OnOutgoing = (tx: Tx, importId: string, docs: readonly StatementDocument[]) => Promise<OutgoingResult>;

export interface StatementResult {
  importId: string; encoding: string; documents: number; incoming: number; duplicates: number; matched: number; queued: number; skipped: number;
  bankOperations: number; skippedTypes: string[];
  /** Outgoing documents (our account pays), as the `onOutgoing` step reports them; null without one. */
  outgoing: OutgoingResult | null;
}

/**
 * Imports a 1CClientBankExchange statement (Windows-1251 or UTF-8). Only incoming documents to our
 * accounts become payments; a document seen before (same account, date, number, payer, amount) is
 * ignored. A payment is applied automatically only when the payer's ИНН (+КПП) names exactly one
 * client AND the purpose names exactly one of that client's invoices; partial and over-payments stay on
 * the client's balance; everything else waits in the manual queue. The payer's name alone never matches.
 */
export async function importStatement(ctx: Ctx, bytes: Uint8Array, fileName: string | null = null, onOutgoing: OnOutgoing | null = null): Promise<StatementResult> {
  requirePermission(ctx, 'payment.write');
  const { text, encoding } = decodeStatement(bytes);
  const st = parseStatement(text, encoding);
  return inTransaction(ctx, async (tx) => {
    const ours = await tx.db.selectFrom('company as c').innerJoin('own_entity as o', 'o.company_id', 'c.id').select(['c.id', 'c.settlement_account', 'c.bik', 'c.corr_account']).where('c.settlement_account', 'is not', null).execute();
    const accountOwner = new Map(ours.map((o) => [o.settlement_account!, o.id]));
    const ourBanks = ours.map((o) => ({ bik: o.bik, corrAccount: o.corr_account }));
    let bankOperations = 0;
    const skippedTypes = new Set<string>();
    let skipped = 0;
    const seen = new Set<string>();
    const rows: { id: string; dedupe_key: string; seller_id: string; amount: bigint; paid_on: string; doc_number: string; payer_name: string; payer_inn: string | null;
      payer_kpp: string | null; payer_account: string; our_account: string; purpose: string; invoice_hints: number[]; refs: string }[] = [];
    let inFileDup = 0;
    const outgoingDocs: StatementDocument[] = [];
    for (const doc of st.documents) {
      const sellerId = accountOwner.get(doc.payeeAccount);
      if (!knownDocumentTypes.includes(doc.type)) { skippedTypes.add(doc.type); skipped++; continue; }
      if (!sellerId && accountOwner.has(doc.payerAccount)) outgoingDocs.push(doc);
      if (!sellerId || accountOwner.has(doc.payerAccount)) { skipped++; continue; }
      // Interest, fees and other orders of our own bank are bank operations, not a client paying us.
      if (isOwnBankOperation(doc, ourBanks)) { bankOperations++; skipped++; continue; }
      const key = createHash('sha256').update([doc.payeeAccount, doc.date, doc.number, doc.payerAccount, doc.payerInn ?? '', doc.amount.toString()].join('|')).digest('hex').slice(0, 40);
      if (seen.has(key)) { inFileDup++; continue; }
      seen.add(key);
      // Only whether the purpose names one invoice or several matters for matching: keep at most two.
      rows.push({ id: newId('pm'), dedupe_key: key, seller_id: sellerId, amount: doc.amount, paid_on: doc.receivedDate ?? doc.date,
        doc_number: doc.number, payer_name: doc.payerName, payer_inn: doc.payerInn, payer_kpp: doc.payerKpp, payer_account: doc.payerAccount,
        our_account: doc.payeeAccount, purpose: doc.purpose, invoice_hints: doc.invoiceNumbers.slice(0, 20), refs: JSON.stringify(doc.invoiceRefs.slice(0, 20)) });
    }
    const importId = newId('bs');
    await tx.db.insertInto('statement_import').values({ id: importId, file_name: fileName, encoding, actor_name: tx.actor.name, documents: st.documents.length,
      incoming: rows.length + inFileDup, duplicates: 0, matched: 0, queued: 0, skipped, bank_operations: bankOperations,
      date_from: isoDate(st.header['ДатаНачала']), date_to: isoDate(st.header['ДатаКонца']), amount_in: rows.reduce((a, r) => a + r.amount, 0n) }).execute();
    // One statement for the whole file: columns as arrays (unnest), which both engines take fast.
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    const ins = await sql`
      INSERT INTO payment (id, source, dedupe_key, import_id, seller_id, amount, paid_on, doc_number, payer_name, payer_inn, payer_kpp, payer_account, our_account, purpose, invoice_hints, invoice_refs, status)
      SELECT id, 'statement', key, ${importId}, seller, amount, paid_on, doc_number, payer_name, payer_inn, payer_kpp, payer_account, our_account, purpose,
             ARRAY(SELECT (jsonb_array_elements(refs::jsonb) ->> 'number')::int), refs::jsonb, 'queued'
      FROM unnest(${col('id')}::text[], ${col('dedupe_key')}::text[], ${col('seller_id')}::text[], ${rows.map((r) => String(r.amount))}::int8[], ${col('paid_on')}::date[],
                  ${col('doc_number')}::text[], ${col('payer_name')}::text[], ${col('payer_inn')}::text[], ${col('payer_kpp')}::text[], ${col('payer_account')}::text[],
                  ${col('our_account')}::text[], ${col('purpose')}::text[], ${col('refs')}::text[])
        AS t(id, key, seller, amount, paid_on, doc_number, payer_name, payer_inn, payer_kpp, payer_account, our_account, purpose, refs)
      ON CONFLICT (dedupe_key) DO NOTHING`.execute(tx.db);
    const inserted = Number(ins.numAffectedRows ?? 0n);
    // Fresh statistics, or the planner takes thousands of new rows for a handful and loops over invoices.
    if (inserted > 500) await sql`ANALYZE payment`.execute(tx.db);
    // Client: exactly one client company with the payer's ИНН (and КПП when the payer gave one).
    await sql`
      WITH cand AS (
        SELECT p.id AS pid, min(c.id) AS cid, count(*) AS n FROM payment p
        JOIN company c ON c.inn = p.payer_inn AND (p.payer_kpp IS NULL OR c.kpp IS NULL OR c.kpp = p.payer_kpp) AND 'client' = ANY(c.roles)
        WHERE p.import_id = ${importId} GROUP BY p.id)
      UPDATE payment p SET client_id = cand.cid FROM cand WHERE cand.pid = p.id AND cand.n = 1`.execute(tx.db);
    const matchedIds = await matchInvoices(tx, importId);
    const queued = inserted - matchedIds.length;
    const duplicates = rows.length - inserted + inFileDup;
    const matchedAmount = (await sql<{ s: bigint }>`SELECT coalesce(sum(amount), 0)::int8 AS s FROM payment WHERE id = ANY(${matchedIds}::text[])`.execute(tx.db)).rows[0]!.s;
    await tx.db.updateTable('statement_import').set({ duplicates, matched: matchedIds.length, queued, matched_amount: matchedAmount }).where('id', '=', importId).execute();
    // Our own payments to suppliers: installment agreements take what names them; the rest waits in their queue.
    const outgoing = onOutgoing ? await onOutgoing(tx, importId, outgoingDocs) : null;
    const result = { importId, encoding, documents: st.documents.length, incoming: rows.length + inFileDup, duplicates, matched: matchedIds.length, queued, skipped, bankOperations, skippedTypes: [...skippedTypes], outgoing };
    await writeAudit(tx, { entityType: 'statement_import', entityId: importId, action: 'import', after: { fileName, ...result } });
    return result;
  });
}

const isoDate = (d: string | undefined): string | null => {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(d?.trim() ?? '');
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
};

/**
 * Applies the payments of an import to the invoices their purpose names. Each named invoice must be
 * exactly one invoice of that client and our receiving entity, with the same date when the purpose gives
 * one. One invoice named: the payment goes to it (earlier payments in the file first; the excess stays on
 * the balance). Several named: applied only when the amount equals what is owed on them together.
 */
async function matchInvoices(tx: Tx, importId: string): Promise<string[]> {
  await sql`
    CREATE TEMP TABLE st_match ON COMMIT DROP AS
    SELECT p.id AS pid, p.amount, r.ord, i.id AS iid, i.corrected_total - i.paid AS outstanding,
           count(i.id) OVER (PARTITION BY p.id, r.ord) AS ncand
    FROM payment p
    CROSS JOIN LATERAL jsonb_array_elements(p.invoice_refs) WITH ORDINALITY AS r(ref, ord)
    LEFT JOIN invoice_due i ON i.client_id = p.client_id AND i.seller_id = p.seller_id AND i.number = (r.ref ->> 'number')::int AND i.kind IN ('period','setup')
      AND i.issue_date <= p.paid_on AND (r.ref ->> 'date' IS NULL OR i.issue_date = (r.ref ->> 'date')::date)
    WHERE p.import_id = ${importId} AND p.client_id IS NOT NULL`.execute(tx.db);
  // A named number without an invoice leaves iid empty; a number with several invoices has ncand > 1.
  const single = await sql<{ payment_id: string }>`
    WITH ok AS (
      SELECT m.pid, m.iid, m.amount, m.outstanding FROM st_match m
      WHERE m.iid IS NOT NULL AND m.ncand = 1 AND m.outstanding > 0
        AND NOT EXISTS (SELECT 1 FROM st_match o WHERE o.pid = m.pid AND o.ord <> m.ord)
    ), seq AS (
      SELECT pid, iid, amount, outstanding, coalesce(sum(amount) OVER (PARTITION BY iid ORDER BY pid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
      FROM ok
    )
    INSERT INTO payment_allocation (payment_id, invoice_id, amount)
    SELECT pid, iid, least(amount, outstanding - before) FROM seq WHERE outstanding - before > 0
    RETURNING payment_id`.execute(tx.db);
  const multi = await sql<{ payment_id: string }>`
    WITH p AS (
      SELECT pid, min(amount) AS amount, sum(outstanding) AS owed, bool_and(iid IS NOT NULL AND ncand = 1 AND outstanding > 0) AS all_ok, count(DISTINCT iid) AS n
      FROM st_match GROUP BY pid HAVING count(DISTINCT ord) > 1
    ), ok AS (
      SELECT p.pid FROM p WHERE p.all_ok AND p.amount = p.owed
        AND NOT EXISTS (SELECT 1 FROM st_match a JOIN st_match b ON b.iid = a.iid AND b.pid <> a.pid WHERE a.pid = p.pid)
    )
    INSERT INTO payment_allocation (payment_id, invoice_id, amount)
    SELECT m.pid, m.iid, m.outstanding FROM st_match m JOIN ok ON ok.pid = m.pid
    RETURNING payment_id`.execute(tx.db);
  await sql`DROP TABLE st_match`.execute(tx.db);
  const ids = [...new Set([...single.rows, ...multi.rows].map((r) => r.payment_id))];
  if (ids.length) await sql`UPDATE payment SET status = 'matched' WHERE id = ANY(${ids}::text[])`.execute(tx.db);
  return ids;
}

export interface QueuedPayment { id: string; amount: Kopecks; paidOn: string; docNumber: string | null; payerName: string | null; payerInn: string | null; payerKpp: string | null; purpose: string | null; suggestedClientId: string | null; suggestedClientName: string | null; invoiceHints: number[] }

/** Payments waiting for a person: unknown payer, no or ambiguous invoice number. */
export async function listPaymentQueue(ctx: Ctx): Promise<QueuedPayment[]> {
  requirePermission(ctx, 'billing.read');
  const rows = await ctx.db.selectFrom('payment as p').leftJoin('company as c', 'c.id', 'p.client_id')
    .select(['p.id', 'p.amount', 'p.paid_on', 'p.doc_number', 'p.payer_name', 'p.payer_inn', 'p.payer_kpp', 'p.purpose', 'p.client_id', 'c.name', 'p.invoice_hints'])
    .where('p.status', '=', 'queued').orderBy('p.paid_on').orderBy('p.id').limit(1000).execute();
  return rows.map((r) => ({ id: r.id, amount: r.amount, paidOn: r.paid_on, docNumber: r.doc_number, payerName: r.payer_name, payerInn: r.payer_inn, payerKpp: r.payer_kpp,
    purpose: r.purpose, suggestedClientId: r.client_id, suggestedClientName: r.name, invoiceHints: r.invoice_hints }));
}

/** A person assigns a queued payment to a client (and optionally an invoice); the rest is spread over open invoices, then stays on balance. */
export async function resolvePayment(ctx: Ctx, paymentId: string, input: unknown) {
  requirePermission(ctx, 'payment.write');
  const d = parseInput(ResolvePaymentSchema, input);
  return inTransaction(ctx, async (tx) => {
    const p = await tx.db.selectFrom('payment').selectAll().where('id', '=', paymentId).forUpdate().executeTakeFirst();
    if (!p) throw new AppError('not_found', 'e.notFound', { entity: 'payment', id: paymentId });
    if (p.status !== 'queued') throw new AppError('rule', 'e.payment.notInQueue');
    const client = await tx.db.selectFrom('company').select('id').where('id', '=', d.clientId).executeTakeFirst();
    if (!client) throw new AppError('not_found', 'e.notFound', { entity: 'company', id: d.clientId });
    await tx.db.updateTable('payment').set({ client_id: d.clientId, status: 'resolved', note: d.note }).where('id', '=', paymentId).execute();
    const onBalance = await allocatePayment(tx, paymentId, d.clientId, d.invoiceId, true);
    await writeAudit(tx, { entityType: 'payment', entityId: paymentId, scopeId: d.clientId, action: 'resolve', before: { status: p.status, clientId: p.client_id }, after: { ...d, onBalance } });
    return { id: paymentId, onBalance };
  });
}

/** A person marks a queued receipt as not a client payment (refund from a supplier, own transfer); it leaves the queue. */
export async function ignorePayment(ctx: Ctx, paymentId: string, input: unknown) {
  requirePermission(ctx, 'payment.write');
  const d = parseInput(IgnorePaymentSchema, input);
  return inTransaction(ctx, async (tx) => {
    const p = await tx.db.selectFrom('payment').selectAll().where('id', '=', paymentId).forUpdate().executeTakeFirst();
    if (!p) throw new AppError('not_found', 'e.notFound', { entity: 'payment', id: paymentId });
    if (p.status !== 'queued') throw new AppError('rule', 'e.payment.notInQueue');
    await tx.db.updateTable('payment').set({ status: 'ignored', note: d.note, client_id: null }).where('id', '=', paymentId).execute();
    await writeAudit(tx, { entityType: 'payment', entityId: paymentId, action: 'ignore', after: d });
  });
}

/** Spreads a client's money on account over open invoices, oldest first (after new invoices are issued). */
export async function applyClientCredit(ctx: Ctx, clientId: string): Promise<Kopecks> {
  requirePermission(ctx, 'payment.write');
  return inTransaction(ctx, async (tx) => {
    const pays = await tx.db.selectFrom('payment').select('id').where('client_id', '=', clientId).where('status', 'in', ['matched', 'resolved']).orderBy('paid_on').orderBy('id').forUpdate().execute();
    let applied = 0n;
    for (const p of pays) {
      const before = await unallocated(tx, p.id);
      if (before === 0n) continue;
      const after = await allocatePayment(tx, p.id, clientId, null, true);
      applied += before - after;
    }
    if (applied > 0n) await writeAudit(tx, { entityType: 'company', entityId: clientId, scopeId: clientId, action: 'apply_credit', after: { applied } });
    return applied;
  });
}
