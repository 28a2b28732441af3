import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createSite, listSites } from '../../app/reference/sites.ts';
import { listOwnEntities, setOwnEntity } from '../../app/reference/own-entities.ts';
import { OwnEntitySchema, SiteCreateSchema } from '../../domain/reference.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';
import * as R from '../responses/reference.ts';

export const referenceRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  app.get('/sites', { schema: { response: { 200: R.getSites }, tags: ['reference'], summary: 'Sites: data centers, points of presence, offices' } },
    async (req) => ({ items: await listSites(ctxOf(req, deps)) }));
  app.post('/sites', { schema: { response: { 201: R.postSites }, tags: ['reference'], summary: 'Add a site', body: SiteCreateSchema } },
    async (req, reply) => reply.code(201).send(await createSite(ctxOf(req, deps), req.body)));
  app.get('/own-entities', { schema: { response: { 200: R.getOwnEntities }, tags: ['reference'], summary: 'Our legal entities and their tax modes' } },
    async (req) => ({ items: await listOwnEntities(ctxOf(req, deps)) }));
  app.put('/own-entities', { schema: { response: { 200: R.putOwnEntities }, tags: ['reference'], summary: 'Declare one of our legal entities (company with role own) and its tax mode', body: OwnEntitySchema } },
    async (req) => setOwnEntity(ctxOf(req, deps), req.body));
};
