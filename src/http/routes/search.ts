import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { globalSearch, pageContacts } from '../../app/search/search.ts';
import { listQuery } from '../../domain/lists/list-query.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';
import * as R from '../responses/search.ts';

/** The top bar's global search and the contact picker's list. */
export const searchRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);
  app.get('/search', { schema: { response: { 200: R.getSearch }, tags: ['search'], summary: 'Global search: companies (name, ИНН), contacts (name, e-mail, phone), deals, proposal and invoice numbers', querystring: z.object({ q: z.string().max(200) }).strict() } },
    async (req) => globalSearch(ctx(req), req.query.q));
  app.get('/contacts', { schema: { response: { 200: R.getContacts }, tags: ['contacts'], summary: 'Contacts of every company: q (name, e-mail), companyId, sort (name, company, updatedAt; -desc), limit/offset', querystring: listQuery({ companyId: z.string().max(64).optional() }) } },
    async (req) => pageContacts(ctx(req), req.query));
};
