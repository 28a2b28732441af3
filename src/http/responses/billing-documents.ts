import { z } from 'zod';
import { download } from './common.ts';
import { BillingRunResult, StatementCounts } from './billing.ts';

export const PlannedPeriod = z.object({
  period: z.string(),
  catchUp: z.boolean(),
  clients: z.number(),
  invoices: z.number(),
  lines: z.number(),
  net: z.bigint(),
  vat: z.bigint(),
  total: z.bigint(),
  examples: z.array(z.object({ clientName: z.string(), description: z.string(), total: z.bigint() })),
});

export const StatementImportView = StatementCounts.extend({
  id: z.string(),
  fileName: z.string().nullable(),
  importedAt: z.date(),
  actorName: z.string().nullable(),
  dateFrom: z.string().nullable(),
  dateTo: z.string().nullable(),
  amountIn: z.bigint(),
  matchedAmount: z.bigint(),
  stillQueued: z.number(),
});

export const StatementPaymentView = z.object({
  id: z.string(),
  docNumber: z.string().nullable(),
  paidOn: z.string(),
  amount: z.bigint(),
  payerName: z.string().nullable(),
  payerInn: z.string().nullable(),
  purpose: z.string().nullable(),
  status: z.string(),
  clientId: z.string().nullable(),
  clientName: z.string().nullable(),
  applied: z.array(z.object({ invoiceId: z.string(), number: z.number(), year: z.number(), amount: z.bigint() })),
});

/** GET /billing/invoices/:id/ukd.pdf (200) */
export const getBillingInvoicesIdUkdPdf = download('pdf');

/** GET /billing/invoices/:id/upd.xml (200) */
export const getBillingInvoicesIdUpdXml = download('xml');

/** GET /billing/invoices/:id/ukd.xml (200) */
export const getBillingInvoicesIdUkdXml = download('xml');

/** GET /billing/upd-xml.zip (200) */
export const getBillingUpdXmlZip = download('zip');

/** GET /billing/runs/preview (200) */
export const getBillingRunsPreview = z.object({ asOf: z.string(), periods: z.array(PlannedPeriod) });

/** POST /billing/runs/daily (200) */
export const postBillingRunsDaily = z.object({ runs: z.array(BillingRunResult) });

/** GET /billing/statements (200) */
export const getBillingStatements = z.object({ items: z.array(StatementImportView) });

/** GET /billing/statements/:id (200) */
export const getBillingStatementsId = z.object({ import: StatementImportView, payments: z.array(StatementPaymentView) });
