import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createAgreement, payInstallment, resolveOutgoing } from '../../app/flows/installments.ts';
import { getAgreement, listAgreements, supplierDebts } from '../../app/installments/agreements.ts';
import { ignoreOutgoing, listOutgoingQueue } from '../../app/installments/outgoing.ts';
import { cashOutCalendar, cashOutCalendarXlsx, dueInMonth, installmentsDashboard, overdueInstallments, unpaidAssignedToClients } from '../../app/installments/reports.ts';
import { equipmentHistory, updateEquipment } from '../../app/inventory/equipment-edit.ts';
import { pickLocale } from '../../domain/messages.ts';
import {
  EquipmentUpdateSchema, IgnoreOutgoingSchema, ResolveOutgoingSchema,
} from '../../domain/installments/installments.schemas.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';
import { jsonOrFiles, noContent } from '../responses/common.ts';
import * as R from '../responses/installments.ts';

const idParams = z.object({ id: z.string().max(64) });
const month = z.string().regex(/^\d{4}-\d{2}$/);

/** Equipment bought on installments (C14): agreements, schedules, payments, the outgoing-payment queue, reports; equipment edits and history. */
export const installmentsRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: FastifyRequest) => ctxOf(req, deps);
  const tags = ['installments'];

  app.get('/installments/agreements', { schema: { response: { 200: R.getInstallmentsAgreements }, tags, summary: 'Agreements with remaining debt, overdue sum and pay-off date', querystring: z.object({ supplierId: z.string().max(64).optional(), status: z.enum(['active', 'paid_off']).optional() }) } },
    async (req) => ({ items: await listAgreements(ctx(req), req.query) }));
  app.post('/installments/agreements', { schema: { response: { 201: R.postInstallmentsAgreements }, tags, summary: 'Register a purchase on installments: supplierId, number, signedOn, downPayment, fees, items [{equipmentId, price, sku}], schedule {kind: equal, months, firstDueOn} or {kind: custom, entries [{dueOn, amount}]}; drafts are repriced' } },
    async (req, reply) => reply.code(201).send(await createAgreement(ctx(req), req.body)));
  app.get('/installments/agreements/:id', { schema: { response: { 200: R.Agreement }, tags, summary: 'Agreement: items, schedule with paid/overdue state, payments, debt', params: idParams } },
    async (req) => getAgreement(ctx(req), req.params.id));
  app.post('/installments/agreements/:id/payments', { schema: { response: { 201: R.Payment }, tags, summary: 'Record a payment by hand: amount, paidOn, docNumber, note (payOff: true pays the whole rest); the final payment makes the units ours', params: idParams } },
    async (req, reply) => reply.code(201).send(await payInstallment(ctx(req), req.params.id, req.body)));
  app.get('/installments/suppliers', { schema: { response: { 200: R.getInstallmentsSuppliers }, tags, summary: 'Remaining debt and overdue per supplier' } }, async (req) => ({ items: await supplierDebts(ctx(req)) }));
  app.get('/installments/outgoing-queue', { schema: { response: { 200: R.getInstallmentsOutgoingQueue }, tags, summary: 'Outgoing bank documents no agreement matched with certainty' } }, async (req) => ({ items: await listOutgoingQueue(ctx(req)) }));
  app.post('/installments/outgoing/:id/resolve', { schema: { response: { 200: R.Payment }, tags, summary: 'Assign a queued outgoing document to an agreement', params: idParams, body: ResolveOutgoingSchema } },
    async (req) => resolveOutgoing(ctx(req), req.params.id, req.body));
  app.post('/installments/outgoing/:id/ignore', { schema: { response: { 204: noContent }, tags, summary: 'Mark a queued outgoing document as not an installment payment', params: idParams, body: IgnoreOutgoingSchema } },
    async (req, reply) => { await ignoreOutgoing(ctx(req), req.params.id, req.body); return reply.code(204).send(null); });
  app.get('/installments/due', { schema: { response: { 200: R.getInstallmentsDue }, tags, summary: 'Schedule entries due in a month with what is still open', querystring: z.object({ month }) } },
    async (req) => ({ items: await dueInMonth(ctx(req), req.query.month) }));
  app.get('/installments/overdue', { schema: { response: { 200: R.getInstallmentsOverdue }, tags, summary: 'Overdue installments' } }, async (req) => ({ items: await overdueInstallments(ctx(req)) }));
  app.get('/installments/unpaid-assigned', { schema: { response: { 200: R.getInstallmentsUnpaidAssigned }, tags, summary: 'Units not yet paid off that are held or assigned for clients' } }, async (req) => ({ items: await unpaidAssignedToClients(ctx(req)) }));
  app.get('/installments/calendar', {
    schema: { response: { 200: jsonOrFiles(R.Calendar, 'xlsx') }, tags, summary: 'Cash-out calendar by month and supplier (JSON or XLSX)', querystring: z.object({ from: month, months: z.coerce.number().int().min(1).max(36).default(12), format: z.enum(['json', 'xlsx']).default('json') }) },
  }, async (req, reply) => {
    const q = req.query;
    if (q.format === 'json') return cashOutCalendar(ctx(req), q.from, q.months);
    const file = await cashOutCalendarXlsx(ctx(req), q.from, q.months, pickLocale(req.headers['accept-language']));
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="installments-${q.from}.xlsx"`).send(file);
  });
  app.get('/installments/dashboard', { schema: { response: { 200: R.getInstallmentsDashboard }, tags, summary: 'Management screen: calendar, debt by supplier, pay-off dates, overdue, unpaid units assigned to clients', querystring: z.object({ from: month.optional() }) } },
    async (req) => installmentsDashboard(ctx(req), req.query.from));

  app.patch('/equipment/:id', { schema: { response: { 200: R.patchEquipmentId }, tags: ['inventory'], summary: 'Edit a unit: owner, status, project, location (rack/U or stock); moves go through the allocation guards', params: idParams, body: EquipmentUpdateSchema } },
    async (req) => updateEquipment(ctx(req), req.params.id, req.body));
  app.get('/equipment/:id/history', { schema: { response: { 200: R.getEquipmentIdHistory }, tags: ['inventory'], summary: 'A unit\'s allocations (holds, assignments, moves), agreement and audit trail', params: idParams } },
    async (req) => equipmentHistory(ctx(req), req.params.id));
};
