import type { FastifyPluginAsync } from 'fastify';
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

const idParams = z.object({ id: z.string().max(64) });
const month = z.string().regex(/^\d{4}-\d{2}$/);

/** Equipment bought on installments (C14): agreements, schedules, payments, the outgoing-payment queue, reports; equipment edits and history. */
export const installmentsRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  const tags = ['installments'];

  app.get('/installments/agreements', { schema: { tags, summary: 'Agreements with remaining debt, overdue sum and pay-off date', querystring: z.object({ supplierId: z.string().max(64).optional(), status: z.enum(['active', 'paid_off']).optional() }) } },
    async (req) => ({ items: await listAgreements(ctx(req), req.query as never) }));
  app.post('/installments/agreements', { schema: { tags, summary: 'Register a purchase on installments: supplierId, number, signedOn, downPayment, fees, items [{equipmentId, price, sku}], schedule {kind: equal, months, firstDueOn} or {kind: custom, entries [{dueOn, amount}]}; drafts are repriced' } },
    async (req, reply) => reply.code(201).send(await createAgreement(ctx(req), req.body)));
  app.get('/installments/agreements/:id', { schema: { tags, summary: 'Agreement: items, schedule with paid/overdue state, payments, debt', params: idParams } },
    async (req) => getAgreement(ctx(req), id(req)));
  app.post('/installments/agreements/:id/payments', { schema: { tags, summary: 'Record a payment by hand: amount, paidOn, docNumber, note (payOff: true pays the whole rest); the final payment makes the units ours', params: idParams } },
    async (req, reply) => reply.code(201).send(await payInstallment(ctx(req), id(req), req.body)));
  app.get('/installments/suppliers', { schema: { tags, summary: 'Remaining debt and overdue per supplier' } }, async (req) => ({ items: await supplierDebts(ctx(req)) }));
  app.get('/installments/outgoing-queue', { schema: { tags, summary: 'Outgoing bank documents no agreement matched with certainty' } }, async (req) => ({ items: await listOutgoingQueue(ctx(req)) }));
  app.post('/installments/outgoing/:id/resolve', { schema: { tags, summary: 'Assign a queued outgoing document to an agreement', params: idParams, body: ResolveOutgoingSchema } },
    async (req) => resolveOutgoing(ctx(req), id(req), req.body));
  app.post('/installments/outgoing/:id/ignore', { schema: { tags, summary: 'Mark a queued outgoing document as not an installment payment', params: idParams, body: IgnoreOutgoingSchema } },
    async (req, reply) => { await ignoreOutgoing(ctx(req), id(req), req.body); return reply.code(204).send(); });
  app.get('/installments/due', { schema: { tags, summary: 'Schedule entries due in a month with what is still open', querystring: z.object({ month }) } },
    async (req) => ({ items: await dueInMonth(ctx(req), (req.query as { month: string }).month) }));
  app.get('/installments/overdue', { schema: { tags, summary: 'Overdue installments' } }, async (req) => ({ items: await overdueInstallments(ctx(req)) }));
  app.get('/installments/unpaid-assigned', { schema: { tags, summary: 'Units not yet paid off that are held or assigned for clients' } }, async (req) => ({ items: await unpaidAssignedToClients(ctx(req)) }));
  app.get('/installments/calendar', {
    schema: { tags, summary: 'Cash-out calendar by month and supplier (JSON or XLSX)', querystring: z.object({ from: month, months: z.coerce.number().int().min(1).max(36).default(12), format: z.enum(['json', 'xlsx']).default('json') }) },
  }, async (req, reply) => {
    const q = req.query as { from: string; months: number; format: 'json' | 'xlsx' };
    if (q.format === 'json') return cashOutCalendar(ctx(req), q.from, q.months);
    const file = await cashOutCalendarXlsx(ctx(req), q.from, q.months, pickLocale(req.headers['accept-language']));
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="installments-${q.from}.xlsx"`).send(file);
  });
  app.get('/installments/dashboard', { schema: { tags, summary: 'Management screen: calendar, debt by supplier, pay-off dates, overdue, unpaid units assigned to clients', querystring: z.object({ from: month.optional() }) } },
    async (req) => installmentsDashboard(ctx(req), (req.query as { from?: string }).from));

  app.patch('/equipment/:id', { schema: { tags: ['inventory'], summary: 'Edit a unit: owner, status, project, location (rack/U or stock); moves go through the allocation guards', params: idParams, body: EquipmentUpdateSchema } },
    async (req) => updateEquipment(ctx(req), id(req), req.body));
  app.get('/equipment/:id/history', { schema: { tags: ['inventory'], summary: 'A unit\'s allocations (holds, assignments, moves), agreement and audit trail', params: idParams } },
    async (req) => equipmentHistory(ctx(req), id(req)));
};
