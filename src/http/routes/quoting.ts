import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addLine, createProposal, getProposal, pageProposals, removeLine, updateLine, updateProposalHeader } from '../../app/quoting/proposals.ts';
import { listQuery } from '../../domain/lists/list-query.ts';
import { approvalInbox, approveProposal, decideProposal, rejectApproval, reviseProposal, sendProposal, submitForApproval } from '../../app/quoting/transitions.ts';
import { proposalDocx, proposalPdf, setProposalTemplate } from '../../app/quoting/documents.ts';
import { AppError } from '../../domain/errors.ts';
import { ApprovalSchema, LineInputSchema, LinePatchSchema, ProposalCreateSchema, ProposalHeaderPatchSchema, proposalStatuses } from '../../domain/quoting/quote.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';
import * as R from '../responses/quoting.ts';

const idParams = z.object({ id: z.string().max(64) });
const lineParams = z.object({ id: z.string().max(64), lineId: z.string().max(64) });
const versionQuery = z.object({ version: z.coerce.number().int().min(1).max(10_000).optional() });

/** Commercial proposals (C3) and the floor guard with approvals (C4). Money fields are kopecks. */
export const quotingRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);
  app.get('/proposals', { schema: { response: { 200: R.getProposals }, tags: ['proposals'], summary: 'Proposals (current versions): q (number, title, client), filters, sort (number, createdAt, company, title, status, validUntil, total; -desc), limit/offset',
    querystring: listQuery({ companyId: z.string().max(64).optional(), dealId: z.string().max(64).optional(), status: z.enum(proposalStatuses).optional() }) } },
    async (req) => pageProposals(ctx(req), req.query));
  app.post('/proposals', { schema: { response: { 201: R.postProposals }, tags: ['proposals'], summary: 'Create a proposal (draft) with lines from offers or custom configurations', body: ProposalCreateSchema } },
    async (req, reply) => reply.code(201).send(await createProposal(ctx(req), req.body)));
  app.get('/proposals/:id', { schema: { response: { 200: R.getProposalsId }, tags: ['proposals'], summary: 'A proposal version: lines with cost, floor, margin; totals; approvals; what blocks sending', params: idParams, querystring: versionQuery } },
    async (req) => getProposal(ctx(req), req.params.id, req.query.version));
  app.patch('/proposals/:id', { schema: { response: { 200: R.patchProposalsId }, tags: ['proposals'], summary: 'Change title, service date or validity of the current draft', params: idParams, body: ProposalHeaderPatchSchema } },
    async (req) => updateProposalHeader(ctx(req), req.params.id, req.body));
  app.post('/proposals/:id/lines', { schema: { response: { 201: R.postProposalsIdLines }, tags: ['proposals'], summary: 'Add a line', params: idParams, body: LineInputSchema } },
    async (req, reply) => reply.code(201).send(await addLine(ctx(req), req.params.id, req.body)));
  app.patch('/proposals/:id/lines/:lineId', { schema: { response: { 200: R.patchProposalsIdLinesLineId }, tags: ['proposals'], summary: 'Change a line (voids any approval)', params: lineParams, body: LinePatchSchema } },
    async (req) => updateLine(ctx(req), req.params.id, req.params.lineId, req.body));
  app.delete('/proposals/:id/lines/:lineId', { schema: { response: { 200: R.deleteProposalsIdLinesLineId }, tags: ['proposals'], summary: 'Remove a line', params: lineParams } },
    async (req) => removeLine(ctx(req), req.params.id, req.params.lineId));
  app.post('/proposals/:id/submit', { schema: { response: { 200: R.postProposalsIdSubmit }, tags: ['proposals'], summary: 'Ask management to approve below-floor prices', params: idParams } },
    async (req) => submitForApproval(ctx(req), req.params.id));
  app.post('/proposals/:id/approve', {
    schema: { response: { 200: R.postProposalsIdApprove }, tags: ['approvals'], summary: 'Approve exactly the current content (management; reason required; contentHash = what the approver saw)', params: idParams, body: ApprovalSchema.extend({ contentHash: z.string().max(64).optional() }) },
  }, async (req) => {
    const { contentHash, ...rest } = req.body;
    return approveProposal(ctx(req), req.params.id, rest, contentHash);
  });
  app.post('/proposals/:id/reject', { schema: { response: { 200: R.postProposalsIdReject }, tags: ['approvals'], summary: 'Return a pending version to the manager (reason required)', params: idParams, body: ApprovalSchema } },
    async (req) => rejectApproval(ctx(req), req.params.id, req.body));
  app.post('/proposals/:id/send', { schema: { response: { 200: R.postProposalsIdSend }, tags: ['proposals'], summary: 'Send: checks the floor guard, freezes the version', params: idParams } },
    async (req) => sendProposal(ctx(req), req.params.id));
  app.post('/proposals/:id/accept', { schema: { response: { 200: R.postProposalsIdAccept }, tags: ['proposals'], summary: 'The client accepted the sent version', params: idParams } },
    async (req) => decideProposal(ctx(req), req.params.id, 'accepted'));
  app.post('/proposals/:id/decline', { schema: { response: { 200: R.postProposalsIdDecline }, tags: ['proposals'], summary: 'The client declined the sent version', params: idParams } },
    async (req) => decideProposal(ctx(req), req.params.id, 'declined'));
  app.post('/proposals/:id/revise', { schema: { response: { 200: R.postProposalsIdRevise }, tags: ['proposals'], summary: 'Start a new draft version from a sent/declined/expired one', params: idParams } },
    async (req) => reviseProposal(ctx(req), req.params.id));
  app.get('/proposals/:id/pdf', { schema: { response: { 200: R.getProposalsIdPdf }, tags: ['proposals'], summary: 'The proposal as PDF (Russian)', params: idParams, querystring: versionQuery } },
    async (req, reply) => {
      const r = await proposalPdf(ctx(req), req.params.id, req.query.version);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${r.fileName}"`).send(r.pdf);
    });
  app.get('/proposals/:id/docx', { schema: { response: { 200: R.getProposalsIdDocx }, tags: ['proposals'], summary: 'The proposal as DOCX from the company template', params: idParams, querystring: versionQuery } },
    async (req, reply) => {
      const r = await proposalDocx(ctx(req), req.params.id, req.query.version);
      return reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').header('content-disposition', `attachment; filename="${r.fileName}"`).send(r.docx);
    });
  app.get('/approvals/inbox', { schema: { response: { 200: R.getApprovalsInbox }, tags: ['approvals'], summary: 'Versions waiting for management approval' } },
    async (req) => ({ items: await approvalInbox(ctx(req)) }));
  app.put('/document-templates/proposal', { schema: { response: { 200: R.putDocumentTemplatesProposal }, tags: ['proposals'], summary: 'Upload the company\'s Word template for proposals (application/octet-stream)' } },
    async (req) => {
      if (!Buffer.isBuffer(req.body)) throw new AppError('validation', 'e.quote.templateBroken');
      return setProposalTemplate(ctx(req), req.body, 'proposal.docx');
    });
};
