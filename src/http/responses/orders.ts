import { z } from 'zod';
import { serviceStatuses } from '../../domain/billing/billing.ts';
import { orderStatuses, priorities } from '../../domain/orders/orders.ts';
import { download, page } from './common.ts';

const OrderLine = z.object({
  id: z.string(),
  position: z.number(),
  serviceKind: z.string(),
  siteId: z.string(),
  description: z.string(),
  params: z.record(z.string(), z.unknown()),
  quantity: z.number(),
  unitPrice: z.bigint(),
  discountPct: z.string(),
  setupFee: z.bigint(),
  feasibilityAnswerId: z.string().nullable(),
  serviceId: z.string().nullable(),
});

const Delay = z.object({ responsible: z.string(), reason: z.string(), recordedByName: z.string(), recordedAt: z.date() });

/** One order with its whole chain (deal, proposal, contract and signing, invoice, provisioning, services, disputes). */
export const Order = z.object({
  id: z.string(),
  number: z.string(),
  proposalId: z.string(),
  versionId: z.string(),
  dealId: z.string().nullable(),
  companyId: z.string(),
  companyName: z.string(),
  sellerId: z.string(),
  managerId: z.string().nullable(),
  managerName: z.string(),
  priority: z.enum(priorities),
  status: z.enum(orderStatuses),
  plannedStart: z.string(),
  agreedStart: z.string().nullable(),
  monthlyTotal: z.bigint(),
  setupTotal: z.bigint(),
  netTotal: z.bigint(),
  vatTotal: z.bigint(),
  grossTotal: z.bigint(),
  initialInvoiceId: z.string().nullable(),
  handedOffAt: z.date().nullable(),
  activatedAt: z.date().nullable(),
  acceptedAt: z.date().nullable(),
  createdAt: z.date(),
  cancelledAt: z.date().nullable(),
  cancelledBy: z.string().nullable(),
  cancelReason: z.string().nullable(),
  lines: z.array(OrderLine),
  deal: z.object({ id: z.string(), title: z.string(), outcome: z.enum(['open', 'won', 'lost']), stage: z.string() }).nullable(),
  proposal: z.object({ id: z.string(), number: z.string(), version: z.number(), acceptedAt: z.date().nullable() }),
  contract: z.object({
    docId: z.string(),
    number: z.string(),
    contractDate: z.string(),
    appendixNo: z.number(),
    includesContract: z.boolean(),
    status: z.string(),
    channel: z.string().nullable(),
    tracking: z.string().nullable(),
    preparedAt: z.date(),
    sentAt: z.date().nullable(),
    clientSignedAt: z.date().nullable(),
    signedAt: z.date().nullable(),
    archivedAt: z.date().nullable(),
    scanName: z.string().nullable(),
  }),
  invoice: z.object({
    id: z.string(), number: z.number(), year: z.number(), total: z.bigint(), correctedTotal: z.bigint(), paid: z.bigint(), dueDate: z.string(),
  }).nullable(),
  deferral: z.object({ approverName: z.string(), reason: z.string(), dueDate: z.string(), approvedAt: z.date() }).nullable(),
  provisioning: z.object({
    id: z.string(),
    status: z.string(),
    leadDays: z.number(),
    gateOpenedOn: z.string().nullable(),
    deadline: z.string().nullable(),
    startedAt: z.date().nullable(),
    doneAt: z.date().nullable(),
    proposedStart: z.string().nullable(),
    escalatedAt: z.date().nullable(),
    checklist: z.array(z.object({ position: z.number(), label: z.string(), doneAt: z.date().nullable(), doneByName: z.string().nullable() })),
    delays: z.array(Delay),
  }).nullable(),
  services: z.array(z.object({
    id: z.string(), title: z.string(), status: z.enum(serviceStatuses), startDate: z.string(), monthlyPrice: z.bigint(), quantity: z.number(),
  })),
  disputes: z.array(z.object({
    id: z.string(),
    subject: z.string(),
    description: z.string(),
    openedByName: z.string(),
    openedAt: z.date(),
    resolution: z.string().nullable(),
    resolvedByName: z.string().nullable(),
    resolvedAt: z.date().nullable(),
  })),
});

/** GET /orders (200) */
export const getOrders = page(z.object({
  id: z.string(),
  number: z.string(),
  status: z.string(),
  priority: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  dealId: z.string().nullable(),
  proposalId: z.string(),
  grossTotal: z.bigint(),
  monthlyTotal: z.bigint(),
  plannedStart: z.string(),
  agreedStart: z.string().nullable(),
  contractNumber: z.string(),
  appendixNo: z.number(),
  signing: z.string(),
  signed: z.boolean(),
  provisioning: z.string().nullable(),
  deadline: z.string().nullable(),
  createdAt: z.date(),
}));

/** GET /provisioning/queue (200) */
export const getProvisioningQueue = page(z.object({
  id: z.string(),
  orderId: z.string(),
  orderNumber: z.string(),
  status: z.string(),
  priority: z.enum(priorities),
  deadline: z.string().nullable(),
  leadDays: z.number(),
  gateOpenedOn: z.string().nullable(),
  startedAt: z.date().nullable(),
  plannedStart: z.string(),
  managerName: z.string(),
  assigneeName: z.string().nullable(),
  companyName: z.string(),
  services: z.string(),
  openItems: z.number(),
  workingDaysLeft: z.number().nullable(),
  overdue: z.boolean(),
}));

/** GET /provisioning/delays (200) */
export const getProvisioningDelays = z.object({
  items: z.array(z.object({
    orderId: z.string(),
    orderNumber: z.string(),
    companyName: z.string(),
    priority: z.string(),
    managerName: z.string(),
    assigneeName: z.string().nullable(),
    deadline: z.string(),
    doneOn: z.string().nullable(),
    open: z.boolean(),
    workingDaysLate: z.number(),
    reasons: z.array(Delay),
  })),
});

const ContractTemplate = z.object({ id: z.string(), name: z.string(), tags: z.array(z.string()), active: z.boolean() });

/** GET /contract-templates (200), POST /contract-templates/:id/activate (200) */
export const ContractTemplates = z.object({ items: z.array(ContractTemplate.extend({ uploadedByName: z.string(), uploadedAt: z.date() })) });

/** POST /contract-templates (201) */
export const postContractTemplates = ContractTemplate;

export const docx = download('docx');
export const pdf = download('pdf');
/** The scan as it was uploaded (any type). */
export const scan = download('bin');
