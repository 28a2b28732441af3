import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { createOffer, createOption, getOffer, listOptions, pageOffers, updateOffer } from '../../app/catalog/catalog.ts';
import { OfferCreateSchema, OfferPatchSchema, OptionCreateSchema, optionUnits } from '../../domain/catalog/catalog.schemas.ts';
import { serviceKinds } from '../../domain/catalog/service-kinds.ts';
import { listQuery } from '../../domain/lists/list-query.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';

const idParams = z.object({ id: z.string().max(64) });

/** Catalog (C1): options / add-ons and offers (ready configurations) with cost, floor and margin. */
export const catalogRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);
  app.get('/catalog/service-kinds', { schema: { tags: ['catalog'], summary: 'Service kinds and option units' } },
    async (req) => { ctx(req); return { serviceKinds, units: optionUnits }; });
  app.get('/catalog/options', { schema: { tags: ['catalog'], summary: 'Options and add-ons' } }, async (req) => ({ items: await listOptions(ctx(req)) }));
  app.post('/catalog/options', { schema: { tags: ['catalog'], summary: 'Add an option (money in kopecks)', body: OptionCreateSchema } },
    async (req, reply) => reply.code(201).send(await createOption(ctx(req), req.body)));
  app.get('/catalog/offers', {
    schema: { tags: ['catalog'], summary: 'Offers with this month\'s cost, floor and margin: q (code, name), published, serviceKind, siteId, sort (code, name, serviceKind, monthlyPrice, updatedAt; -desc), limit/offset',
      querystring: listQuery({ published: z.enum(['true', 'false']).optional(), serviceKind: z.enum(serviceKinds).optional(), siteId: z.string().max(64).optional() }) },
  }, async (req) => pageOffers(ctx(req), req.query as never));
  app.post('/catalog/offers', { schema: { tags: ['catalog'], summary: 'Add an offer', body: OfferCreateSchema } },
    async (req, reply) => reply.code(201).send(await createOffer(ctx(req), req.body)));
  app.get('/catalog/offers/:id', { schema: { tags: ['catalog'], summary: 'One offer', params: idParams } },
    async (req) => getOffer(ctx(req), (req.params as { id: string }).id));
  app.patch('/catalog/offers/:id', { schema: { tags: ['catalog'], summary: 'Change or publish an offer', params: idParams, body: OfferPatchSchema } },
    async (req) => updateOffer(ctx(req), (req.params as { id: string }).id, req.body));
};
