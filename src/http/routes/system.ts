import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { RouteDeps } from '../deps.ts';
import * as R from '../responses/system.ts';

export const systemRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  app.get('/health', { schema: { response: { 200: R.getHealth, 503: R.getHealth }, tags: ['system'], summary: 'Liveness and database engine', security: [] }, config: { public: true } }, async (_req, reply) => {
    try {
      await sql`SELECT 1`.execute(deps.database.db);
      return { status: 'ok', db: deps.database.engine };
    } catch {
      return reply.code(503).send({ status: 'db-unavailable', db: deps.database.engine });
    }
  });
  app.get('/live', { schema: { response: { 200: R.getLive }, tags: ['system'], summary: 'Liveness: the process answers', security: [] }, config: { public: true } }, async () => ({ status: 'ok' as const }));
  app.get('/ready', { schema: { response: { 200: R.getReady, 503: R.notReady }, tags: ['system'], summary: 'Readiness: started, database reachable, not shutting down', security: [] }, config: { public: true } }, async (_req, reply) => {
    if (deps.lifecycle.state !== 'ready') return reply.code(503).send({ status: deps.lifecycle.state });
    try {
      await sql`SELECT 1`.execute(deps.database.db);
      return { status: 'ready', db: deps.database.engine };
    } catch {
      return reply.code(503).send({ status: 'db-unavailable', db: deps.database.engine });
    }
  });
};
