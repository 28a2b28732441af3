import { sql } from 'kysely';
import { runPage } from '../../db/queries/list.ts';
import { dateInZone } from '../../domain/dates.ts';
import { containsPattern, type ListQuery, type Page } from '../../domain/lists/list-query.ts';
import type { ServiceStatus } from '../../domain/billing/billing.ts';
import type { Kopecks } from '../../domain/money.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { serviceFromRow, type Service } from './services.ts';

/** Where an invoice stands today: paid in full, partly paid, not paid yet, or past its due date. */
export type InvoiceState = 'paid' | 'partial' | 'unpaid' | 'overdue';
/** Which PDFs exist for an invoice: always the invoice; the act and the счёт-фактура (VAT payers) or the УПД. */
export type InvoiceDocument = 'invoice' | 'act' | 'factura' | 'upd' | 'updXml' | 'ukd' | 'ukdXml';

export interface InvoiceRow {
  id: string; clientId: string; clientName: string; clientInn: string | null; sellerId: string; number: number; year: number; kind: string; period: string | null;
  issueDate: string; dueDate: string; total: Kopecks; vatTotal: Kopecks; paid: Kopecks; outstanding: Kopecks; state: InvoiceState; documents: InvoiceDocument[];
  /** For a correction: the document it corrects. */
  corrects: { id: string; number: number; year: number; issueDate: string; documentDate: string } | null;
  /** The total after corrections (what the client owes on it before payments). */
  correctedTotal: Kopecks;
}

export interface InvoiceFilter extends ListQuery { clientId?: string; period?: string; state?: InvoiceState; from?: string; to?: string }

/** What an invoice asks after its corrections (a correction is its own change). */
const owedSql = sql<bigint>`(i.total + CASE WHEN i.kind = 'correction' THEN 0 ELSE coalesce((SELECT sum(k.total) FROM invoice k WHERE k.corrects_invoice_id = i.id), 0) END)::int8`;

const invoiceSorts = {
  columns: { number: 'i.number', issueDate: 'i.issue_date', dueDate: 'i.due_date', client: sql`lower(c.name)`, total: 'i.total', outstanding: sql`(${owedSql} - a.paid)`, period: 'i.period' },
  default: '-issueDate', tieBreaker: 'i.id',
};

/**
 * Invoices for the accounting list: search by number («123», «123/2026») or client name / ИНН, filters by
 * client, period, issue dates and payment state; sorted and paged on the server.
 */
export async function pageInvoices(ctx: Ctx, f: InvoiceFilter): Promise<Page<InvoiceRow>> {
  requirePermission(ctx, 'billing.read');
  const today = dateInZone(ctx.now(), ctx.timeZone);
  let q = ctx.db.selectFrom('invoice as i').innerJoin('company as c', 'c.id', 'i.client_id')
    .innerJoinLateral((eb) => eb.selectFrom('payment_allocation as pa').select(sql<bigint>`coalesce(sum(pa.amount), 0)::int8`.as('paid')).whereRef('pa.invoice_id', '=', 'i.id').as('a'), (j) => j.onTrue())
    .select(['i.id', 'i.client_id', 'c.name', 'c.inn', 'i.seller_id', 'i.number', 'i.year', 'i.kind', 'i.period', 'i.issue_date', 'i.due_date', 'i.total', 'i.vat_total', 'a.paid'])
    .leftJoin('invoice as o', 'o.id', 'i.corrects_invoice_id')
    .select(['o.id as o_id', 'o.number as o_number', 'o.year as o_year', 'o.issue_date as o_issue_date'])
    // The original's document date is its shipment date (last day served), as on its УПД and the УКД.
    .select(sql<string | null>`(SELECT max(l.date_to) FROM invoice_line l WHERE l.invoice_id = o.id AND l.line_kind <> 'setup')`.as('o_served_to'))
    .select(owedSql.as('corrected_total'))
    .select(sql<boolean>`EXISTS (SELECT 1 FROM invoice_line l WHERE l.invoice_id = i.id AND l.vat_rate IS NOT NULL)`.as('has_vat'));
  const term = f.q?.trim();
  if (term) {
    const num = /^№?\s*(\d{1,9})(?:\s*\/\s*(\d{4}))?$/.exec(term);
    const digits = term.replace(/\s/g, '');
    q = q.where((eb) => eb.or([
      eb(eb.fn('lower', ['c.name']), 'like', containsPattern(term)),
      ...(num ? [eb.and([eb('i.number', '=', Number(num[1])), ...(num[2] ? [eb('i.year', '=', Number(num[2]))] : [])])] : []),
      ...(/^\d{4,12}$/.test(digits) ? [eb('c.inn', 'like', `${digits}%`)] : []),
    ]));
  }
  if (f.clientId) q = q.where('i.client_id', '=', f.clientId);
  if (f.period) q = q.where('i.period', '=', f.period);
  if (f.from) q = q.where('i.issue_date', '>=', f.from);
  if (f.to) q = q.where('i.issue_date', '<=', f.to);
  if (f.state === 'paid') q = q.where(sql<boolean>`a.paid >= ${owedSql}`);
  if (f.state === 'partial') q = q.where(sql<boolean>`a.paid > 0 AND a.paid < ${owedSql} AND i.due_date >= ${today}::date`);
  if (f.state === 'unpaid') q = q.where(sql<boolean>`a.paid < ${owedSql}`);
  if (f.state === 'overdue') q = q.where(sql<boolean>`a.paid < ${owedSql} AND i.due_date < ${today}::date`);
  return runPage(q, f, invoiceSorts, (r): InvoiceRow => {
    const outstanding = r.corrected_total - r.paid;
    const state: InvoiceState = outstanding <= 0n ? 'paid' : r.due_date < today ? 'overdue' : r.paid > 0n ? 'partial' : 'unpaid';
    return {
      id: r.id, clientId: r.client_id, clientName: r.name, clientInn: r.inn, sellerId: r.seller_id, number: r.number, year: r.year, kind: r.kind, period: r.period,
      issueDate: r.issue_date, dueDate: r.due_date, total: r.total, vatTotal: r.vat_total, paid: r.paid, outstanding, state,
      documents: r.kind === 'correction' ? ['ukd', 'ukdXml'] : r.has_vat ? ['invoice', 'act', 'factura', 'upd', 'updXml'] : ['invoice', 'act', 'upd', 'updXml'],
      corrects: r.o_id ? { id: r.o_id, number: r.o_number!, year: r.o_year!, issueDate: r.o_issue_date!, documentDate: r.o_served_to ?? r.o_issue_date! } : null, correctedTotal: r.corrected_total,
    };
  });
}

export interface ServiceRow extends Service { clientName: string }
export interface ServiceFilter extends ListQuery { clientId?: string; status?: string; kind?: string }

const serviceSorts = {
  columns: { title: sql`lower(s.title)`, client: sql`lower(c.name)`, startDate: 's.start_date', endDate: 's.end_date', monthlyPrice: 's.monthly_price', status: 's.status', kind: 's.kind' },
  default: 'client', tieBreaker: 's.id',
};

/** Client services for accounting: search by title, contract or client name / ИНН; filters by client, status, kind. */
export async function pageServices(ctx: Ctx, f: ServiceFilter): Promise<Page<ServiceRow>> {
  requirePermission(ctx, 'billing.read');
  let q = ctx.db.selectFrom('billing_service as s').innerJoin('company as c', 'c.id', 's.client_id').selectAll('s').select('c.name as client_name');
  const term = f.q?.trim();
  if (term) {
    const like = containsPattern(term);
    const digits = term.replace(/\s/g, '');
    q = q.where((eb) => eb.or([
      eb(eb.fn('lower', ['s.title']), 'like', like), eb(eb.fn('lower', ['c.name']), 'like', like), eb(eb.fn('lower', ['s.contract_ref']), 'like', like),
      ...(/^\d{4,12}$/.test(digits) ? [eb('c.inn', 'like', `${digits}%`)] : []),
    ]));
  }
  if (f.clientId) q = q.where('s.client_id', '=', f.clientId);
  if (f.status) q = q.where('s.status', '=', f.status as ServiceStatus);
  if (f.kind) q = q.where('s.kind', '=', f.kind);
  return runPage(q, f, serviceSorts, (r) => ({ ...serviceFromRow(r), clientName: r.client_name }));
}

export interface PaymentRow {
  id: string; source: string; status: string; clientId: string | null; clientName: string | null; amount: Kopecks; allocated: Kopecks; paidOn: string;
  docNumber: string | null; payerName: string | null; payerInn: string | null; purpose: string | null; note: string | null; invoiceHints: number[];
}
export interface PaymentFilter extends ListQuery { status?: string; clientId?: string; from?: string; to?: string }

const paymentSorts = {
  columns: { paidOn: 'p.paid_on', amount: 'p.amount', payer: sql`lower(coalesce(p.payer_name, c.name))`, status: 'p.status' },
  default: '-paidOn', tieBreaker: 'p.id',
};

/** Every payment (statement and manual), with the queue as `status=queued`: search by payer, ИНН, purpose or document number. */
export async function pagePayments(ctx: Ctx, f: PaymentFilter): Promise<Page<PaymentRow>> {
  requirePermission(ctx, 'billing.read');
  let q = ctx.db.selectFrom('payment as p').leftJoin('company as c', 'c.id', 'p.client_id')
    .select(['p.id', 'p.source', 'p.status', 'p.client_id', 'c.name', 'p.amount', 'p.paid_on', 'p.doc_number', 'p.payer_name', 'p.payer_inn', 'p.purpose', 'p.note', 'p.invoice_hints'])
    .select(sql<bigint>`(SELECT coalesce(sum(a.amount), 0)::int8 FROM payment_allocation a WHERE a.payment_id = p.id)`.as('allocated'));
  const term = f.q?.trim();
  if (term) {
    const like = containsPattern(term);
    q = q.where((eb) => eb.or([
      eb(eb.fn('lower', ['p.payer_name']), 'like', like), eb(eb.fn('lower', ['c.name']), 'like', like), eb(eb.fn('lower', ['p.purpose']), 'like', like),
      eb('p.doc_number', '=', term), eb('p.payer_inn', 'like', `${term.replace(/\s/g, '')}%`),
    ]));
  }
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.clientId) q = q.where('p.client_id', '=', f.clientId);
  if (f.from) q = q.where('p.paid_on', '>=', f.from);
  if (f.to) q = q.where('p.paid_on', '<=', f.to);
  return runPage(q, f, paymentSorts, (r) => ({
    id: r.id, source: r.source, status: r.status, clientId: r.client_id, clientName: r.name, amount: r.amount, allocated: r.allocated, paidOn: r.paid_on,
    docNumber: r.doc_number, payerName: r.payer_name, payerInn: r.payer_inn, purpose: r.purpose, note: r.note, invoiceHints: r.invoice_hints,
  }));
}
