import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { runBilling } from '../../app/billing/billing-run.ts';
import { changeTariff, churnReport, closeService, downsizeService, listClosureReasons, setClosureReason } from '../../app/billing/changes.ts';
import { actPdf, documentFileName, documentRegisterXlsx, facturaPdf, invoicePdf, updPdf } from '../../app/billing/documents.ts';
import { getInvoice, issueManualInvoice } from '../../app/billing/invoices.ts';
import { applyClientCredit, ignorePayment, listPaymentQueue, recordPayment, resolvePayment } from '../../app/billing/payments.ts';
import { importStatement } from '../../app/flows/statement-import.ts';
import { agingReport, clientLedger, debtReportXlsx, decideSuspension, getBillingSettings, listSuspensionProposals, setBillingSettings } from '../../app/billing/receivables.ts';
import { createService, getService, importServices, setServiceStatus, tariffHistory } from '../../app/billing/services.ts';
import { pageInvoices, pagePayments, pageServices } from '../../app/billing/lists.ts';
import { listQuery } from '../../domain/lists/list-query.ts';
import {
  BillingRunSchema, BillingSettingsSchema, ClosureReasonSchema, ClosureSchema, DownsizeSchema, IgnorePaymentSchema, ManualInvoiceSchema, ManualPaymentSchema,
  ResolvePaymentSchema, ServiceCreateSchema, SuspensionDecisionSchema, TariffChangeSchema,
} from '../../domain/billing/billing.schemas.ts';
import { serviceStatuses } from '../../domain/billing/billing.ts';
import { serviceKinds } from '../../domain/catalog/service-kinds.ts';
import { AppError } from '../../domain/errors.ts';
import { isoDateSchema } from '../../domain/date-schema.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';
import * as R from '../responses/billing.ts';

const idParams = z.object({ id: z.string().max(64) });
const dateQ = isoDateSchema;
const periodQ = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'v.period');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const bodyBytes = (body: unknown): Buffer => {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body && typeof body === 'object' && 'base64' in body && typeof body.base64 === 'string') return Buffer.from(body.base64, 'base64');
  throw new AppError('validation', 'e.importEmpty');
};

const send = (reply: FastifyReply, type: string, fileName: string, data: Buffer) =>
  reply.header('content-type', type).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`).send(data);

/**
 * Billing API. Bodies with money (services, tariff changes, manual payments and invoices) are declared with the
 * shared Zod schemas (money as kopecks integer or rubles text "1 234,56"), so the OpenAPI document shows them.
 */
export const billingRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);

  app.get('/billing/services', { schema: { response: { 200: R.getBillingServices }, tags: ['billing'], summary: 'Client services (subscriptions): q, filters, sort (title, client, startDate, endDate, monthlyPrice, status, kind; -desc), limit/offset',
    querystring: listQuery({ clientId: z.string().max(64).optional(), status: z.enum(serviceStatuses).optional(), kind: z.enum(serviceKinds).optional() }) } },
  async (req) => pageServices(ctx(req), req.query));
  app.post('/billing/services', { schema: { response: { 201: R.postBillingServices }, tags: ['billing'], summary: 'Create a service: clientId, kind, title, monthlyPrice, setupFee, quantity, startDate, billingDay, contractRef, params', body: ServiceCreateSchema } },
    async (req, reply) => reply.code(201).send(await createService(ctx(req), req.body)));
  app.post('/billing/services/import', { schema: { response: { 200: R.postBillingServicesImport }, tags: ['billing'], summary: 'Import services from CSV (text/csv) or XLSX (octet-stream), all or nothing, line-numbered errors', querystring: z.object({ fileName: z.string().max(200).optional() }) } },
    async (req) => importServices(ctx(req), bodyBytes(req.body), req.query.fileName ?? ''));
  app.get('/billing/services/:id', { schema: { response: { 200: R.getBillingServicesId }, tags: ['billing'], summary: 'One service with its tariff history', params: idParams } },
    async (req) => ({ ...(await getService(ctx(req), req.params.id)), tariffs: await tariffHistory(ctx(req), req.params.id) }));
  app.post('/billing/services/:id/status', { schema: { response: { 200: R.postBillingServicesIdStatus }, tags: ['billing'], summary: 'Activate, suspend or resume a service', params: idParams, body: z.object({ status: z.enum(['active', 'suspended']) }).strict() } },
    async (req) => setServiceStatus(ctx(req), req.params.id, req.body.status));
  app.post('/billing/services/:id/tariff-changes', { schema: { response: { 200: R.postBillingServicesIdTariffChanges }, tags: ['billing'], summary: 'Change tariff/quantity from a date (date, monthlyPrice, quantity, reason); billed days are recalculated', params: idParams, body: TariffChangeSchema } },
    async (req) => changeTariff(ctx(req), req.params.id, req.body));
  app.post('/billing/services/:id/downsize', { schema: { response: { 200: R.postBillingServicesIdDownsize }, tags: ['billing'], summary: 'Downsize (C13): as a tariff change plus reasonCode and retentionTried', params: idParams, body: DownsizeSchema } },
    async (req) => downsizeService(ctx(req), req.params.id, req.body));
  app.post('/billing/services/:id/closure', { schema: { response: { 200: R.postBillingServicesIdClosure }, tags: ['billing'], summary: 'Close a service (C13): lastDay, reasonCode, retentionTried, note', params: idParams, body: ClosureSchema } },
    async (req) => closeService(ctx(req), req.params.id, req.body));
  app.get('/billing/closure-reasons', { schema: { response: { 200: R.getBillingClosureReasons }, tags: ['billing'], summary: 'Managed list of closure reasons' } },
    async (req) => ({ items: await listClosureReasons(ctx(req)) }));
  app.put('/billing/closure-reasons', { schema: { response: { 200: R.putBillingClosureReasons }, tags: ['billing'], summary: 'Add, rename or switch off a closure reason', body: ClosureReasonSchema } },
    async (req) => setClosureReason(ctx(req), req.body));
  app.get('/billing/churn', { schema: { response: { 200: R.getBillingChurn }, tags: ['billing'], summary: 'Churn by reason with lost monthly revenue', querystring: z.object({ from: dateQ, to: dateQ }) } },
    async (req) => { const q = req.query; return churnReport(ctx(req), q.from, q.to); });

  app.post('/billing/runs', { schema: { response: { 200: R.postBillingRuns }, tags: ['billing'], summary: 'Bill every active service for a period (idempotent)', body: BillingRunSchema } },
    async (req) => runBilling(ctx(req), req.body));
  app.get('/billing/invoices', { schema: { response: { 200: R.getBillingInvoices }, tags: ['billing'], summary: 'Invoices: q (number, client name or ИНН), filters, sort (number, issueDate, dueDate, client, total, outstanding, period; -desc), limit/offset',
    querystring: listQuery({ clientId: z.string().max(64).optional(), period: periodQ.optional(), state: z.enum(['paid', 'partial', 'unpaid', 'overdue']).optional(), from: dateQ.optional(), to: dateQ.optional() }) } },
  async (req) => pageInvoices(ctx(req), req.query));
  app.post('/billing/invoices', { schema: { response: { 201: R.postBillingInvoices }, tags: ['billing'], summary: 'One-off invoice: clientId, sellerId?, serviceDate, lines[{description, amount}]', body: ManualInvoiceSchema } },
    async (req, reply) => reply.code(201).send(await issueManualInvoice(ctx(req), req.body)));
  app.get('/billing/invoices/:id', { schema: { response: { 200: R.getBillingInvoicesId }, tags: ['billing'], summary: 'One invoice with lines and payments', params: idParams } },
    async (req) => getInvoice(ctx(req), req.params.id));
  app.get('/billing/invoices/:id/invoice.pdf', { schema: { response: { 200: R.getBillingInvoicesIdInvoicePdf }, tags: ['billing'], summary: 'Счёт на оплату (PDF)', params: idParams } },
    async (req, reply) => { const pdf = await invoicePdf(ctx(req), req.params.id); return send(reply, 'application/pdf', documentFileName('invoice', await getInvoice(ctx(req), req.params.id)), pdf); });
  app.get('/billing/invoices/:id/act.pdf', { schema: { response: { 200: R.getBillingInvoicesIdActPdf }, tags: ['billing'], summary: 'Акт оказанных услуг (PDF)', params: idParams } },
    async (req, reply) => { const pdf = await actPdf(ctx(req), req.params.id); return send(reply, 'application/pdf', documentFileName('act', await getInvoice(ctx(req), req.params.id)), pdf); });
  app.get('/billing/invoices/:id/upd.pdf', { schema: { response: { 200: R.getBillingInvoicesIdUpdPdf }, tags: ['billing'], summary: 'УПД (status 1 with VAT, 2 without) instead of act + счёт-фактура', params: idParams } },
    async (req, reply) => { const pdf = await updPdf(ctx(req), req.params.id); return send(reply, 'application/pdf', documentFileName('upd', await getInvoice(ctx(req), req.params.id)), pdf); });
  app.get('/billing/invoices/:id/factura.pdf', { schema: { response: { 200: R.getBillingInvoicesIdFacturaPdf }, tags: ['billing'], summary: 'Счёт-фактура (PDF; VAT payers only)', params: idParams } },
    async (req, reply) => {
      const pdf = await facturaPdf(ctx(req), req.params.id);
      if (!pdf) throw new AppError('not_found', 'e.notFound', { entity: 'factura', id: req.params.id });
      return send(reply, 'application/pdf', documentFileName('factura', await getInvoice(ctx(req), req.params.id)), pdf);
    });
  app.get('/billing/register.xlsx', { schema: { response: { 200: R.getBillingRegisterXlsx }, tags: ['billing'], summary: 'Register of documents for accounting (XLSX)', querystring: z.object({ from: dateQ, to: dateQ }) } },
    async (req, reply) => { const q = req.query; return send(reply, XLSX, `reestr-${q.from}-${q.to}.xlsx`, await documentRegisterXlsx(ctx(req), q.from, q.to)); });

  app.post('/billing/payments', { schema: { response: { 201: R.postBillingPayments }, tags: ['billing'], summary: 'Record a payment by hand: clientId, amount, paidOn, docNumber, invoiceId?', body: ManualPaymentSchema } },
    async (req, reply) => reply.code(201).send(await recordPayment(ctx(req), req.body)));
  app.post('/billing/payments/import', { schema: { response: { 200: R.postBillingPaymentsImport }, tags: ['billing'], summary: 'Import a 1CClientBankExchange statement (application/octet-stream; Windows-1251 or UTF-8)', querystring: z.object({ fileName: z.string().max(200).optional() }) } },
    async (req) => importStatement(ctx(req), bodyBytes(req.body), req.query.fileName ?? null));
  app.get('/billing/payments', { schema: { response: { 200: R.getBillingPayments }, tags: ['billing'], summary: 'Payments (statement and manual): q (payer, ИНН, purpose, document number), filters, sort (paidOn, amount, payer, status; -desc), limit/offset',
    querystring: listQuery({ status: z.enum(['matched', 'queued', 'resolved', 'ignored']).optional(), clientId: z.string().max(64).optional(), from: dateQ.optional(), to: dateQ.optional() }) } },
  async (req) => pagePayments(ctx(req), req.query));
  app.get('/billing/payments/queue', { schema: { response: { 200: R.getBillingPaymentsQueue }, tags: ['billing'], summary: 'Payments waiting for a person' } },
    async (req) => ({ items: await listPaymentQueue(ctx(req)) }));
  app.post('/billing/payments/:id/resolve', { schema: { response: { 200: R.postBillingPaymentsIdResolve }, tags: ['billing'], summary: 'Assign a queued payment to a client (and invoice)', params: idParams, body: ResolvePaymentSchema } },
    async (req) => resolvePayment(ctx(req), req.params.id, req.body));
  app.post('/billing/payments/:id/ignore', { schema: { response: { 204: R.postBillingPaymentsIdIgnore }, tags: ['billing'], summary: 'Mark a queued receipt as not a client payment', params: idParams, body: IgnorePaymentSchema } },
    async (req, reply) => { await ignorePayment(ctx(req), req.params.id, req.body); return reply.code(204).send(null); });

  app.get('/billing/clients/:id/ledger', { schema: { response: { 200: R.getBillingClientsIdLedger }, tags: ['billing'], summary: 'Client balance and ledger', params: idParams } },
    async (req) => clientLedger(ctx(req), req.params.id));
  app.post('/billing/clients/:id/apply-credit', { schema: { response: { 200: R.postBillingClientsIdApplyCredit }, tags: ['billing'], summary: 'Spread the client\'s money on account over open invoices, oldest first', params: idParams } },
    async (req) => ({ applied: await applyClientCredit(ctx(req), req.params.id) }));
  app.get('/billing/receivables', { schema: { response: { 200: R.getBillingReceivables }, tags: ['billing'], summary: 'Receivables aging by client', querystring: z.object({ asOf: dateQ.optional() }) } },
    async (req) => agingReport(ctx(req), req.query.asOf));
  app.get('/billing/receivables.xlsx', { schema: { response: { 200: R.getBillingReceivablesXlsx }, tags: ['billing'], summary: 'Debt report for management (XLSX)', querystring: z.object({ asOf: dateQ.optional() }) } },
    async (req, reply) => send(reply, XLSX, 'debitorka.xlsx', await debtReportXlsx(ctx(req), req.query.asOf)));
  app.get('/billing/settings', { schema: { response: { 200: R.getBillingSettings }, tags: ['billing'], summary: 'Receivables policy' } }, async (req) => getBillingSettings(ctx(req)));
  app.put('/billing/settings', { schema: { response: { 200: R.putBillingSettings }, tags: ['billing'], summary: 'Change payment terms, reminder schedule, suspension threshold', body: BillingSettingsSchema } },
    async (req) => setBillingSettings(ctx(req), req.body));
  app.get('/billing/suspensions', { schema: { response: { 200: R.getBillingSuspensions }, tags: ['billing'], summary: 'Open suspension proposals' } },
    async (req) => ({ items: await listSuspensionProposals(ctx(req)) }));
  app.post('/billing/suspensions/:id/decision', { schema: { response: { 200: R.postBillingSuspensionsIdDecision }, tags: ['billing'], summary: 'Confirm or reject a suspension proposal', params: idParams, body: SuspensionDecisionSchema } },
    async (req) => decideSuspension(ctx(req), req.params.id, req.body));
};
