import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { useSpendForPayroll } from '../../app/flows/ad-spend-payroll.ts';
import { createCompetitorOffer, importCompetitorOffers, listCompetitorOffers, marketingSettings, priceComparison, setMarketingSettings } from '../../app/marketing/competitors.ts';
import { demand, demandXlsx } from '../../app/marketing/demand.ts';
import { addSpend, attribution, deleteSpend, importSpend, listSpend } from '../../app/marketing/spend.ts';
import { monthField } from '../../domain/marketing/spend.ts';
import { ctxOf } from '../auth.ts';
import { localeOf } from '../errors.ts';
import type { RouteDeps } from '../deps.ts';
import { jsonOrFiles, noContent } from '../responses/common.ts';
import * as R from '../responses/marketing.ts';
import { fileOf } from './suppliers.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const idParams = z.object({ id: z.string().max(64) });
const range = z.object({ from: monthField, to: monthField });
const fileQ = z.object({ fileName: z.string().max(300).default('import.csv'), dryRun: z.enum(['true', 'false']).default('false') });

/** Marketing (C15): competitors' offers and the price comparison, demand, ad spend and attribution by UTM campaign. */
export const marketingRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: FastifyRequest) => ctxOf(req, deps);
  const tags = ['marketing'];

  app.get('/marketing/settings', { schema: { response: { 200: R.MarketingSettings }, tags, summary: 'Days after which a competitor price is stale; tolerance of numeric parameters (percent)' } }, async (req) => marketingSettings(ctx(req)));
  app.put('/marketing/settings', { schema: { response: { 200: R.MarketingSettings }, tags, summary: 'Change the settings: staleDays, tolerancePct' } }, async (req) => setMarketingSettings(ctx(req), req.body));

  app.get('/marketing/competitor-offers', {
    schema: { response: { 200: R.getMarketingCompetitorOffers }, tags, summary: 'Competitor offers, newest first, with the price without VAT and the stale flag', querystring: z.object({ serviceKind: z.string().max(20).optional(), siteId: z.string().max(64).optional() }) },
  }, async (req) => listCompetitorOffers(ctx(req), req.query));
  app.post('/marketing/competitor-offers', {
    schema: { response: { 201: R.Created }, tags, summary: 'Record a competitor offer: competitor, observedOn, sourceUrl, serviceKind, siteCode, locationNote, params (catalog vocabulary), monthlyPrice, setupFee, vatIncluded' },
  }, async (req, reply) => reply.code(201).send(await createCompetitorOffer(ctx(req), req.body)));
  app.post('/marketing/competitor-offers/import', {
    schema: { response: { 200: R.postMarketingCompetitorOffersImport, 201: R.postMarketingCompetitorOffersImport }, tags, summary: 'Import competitor offers from CSV/XLSX (body: text/csv, octet-stream or JSON {contentBase64}); all or nothing, errors by line', querystring: fileQ },
  }, async (req, reply) => {
    const q = req.query;
    const r = await importCompetitorOffers(ctx(req), fileOf(req.body), q.fileName, q.dryRun === 'true');
    return reply.code(q.dryRun === 'true' ? 200 : 201).send(r);
  });
  app.get('/marketing/price-comparison', { schema: { response: { 200: R.getMarketingPriceComparison }, tags, summary: 'Our published offers vs min/median of fresh comparable competitor offers' } }, async (req) => priceComparison(ctx(req)));

  app.get('/marketing/demand', {
    schema: { response: { 200: jsonOrFiles(R.getMarketingDemand, 'xlsx') }, tags, summary: 'Demand by month, kind and site from leads and feasibility requests (format json or xlsx)', querystring: range.extend({ format: z.enum(['json', 'xlsx']).default('json') }) },
  }, async (req, reply) => {
    const q = req.query;
    if (q.format === 'xlsx') {
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`Спрос ${q.from}–${q.to}.xlsx`)}`)
        .send(await demandXlsx(ctx(req), q, localeOf(req)));
    }
    return demand(ctx(req), q);
  });

  app.get('/marketing/spend', { schema: { response: { 200: R.getMarketingSpend }, tags, summary: 'Ad spend rows of a range of months', querystring: range } }, async (req) => ({ items: await listSpend(ctx(req), req.query) }));
  app.post('/marketing/spend', { schema: { response: { 201: R.Created }, tags, summary: 'Record spend: campaign (utm_campaign), month, amount, channel, note' } }, async (req, reply) => reply.code(201).send(await addSpend(ctx(req), req.body)));
  app.post('/marketing/spend/import', { schema: { response: { 201: R.postMarketingSpendImport }, tags, summary: 'Import spend from CSV/XLSX: campaign, month, amount[, channel, note]; all or nothing', querystring: fileQ } },
    async (req, reply) => reply.code(201).send(await importSpend(ctx(req), fileOf(req.body), req.query.fileName)));
  app.delete('/marketing/spend/:id', { schema: { response: { 204: noContent }, tags, summary: 'Delete a spend entered by mistake (not one deducted from a bonus)', params: idParams } },
    async (req, reply) => { await deleteSpend(ctx(req), req.params.id); return reply.code(204).send(null); });
  app.post('/marketing/spend/:id/use', { schema: { response: { 201: R.postMarketingSpendIdUse }, tags, summary: "A manager used this spend (for a client): it becomes an ad-spend deduction of the manager's payroll: userId, companyId", params: idParams } },
    async (req, reply) => reply.code(201).send(await useSpendForPayroll(ctx(req), req.params.id, req.body)));
  app.get('/marketing/attribution', { schema: { response: { 200: R.getMarketingAttribution }, tags, summary: 'Leads, won deals, expected and invoiced (net of corrections) monthly revenue and spend by UTM campaign; cost per lead and per invoiced client', querystring: range } },
    async (req) => attribution(ctx(req), req.query));
};
