import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getPriceListLines, listPriceLists, previewPriceList } from '../../app/suppliers/price-lists.ts';
import { importPriceList } from '../../app/flows/cost-changed.ts';
import { AppError } from '../../domain/errors.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';
import * as R from '../responses/suppliers.ts';
import { listQuery } from '../../domain/lists/list-query.ts';

const importQuery = z.object({ supplierId: z.string().max(64), effectiveFrom: z.string().max(10), fileName: z.string().max(300).optional() });

/** The uploaded file: a text/csv or binary body (XLSX), or JSON `{ contentBase64 }`. */
export function fileOf(body: unknown): Buffer | string {
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if (body && typeof body === 'object' && 'contentBase64' in body && typeof body.contentBase64 === 'string') {
    return Buffer.from(body.contentBase64, 'base64');
  }
  throw new AppError('validation', 'e.importEmpty');
}

/** Supplier price lists (C2): versions with effective dates, imported all or nothing from CSV/XLSX. */
export const suppliersRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);
  app.get('/price-lists', { schema: { response: { 200: R.getPriceLists }, tags: ['suppliers'], summary: 'Price-list versions (history): q (file, supplier), supplierId, sort (effectiveFrom, importedAt, supplier, lines, source; -desc), limit/offset',
    querystring: listQuery({ supplierId: z.string().max(64).optional() }) } },
  async (req) => listPriceLists(ctx(req), req.query));
  app.get('/price-lists/:id/lines', { schema: { response: { 200: R.getPriceListsIdLines }, tags: ['suppliers'], summary: 'Lines of one version', params: z.object({ id: z.string().max(64) }) } },
    async (req) => ({ items: await getPriceListLines(ctx(req), req.params.id) }));
  app.post('/price-lists/preview', {
    schema: { response: { 200: R.postPriceListsPreview }, tags: ['suppliers'], summary: 'Check a CSV/XLSX price list without saving (body: text/csv, application/octet-stream or JSON {contentBase64})', querystring: importQuery },
  }, async (req) => previewPriceList(ctx(req), req.query, fileOf(req.body)));
  app.post('/price-lists', {
    schema: { response: { 201: R.postPriceLists }, tags: ['suppliers'], summary: 'Import a price-list version effective from a date, all or nothing, line-numbered errors', querystring: importQuery },
  }, async (req, reply) => reply.code(201).send(await importPriceList(ctx(req), req.query, fileOf(req.body))));
};
