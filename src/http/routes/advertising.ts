import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { makeCtx } from '../../app/context.ts';
import { exportAds, ExportQuerySchema, generateAds, listAds, listTemplates, regenerateAd, saveTemplate, updateAd } from '../../app/marketing/ads.ts';
import { publicPriceList, staffPriceList, type PublicPriceList } from '../../app/marketing/pricelist.ts';
import { feedJson, feedPath, indexPage, indexPath, offerPage, sitemapPath, sitemapXml, widgetHtml, widgetPath } from '../../app/marketing/pricelist-pages.ts';
import { networks } from '../../domain/marketing/ads-limits.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';
import { download } from '../responses/common.ts';
import * as R from '../responses/advertising.ts';
import { publicBaseOf } from './sales.ts';

const idParams = z.object({ id: z.string().max(64) });

/** Ads and the staff's view of the public price list (under /api/v1). */
export const advertisingRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: FastifyRequest) => ctxOf(req, deps);
  const tags = ['marketing'];

  app.get('/marketing/pricelist', { schema: { response: { 200: R.getMarketingPricelist }, tags, summary: 'The public price list as staff see it: shown offers and the others with why they are hidden (unpublished, no capacity)' } },
    async (req) => ({ ...(await staffPriceList(ctx(req))), publicUrl: `${publicBaseOf(req)}${indexPath}` }));
  app.get('/ads/templates', { schema: { response: { 200: z.object({ items: z.array(R.Template) }) }, tags, summary: 'Ad templates' } }, async (req) => ({ items: await listTemplates(ctx(req)) }));
  app.post('/ads/templates', { schema: { response: { 201: R.Template }, tags, summary: 'New ad template: name, network (yandex|google), fields with placeholders {price} {setup} {location} {config} {name} {kind}, keywords, finalUrl' } },
    async (req, reply) => reply.code(201).send(await saveTemplate(ctx(req), req.body)));
  app.put('/ads/templates/:id', { schema: { response: { 200: R.Template }, tags, summary: 'Change an ad template', params: idParams } }, async (req) => saveTemplate(ctx(req), req.body, req.params.id));
  app.post('/ads/generate', { schema: { response: { 201: R.postAdsGenerate }, tags, summary: 'Make ads from a template for offers (templateId, offerIds, campaign); only published offers with capacity' } },
    async (req, reply) => reply.code(201).send(await generateAds(ctx(req), req.body)));
  app.get('/ads', { schema: { response: { 200: R.getAds }, tags, summary: 'Campaigns → groups → ads with limit problems and why each is untrue now; `untrue` lists those', querystring: z.object({ network: z.enum(networks).optional(), campaignId: z.string().max(64).optional() }) } },
    async (req) => listAds(ctx(req), req.query));
  app.patch('/ads/:id', { schema: { response: { 200: R.Ad }, tags, summary: 'Edit an ad’s texts (fields, finalUrl, version)', params: idParams } }, async (req) => updateAd(ctx(req), req.params.id, req.body));
  app.post('/ads/:id/regenerate', { schema: { response: { 200: R.Ad }, tags, summary: 'Make an ad again from its template and the offer of now', params: idParams } }, async (req) => regenerateAd(ctx(req), req.params.id));
  app.get('/ads/export', { schema: { response: { 200: download('xlsx', 'csv') }, tags, summary: 'Download ads for Yandex Direct Commander (XLSX) or Google Ads Editor (CSV); 422 listing untrue ads if any', querystring: ExportQuerySchema } },
    async (req, reply) => {
      const f = await exportAds(ctx(req), req.query);
      return reply.header('content-type', f.contentType).header('content-disposition', `attachment; filename="${f.fileName}"`).send(f.body);
    });
};

/**
 * The public price list at the site root, no login: /prices, /prices/<code>, /prices/feed.json,
 * /prices/widget.html (the one page made to be framed, see security.ts), /sitemap.xml. Each answer carries
 * an ETag computed from the figures shown (so two servers give the same one, and any catalog, price or
 * capacity change gives a new one) and `Cache-Control: public, no-cache`: a CDN may keep a copy but asks
 * again each time, and gets 304 while nothing changed.
 */
export const publicPriceListPages: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const pub = () => makeCtx(deps.database.db, undefined, deps.timeZone, deps.services);
  // Rendered pages by ETag: a page is rendered once per catalog state (per server), never served stale.
  const rendered = new Map<string, string>();
  const serve = async (req: FastifyRequest, reply: FastifyReply, type: string, render: (list: PublicPriceList, base: string) => string | null) => {
    const list = await publicPriceList(pub());
    const base = publicBaseOf(req);
    const path = req.url.split('?')[0]!;
    const etag = `"${createHash('sha256').update(`${list.etag}|${base}|${path}`).digest('base64url').slice(0, 27)}"`;
    reply.header('cache-control', 'public, no-cache').header('etag', etag).header('vary', 'Accept-Encoding');
    if (req.headers['if-none-match']?.split(',').map((s) => s.trim().replace(/^W\//, '')).includes(etag)) return reply.code(304).send();
    let body = rendered.get(etag);
    if (body === undefined) {
      const r = render(list, base);
      if (r === null) return reply.code(404).removeHeader('etag').header('cache-control', 'public, no-cache').type('text/html; charset=utf-8').send('<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Нет такого предложения</title></head><body><p>Этого предложения сейчас нет. <a href="/prices">Все цены</a></p></body></html>');
      body = r;
      if (rendered.size > 500) rendered.clear();
      rendered.set(etag, body);
    }
    return reply.type(type).send(body);
  };
  const html = 'text/html; charset=utf-8';
  const hide = { hide: true };
  app.get(indexPath, { schema: hide }, (req, reply) => serve(req, reply, html, indexPage));
  app.get(feedPath, { schema: hide }, (req, reply) => serve(req, reply, 'application/json; charset=utf-8', feedJson));
  app.get(widgetPath, { schema: hide }, (req, reply) => serve(req, reply, html, widgetHtml));
  app.get(sitemapPath, { schema: hide }, (req, reply) => serve(req, reply, 'application/xml; charset=utf-8', sitemapXml));
  app.get('/prices/:code', { schema: { hide: true, params: z.object({ code: z.string().max(64) }) } }, (req, reply) => serve(req, reply, html, (list, base) => {
    const o = list.items.find((x) => x.code === req.params.code);
    return o ? offerPage(o, list, base) : null;
  }));
};
