import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import type { RouteDeps } from '../deps.ts';

export const systemRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  app.get('/health', { schema: { tags: ['system'], summary: 'Liveness and database engine', security: [] }, config: { public: true } }, async (_req, reply) => {
    try {
      await sql`SELECT 1`.execute(deps.database.db);
      return { status: 'ok', db: deps.database.engine };
    } catch {
      return reply.code(503).send({ status: 'db-unavailable', db: deps.database.engine });
    }
  });
};
