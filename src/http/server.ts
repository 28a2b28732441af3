import { existsSync } from 'node:fs';
import { decodeText } from '../domain/text-encoding.ts';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance, type FastifySchemaCompiler } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import staticFiles from '@fastify/static';
import type { ZodType } from 'zod';
import { fieldErrorsOf } from '../app/context.ts';
import { AppError } from '../domain/errors.ts';
import { authHook } from './auth.ts';
import { SessionCache } from '../app/session-cache.ts';
import { AUTH_CHANNEL } from '../db/connect.ts';
import type { RouteDeps, ServerDeps } from './deps.ts';
import { errorHandler, sendProblem } from './errors.ts';
import { registerInputHygiene } from './input-hygiene.ts';
import { registerSecurity } from './security.ts';
import { checkResponses, jsonReplacer, jsonSchemaTransform, serializerCompiler } from './response-schemas.ts';
import { authRoutes } from './routes/auth.ts';
import { partiesRoutes } from './routes/parties.ts';
import { systemRoutes } from './routes/system.ts';
import { referenceRoutes } from './routes/reference.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { suppliersRoutes } from './routes/suppliers.ts';
import { pricingRoutes } from './routes/pricing.ts';
import { quotingRoutes } from './routes/quoting.ts';
import { crmRoutes } from './routes/crm.ts';
import { inventoryRoutes } from './routes/inventory.ts';
import { billingRoutes } from './routes/billing.ts';
import { billingDocumentRoutes } from './routes/billing-documents.ts';
import { compensationRoutes } from './routes/compensation.ts';
import { searchRoutes } from './routes/search.ts';
import { banksRoutes } from './routes/banks.ts';
import { publicSalesPages, salesRoutes } from './routes/sales.ts';
import { ordersRoutes } from './routes/orders.ts';
import { installmentsRoutes } from './routes/installments.ts';
import { marketingRoutes } from './routes/marketing.ts';
import { advertisingRoutes, publicPriceListPages } from './routes/advertising.ts';

export type { Lifecycle, RouteDeps, ServerDeps } from './deps.ts';

/** Validates request parts with the shared Zod schemas; failures carry field paths. */
const zodValidator: FastifySchemaCompiler<ZodType> = ({ schema, httpPart }) => (data) => {
  const r = schema.safeParse(data);
  if (r.success) return { value: r.data };
  const prefix = httpPart === 'querystring' ? 'query.' : httpPart === 'params' ? 'params.' : '';
  return { error: new AppError('validation', 'e.validation', {}, fieldErrorsOf(r.error.issues as never, prefix)) as unknown as Error };
};

/** Builds the HTTP server: REST API under /api/v1, OpenAPI, and the web UI. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logLevel && deps.logLevel !== 'silent' ? { level: deps.logLevel } : false,
    // Behind a TLS-terminating proxy (RACKDESK_TRUST_PROXY=1) the client's address and https come from its headers.
    trustProxy: deps.trustProxy ?? false,
    bodyLimit: 20 * 1024 * 1024,
  });
  app.setValidatorCompiler(zodValidator);
  app.setSerializerCompiler(serializerCompiler);
  app.setReplySerializer((payload) => JSON.stringify(payload, jsonReplacer));
  app.setErrorHandler(errorHandler);
  if (deps.checkResponses) checkResponses(app);
  registerInputHygiene(app);
  app.decorateRequest('actor', null);
  // CSV uploads: UTF-8 or Windows-1251 (Russian Excel's default) decoded here; anything else refused clearly.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_req, body, done) => {
    try { done(null, decodeText(body as Buffer).text); } catch (e) { done(e as Error, undefined); }
  });
  // Uploads whose bytes matter arrive untouched: XLSX, DOCX templates, bank statements in Windows-1251.
  app.addContentTypeParser(['application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const lifecycle = deps.lifecycle ?? { state: 'ready' };
  app.addHook('onRequest', async (req, reply) => {
    if (lifecycle.state !== 'starting' || req.url === '/api/v1/live') return;
    reply.header('retry-after', '1');
    return sendProblem(reply, req, new AppError('unavailable', 'e.starting'));
  });
  await app.register(cookie);
  registerSecurity(app);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Rackdesk API', version: '1', description: 'Operations desk of a hosting / data-center / telecom provider. Errors are application/problem+json with errors[] field paths.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'rd_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // Resolved sessions are cached per server; revocations drop them at once, other instances hear it from the database.
  const sessions = new SessionCache();
  const unlisten = await deps.database.listen(AUTH_CHANNEL, (p) => sessions.onNotification(p), () => sessions.disable());
  app.addHook('onClose', async () => { await unlisten(); });
  const services = { ...(deps.services ?? { mailer: null }), sessions };
  const routeDeps: RouteDeps = { database: deps.database, timeZone: deps.timeZone, services, loginMax: deps.loginMax ?? 10, loginWindowMs: deps.loginWindowMs ?? 5 * 60_000, lifecycle };
  await app.register(async (api) => {
    api.addHook('onRequest', authHook(deps.database, deps.timeZone, services));
    await api.register(systemRoutes, routeDeps);
    await api.register(authRoutes, routeDeps);
    await api.register(partiesRoutes, routeDeps);
    await api.register(referenceRoutes, routeDeps);
    await api.register(catalogRoutes, routeDeps);
    await api.register(suppliersRoutes, routeDeps);
    await api.register(pricingRoutes, routeDeps);
    await api.register(quotingRoutes, routeDeps);
    await api.register(crmRoutes, { ...routeDeps, leadFormMax: deps.leadFormMax, consentTextVersion: deps.consentTextVersion });
    await api.register(inventoryRoutes, routeDeps);
    await api.register(billingRoutes, routeDeps);
    await api.register(billingDocumentRoutes, routeDeps);
    await api.register(compensationRoutes, routeDeps);
    await api.register(searchRoutes, routeDeps);
    await api.register(banksRoutes, routeDeps);
    await api.register(salesRoutes, routeDeps);
    await api.register(ordersRoutes, routeDeps);
    await api.register(installmentsRoutes, routeDeps);
    await api.register(marketingRoutes, routeDeps);
    await api.register(advertisingRoutes, routeDeps);
    api.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  }, { prefix: '/api/v1' });
  // The client's pages behind personal links: no login, outside the API.
  await app.register(publicSalesPages, routeDeps);
  // The public price list (no login, cacheable, ETag), its feed, widget and sitemap.
  await app.register(publicPriceListPages, routeDeps);

  const webDir = deps.webDir ? resolve(deps.webDir) : null;
  if (webDir && existsSync(webDir)) {
    // wildcard: files are looked up per request, so a rebuilt UI is served without a restart.
    await app.register(staticFiles, { root: webDir, wildcard: true });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !webDir || !existsSync(resolve(webDir, 'index.html')) || req.method !== 'GET') {
      return sendProblem(reply, req, new AppError('not_found', 'e.notFound', { entity: 'route', id: `${req.method} ${req.url.split('?')[0]}` }));
    }
    return reply.sendFile('index.html');
  });
  return app;
}
