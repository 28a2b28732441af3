import type { FastifyPluginAsync } from 'fastify';
import { createSite, listSites } from '../../app/reference/sites.ts';
import { listOwnEntities, setOwnEntity } from '../../app/reference/own-entities.ts';
import { OwnEntitySchema, SiteCreateSchema } from '../../domain/reference.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';

export const referenceRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  app.get('/sites', { schema: { tags: ['reference'], summary: 'Sites: data centers, points of presence, offices' } },
    async (req) => ({ items: await listSites(ctxOf(req, deps)) }));
  app.post('/sites', { schema: { tags: ['reference'], summary: 'Add a site', body: SiteCreateSchema } },
    async (req, reply) => reply.code(201).send(await createSite(ctxOf(req, deps), req.body)));
  app.get('/own-entities', { schema: { tags: ['reference'], summary: 'Our legal entities and their tax modes' } },
    async (req) => ({ items: await listOwnEntities(ctxOf(req, deps)) }));
  app.put('/own-entities', { schema: { tags: ['reference'], summary: 'Declare one of our legal entities (company with role own) and its tax mode', body: OwnEntitySchema } },
    async (req) => setOwnEntity(ctxOf(req, deps), req.body));
};
