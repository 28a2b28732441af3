import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { dateInZone } from '../../domain/dates.ts';
import { lineVat, addDays, defaultBillingSettings } from '../../domain/billing/billing.ts';
import { ManualInvoiceSchema } from '../../domain/billing/billing.schemas.ts';
import { vatRateFor, type TaxMode } from '../../domain/tax.ts';
import type { Kopecks } from '../../domain/money.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx, type Tx } from '../context.ts';
import { getOwnEntity } from '../reference/own-entities.ts';


/** Requisites of a party as frozen into a document at issue time (SQL, for set-based issuing). */
export const partyJsonSql = (alias: string) => sql.raw(`jsonb_build_object('kind', ${alias}.kind, 'legalForm', ${alias}.legal_form, 'name', ${alias}.name,
  'inn', ${alias}.inn, 'kpp', ${alias}.kpp, 'ogrn', ${alias}.ogrn, 'address', ${alias}.legal_address, 'bankName', ${alias}.bank_name,
  'bik', ${alias}.bik, 'account', ${alias}.settlement_account, 'corrAccount', ${alias}.corr_account, 'email', ${alias}.email)`);

export interface PartySnapshot {
  kind: string; legalForm: string | null; name: string; inn: string | null; kpp: string | null; ogrn: string | null;
  address: string | null; bankName: string | null; bik: string | null; account: string | null; corrAccount: string | null; email: string | null;
}

/**
 * Reserves `count` consecutive invoice numbers of a seller for a year and returns the first. The counter
 * row is locked until the caller's transaction ends, so concurrent issuers queue and numbers have no gaps.
 */
export async function reserveInvoiceNumbers(tx: Tx, sellerId: string, year: number, count: number): Promise<number> {
  const r = await sql<{ last_no: number }>`
    INSERT INTO invoice_counter (seller_id, year, last_no) VALUES (${sellerId}, ${year}, ${count})
    ON CONFLICT (seller_id, year) DO UPDATE SET last_no = invoice_counter.last_no + ${count}
    RETURNING last_no`.execute(tx.db);
  return r.rows[0]!.last_no - count + 1;
}

export async function paymentTermsDays(tx: Ctx): Promise<number> {
  const s = await tx.db.selectFrom('billing_settings').select('payment_terms_days').where('id', '=', 1).executeTakeFirst();
  return s?.payment_terms_days ?? defaultBillingSettings.paymentTermsDays;
}

export interface NewLine {
  serviceId: string | null;
  billingKey: string;
  kind: 'period' | 'setup' | 'credit' | 'charge';
  period: string | null;
  dateFrom: string | null;
  dateTo: string | null;
  description: string;
  quantity: number;
  unitPrice: Kopecks;
  net: Kopecks;
  /** The date whose VAT rate applies. */
  serviceDate: string;
}

/** Issues one one-off invoice with its lines inside the caller's transaction (changes of billed value are corrections). */
export async function issueInvoice(tx: Tx, input: { sellerId: string; clientId: string; kind: 'setup'; period?: string | null; lines: NewLine[] }): Promise<string> {
  const seller = await getOwnEntity(tx, input.sellerId);
  const issueDate = dateInZone(tx.now(), tx.timeZone);
  const year = Number(issueDate.slice(0, 4));
  const lines = input.lines.map((l) => {
    const rate = vatRateFor(seller.taxMode as TaxMode, l.serviceDate);
    return { ...l, rate, ...lineVat(l.net, rate) };
  });
  const net = lines.reduce((s, l) => s + l.net, 0n);
  const vat = lines.reduce((s, l) => s + l.vat, 0n);
  const rates = [...new Set(lines.map((l) => l.rate))];
  const number = await reserveInvoiceNumbers(tx, input.sellerId, year, 1);
  const id = newId('iv');
  const terms = await paymentTermsDays(tx);
  await sql`INSERT INTO invoice (id, seller_id, client_id, year, number, kind, period, issue_date, due_date, net_total, vat_total, total, vat_rate, seller, buyer)
    SELECT ${id}, ${input.sellerId}, ${input.clientId}, ${year}, ${number}, ${input.kind}, ${input.period ?? null}, ${issueDate}::date, ${addDays(issueDate, terms)}::date,
      ${net}, ${vat}, ${net + vat}, ${rates.length === 1 ? rates[0] : null}::numeric, ${partyJsonSql('s')}, ${partyJsonSql('b')}
    FROM company s, company b WHERE s.id = ${input.sellerId} AND b.id = ${input.clientId}`.execute(tx.db);
  if (lines.length) {
    await tx.db.insertInto('invoice_line').values(lines.map((l) => ({
      invoice_id: id, service_id: l.serviceId, billing_key: l.billingKey, line_kind: l.kind, period: l.period, date_from: l.dateFrom, date_to: l.dateTo,
      description: l.description, quantity: l.quantity, unit_price: l.unitPrice, net: l.net, vat_rate: l.rate, vat: l.vat, total: l.total,
    }))).execute();
  }
  await writeAudit(tx, { entityType: 'invoice', entityId: id, scopeId: input.clientId, action: 'issue', after: { number, year, kind: input.kind, total: net + vat } });
  return id;
}

/** A one-off invoice (e.g. extra work) with free-text lines; numbered like any other. */
export async function issueManualInvoice(ctx: Ctx, input: unknown): Promise<InvoiceView> {
  requirePermission(ctx, 'billing.write');
  const data = parseInput(ManualInvoiceSchema, input);
  const id = await inTransaction(ctx, async (tx) => {
    const sellerId = data.sellerId ?? (await getOwnEntity(tx)).company.id;
    const key = newId('iv');
    return issueInvoice(tx, {
      sellerId, clientId: data.clientId, kind: 'setup',
      lines: data.lines.map((l, i) => ({ serviceId: null, billingKey: `manual:${key}:${i}`, kind: 'charge', period: null, dateFrom: null, dateTo: null,
        description: l.description, quantity: 1, unitPrice: l.amount, net: l.amount, serviceDate: data.serviceDate })),
    });
  });
  return getInvoice(ctx, id);
}

export interface InvoiceLineView {
  serviceId: string | null; kind: string; period: string | null; dateFrom: string | null; dateTo: string | null;
  description: string; quantity: number; unitPrice: Kopecks; net: Kopecks; vatRate: string | null; vat: Kopecks; total: Kopecks;
  /** Correction lines: the values before (net/vat/total above are the change). */
  before: { quantity: number; unitPrice: Kopecks; net: Kopecks; vat: Kopecks } | null;
}
export interface InvoiceView {
  id: string; sellerId: string; clientId: string; number: number; year: number; kind: string; period: string | null;
  issueDate: string; dueDate: string; netTotal: Kopecks; vatTotal: Kopecks; total: Kopecks; vatRate: string | null;
  paid: Kopecks; outstanding: Kopecks; seller: PartySnapshot; buyer: PartySnapshot; lines: InvoiceLineView[];
  /** The days actually billed: first and last day of the service lines (a service from 16.11 gives 16.11–30.11). */
  servedFrom: string | null; servedTo: string | null;
  /** For a correction: the document it corrects. */
  corrects: { id: string; number: number; issueDate: string } | null;
  /** Corrections issued to this invoice, and its total after them. */
  corrections: { id: string; number: number; issueDate: string; total: Kopecks }[]; correctedTotal: Kopecks;
}

/** One invoice with its lines and what has been paid on it. */
export async function getInvoice(ctx: Ctx, id: string): Promise<InvoiceView> {
  requirePermission(ctx, 'billing.read');
  const r = await ctx.db.selectFrom('invoice').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('not_found', 'e.notFound', { entity: 'invoice', id });
  const lines = await ctx.db.selectFrom('invoice_line').selectAll().where('invoice_id', '=', id).orderBy('id').execute();
  const paid = (await ctx.db.selectFrom('payment_allocation').select(sql<bigint>`coalesce(sum(amount), 0)::int8`.as('s')).where('invoice_id', '=', id).executeTakeFirst())?.s ?? 0n;
  const corrects = r.corrects_invoice_id
    ? await ctx.db.selectFrom('invoice').select(['id', 'number', 'issue_date']).where('id', '=', r.corrects_invoice_id).executeTakeFirstOrThrow() : null;
  const corrections = await ctx.db.selectFrom('invoice').select(['id', 'number', 'issue_date', 'total']).where('corrects_invoice_id', '=', id).orderBy('issue_date').orderBy('number').execute();
  const correctedTotal = corrections.reduce((a, c) => a + c.total, r.total);
  const served = lines.filter((l) => l.date_from && l.line_kind !== 'setup');
  return {
    id: r.id, sellerId: r.seller_id, clientId: r.client_id, number: r.number, year: r.year, kind: r.kind, period: r.period,
    issueDate: r.issue_date, dueDate: r.due_date, netTotal: r.net_total, vatTotal: r.vat_total, total: r.total, vatRate: r.vat_rate,
    paid, outstanding: (r.kind === 'correction' ? r.total : correctedTotal) - paid, seller: r.seller as PartySnapshot, buyer: r.buyer as PartySnapshot,
    lines: lines.map((l) => ({ serviceId: l.service_id, kind: l.line_kind, period: l.period, dateFrom: l.date_from, dateTo: l.date_to, description: l.description,
      quantity: l.quantity, unitPrice: l.unit_price, net: l.net, vatRate: l.vat_rate, vat: l.vat, total: l.total,
      before: l.before_net === null ? null : { quantity: l.before_quantity!, unitPrice: l.before_unit_price!, net: l.before_net, vat: l.before_vat! } })),
    servedFrom: served.length ? served.map((l) => l.date_from!).sort()[0]! : null,
    servedTo: served.length ? served.map((l) => l.date_to!).sort().at(-1)! : null,
    corrects: corrects ? { id: corrects.id, number: corrects.number, issueDate: corrects.issue_date } : null,
    corrections: corrections.map((c) => ({ id: c.id, number: c.number, issueDate: c.issue_date, total: c.total })), correctedTotal,
  };
}

export interface InvoiceSummary { id: string; clientId: string; clientName: string; number: number; year: number; kind: string; period: string | null; issueDate: string; dueDate: string; total: Kopecks; vatTotal: Kopecks; paid: Kopecks }

/** Invoices, newest first, filtered by client and/or period. */
export async function listInvoices(ctx: Ctx, f: { clientId?: string; period?: string; limit?: number } = {}): Promise<InvoiceSummary[]> {
  requirePermission(ctx, 'billing.read');
  let q = ctx.db.selectFrom('invoice as i').innerJoin('company as c', 'c.id', 'i.client_id')
    .select(['i.id', 'i.client_id', 'c.name', 'i.number', 'i.year', 'i.kind', 'i.period', 'i.issue_date', 'i.due_date', 'i.total', 'i.vat_total'])
    .select(sql<bigint>`(SELECT coalesce(sum(a.amount), 0)::int8 FROM payment_allocation a WHERE a.invoice_id = i.id)`.as('paid'));
  if (f.clientId) q = q.where('i.client_id', '=', f.clientId);
  if (f.period) q = q.where('i.period', '=', f.period);
  const rows = await q.orderBy('i.issue_date', 'desc').orderBy('i.number', 'desc').limit(f.limit ?? 500).execute();
  return rows.map((r) => ({ id: r.id, clientId: r.client_id, clientName: r.name, number: r.number, year: r.year, kind: r.kind, period: r.period,
    issueDate: r.issue_date, dueDate: r.due_date, total: r.total, vatTotal: r.vat_total, paid: r.paid }));
}
