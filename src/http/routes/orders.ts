import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createOrder, getOrder, pageOrders, setOrderPriority, type OrderView } from '../../app/orders/orders.ts';
import type { Ctx } from '../../app/context.ts';
import { ListQueryShape } from '../../domain/lists/list-query.ts';
import { cancelOrder } from '../../app/flows/order-cancel.ts';
import { handOffOrder } from '../../app/flows/order-handoff.ts';
import { agreeStartDate } from '../../app/flows/order-start.ts';
import { acceptanceActPdf, openDispute, recordAcceptance, resolveDispute } from '../../app/flows/order-acceptance.ts';
import { advanceSigning, attachScan, contractDocx, contractPdf, contractScan } from '../../app/contracts/contracts.ts';
import { activateContractTemplate, contractTemplateFile, listContractTemplates, uploadContractTemplate } from '../../app/contracts/templates.ts';
import { approveDeferral, checkItem, completeProvisioning, delaysReport, provisioningQueue, recordDelay, startProvisioning } from '../../app/provisioning/provisioning.ts';
import { AgreeStartSchema, CancelOrderSchema, DeferralSchema, DelaySchema, DisputeSchema, OrderCreateSchema, PrioritySchema, ResolveDisputeSchema, SigningStepSchema } from '../../domain/orders/orders.schemas.ts';
import { orderStatuses } from '../../domain/orders/orders.ts';
import { AppError } from '../../domain/errors.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';
import * as R from '../responses/orders.ts';

const idParams = z.object({ id: z.string().max(64) });
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const send = (reply: FastifyReply, type: string, fileName: string, data: Buffer) =>
  reply.header('content-type', type).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`).send(data);
const bytes = (body: unknown): Buffer => {
  if (Buffer.isBuffer(body)) return body;
  throw new AppError('validation', 'e.validation', {}, [{ path: 'file', key: 'v.required' }]);
};

/** Orders (C9), contracts and signing (C10), hand-off, payment gate, provisioning, start, acceptance, disputes. */
export const ordersRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: FastifyRequest) => ctxOf(req, deps);
  /** A step on one order that answers with the order as it is now (body, when given, is parsed by its schema here and by the use case). */
  const post = (path: string, summary: string, fn: (c: Ctx, id: string, body: unknown) => Promise<OrderView>, body?: z.ZodType) =>
    app.post(`/orders/:id/${path}`, { schema: { response: { 200: R.Order }, tags: ['orders'], summary, params: idParams, ...(body ? { body } : {}) } },
      async (req) => fn(ctx(req), req.params.id, req.body));

  app.get('/orders', { schema: { response: { 200: R.getOrders }, tags: ['orders'], summary: 'Orders with signing and provisioning state: filters, sort (createdAt, number, client, plannedStart, deadline, monthly, status; -desc; default -createdAt), limit/offset with total',
    querystring: z.object({ ...ListQueryShape, companyId: z.string().max(64).optional(), dealId: z.string().max(64).optional(), proposalId: z.string().max(64).optional(), status: z.enum(orderStatuses).optional() }).omit({ q: true }) } },
    async (req) => pageOrders(ctx(req), req.query));
  app.post('/orders', { schema: { response: { 201: R.Order }, tags: ['orders'], summary: 'Take the order from the accepted version of a proposal (one per version), with its contract or appendix', body: OrderCreateSchema } },
    async (req, reply) => reply.code(201).send(await createOrder(ctx(req), req.body)));
  app.get('/orders/:id', { schema: { response: { 200: R.Order }, tags: ['orders'], summary: 'An order with the whole chain: deal, proposal, contract, signing, invoice, provisioning, services, disputes', params: idParams } },
    async (req) => getOrder(ctx(req), req.params.id));
  app.patch('/orders/:id/priority', { schema: { response: { 200: R.Order }, tags: ['orders'], summary: 'The manager sets the priority in the tech queue', params: idParams, body: PrioritySchema } },
    async (req) => setOrderPriority(ctx(req), req.params.id, req.body));
  for (const step of ['sent', 'client_signed', 'signed'] as const) {
    post(`signing/${step}`, `Signing step: ${step} (channel and tracking on sent; "at" = when it happened)`, (c, id, b) => advanceSigning(c, id, step, b), SigningStepSchema);
  }
  app.post('/orders/:id/signing/scan', { schema: { response: { 200: R.Order }, tags: ['orders'], summary: 'Attach the scan of the contract signed by both sides (application/octet-stream; ?name=)', params: idParams, querystring: z.object({ name: z.string().max(200).optional() }) } },
    async (req) => attachScan(ctx(req), req.params.id, bytes(req.body), req.query.name ?? 'scan.pdf'));
  app.get('/orders/:id/signing/scan', { schema: { response: { 200: R.scan }, tags: ['orders'], summary: 'The attached scan', params: idParams } },
    async (req, reply) => { const r = await contractScan(ctx(req), req.params.id); return send(reply, 'application/octet-stream', r.fileName, r.file); });
  app.get('/orders/:id/contract.docx', { schema: { response: { 200: R.docx }, tags: ['contracts'], summary: 'The contract (or appendix) as DOCX from the active template', params: idParams } },
    async (req, reply) => { const r = await contractDocx(ctx(req), req.params.id); return send(reply, DOCX, r.fileName, r.docx); });
  app.get('/orders/:id/contract.pdf', { schema: { response: { 200: R.pdf }, tags: ['contracts'], summary: 'The contract (or appendix) as PDF', params: idParams } },
    async (req, reply) => { const r = await contractPdf(ctx(req), req.params.id); return send(reply, 'application/pdf', r.fileName, r.pdf); });
  post('cancel', 'Cancel an order with the reason: before the hand-off (order.write) or, until provisioning is completed, after it (order.cancel: services closed, billed lines credited to zero, provisioning cancelled, resources to release)', cancelOrder, CancelOrderSchema);
  post('handoff', 'Hand off in one step: services, initial invoice, provisioning request, holds → assignments', handOffOrder);
  post('deferral', 'Management lets provisioning start before the initial payment (reason, due date)', approveDeferral, DeferralSchema);
  post('provisioning/start', 'Tech takes the request into work (after payment or deferral)', startProvisioning);
  app.post('/orders/:id/provisioning/checklist/:position', { schema: { response: { 200: R.Order }, tags: ['provisioning'], summary: 'Tick or untick a checklist item', params: z.object({ id: z.string().max(64), position: z.coerce.number().int().min(1).max(100) }), body: z.object({ done: z.boolean() }).strict() } },
    async (req) => checkItem(ctx(req), req.params.id, req.params.position, req.body.done));
  post('provisioning/complete', 'Tech completes provisioning; proposes the start date to the manager', completeProvisioning);
  post('provisioning/delays', 'Record why provisioning is late and who is responsible', recordDelay, DelaySchema);
  post('start', 'The start date agreed with the client: services active and billed from it', agreeStartDate, AgreeStartSchema);
  post('acceptance', 'The client signed the acceptance act', recordAcceptance);
  app.get('/orders/:id/acceptance-act.pdf', { schema: { response: { 200: R.pdf }, tags: ['orders'], summary: 'The acceptance act (PDF)', params: idParams } },
    async (req, reply) => { const r = await acceptanceActPdf(ctx(req), req.params.id); return send(reply, 'application/pdf', r.fileName, r.pdf); });
  post('disputes', 'Open a dispute about the order', openDispute, DisputeSchema);
  app.post('/orders/:id/disputes/:disputeId/resolve', { schema: { response: { 200: R.Order }, tags: ['orders'], summary: 'Resolve a dispute', params: z.object({ id: z.string().max(64), disputeId: z.string().max(64) }), body: ResolveDisputeSchema } },
    async (req) => resolveDispute(ctx(req), req.params.id, req.params.disputeId, req.body));

  app.get('/provisioning/queue', { schema: { response: { 200: R.getProvisioningQueue }, tags: ['provisioning'], summary: 'The tech queue: by deadline, then priority; waiting for payment last (sort queue, the default; deadline, number, client, status; -desc), limit/offset with total',
    querystring: z.object(ListQueryShape).omit({ q: true }) } },
    async (req) => provisioningQueue(ctx(req), req.query));
  app.get('/provisioning/delays', { schema: { response: { 200: R.getProvisioningDelays }, tags: ['provisioning'], summary: 'Delays report: who, why, how many working days late', querystring: z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }) } },
    async (req) => ({ items: await delaysReport(ctx(req), req.query) }));

  app.get('/contract-templates', { schema: { response: { 200: R.ContractTemplates }, tags: ['contracts'], summary: 'Contract templates (one active; none = the built-in one)' } },
    async (req) => ({ items: await listContractTemplates(ctx(req)) }));
  app.post('/contract-templates', { schema: { response: { 201: R.postContractTemplates }, tags: ['contracts'], summary: 'Upload a Word template (application/octet-stream; ?name=): unknown tags and render errors are reported', querystring: z.object({ name: z.string().max(200).default('Договор') }) } },
    async (req, reply) => reply.code(201).send(await uploadContractTemplate(ctx(req), bytes(req.body), req.query.name)));
  app.post('/contract-templates/:id/activate', { schema: { response: { 200: R.ContractTemplates }, tags: ['contracts'], summary: 'Make a template active ("built-in" for the built-in one)', params: idParams } },
    async (req) => ({ items: await activateContractTemplate(ctx(req), req.params.id === 'built-in' ? null : req.params.id) }));
  app.get('/contract-templates/:id/file', { schema: { response: { 200: R.docx }, tags: ['contracts'], summary: 'Download a template ("built-in" for the built-in one)', params: idParams } },
    async (req, reply) => { const r = await contractTemplateFile(ctx(req), req.params.id === 'built-in' ? null : req.params.id); return send(reply, DOCX, r.fileName, r.docx); });
};
