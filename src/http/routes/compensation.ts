import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { approveStatement, closeMonth } from '../../app/compensation/approve.ts';
import { acceptReport, addDeduction, addPenalty, handOver, monthInputs, setAttribution, setManagementBonus } from '../../app/compensation/inputs.ts';
import { addPlanVersion, assignPlan, createPlan, listPlans } from '../../app/compensation/plans.ts';
import {
  lineText, payClients, payrollSummary, payrollSummaryXlsx, statementPdf, statementXlsx, upcomingParts, viewStatement, whatIf,
} from '../../app/compensation/reports.ts';
import { monthSchema } from '../../domain/compensation/compensation.schemas.ts';
import { ctxOf } from '../auth.ts';
import { localeOf } from '../errors.ts';
import type { RouteDeps } from '../deps.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const idParams = z.object({ id: z.string().max(64) });
const monthParams = z.object({ month: monthSchema });
const statementParams = z.object({ userId: z.string().max(64), month: monthSchema });
const formatQ = z.object({ format: z.enum(['json', 'pdf', 'xlsx']).default('json') });

const send = (reply: FastifyReply, type: string, fileName: string, data: Buffer) =>
  reply.header('content-type', type).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`).send(data);

/** Payroll: plans, attribution, management's inputs, statements (JSON, PDF, XLSX), approval, summary. */
export const compensationRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);
  const tags = ['payroll'];

  app.get('/payroll/plans', { schema: { tags, summary: 'Pay plans with their versions and managers' } }, async (req) => ({ items: await listPlans(ctx(req)) }));
  app.post('/payroll/plans', { schema: { tags, summary: 'Create a plan: name, version {validFrom, baseSalary, managementBonusCap, acquisitionRate, handlingRate, retentionRate, firstPartNum, firstPartDen, deferralMonths, revenueBasis, payDeferredIfClosedEarly}' } },
    async (req, reply) => reply.code(201).send(await createPlan(ctx(req), req.body)));
  app.post('/payroll/plans/:id/versions', { schema: { tags, summary: 'New parameters of a plan from a date', params: idParams } },
    async (req, reply) => { await addPlanVersion(ctx(req), (req.params as { id: string }).id, req.body); return reply.code(204).send(); });
  app.post('/payroll/assignments', { schema: { tags, summary: 'Put a manager on a plan from a date: userId, planId, validFrom' } },
    async (req, reply) => { await assignPlan(ctx(req), req.body); return reply.code(204).send(); });

  app.get('/payroll/clients', { schema: { tags, summary: 'Clients with who brought and who handles them, start and tariff' } }, async (req) => ({ items: await payClients(ctx(req)) }));
  app.put('/payroll/clients/:id', { schema: { tags, summary: 'Correct the attribution of a client: broughtBy, acquiredBy, handledBy, partnerId, campaign, note', params: idParams } },
    async (req, reply) => { await setAttribution(ctx(req), (req.params as { id: string }).id, req.body); return reply.code(204).send(); });
  app.post('/payroll/clients/:id/handovers', { schema: { tags, summary: 'Hand a client over to another manager from a date', params: idParams } },
    async (req, reply) => { await handOver(ctx(req), (req.params as { id: string }).id, req.body); return reply.code(204).send(); });

  app.get('/payroll/inputs/:month', { schema: { tags, summary: "Management's inputs for a month", params: monthParams } },
    async (req) => monthInputs(ctx(req), (req.params as { month: string }).month));
  app.put('/payroll/management-bonuses', { schema: { tags, summary: 'Evaluation bonus: userId, month, amount, comment (within the plan cap)' } },
    async (req, reply) => { await setManagementBonus(ctx(req), req.body); return reply.code(204).send(); });
  app.post('/payroll/reports', { schema: { tags, summary: "Accept a manager's attracted-clients report for a month: userId, month" } },
    async (req, reply) => { await acceptReport(ctx(req), req.body); return reply.code(204).send(); });
  app.post('/payroll/deductions', { schema: { tags, summary: 'Ad spend or partner bonus out of the acquisition bonus: userId, month, kind, amount, companyId, note' } },
    async (req, reply) => reply.code(201).send(await addDeduction(ctx(req), req.body)));
  app.post('/payroll/penalties', { schema: { tags, summary: 'Penalty for a client: userId, month, companyId, reason, tariff (optional)' } },
    async (req, reply) => reply.code(201).send(await addPenalty(ctx(req), req.body)));

  app.get('/payroll/statements/:userId/:month', { schema: { tags, summary: "A manager's statement: lines with their sources (format json, pdf or xlsx)", params: statementParams, querystring: formatQ } },
    async (req, reply) => {
      const { userId, month } = req.params as { userId: string; month: string };
      const { format } = req.query as { format: 'json' | 'pdf' | 'xlsx' };
      const locale = localeOf(req);
      if (format === 'pdf') return send(reply, 'application/pdf', `Расчётный лист ${month}.pdf`, await statementPdf(ctx(req), userId, month, locale));
      if (format === 'xlsx') return send(reply, XLSX, `Расчётный лист ${month}.xlsx`, await statementXlsx(ctx(req), userId, month, locale));
      const s = await viewStatement(ctx(req), userId, month);
      return { ...s, lines: s.lines.map((l) => ({ ...l, text: lineText(l, locale) })) };
    });
  app.post('/payroll/statements/:userId/:month/approve', { schema: { tags, summary: 'Approve and lock a statement', params: statementParams } },
    async (req) => { const p = req.params as { userId: string; month: string }; return approveStatement(ctx(req), p.userId, p.month); });
  app.post('/payroll/months/:month/close', { schema: { tags, summary: 'Approve every open statement of a month', params: monthParams } },
    async (req) => closeMonth(ctx(req), (req.params as { month: string }).month));
  app.get('/payroll/summary/:month', { schema: { tags, summary: 'Payroll summary per manager (format json or xlsx)', params: monthParams, querystring: formatQ } },
    async (req, reply) => {
      const { month } = req.params as { month: string };
      if ((req.query as { format: string }).format === 'xlsx') return send(reply, XLSX, `Зарплата ${month}.xlsx`, await payrollSummaryXlsx(ctx(req), month, localeOf(req)));
      return payrollSummary(ctx(req), month);
    });
  app.get('/payroll/upcoming/:userId', { schema: { tags, summary: 'Deferred bonus parts coming for a manager', params: z.object({ userId: z.string().max(64) }) } },
    async (req) => upcomingParts(ctx(req), (req.params as { userId: string }).userId));
  app.get('/payroll/what-if/:userId', { schema: { tags, summary: "What the manager's open deals would bring if they closed at their expected revenue", params: z.object({ userId: z.string().max(64) }) } },
    async (req) => whatIf(ctx(req), (req.params as { userId: string }).userId));
};
