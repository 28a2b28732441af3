import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { approveStatement, closeMonth } from '../../app/compensation/approve.ts';
import { acceptReport, addDeduction, addPenalty, handOver, monthInputs, setAttribution, setManagementBonus } from '../../app/compensation/inputs.ts';
import { addPlanVersion, assignPlan, createPlan, listPlans } from '../../app/compensation/plans.ts';
import {
  lineText, payClients, payrollSummary, payrollSummaryXlsx, statementPdf, statementXlsx, upcomingParts, viewStatement, whatIf,
} from '../../app/compensation/reports.ts';
import {
  AttributionSchema, DeductionSchema, HandoverSchema, ManagementBonusSchema, monthSchema, PenaltySchema, PlanAssignSchema, PlanCreateSchema, PlanVersionSchema,
  ReportAcceptSchema,
} from '../../domain/compensation/compensation.schemas.ts';
import { ctxOf } from '../auth.ts';
import { localeOf } from '../errors.ts';
import type { RouteDeps } from '../deps.ts';
import * as R from '../responses/compensation.ts';
import { jsonOrFiles } from '../responses/common.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const idParams = z.object({ id: z.string().max(64) });
const monthParams = z.object({ month: monthSchema });
const statementParams = z.object({ userId: z.string().max(64), month: monthSchema });
const formatQ = z.object({ format: z.enum(['json', 'pdf', 'xlsx']).default('json') });

const send = (reply: FastifyReply, type: string, fileName: string, data: Buffer) =>
  reply.header('content-type', type).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`).send(data);

/** Payroll: plans, attribution, management's inputs, statements (JSON, PDF, XLSX), approval, summary. */
export const compensationRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);
  const tags = ['payroll'];

  app.get('/payroll/plans', { schema: { response: { 200: R.getPayrollPlans }, tags, summary: 'Pay plans with their versions and managers' } }, async (req) => ({ items: await listPlans(ctx(req)) }));
  app.post('/payroll/plans', { schema: { response: { 201: R.postPayrollPlans }, tags, summary: 'Create a plan: name, version {validFrom, baseSalary, managementBonusCap, acquisitionRate, handlingRate, retentionRate, firstPartNum, firstPartDen, deferralMonths, revenueBasis, payDeferredIfClosedEarly}', body: PlanCreateSchema } },
    async (req, reply) => reply.code(201).send(await createPlan(ctx(req), req.body)));
  app.post('/payroll/plans/:id/versions', { schema: { response: { 204: R.postPayrollPlansIdVersions }, tags, summary: 'New parameters of a plan from a date', params: idParams, body: PlanVersionSchema } },
    async (req, reply) => { await addPlanVersion(ctx(req), req.params.id, req.body); return reply.code(204).send(null); });
  app.post('/payroll/assignments', { schema: { response: { 204: R.postPayrollAssignments }, tags, summary: 'Put a manager on a plan from a date: userId, planId, validFrom', body: PlanAssignSchema } },
    async (req, reply) => { await assignPlan(ctx(req), req.body); return reply.code(204).send(null); });

  app.get('/payroll/clients', { schema: { response: { 200: R.getPayrollClients }, tags, summary: 'Clients with who brought and who handles them, start and tariff' } }, async (req) => ({ items: await payClients(ctx(req)) }));
  app.put('/payroll/clients/:id', { schema: { response: { 204: R.putPayrollClientsId }, tags, summary: 'Correct the attribution of a client: broughtBy, acquiredBy, handledBy, partnerId, campaign, note', params: idParams, body: AttributionSchema } },
    async (req, reply) => { await setAttribution(ctx(req), req.params.id, req.body); return reply.code(204).send(null); });
  app.post('/payroll/clients/:id/handovers', { schema: { response: { 204: R.postPayrollClientsIdHandovers }, tags, summary: 'Hand a client over to another manager from a date', params: idParams, body: HandoverSchema } },
    async (req, reply) => { await handOver(ctx(req), req.params.id, req.body); return reply.code(204).send(null); });

  app.get('/payroll/inputs/:month', { schema: { response: { 200: R.getPayrollInputsMonth }, tags, summary: "Management's inputs for a month", params: monthParams } },
    async (req) => monthInputs(ctx(req), req.params.month));
  app.put('/payroll/management-bonuses', { schema: { response: { 204: R.putPayrollManagementBonuses }, tags, summary: 'Evaluation bonus: userId, month, amount, comment (within the plan cap)', body: ManagementBonusSchema } },
    async (req, reply) => { await setManagementBonus(ctx(req), req.body); return reply.code(204).send(null); });
  app.post('/payroll/reports', { schema: { response: { 204: R.postPayrollReports }, tags, summary: "Accept a manager's attracted-clients report for a month: userId, month", body: ReportAcceptSchema } },
    async (req, reply) => { await acceptReport(ctx(req), req.body); return reply.code(204).send(null); });
  app.post('/payroll/deductions', { schema: { response: { 201: R.postPayrollDeductions }, tags, summary: 'Ad spend or partner bonus out of the acquisition bonus: userId, month, kind, amount, companyId, note', body: DeductionSchema } },
    async (req, reply) => reply.code(201).send(await addDeduction(ctx(req), req.body)));
  app.post('/payroll/penalties', { schema: { response: { 201: R.postPayrollPenalties }, tags, summary: 'Penalty for a client: userId, month, companyId, reason, tariff (optional)', body: PenaltySchema } },
    async (req, reply) => reply.code(201).send(await addPenalty(ctx(req), req.body)));

  app.get('/payroll/statements/:userId/:month', { schema: { response: { 200: jsonOrFiles(R.getPayrollStatementsUserIdMonth, 'pdf', 'xlsx') }, tags, summary: "A manager's statement: lines with their sources (format json, pdf or xlsx)", params: statementParams, querystring: formatQ } },
    async (req, reply) => {
      const { userId, month } = req.params;
      const { format } = req.query;
      const locale = localeOf(req);
      if (format === 'pdf') return send(reply, 'application/pdf', `Расчётный лист ${month}.pdf`, await statementPdf(ctx(req), userId, month, locale));
      if (format === 'xlsx') return send(reply, XLSX, `Расчётный лист ${month}.xlsx`, await statementXlsx(ctx(req), userId, month, locale));
      const s = await viewStatement(ctx(req), userId, month);
      return { ...s, lines: s.lines.map((l) => ({ ...l, text: lineText(l, locale) })) };
    });
  app.post('/payroll/statements/:userId/:month/approve', { schema: { response: { 200: R.postPayrollStatementsUserIdMonthApprove }, tags, summary: 'Approve and lock a statement', params: statementParams } },
    async (req) => { const p = req.params; return approveStatement(ctx(req), p.userId, p.month); });
  app.post('/payroll/months/:month/close', { schema: { response: { 200: R.postPayrollMonthsMonthClose }, tags, summary: 'Approve every open statement of a month', params: monthParams } },
    async (req) => closeMonth(ctx(req), req.params.month));
  app.get('/payroll/summary/:month', { schema: { response: { 200: jsonOrFiles(R.getPayrollSummaryMonth, 'xlsx') }, tags, summary: 'Payroll summary per manager (format json or xlsx)', params: monthParams, querystring: formatQ } },
    async (req, reply) => {
      const { month } = req.params;
      if (req.query.format === 'xlsx') return send(reply, XLSX, `Зарплата ${month}.xlsx`, await payrollSummaryXlsx(ctx(req), month, localeOf(req)));
      return payrollSummary(ctx(req), month);
    });
  app.get('/payroll/upcoming/:userId', { schema: { response: { 200: R.getPayrollUpcomingUserId }, tags, summary: 'Deferred bonus parts coming for a manager', params: z.object({ userId: z.string().max(64) }) } },
    async (req) => upcomingParts(ctx(req), req.params.userId));
  app.get('/payroll/what-if/:userId', { schema: { response: { 200: R.getPayrollWhatIfUserId }, tags, summary: "What the manager's open deals would bring if they closed at their expected revenue", params: z.object({ userId: z.string().max(64) }) } },
    async (req) => whatIf(ctx(req), req.params.userId));
};
