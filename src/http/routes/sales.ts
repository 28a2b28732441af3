import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { makeCtx } from '../../app/context.ts';
import { dealSales, linkProposalToDeal } from '../../app/sales/deal-links.ts';
import { createFeasibilityRequest } from '../../app/feasibility/requests.ts';
import { createProposal } from '../../app/quoting/proposals.ts';
import { earliestDateForAnswers } from '../../app/sales/promised-dates.ts';
import { feasibilityBackings } from '../../app/quoting/feasibility-gate.ts';
import { findLines, findVersion } from '../../db/queries/quoting.ts';
import { findDeal } from '../../db/queries/crm.ts';
import { answerOnline, emailProposal, proposalDelivery, publicProposal, publicProposalPdf, recordPaperDecision } from '../../app/flows/online-acceptance.ts';
import { getSalesSettings, saveSalesSettings } from '../../app/sales/links.ts';
import { answerSurvey, listSurveys, publicSurvey } from '../../app/sales/surveys.ts';
import { offerPage, surveyPage } from '../../app/flows/public-pages.ts';
import { AppError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/messages.ts';
import { PaperDecisionSchema, SalesSettingsSchema, SendByEmailSchema } from '../../domain/sales/sales.schemas.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';
import * as R from '../responses/sales.ts';

const idParams = z.object({ id: z.string().max(64) });
const tokenParams = z.object({ token: z.string().max(100) });

/** Where clients reach this Rackdesk: RACKDESK_PUBLIC_URL, else the address the manager's request came to. */
export const publicBaseOf = (req: FastifyRequest): string => process.env.RACKDESK_PUBLIC_URL?.trim() || `${req.protocol}://${req.host}`;

/** The sales flow over the API (under /api/v1): deal ↔ proposals and requests, sending by e-mail, answers, surveys. */
export const salesRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: FastifyRequest) => ctxOf(req, deps);
  const dealOf = async (id: string) => {
    const d = await findDeal(deps.database.db, id);
    if (!d) throw new AppError('not_found', 'e.notFound', { entity: 'deal', id });
    return d;
  };

  app.get('/deals/:id/sales', { schema: { response: { 200: R.getDealsIdSales }, tags: ['deals'], summary: 'Proposals and feasibility requests of a deal', params: idParams } },
    async (req) => dealSales(ctx(req), req.params.id));
  app.post('/deals/:id/proposals', { schema: { response: { 201: R.postDealsIdProposals }, tags: ['deals'], summary: 'New proposal for the deal’s client (same body as POST /proposals; companyId and dealId come from the deal)', params: idParams, body: z.record(z.string(), z.unknown()) } },
    async (req, reply) => {
      const deal = await dealOf(req.params.id);
      return reply.code(201).send(await createProposal(ctx(req), { ...req.body, companyId: deal.companyId, dealId: deal.id }));
    });
  app.post('/deals/:id/feasibility-requests', { schema: { response: { 201: R.postDealsIdFeasibilityRequests }, tags: ['deals'], summary: 'Feasibility request for the deal’s client (same body as POST /feasibility-requests)', params: idParams, body: z.record(z.string(), z.unknown()) } },
    async (req, reply) => {
      const deal = await dealOf(req.params.id);
      return reply.code(201).send(await createFeasibilityRequest(ctx(req), { ...req.body, companyId: deal.companyId, dealId: deal.id }));
    });
  app.put('/proposals/:id/deal', { schema: { response: { 200: R.putProposalsIdDeal }, tags: ['proposals'], summary: 'Link a proposal to a deal of the same client (dealId null unlinks)', params: idParams, body: z.object({ dealId: z.string().max(64).nullable() }).strict() } },
    async (req) => linkProposalToDeal(ctx(req), req.params.id, req.body.dealId));
  app.post('/proposals/:id/email', {
    schema: { response: { 200: R.postProposalsIdEmail }, tags: ['proposals'], summary: 'Send the proposal to a client contact by e-mail: PDF attached and a personal link to accept or decline online (a sent version gets a fresh link)', params: idParams, body: SendByEmailSchema },
  }, async (req) => emailProposal(ctx(req), req.params.id, req.body, publicBaseOf(req)));
  app.get('/proposals/:id/delivery', { schema: { response: { 200: R.getProposalsIdDelivery }, tags: ['proposals'], summary: 'Links sent (to whom, until when, used) and the client’s recorded answers', params: idParams } },
    async (req) => proposalDelivery(ctx(req), req.params.id));
  app.post('/proposals/:id/paper-decision', {
    schema: { response: { 200: R.postProposalsIdPaperDecision }, tags: ['proposals'], summary: 'Record an answer received on paper', params: idParams, body: PaperDecisionSchema.extend({ decision: z.enum(['accepted', 'declined']) }) },
  }, async (req) => {
    const { decision, ...rest } = req.body;
    return recordPaperDecision(ctx(req), req.params.id, decision, rest);
  });
  app.get('/proposals/:id/earliest-start', { schema: { response: { 200: R.getProposalsIdEarliestStart }, tags: ['proposals'], summary: 'The earliest service start the tech department’s answers behind the current lines allow (working days, non-working dates skipped)', params: idParams } },
    async (req) => {
      const c = ctx(req);
      const v = await findVersion(c.db, req.params.id);
      if (!v) throw new AppError('not_found', 'e.notFound', { entity: 'proposal', id: req.params.id });
      const p = await c.db.selectFrom('proposal').select('company_id').where('id', '=', req.params.id).executeTakeFirstOrThrow();
      const lines = await findLines(c.db, v.id);
      const recorded = lines.every((l) => l.feasibilityAnswerId) ? lines.map((l) => l.feasibilityAnswerId!) : null;
      const answers = recorded ?? (await feasibilityBackings(c, p.company_id, lines)).map((b) => b.answerId).filter((x): x is string => Boolean(x));
      return { date: await earliestDateForAnswers(c, answers) };
    });
  app.get('/sales/settings', { schema: { response: { 200: R.getSalesSettings }, tags: ['sales'], summary: 'Link lifetime, satisfaction survey delay and low-score threshold' } },
    async (req) => getSalesSettings(ctx(req)));
  app.put('/sales/settings', { schema: { response: { 200: R.putSalesSettings }, tags: ['sales'], summary: 'Change the sales settings (management)', body: SalesSettingsSchema } },
    async (req) => saveSalesSettings(ctx(req), req.body));
  app.get('/surveys', { schema: { response: { 200: R.getSurveys }, tags: ['sales'], summary: 'Satisfaction surveys and their answers', querystring: z.object({ companyId: z.string().max(64).optional() }) } },
    async (req) => ({ items: await listSurveys(ctx(req), req.query) }));
};

const langQuery = z.object({ lang: z.string().max(10).optional() });
const formBody = z.record(z.string(), z.unknown());
const langOf = (req: { query: { lang?: string | undefined } }): Locale => (req.query.lang === 'en' ? 'en' : 'ru');
const formOf = (body: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'lang'));

/**
 * The client's pages behind personal links (no login, at the site root): `/offer/<token>` shows the sent
 * proposal and takes the answer, `/survey/<token>` the satisfaction score. Answers are rate-limited per IP.
 */
export const publicSalesPages: FastifyPluginAsyncZod<RouteDeps & { answerMax?: number }> = async (app, deps) => {
  const pub = () => makeCtx(deps.database.db, undefined, deps.timeZone, deps.services);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  const hrefs = (req: { params: { token: string }; query: { lang?: string | undefined } }, base: string) => {
    const l = langOf(req);
    const token = req.params.token;
    return { action: `${base}/${token}${l === 'en' ? '?lang=en' : ''}`, otherLangHref: `${base}/${token}${l === 'en' ? '' : '?lang=en'}`, pdfHref: `${base}/${token}/pdf` };
  };
  const limit = { rateLimit: { max: deps.answerMax ?? 30, timeWindow: 60_000 } };
  const html = 'text/html; charset=utf-8';
  const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

  app.get('/offer/:token', { schema: { hide: true, params: tokenParams, querystring: langQuery } }, async (req, reply) => {
    const view = await publicProposal(pub(), req.params.token);
    return reply.code(view.state === 'unknown' ? 404 : 200).headers(noStore).type(html).send(offerPage(view, { locale: langOf(req), timeZone: deps.timeZone, ...hrefs(req, '/offer') }));
  });
  app.get('/offer/:token/pdf', { schema: { hide: true, params: tokenParams, querystring: langQuery } }, async (req, reply) => {
    const r = await publicProposalPdf(pub(), req.params.token);
    return reply.headers(noStore).type('application/pdf').header('content-disposition', `inline; filename="${r.fileName}"`).send(r.pdf);
  });
  app.post('/offer/:token', { schema: { hide: true, params: tokenParams, querystring: langQuery, body: formBody }, config: limit }, async (req, reply) => {
    let error: AppError | undefined;
    try { await answerOnline(pub(), req.params.token, formOf(req.body), req.ip); } catch (e) { if (e instanceof AppError) error = e; else throw e; }
    const view = await publicProposal(pub(), req.params.token);
    return reply.code(error ? (error.code === 'not_found' ? 404 : 422) : 200).headers(noStore).type(html)
      .send(offerPage(view, { locale: langOf(req), timeZone: deps.timeZone, ...hrefs(req, '/offer'), ...(error ? { error } : {}) }));
  });
  app.get('/survey/:token', { schema: { hide: true, params: tokenParams, querystring: langQuery } }, async (req, reply) => {
    const view = await publicSurvey(pub(), req.params.token);
    return reply.code(view.state === 'unknown' ? 404 : 200).headers(noStore).type(html).send(surveyPage(view, { locale: langOf(req), timeZone: deps.timeZone, ...hrefs(req, '/survey') }));
  });
  app.post('/survey/:token', { schema: { hide: true, params: tokenParams, querystring: langQuery, body: formBody }, config: limit }, async (req, reply) => {
    let error: AppError | undefined;
    try { await answerSurvey(pub(), req.params.token, formOf(req.body)); } catch (e) { if (e instanceof AppError) error = e; else throw e; }
    const view = await publicSurvey(pub(), req.params.token);
    return reply.code(error ? (error.code === 'not_found' ? 404 : 422) : 200).headers(noStore).type(html)
      .send(surveyPage(view, { locale: langOf(req), timeZone: deps.timeZone, ...hrefs(req, '/survey'), ...(error ? { error } : {}) }));
  });
};
