import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bikDirectoryStatus, checkBik, importBikDirectory } from '../../app/banks/bik-directory.ts';
import { AppError } from '../../domain/errors.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';
import * as R from '../responses/banks.ts';

const bodyBytes = (body: unknown): Buffer => {
  if (Buffer.isBuffer(body)) return body;
  if (body && typeof body === 'object' && 'base64' in body && typeof body.base64 === 'string') return Buffer.from(body.base64, 'base64');
  throw new AppError('validation', 'e.importEmpty');
};

/** The Bank of Russia БИК directory: accounting loads ED807; requisites forms look a БИК up. */
export const banksRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);
  app.get('/bik-directory', { schema: { response: { 200: R.getBikDirectory }, tags: ['banks'], summary: 'The БИК directory in use: entries, closed, last load' } },
    async (req) => bikDirectoryStatus(ctx(req)));
  app.post('/bik-directory/import', { schema: { response: { 200: R.postBikDirectoryImport }, tags: ['banks'], summary: 'Load the Bank of Russia ED807 XML (application/octet-stream, windows-1251 as published, or JSON {base64}); replaces the directory', querystring: z.object({ fileName: z.string().max(200).optional() }).strict() } },
    async (req) => importBikDirectory(ctx(req), bodyBytes(req.body), req.query.fileName ?? null));
  app.get('/bik-directory/:bik', { schema: { response: { 200: R.getBikDirectoryBik }, tags: ['banks'], summary: 'Look a БИК up: state known | closed | unknown | noDirectory, with the bank name and correspondent account', params: z.object({ bik: z.string().regex(/^\d{9}$/, 'v.bik.format') }) } },
    async (req) => checkBik(ctx(req), req.params.bik));
};
