import { z } from 'zod';
import { serviceStatuses } from '../../domain/billing/billing.ts';
import { download, noContent, page } from './common.ts';

export const Service = z.object({
  id: z.string(),
  clientId: z.string(),
  sellerId: z.string(),
  contractRef: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  params: z.record(z.string(), z.unknown()),
  siteId: z.string().nullable(),
  monthlyPrice: z.bigint(),
  setupFee: z.bigint(),
  quantity: z.number(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  billingDay: z.number(),
  status: z.enum(serviceStatuses),
  version: z.number(),
});

/** A service as the services list shows it: with the client's name. */
export const ServiceRow = Service.extend({ clientName: z.string() });

export const ChangeResult = z.object({ service: Service, correctionIds: z.array(z.string()) });

export const BillingRunResult = z.object({
  runId: z.string(),
  period: z.string(),
  invoices: z.number(),
  lines: z.number(),
  clients: z.number(),
});

export const InvoiceRow = z.object({
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  clientInn: z.string().nullable(),
  sellerId: z.string(),
  number: z.number(),
  year: z.number(),
  kind: z.string(),
  period: z.string().nullable(),
  issueDate: z.string(),
  dueDate: z.string(),
  total: z.bigint(),
  vatTotal: z.bigint(),
  paid: z.bigint(),
  outstanding: z.bigint(),
  state: z.enum(['paid', 'partial', 'unpaid', 'overdue']),
  documents: z.array(z.enum(['invoice', 'act', 'factura', 'upd', 'updXml', 'ukd', 'ukdXml'])),
  corrects: z.object({
    id: z.string(),
    number: z.number(),
    year: z.number(),
    issueDate: z.string(),
    documentDate: z.string(),
  }).nullable(),
  correctedTotal: z.bigint(),
});

export const PartySnapshot = z.object({
  kind: z.string(),
  legalForm: z.string().nullable(),
  name: z.string(),
  inn: z.string().nullable(),
  kpp: z.string().nullable(),
  ogrn: z.string().nullable(),
  address: z.string().nullable(),
  bankName: z.string().nullable(),
  bik: z.string().nullable(),
  account: z.string().nullable(),
  corrAccount: z.string().nullable(),
  email: z.string().nullable(),
});

export const InvoiceLineView = z.object({
  serviceId: z.string().nullable(),
  kind: z.string(),
  period: z.string().nullable(),
  dateFrom: z.string().nullable(),
  dateTo: z.string().nullable(),
  description: z.string(),
  quantity: z.number(),
  unitPrice: z.bigint(),
  net: z.bigint(),
  vatRate: z.string().nullable(),
  vat: z.bigint(),
  total: z.bigint(),
  before: z.object({ quantity: z.number(), unitPrice: z.bigint(), net: z.bigint(), vat: z.bigint() }).nullable(),
});

export const InvoiceView = z.object({
  id: z.string(),
  sellerId: z.string(),
  clientId: z.string(),
  number: z.number(),
  year: z.number(),
  kind: z.string(),
  period: z.string().nullable(),
  issueDate: z.string(),
  dueDate: z.string(),
  netTotal: z.bigint(),
  vatTotal: z.bigint(),
  total: z.bigint(),
  vatRate: z.string().nullable(),
  paid: z.bigint(),
  outstanding: z.bigint(),
  seller: PartySnapshot,
  buyer: PartySnapshot,
  lines: z.array(InvoiceLineView),
  servedFrom: z.string().nullable(),
  servedTo: z.string().nullable(),
  corrects: z.object({ id: z.string(), number: z.number(), issueDate: z.string() }).nullable(),
  corrections: z.array(z.object({ id: z.string(), number: z.number(), issueDate: z.string(), total: z.bigint() })),
  correctedTotal: z.bigint(),
});

export const OutgoingResult = z.object({
  documents: z.number(),
  duplicates: z.number(),
  matched: z.number(),
  queued: z.number(),
});

/** What a bank statement (or the person who typed it) says of a receipt. */
const receipt = z.object({
  id: z.string(),
  amount: z.bigint(),
  paidOn: z.string(),
  docNumber: z.string().nullable(),
  payerName: z.string().nullable(),
  payerInn: z.string().nullable(),
  purpose: z.string().nullable(),
  invoiceHints: z.array(z.number()),
});

export const PaymentRow = receipt.extend({
  source: z.string(),
  status: z.string(),
  clientId: z.string().nullable(),
  clientName: z.string().nullable(),
  allocated: z.bigint(),
  note: z.string().nullable(),
});

export const QueuedPayment = receipt.extend({
  payerKpp: z.string().nullable(),
  suggestedClientId: z.string().nullable(),
  suggestedClientName: z.string().nullable(),
});

export const LedgerEntry = z.object({
  date: z.string(),
  kind: z.enum(['invoice', 'payment', 'correction']),
  id: z.string(),
  ref: z.string(),
  debit: z.bigint(),
  credit: z.bigint(),
  balance: z.bigint(),
});

export const AgingRow = z.object({
  clientId: z.string(),
  clientName: z.string(),
  inn: z.string().nullable(),
  buckets: z.object({ current: z.bigint(), d1_30: z.bigint(), d31_60: z.bigint(), d60plus: z.bigint() }),
  debt: z.bigint(),
  onAccount: z.bigint(),
  oldestDue: z.string().nullable(),
  daysOverdue: z.number(),
});

/** GET /billing/services (200) */
export const getBillingServices = page(ServiceRow);

/** POST /billing/services (201) */
export const postBillingServices = Service;

/** POST /billing/services/import (200) */
export const postBillingServicesImport = z.object({ created: z.number() });

/** GET /billing/services/:id (200) */
export const getBillingServicesId = Service.extend({
  tariffs: z.array(z.object({
    validFrom: z.string(),
    validTo: z.string().nullable(),
    monthlyPrice: z.bigint(),
    quantity: z.number(),
    reason: z.string().nullable(),
  })),
});

/** POST /billing/services/:id/status (200) */
export const postBillingServicesIdStatus = Service;

/** POST /billing/services/:id/tariff-changes (200) */
export const postBillingServicesIdTariffChanges = ChangeResult;

/** POST /billing/services/:id/downsize (200) */
export const postBillingServicesIdDownsize = ChangeResult;

/** POST /billing/services/:id/closure (200) */
export const postBillingServicesIdClosure = ChangeResult;

/** GET /billing/closure-reasons (200) */
export const getBillingClosureReasons = z.object({
  items: z.array(z.object({ code: z.string(), nameRu: z.string(), nameEn: z.string(), active: z.boolean() })),
});

/** PUT /billing/closure-reasons (200) */
export const putBillingClosureReasons = z.object({
  code: z.string(),
  nameRu: z.string(),
  nameEn: z.string(),
  active: z.boolean(),
});

/** GET /billing/churn (200) */
export const getBillingChurn = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(z.object({
    reasonCode: z.string(),
    reason: z.string(),
    reasonEn: z.string(),
    closures: z.number(),
    downsizes: z.number(),
    lostMonthly: z.bigint(),
  })),
  totalLostMonthly: z.bigint(),
});

/** POST /billing/runs (200) */
export const postBillingRuns = BillingRunResult;

/** GET /billing/invoices (200) */
export const getBillingInvoices = page(InvoiceRow);

/** POST /billing/invoices (201) */
export const postBillingInvoices = InvoiceView;

/** GET /billing/invoices/:id (200) */
export const getBillingInvoicesId = InvoiceView;

/** GET /billing/invoices/:id/invoice.pdf (200) */
export const getBillingInvoicesIdInvoicePdf = download('pdf');

/** GET /billing/invoices/:id/act.pdf (200) */
export const getBillingInvoicesIdActPdf = download('pdf');

/** GET /billing/invoices/:id/upd.pdf (200) */
export const getBillingInvoicesIdUpdPdf = download('pdf');

/** GET /billing/invoices/:id/factura.pdf (200) */
export const getBillingInvoicesIdFacturaPdf = download('pdf');

/** GET /billing/register.xlsx (200) */
export const getBillingRegisterXlsx = download('xlsx');

/** What one statement import did: the counters its answer and its history entry share. */
export const StatementCounts = z.object({
  encoding: z.string(),
  documents: z.number(),
  incoming: z.number(),
  duplicates: z.number(),
  matched: z.number(),
  queued: z.number(),
  skipped: z.number(),
  bankOperations: z.number(),
});

/** POST /billing/payments (201) */
export const postBillingPayments = z.object({ id: z.string(), onBalance: z.bigint() });

/** POST /billing/payments/import (200) */
export const postBillingPaymentsImport = StatementCounts.extend({
  importId: z.string(),
  skippedTypes: z.array(z.string()),
  outgoing: OutgoingResult.nullable(),
  ordersReady: z.number(),
});

/** GET /billing/payments (200) */
export const getBillingPayments = page(PaymentRow);

/** GET /billing/payments/queue (200) */
export const getBillingPaymentsQueue = z.object({ items: z.array(QueuedPayment) });

/** POST /billing/payments/:id/resolve (200) */
export const postBillingPaymentsIdResolve = postBillingPayments;

/** POST /billing/payments/:id/ignore (204) */
export const postBillingPaymentsIdIgnore = noContent;

/** GET /billing/clients/:id/ledger (200) */
export const getBillingClientsIdLedger = z.object({
  clientId: z.string(),
  balance: z.bigint(),
  onAccount: z.bigint(),
  entries: z.array(LedgerEntry),
});

/** POST /billing/clients/:id/apply-credit (200) */
export const postBillingClientsIdApplyCredit = z.object({ applied: z.bigint() });

/** GET /billing/receivables (200) */
export const getBillingReceivables = z.object({
  asOf: z.string(),
  totals: z.object({ current: z.bigint(), d1_30: z.bigint(), d31_60: z.bigint(), d60plus: z.bigint() }),
  rows: z.array(AgingRow),
});

/** GET /billing/receivables.xlsx (200) */
export const getBillingReceivablesXlsx = download('xlsx');

/** GET /billing/settings (200) */
export const getBillingSettings = z.object({
  paymentTermsDays: z.number(),
  reminderDays: z.array(z.number()),
  suspendAfterDays: z.number(),
});

/** PUT /billing/settings (200) */
export const putBillingSettings = getBillingSettings;

/** GET /billing/suspensions (200) */
export const getBillingSuspensions = z.object({
  items: z.array(z.object({
    id: z.string(),
    clientId: z.string(),
    clientName: z.string(),
    debt: z.bigint(),
    oldestDue: z.string(),
    proposedAt: z.date(),
  })),
});

/** POST /billing/suspensions/:id/decision (200) */
export const postBillingSuspensionsIdDecision = z.object({ id: z.string(), status: z.string(), suspended: z.array(z.string()) });
