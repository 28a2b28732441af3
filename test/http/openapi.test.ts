import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifySchema, type RouteOptions } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../src/db/connect.ts';
import type { RouteDeps } from '../../src/http/deps.ts';
import { errorHandler } from '../../src/http/errors.ts';
import { checkResponses, jsonReplacer, serializerCompiler } from '../../src/http/response-schemas.ts';
import { advertisingRoutes } from '../../src/http/routes/advertising.ts';
import { banksRoutes } from '../../src/http/routes/banks.ts';
import { billingDocumentRoutes } from '../../src/http/routes/billing-documents.ts';
import { billingRoutes } from '../../src/http/routes/billing.ts';
import { compensationRoutes } from '../../src/http/routes/compensation.ts';
import { installmentsRoutes } from '../../src/http/routes/installments.ts';
import { inventoryRoutes } from '../../src/http/routes/inventory.ts';
import { marketingRoutes } from '../../src/http/routes/marketing.ts';
import { ordersRoutes } from '../../src/http/routes/orders.ts';
import { pricingRoutes } from '../../src/http/routes/pricing.ts';
import { quotingRoutes } from '../../src/http/routes/quoting.ts';
import { referenceRoutes } from '../../src/http/routes/reference.ts';
import { salesRoutes } from '../../src/http/routes/sales.ts';
import { searchRoutes } from '../../src/http/routes/search.ts';
import { suppliersRoutes } from '../../src/http/routes/suppliers.ts';
import { systemRoutes } from '../../src/http/routes/system.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { loginAs, testServer } from '../helpers/server.ts';

/** The route plugins on the typed edge: every route declares its answers. */
const typed: Record<string, FastifyPluginAsync<RouteDeps>> = {
  advertising: advertisingRoutes, banks: banksRoutes, billing: billingRoutes, billingDocuments: billingDocumentRoutes, compensation: compensationRoutes, installments: installmentsRoutes, inventory: inventoryRoutes, marketing: marketingRoutes, orders: ordersRoutes, pricing: pricingRoutes,
  quoting: quotingRoutes, reference: referenceRoutes, sales: salesRoutes, search: searchRoutes, suppliers: suppliersRoutes, system: systemRoutes,
};

type Op = { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>; requestBody?: unknown };

describe(`OpenAPI describes the answers (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  let doc: { paths: Record<string, Record<string, Op>> };
  beforeAll(async () => {
    d = await testDb();
    app = await testServer(d);
    doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  });
  afterAll(async () => { await app.close(); });

  it('every route of the typed plugins declares a schema for its success status, and the document shows it', async () => {
    let checked = 0;
    for (const [name, plugin] of Object.entries(typed)) {
      const routes: RouteOptions[] = [];
      const bare = Fastify();
      bare.setValidatorCompiler(validatorCompiler);
      bare.setSerializerCompiler(serializerCompiler);
      bare.addHook('onRoute', (r) => { routes.push(r); });
      await bare.register(plugin, { database: d, timeZone: 'Europe/Moscow', services: { mailer: null }, loginMax: 1, loginWindowMs: 1, lifecycle: { state: 'ready' } });
      await bare.ready();
      for (const r of routes) {
        const method = String(r.method).toLowerCase();
        if (method === 'head' || (r.schema as { hide?: boolean } | undefined)?.hide) continue;
        const where = `${name}: ${method.toUpperCase()} ${r.url}`;
        const success = Object.keys(r.schema?.response ?? {}).filter((c) => /^2\d\d$/.test(c));
        expect(success, where).not.toEqual([]);
        const op = doc.paths[`/api/v1${r.url.replace(/:(\w+)/g, '{$1}')}`]?.[method];
        expect(op, where).toBeDefined();
        for (const c of success) {
          expect(op!.responses[c], `${where} ${c}`).toBeDefined();
          if (c !== '204') expect(Object.keys(op!.responses[c]!.content ?? {}), `${where} ${c}`).not.toEqual([]);
        }
        checked++;
      }
      await bare.close();
    }
    expect(checked).toBeGreaterThan(90);
  });

  it('money is written as digits, answers are not closed to more keys, billing money bodies are described', () => {
    const invoice = doc.paths['/api/v1/billing/invoices/{id}']!.get!.responses['200']!.content!['application/json']!.schema as {
      properties: Record<string, { type?: string; pattern?: string }>; additionalProperties?: unknown;
    };
    expect(invoice.properties.total).toMatchObject({ type: 'string', pattern: '^-?\\d+$' });
    expect(invoice.additionalProperties).toBeUndefined();
    for (const [p, m] of [['/api/v1/billing/services', 'post'], ['/api/v1/billing/services/{id}/tariff-changes', 'post'], ['/api/v1/billing/services/{id}/downsize', 'post'],
      ['/api/v1/billing/services/{id}/closure', 'post'], ['/api/v1/billing/invoices', 'post'], ['/api/v1/billing/payments', 'post']] as const) {
      expect(doc.paths[p]![m]!.requestBody, `${m} ${p}`).toBeDefined();
    }
    const pdf = doc.paths['/api/v1/billing/invoices/{id}/invoice.pdf']!.get!.responses['200']!.content!;
    expect(Object.keys(pdf)).toEqual(['application/pdf']);
  });

  it('real answers pass their schemas (the harness runs with RACKDESK_CHECK_RESPONSES=1)', async () => {
    expect(process.env.RACKDESK_CHECK_RESPONSES).toBe('1');
    const { headers } = await loginAs(app, d, 'admin');
    for (const url of ['/api/v1/sites', '/api/v1/pricing/formula', '/api/v1/billing/settings', '/api/v1/billing/invoices', '/api/v1/proposals', '/api/v1/search?q=ab', '/api/v1/bik-directory']) {
      const r = await app.inject({ method: 'GET', url, headers });
      expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
    }
  });

  describe('the response check', () => {
    let tiny: FastifyInstance;
    beforeAll(async () => {
      tiny = Fastify();
      tiny.setValidatorCompiler(validatorCompiler);
      tiny.setSerializerCompiler(serializerCompiler);
      tiny.setReplySerializer((payload) => JSON.stringify(payload, jsonReplacer));
      tiny.setErrorHandler(errorHandler);
      checkResponses(tiny);
      const answer = z.object({ total: z.bigint(), issuedOn: z.string() });
      const declares200: FastifySchema = { response: { 200: answer } };
      tiny.get('/wrong', { schema: declares200 }, async () => ({ total: '12', issuedOn: '2026-01-01' }));
      tiny.get('/more', { schema: declares200 }, async () => ({ total: 1234n, issuedOn: '2026-01-01', note: 'the UI reads it' }));
      tiny.post('/undeclared', { schema: declares200 }, async (_req, reply) => reply.code(201).send({ total: 1n, issuedOn: '2026-01-01' }));
      tiny.get('/refused', { schema: declares200 }, async (_req, reply) => reply.code(404).send({ status: 404 }));
      await tiny.ready();
    });
    afterAll(async () => { await tiny.close(); });

    it('an answer that breaks its schema is a 500 naming the route and the field', async () => {
      const r = await tiny.inject({ method: 'GET', url: '/wrong' });
      expect(r.statusCode).toBe(500);
      expect(r.json().detail).toMatch(/GET \/wrong answered 200.*"total"/);
    });

    it('a success status the route does not declare is a 500', async () => {
      const r = await tiny.inject({ method: 'POST', url: '/undeclared' });
      expect(r.statusCode).toBe(500);
      expect(r.json().detail).toMatch(/POST \/undeclared answered 201/);
    });

    it('keys the schema does not name are kept, money goes out as digits, undeclared refusals pass', async () => {
      const r = await tiny.inject({ method: 'GET', url: '/more' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({ total: '1234', issuedOn: '2026-01-01', note: 'the UI reads it' });
      expect((await tiny.inject({ method: 'GET', url: '/refused' })).statusCode).toBe(404);
    });
  });
});
