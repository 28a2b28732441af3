import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { listStatementImports } from '../../app/billing/statements.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../server.ts';

/** Accounting documents and statement history: corrections, ЭДО XML, billing run preview, imported statements. */
export const billingDocumentRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);

  app.get('/billing/statements', { schema: { tags: ['billing'], summary: 'Imported bank statements, newest first, with what each import did', querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }) } },
    async (req) => ({ items: await listStatementImports(ctx(req), (req.query as { limit?: number }).limit) }));
};
