import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { belowFloorReport } from '../../app/flows/below-floor-report.ts';
import { getFormula, listFormulaVersions } from '../../app/pricing/formula.ts';
import { setFormula } from '../../app/flows/cost-changed.ts';
import { priceConfiguration } from '../../app/pricing/price-configurations.ts';
import { requirePermission } from '../../app/context.ts';
import { ComponentSchema } from '../../domain/catalog/catalog.schemas.ts';
import { FormulaInputSchema } from '../../domain/pricing/pricing.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';
import * as R from '../responses/pricing.ts';

/** Cost model and floors (C2): the formula, pricing a configuration, the below-floor report. */
export const pricingRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);
  app.get('/pricing/formula', { schema: { response: { 200: R.getPricingFormula }, tags: ['pricing'], summary: 'The profitability formula in force' } }, async (req) => getFormula(ctx(req)));
  app.get('/pricing/formula/versions', { schema: { response: { 200: R.getPricingFormulaVersions }, tags: ['pricing'], summary: 'Every version of the formula' } },
    async (req) => ({ items: await listFormulaVersions(ctx(req)) }));
  app.put('/pricing/formula', { schema: { response: { 200: R.putPricingFormula }, tags: ['pricing'], summary: 'Set a new formula version (management); open drafts are repriced', body: FormulaInputSchema } },
    async (req) => setFormula(ctx(req), req.body));
  app.post('/pricing/cost', {
    schema: { response: { 200: R.postPricingCost }, tags: ['pricing'], summary: 'Monthly cost, floor and trace of a configuration at today\'s supplier prices', body: z.object({ components: z.array(ComponentSchema).min(1).max(100) }).strict() },
  }, async (req) => {
    const c = ctx(req);
    requirePermission(c, 'proposal.read');
    return priceConfiguration(c, req.body.components);
  });
  app.get('/pricing/below-floor', { schema: { response: { 200: R.getPricingBelowFloor }, tags: ['pricing'], summary: 'Offers and open proposals now priced below floor' } },
    async (req) => belowFloorReport(ctx(req)));
};
