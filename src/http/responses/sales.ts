import { z } from 'zod';
import { ProposalView } from './quoting.ts';

export const FeasibilityAnswer = z.object({
  id: z.string(),
  requestId: z.string(),
  outcome: z.enum(['feasible', 'conditional', 'not_feasible']),
  limits: z.string().nullable(),
  leadDays: z.number().nullable(),
  validUntil: z.string(),
  params: z.record(z.string(), z.unknown()),
  quantity: z.number(),
  answeredBy: z.string().nullable(),
  answeredAt: z.date(),
});

export const FeasibilityRequest = z.object({
  id: z.string(),
  companyId: z.string(),
  companyName: z.string().optional(),
  requesterName: z.string().nullable().optional(),
  siteId: z.string().nullable(),
  address: z.string().nullable(),
  serviceKind: z.enum(['dedicated', 'colocation', 'vps', 'internet']),
  params: z.record(z.string(), z.unknown()),
  quantity: z.number(),
  desiredOn: z.string().nullable(),
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  probability: z.string().nullable(),
  status: z.enum(['open', 'answered', 'cancelled', 'closed']),
  comment: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  dealId: z.string().nullable(),
  answer: FeasibilityAnswer.nullable(),
});

export const SalesSettings = z.object({ linkValidDays: z.number(), surveyAfterDays: z.number(), lowScoreThreshold: z.number() });

/** GET /deals/:id/sales (200) */
export const getDealsIdSales = z.object({
  dealId: z.string(),
  wonBy: z.string().nullable(),
  proposals: z.array(z.object({
    id: z.string(),
    number: z.string(),
    title: z.string().nullable(),
    version: z.number(),
    status: z.string(),
    serviceDate: z.string(),
    validUntil: z.string(),
    monthlyTotal: z.bigint(),
    grossTotal: z.bigint(),
    sentAt: z.date().nullable(),
    decidedAt: z.date().nullable(),
  })),
  feasibilityRequests: z.array(z.object({
    id: z.string(),
    serviceKind: z.string(),
    quantity: z.number(),
    status: z.string(),
    desiredOn: z.string().nullable(),
    createdAt: z.date(),
  })),
});

/** POST /deals/:id/proposals (201): the proposal as POST /proposals answers it */
export const postDealsIdProposals = ProposalView;

/** POST /deals/:id/feasibility-requests (201) */
export const postDealsIdFeasibilityRequests = FeasibilityRequest;

/** PUT /proposals/:id/deal (200) */
export const putProposalsIdDeal = z.object({ proposalId: z.string(), dealId: z.string().nullable() });

/** POST /proposals/:id/email (200) */
export const postProposalsIdEmail = z.object({
  proposal: ProposalView,
  link: z.object({ id: z.string(), expiresAt: z.date() }),
});

/** GET /proposals/:id/delivery (200) */
export const getProposalsIdDelivery = z.object({
  links: z.array(z.object({
    id: z.string(),
    version: z.number(),
    email: z.string(),
    contactName: z.string(),
    createdAt: z.date(),
    expiresAt: z.date(),
    usedAt: z.date().nullable(),
    state: z.enum(['expired', 'used', 'active']),
  })),
  decisions: z.array(z.object({
    id: z.string(),
    version: z.number(),
    decision: z.enum(['accepted', 'declined']),
    channel: z.enum(['online', 'paper']),
    comment: z.string().nullable(),
    ip: z.string().nullable(),
    contentHash: z.string(),
    decidedAt: z.date(),
    contactId: z.string().nullable(),
  })),
});

/** POST /proposals/:id/paper-decision (200) */
export const postProposalsIdPaperDecision = postDealsIdProposals;

/** GET /proposals/:id/earliest-start (200) */
export const getProposalsIdEarliestStart = z.object({ date: z.string() });

/** GET /sales/settings (200) */
export const getSalesSettings = SalesSettings;

/** PUT /sales/settings (200) */
export const putSalesSettings = SalesSettings;

/** GET /surveys (200) */
export const getSurveys = z.object({
  items: z.array(z.object({
    id: z.string(),
    serviceId: z.string(),
    serviceTitle: z.string(),
    startDate: z.string(),
    companyId: z.string(),
    companyName: z.string(),
    contactName: z.string(),
    sentAt: z.date(),
    score: z.number().nullable(),
    comment: z.string().nullable(),
    answeredAt: z.date().nullable(),
    taskId: z.string().nullable(),
  })),
});
