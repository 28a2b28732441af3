import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { createDeal, getDeal, moveDealStage, pageDeals, updateDeal } from '../../app/crm/deals.ts';
import { listQuery } from '../../domain/lists/list-query.ts';
import { logActivity, pageActivities, sendEmail } from '../../app/crm/activities.ts';
import { completeTask, createTask, overdueByManager, pageTasks } from '../../app/crm/tasks.ts';
import { createPartnerAgreement, listPartnerAgreements, listPartners, partnerTermsOn } from '../../app/crm/partners.ts';
import { deleteHoliday, listHolidays, listRefusalReasons, listStages, saveHoliday, saveRefusalReason, saveStage } from '../../app/crm/settings.ts';
import { confirmLeadOptin, leadFormHtml, optinPageHtml, sendOptinLink, submitLeadForm } from '../../app/crm/lead-form.ts';
import { AppError } from '../../domain/errors.ts';
import { translate } from '../../domain/messages.ts';
import { publicBaseOf } from './sales.ts';
import { dailySummary, endOfDay, summaryMarkdown } from '../../app/crm/daily.ts';
import { summaryPdf } from '../../app/crm/summary-pdf.ts';
import { funnelReport, managerActivityReport, refusalReport, reportTable, toCsv, toXlsx, type ReportName } from '../../app/crm/reports.ts';
import { makeCtx, requirePermission } from '../../app/context.ts';
import {
  ActivityLogSchema, DealCreateSchema, DealPatchSchema, EmailSendSchema, LeadFormSchema, PartnerAgreementSchema, RefusalReasonSchema, HolidaySchema,
  StageConfigSchema, StageMoveSchema, TaskCreateSchema,
} from '../../domain/crm/crm.schemas.ts';
import { ctxOf } from '../auth.ts';
import { localeOf } from '../errors.ts';
import type { RouteDeps } from '../deps.ts';
import { DEFAULT_CONSENT_TEXT_VERSION } from '../../config.ts';

const idParams = z.object({ id: z.string().max(64) });
const dateQ = z.string().max(10).optional();
const periodQ = z.object({ from: dateQ, to: dateQ, ownerId: z.string().max(64).optional(), format: z.enum(['json', 'csv', 'xlsx']).optional() });

export interface CrmRouteOptions {
  /** Website form submissions allowed per IP within `leadFormWindowMs`. */
  leadFormMax?: number;
  leadFormWindowMs?: number;
  /** The personal-data consent text version the embeddable form shows. */
  consentTextVersion?: string;
}

/** The consent text version in force: RACKDESK_CONSENT_TEXT_VERSION, or the current edition. */
const consentVersion = (deps: { consentTextVersion?: string }): string => deps.consentTextVersion ?? DEFAULT_CONSENT_TEXT_VERSION;

export const crmRoutes: FastifyPluginAsync<RouteDeps & CrmRouteOptions> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);

  app.get('/crm/stages', { schema: { tags: ['crm'], summary: 'Pipeline stages in order' } }, async (req) => ({ items: await listStages(ctx(req)) }));
  app.put('/crm/stages', { schema: { tags: ['crm'], summary: 'Add or change an open pipeline stage (management)', body: StageConfigSchema } },
    async (req) => saveStage(ctx(req), req.body));
  app.get('/crm/refusal-reasons', { schema: { tags: ['crm'], summary: 'The managed list of refusal reasons' } }, async (req) => ({ items: await listRefusalReasons(ctx(req)) }));
  app.put('/crm/refusal-reasons', { schema: { tags: ['crm'], summary: 'Add or change a refusal reason (management)', body: RefusalReasonSchema } },
    async (req) => saveRefusalReason(ctx(req), req.body));
  app.get('/crm/holidays', { schema: { tags: ['crm'], summary: 'Non-working dates (the end-of-day job skips them)', querystring: z.object({ from: z.string().max(10).optional() }) } },
    async (req) => ({ items: await listHolidays(ctx(req), req.query as { from?: string }) }));
  app.put('/crm/holidays', { schema: { tags: ['crm'], summary: 'Add a non-working date (management)', body: HolidaySchema } },
    async (req) => saveHoliday(ctx(req), req.body));
  app.delete('/crm/holidays/:date', { schema: { tags: ['crm'], summary: 'Make a date a working day again (management)', params: z.object({ date: z.string().max(10) }) } },
    async (req) => { await deleteHoliday(ctx(req), (req.params as { date: string }).date); return { ok: true }; });

  app.get('/deals', {
    schema: {
      tags: ['deals'], summary: 'Deals (open by default; board = open plus closed in 30 days): q (title, company, next step), filters, sort (title, company, stage, revenue, nextStepDue, owner, updatedAt; -desc), limit/offset; stages = count and revenue per stage of all that match',
      querystring: listQuery({ ownerId: z.string().max(64).optional(), outcome: z.enum(['open', 'won', 'lost', 'all', 'board']).optional(), stage: z.string().max(30).optional(), companyId: z.string().max(64).optional() }),
    },
  }, async (req) => pageDeals(ctx(req), req.query as never));
  app.post('/deals', { schema: { tags: ['deals'], summary: 'Create a lead / deal', body: DealCreateSchema } },
    async (req, reply) => reply.code(201).send(await createDeal(ctx(req), req.body)));
  app.get('/deals/:id', { schema: { tags: ['deals'], summary: 'A deal with its timeline and tasks', params: idParams } },
    async (req) => getDeal(ctx(req), (req.params as { id: string }).id));
  app.patch('/deals/:id', { schema: { tags: ['deals'], summary: 'Change a deal, its next step or blocker (today’s status)', params: idParams, body: DealPatchSchema } },
    async (req) => updateDeal(ctx(req), (req.params as { id: string }).id, req.body));
  app.post('/deals/:id/stage', {
    schema: { tags: ['deals'], summary: 'Move a deal to a stage; lost needs a refusal reason and a comment', params: idParams, body: StageMoveSchema },
  }, async (req) => moveDealStage(ctx(req), (req.params as { id: string }).id, req.body));

  app.get('/activities', {
    schema: { tags: ['activities'], summary: 'Timeline of a deal or a company (own activities when neither is given): q (subject, outcome, text), kind, sort (at, kind, subject; -at newest first, the default), limit/offset',
      querystring: listQuery({ dealId: z.string().max(64).optional(), companyId: z.string().max(64).optional(), kind: z.string().max(30).optional() }) },
  }, async (req) => pageActivities(ctx(req), req.query as never));
  app.post('/activities', { schema: { tags: ['activities'], summary: 'Log a call, e-mail, visit, meeting or conference talk (no advertising without consent)', body: ActivityLogSchema } },
    async (req, reply) => reply.code(201).send(await logActivity(ctx(req), req.body)));
  app.post('/emails', { schema: { tags: ['activities'], summary: 'Send an e-mail to a contact through SMTP and store it on the timeline', body: EmailSendSchema } },
    async (req, reply) => reply.code(201).send(await sendEmail(ctx(req), req.body)));

  app.get('/tasks', {
    schema: { tags: ['tasks'], summary: 'Open tasks (today, overdue or all) of a user, own by default: q (task, deal, company), sort (dueDate, title, deal, company, createdAt; -desc), limit/offset',
      querystring: listQuery({ assigneeId: z.string().max(64).optional(), view: z.enum(['today', 'overdue', 'all']).optional() }) },
  }, async (req) => pageTasks(ctx(req), req.query as never));
  app.get('/tasks/overdue-by-manager', { schema: { tags: ['tasks'], summary: 'Overdue tasks per manager' } }, async (req) => ({ items: await overdueByManager(ctx(req)) }));
  app.post('/tasks', { schema: { tags: ['tasks'], summary: 'Create a task with a due date and an optional reminder', body: TaskCreateSchema } },
    async (req, reply) => reply.code(201).send(await createTask(ctx(req), req.body)));
  app.post('/tasks/:id/done', { schema: { tags: ['tasks'], summary: 'Mark a task done', params: idParams } },
    async (req) => completeTask(ctx(req), (req.params as { id: string }).id));

  app.get('/partners', { schema: { tags: ['partners'], summary: 'Partners with terms in force and deals brought' } }, async (req) => ({ items: await listPartners(ctx(req)) }));
  app.get('/partners/:id/agreements', { schema: { tags: ['partners'], summary: 'Agreements of a partner', params: idParams } },
    async (req) => ({ items: await listPartnerAgreements(ctx(req), (req.params as { id: string }).id) }));
  app.get('/partners/:id/terms', { schema: { tags: ['partners'], summary: 'Terms in force on a date (for pricing and compensation)', params: idParams, querystring: z.object({ date: dateQ }) } },
    async (req) => {
      const c = ctx(req);
      requirePermission(c, 'crm.read');
      return { terms: await partnerTermsOn(c, (req.params as { id: string }).id, (req.query as { date?: string }).date) };
    });
  app.post('/partners/:id/agreements', { schema: { tags: ['partners'], summary: 'Record a partner agreement (management)', params: idParams, body: PartnerAgreementSchema } },
    async (req, reply) => reply.code(201).send(await createPartnerAgreement(ctx(req), (req.params as { id: string }).id, req.body)));

  app.get('/crm/end-of-day', {
    schema: { tags: ['crm'], summary: 'Deals without today’s status and without a future next step (own; management: everyone’s or one manager’s)', querystring: z.object({ date: dateQ, managerId: z.string().max(64).optional() }) },
  }, async (req) => endOfDay(ctx(req), req.query as never));

  app.get('/crm/summary/daily', {
    schema: {
      tags: ['crm'], summary: 'Daily summary (JSON, Markdown or PDF): what moved, what is pending, overdue, blocked',
      querystring: z.object({ date: dateQ, managerId: z.string().max(64).optional(), format: z.enum(['json', 'md', 'pdf']).optional() }),
    },
  }, async (req, reply) => {
    const q = req.query as { date?: string; managerId?: string; format?: 'json' | 'md' | 'pdf' };
    const locale = localeOf(req);
    const s = await dailySummary(ctx(req), { date: q.date, managerId: q.managerId, locale });
    if (q.format === 'md') return reply.type('text/markdown; charset=utf-8').header('content-disposition', `attachment; filename="summary-${s.date}.md"`).send(summaryMarkdown(s, locale, deps.timeZone));
    if (q.format === 'pdf') return reply.type('application/pdf').header('content-disposition', `attachment; filename="summary-${s.date}.pdf"`).send(await summaryPdf(s, locale, deps.timeZone));
    return s;
  });

  app.get('/crm/reports/funnel', { schema: { tags: ['reports'], summary: 'Funnel by stage and by source: conversion and time in stage', querystring: periodQ } },
    async (req, reply) => report(req, reply, 'funnel'));
  app.get('/crm/reports/sources', { schema: { tags: ['reports'], summary: 'Deals by source (CSV/XLSX export of the funnel by source)', querystring: periodQ } },
    async (req, reply) => report(req, reply, 'sources'));
  app.get('/crm/reports/refusals', { schema: { tags: ['reports'], summary: 'Refusal reasons: counts and monthly revenue lost', querystring: periodQ } },
    async (req, reply) => report(req, reply, 'refusals'));
  app.get('/crm/reports/activity', { schema: { tags: ['reports'], summary: 'Manager activity', querystring: periodQ } },
    async (req, reply) => report(req, reply, 'activity'));

  async function report(req: Parameters<typeof ctxOf>[0], reply: import('fastify').FastifyReply, name: ReportName) {
    const c = ctx(req);
    requirePermission(c, 'crm.read');
    const q = req.query as { from?: string; to?: string; ownerId?: string; format?: 'json' | 'csv' | 'xlsx' };
    const p = { from: q.from, to: q.to, ownerId: q.ownerId };
    if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(await reportTable(c, name, p)));
    if (q.format === 'xlsx') {
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(await toXlsx(name, await reportTable(c, name, p)));
    }
    if (name === 'funnel' || name === 'sources') return funnelReport(c.db, p, c.timeZone);
    if (name === 'refusals') return { items: await refusalReport(c.db, p, c.timeZone) };
    return { items: await managerActivityReport(c.db, p, c.timeZone) };
  }

  app.post('/public/leads', {
    schema: { tags: ['public'], summary: 'Website lead form (public, rate-limited): creates a lead with the consent text version accepted', body: LeadFormSchema, security: [] },
    config: { public: true, rateLimit: { max: deps.leadFormMax ?? 5, timeWindow: deps.leadFormWindowMs ?? 10 * 60_000 } },
  }, async (req, reply) => {
    const c = makeCtx(deps.database.db, undefined, deps.timeZone, deps.services);
    // The version is the one this server shows next to the checkbox, never what the sender claims.
    const r = await submitLeadForm(c, { ...(req.body as object), consentTextVersion: consentVersion(deps) }, { ip: req.ip });
    let confirmationSent = false;
    if (r.optin) {
      const url = `${publicBaseOf(req)}/api/v1/public/leads/confirm?token=${encodeURIComponent(r.optin.token)}`;
      // The lead is stored either way; a mail server that refuses only means no advertising consent.
      confirmationSent = await sendOptinLink(c, r.optin, url).then(() => true, (e: unknown) => { req.log.warn({ err: e }, 'opt-in link not sent'); return false; });
    }
    return reply.code(201).send({ ok: true, id: r.dealId, newDeal: r.newDeal, confirmationSent });
  });

  app.get('/public/leads/confirm', {
    schema: { tags: ['public'], summary: 'Double opt-in: the link e-mailed to a lead records their consent to advertising by e-mail (once, until it expires)', querystring: z.object({ token: z.string().max(200) }), security: [] },
    config: { public: true, rateLimit: { max: 30, timeWindow: 60_000 } },
  }, async (req, reply) => {
    const locale = localeOf(req);
    try {
      const r = await confirmLeadOptin(makeCtx(deps.database.db, undefined, deps.timeZone, deps.services), (req.query as { token: string }).token);
      return reply.type('text/html; charset=utf-8').send(optinPageHtml(translate(locale, 'lead.optinConfirmed', { email: r.email })));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const status = e.code === 'not_found' ? 404 : e.code === 'conflict' ? 409 : 410;
      return reply.code(status).type('text/html; charset=utf-8').send(optinPageHtml(translate(locale, e.key, e.params)));
    }
  });

  app.get('/public/lead-form.html', { schema: { tags: ['public'], summary: 'An embeddable HTML lead form (use in an iframe)', security: [] }, config: { public: true } },
    async (_req, reply) => reply.type('text/html; charset=utf-8').send(leadFormHtml({ action: '/api/v1/public/leads', consentTextVersion: deps.consentTextVersion ?? DEFAULT_CONSENT_TEXT_VERSION })));
};
