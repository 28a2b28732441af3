import { z } from 'zod';
import { CostTraceEntry } from './pricing.ts';
import { download, page } from './common.ts';

export const Blocker = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  code: z.enum(['conflict', 'rule']),
});

/** GET /proposals (200) */
export const getProposals = page(z.object({
  id: z.string(),
  number: z.string(),
  title: z.string().nullable(),
  companyId: z.string(),
  companyName: z.string(),
  version: z.number(),
  status: z.string(),
  validUntil: z.string(),
  grossTotal: z.bigint(),
  createdAt: z.date(),
}));

/** A proposal with its current (or asked) version: lines with cost, floor and margin, totals, approvals, blockers. */
export const ProposalView = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string().nullable(),
  dealId: z.string().nullable(),
  companyId: z.string(),
  companyName: z.string(),
  sellerCompanyId: z.string(),
  sellerName: z.string(),
  currentVersion: z.number(),
  createdAt: z.date(),
  version: z.object({
    id: z.string(),
    proposalId: z.string(),
    version: z.number(),
    status: z.enum(['draft', 'pending_approval', 'approved', 'sent', 'accepted', 'declined', 'expired']),
    serviceDate: z.string(),
    validUntil: z.string(),
    taxMode: z.string(),
    vatRate: z.string().nullable(),
    monthlyTotal: z.bigint(),
    setupTotal: z.bigint(),
    netTotal: z.bigint(),
    vatTotal: z.bigint(),
    grossTotal: z.bigint(),
    snapshot: z.record(z.string(), z.unknown()).nullable(),
    sentHash: z.string().nullable(),
    sentAt: z.date().nullable(),
    decidedAt: z.date().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  }),
  contentHash: z.string(),
  lines: z.array(z.object({
    unitNet: z.bigint(),
    monthly: z.bigint(),
    setup: z.bigint(),
    margin: z.bigint(),
    marginPct: z.string().nullable(),
    belowFloor: z.boolean(),
    id: z.string(),
    versionId: z.string(),
    position: z.number(),
    offerId: z.string().nullable(),
    siteId: z.string(),
    serviceKind: z.enum(['dedicated', 'colocation', 'vps', 'internet']),
    description: z.string(),
    params: z.record(z.string(), z.unknown()),
    components: z.array(z.object({ sku: z.string(), quantity: z.number() })),
    quantity: z.number(),
    unitPrice: z.bigint(),
    discountPct: z.string(),
    setupFee: z.bigint(),
    unitCost: z.bigint(),
    unitFloor: z.bigint(),
    costTrace: z.array(CostTraceEntry),
    formulaVersion: z.number(),
    feasibilityAnswerId: z.string().nullable(),
  })),
  needsApproval: z.boolean(),
  approvals: z.array(z.object({
    id: z.string(),
    approverId: z.string(),
    approverName: z.string(),
    reason: z.string(),
    approvedAt: z.date(),
    valid: z.boolean(),
  })),
  blockers: z.array(Blocker),
  versions: z.array(z.object({ version: z.number(), status: z.string(), grossTotal: z.bigint(), sentAt: z.date().nullable() })),
});

/** POST /proposals (201) */
export const postProposals = ProposalView;

/** GET /proposals/:id (200) */
export const getProposalsId = ProposalView;

/** PATCH /proposals/:id (200) */
export const patchProposalsId = ProposalView;

/** POST /proposals/:id/lines (201) */
export const postProposalsIdLines = ProposalView;

/** PATCH /proposals/:id/lines/:lineId (200) */
export const patchProposalsIdLinesLineId = ProposalView;

/** DELETE /proposals/:id/lines/:lineId (200) */
export const deleteProposalsIdLinesLineId = ProposalView;

/** POST /proposals/:id/submit (200) */
export const postProposalsIdSubmit = ProposalView;

/** POST /proposals/:id/approve (200) */
export const postProposalsIdApprove = ProposalView;

/** POST /proposals/:id/reject (200) */
export const postProposalsIdReject = ProposalView;

/** POST /proposals/:id/send (200) */
export const postProposalsIdSend = ProposalView;

/** POST /proposals/:id/accept (200) */
export const postProposalsIdAccept = ProposalView;

/** POST /proposals/:id/decline (200) */
export const postProposalsIdDecline = ProposalView;

/** POST /proposals/:id/revise (200) */
export const postProposalsIdRevise = ProposalView;

/** GET /proposals/:id/pdf (200) */
export const getProposalsIdPdf = download('pdf');

/** GET /proposals/:id/docx (200) */
export const getProposalsIdDocx = download('docx');

/** GET /approvals/inbox (200) */
export const getApprovalsInbox = z.object({
  items: z.array(z.object({
    proposalId: z.string(),
    number: z.string(),
    title: z.string().nullable(),
    version: z.number(),
    companyName: z.string(),
    grossTotal: z.bigint(),
    waitingSince: z.date(),
    contentHash: z.string(),
    belowFloor: z.array(z.object({
      position: z.number(),
      description: z.string(),
      unitNet: z.bigint(),
      unitFloor: z.bigint(),
      unitCost: z.bigint(),
      quantity: z.number(),
    })),
  })),
});

/** PUT /document-templates/proposal (200) */
export const putDocumentTemplatesProposal = z.object({ fileName: z.string() });
