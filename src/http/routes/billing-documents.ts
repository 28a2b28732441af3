import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getStatementImport, listStatementImports } from '../../app/billing/statements.ts';
import { previewBilling, runDailyPlan } from '../../app/billing/billing-plan.ts';
import { correctionPdf, getCorrection } from '../../app/billing/correction-documents.ts';
import { documentFileName } from '../../app/billing/documents.ts';
import { encodeCp1251, updXml } from '../../app/billing/edo-xml.ts';
import { edoXmlZip, ukdXml } from '../../app/billing/edo-ukd-xml.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';
import * as R from '../responses/billing-documents.ts';

/** Accounting documents and statement history: corrections, ЭДО XML, billing run preview, imported statements. */
export const billingDocumentRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);
  const idParams = z.object({ id: z.string().max(64) });
  const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

  app.get('/billing/invoices/:id/ukd.pdf', { schema: { response: { 200: R.getBillingInvoicesIdUkdPdf }, tags: ['billing'], summary: 'Correction document (УКД / корректировочный счёт-фактура) of a correction', params: idParams } },
    async (req, reply) => {
      const pdf = await correctionPdf(ctx(req), req.params.id);
      return reply.header('content-type', 'application/pdf').header('content-disposition', attachment(documentFileName('ukd', await getCorrection(ctx(req), req.params.id)))).send(pdf);
    });
  app.get('/billing/invoices/:id/upd.xml', { schema: { response: { 200: R.getBillingInvoicesIdUpdXml }, tags: ['billing'], summary: 'The УПД as ФНС XML (format 5.03, КНД 1115131, windows-1251) for ЭДО or 1C', params: idParams } },
    async (req, reply) => {
      const { fileId, xml } = await updXml(ctx(req), req.params.id);
      return reply.header('content-type', 'application/xml; charset=windows-1251').header('content-disposition', attachment(`${fileId}.xml`)).send(encodeCp1251(xml));
    });
  app.get('/billing/invoices/:id/ukd.xml', { schema: { response: { 200: R.getBillingInvoicesIdUkdXml }, tags: ['billing'], summary: 'A correction as the ФНС XML УКД (format 5.03, КНД 1115133, windows-1251) for ЭДО or 1C', params: idParams } },
    async (req, reply) => {
      const { fileId, xml } = await ukdXml(ctx(req), req.params.id);
      return reply.header('content-type', 'application/xml; charset=windows-1251').header('content-disposition', attachment(`${fileId}.xml`)).send(encodeCp1251(xml));
    });
  app.get('/billing/upd-xml.zip', { schema: { response: { 200: R.getBillingUpdXmlZip }, tags: ['billing'], summary: 'Every document of a period as ФНС XML in one ZIP: the УПД of each invoice and the УКД of each correction', querystring: z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }) } },
    async (req, reply) => {
      const { period } = req.query;
      const { zip } = await edoXmlZip(ctx(req), period);
      return reply.header('content-type', 'application/zip').header('content-disposition', attachment(`EDO_XML_${period}.zip`)).send(zip);
    });

  app.get('/billing/runs/preview', { schema: { response: { 200: R.getBillingRunsPreview }, tags: ['billing'], summary: 'What a run would issue, without issuing: per period (unbilled past months first) clients, invoices, lines, amounts', querystring: z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional() }) } },
    async (req) => previewBilling(ctx(req), req.query));
  app.post('/billing/runs/daily', { schema: { response: { 200: R.postBillingRunsDaily }, tags: ['billing'], summary: 'Run what the preview showed: unbilled past months, this month, next month from the billing day' } },
    async (req) => ({ runs: await runDailyPlan(ctx(req)) }));
  app.get('/billing/statements', { schema: { response: { 200: R.getBillingStatements }, tags: ['billing'], summary: 'Imported bank statements, newest first, with what each import did', querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }) } },
    async (req) => ({ items: await listStatementImports(ctx(req), req.query.limit) }));
  app.get('/billing/statements/:id', { schema: { response: { 200: R.getBillingStatementsId }, tags: ['billing'], summary: 'One imported statement with its payments: client, status, the invoices each paid', params: idParams } },
    async (req) => getStatementImport(ctx(req), req.params.id));
};
