import { z } from 'zod';
import { isIsoDate } from '../dates.ts';
import { parseRubles } from '../money.ts';
import { serviceKinds } from '../catalog/service-kinds.ts';

export const dealSources = ['ad_campaign', 'partner', 'conference', 'cold_call', 'office_visit', 'inbound_call', 'inbound_email', 'website_form', 'referral'] as const;
export type DealSource = (typeof dealSources)[number];
/** Sources where the contact came to us: answering them is a reply to their own inquiry, not advertising. */
export const inquirySources: readonly DealSource[] = ['inbound_call', 'inbound_email', 'website_form', 'office_visit'];

export const activityKinds = ['call', 'email', 'visit', 'meeting', 'conference', 'note'] as const;
export type ActivityKind = (typeof activityKinds)[number];
/**
 * Why we contact someone. `advertising` needs consent on the channel; `service` (invoices, outages,
 * contract matters) and `reply` (answering the contact's own inquiry) are not advertising.
 */
export const contactPurposes = ['advertising', 'service', 'reply'] as const;
export type ContactPurpose = (typeof contactPurposes)[number];

const reqText = (max: number) => z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' });
const optText = (max: number) => z.string().trim().max(max, { error: 'v.tooLong' }).nullish().transform((v) => (v ? v : null));
const id = z.string().trim().min(1, { error: 'v.required' }).max(64, { error: 'v.tooLong' });
const isoDate = z.string({ error: 'v.date' }).refine(isIsoDate, { error: 'v.date' });
/** Rubles as typed by people ("150000", "1 234,56"); converted to kopecks by the use case, not here, so a re-parse never scales twice. */
const rubles = z.string({ error: 'v.money' }).refine((s) => { const v = parseRubles(s); return v !== null && v >= 0n; }, { error: 'v.money' });
/** Kopecks of a validated rubles string. */
export const kopecksOf = (s: string): bigint => parseRubles(s)!;

const utm = {
  utmSource: optText(200), utmMedium: optText(200), utmCampaign: optText(200), utmContent: optText(200), utmTerm: optText(200),
};

const dealFields = {
  title: reqText(300),
  source: z.enum(dealSources, { error: 'v.enum' }),
  ...utm,
  partnerId: id.nullish().transform((v) => v ?? null),
  ownerId: id.optional(),
  companyId: id,
  contactId: id.nullish().transform((v) => v ?? null),
  serviceKind: z.enum(serviceKinds, { error: 'v.enum' }).nullish().transform((v) => v ?? null),
  siteId: id.nullish().transform((v) => v ?? null),
  parameters: optText(5000),
  /** Expected monthly revenue in rubles as a decimal string ("150000", "1 234,56"). */
  expectedMonthlyRevenue: rubles.optional(),
  stage: z.string().trim().max(30).optional(),
  probability: z.number().int({ error: 'v.int' }).min(0, { error: 'v.percent' }).max(100, { error: 'v.percent' }).optional(),
  nextStep: optText(500),
  nextStepDue: isoDate.nullish().transform((v) => v ?? null),
};

const nextStepPaired = (v: { nextStep?: string | null; nextStepDue?: string | null }, ctx: z.RefinementCtx) => {
  if (v.nextStep && !v.nextStepDue) ctx.addIssue({ code: 'custom', path: ['nextStepDue'], message: 'v.required' });
  if (!v.nextStep && v.nextStepDue) ctx.addIssue({ code: 'custom', path: ['nextStep'], message: 'v.required' });
};

export const DealCreateSchema = z.object(dealFields).strict().superRefine((v, ctx) => {
  nextStepPaired(v, ctx);
  if (v.source === 'partner' && !v.partnerId) ctx.addIssue({ code: 'custom', path: ['partnerId'], message: 'v.required' });
});
export type DealCreateInput = z.output<typeof DealCreateSchema>;

export const DealPatchSchema = z.object({
  title: dealFields.title.optional(),
  ownerId: id.optional(),
  contactId: dealFields.contactId.optional(),
  partnerId: dealFields.partnerId.optional(),
  serviceKind: dealFields.serviceKind.optional(),
  siteId: dealFields.siteId.optional(),
  parameters: dealFields.parameters.optional(),
  expectedMonthlyRevenue: rubles.optional(),
  probability: dealFields.probability,
  nextStep: dealFields.nextStep.optional(),
  nextStepDue: dealFields.nextStepDue.optional(),
  blockedReason: optText(500).optional(),
  version: z.number().int().positive().optional(),
}).strict().superRefine((v, ctx) => {
  if ('nextStep' in v || 'nextStepDue' in v) nextStepPaired(v, ctx);
});
export type DealPatchInput = z.output<typeof DealPatchSchema>;

export const StageMoveSchema = z.object({
  stage: reqText(30),
  lostReason: z.string().trim().max(30).nullish().transform((v) => v || null),
  lostComment: optText(2000),
  proposalId: z.string().trim().max(64).nullish().transform((v) => v || null),
  nextStep: optText(500),
  nextStepDue: isoDate.nullish().transform((v) => v ?? null),
}).strict().superRefine(nextStepPaired);
export type StageMoveInput = z.output<typeof StageMoveSchema>;

export const ActivityLogSchema = z.object({
  kind: z.enum(activityKinds, { error: 'v.enum' }),
  direction: z.enum(['outbound', 'inbound'], { error: 'v.enum' }),
  purpose: z.enum(contactPurposes, { error: 'v.enum' }),
  dealId: id.nullish().transform((v) => v ?? null),
  companyId: id.optional(),
  contactId: id.nullish().transform((v) => v ?? null),
  at: z.iso.datetime({ offset: true, error: 'v.datetime' }).optional(),
  subject: optText(300),
  outcome: optText(2000),
  body: optText(20000),
  nextStep: optText(500),
  nextStepDue: isoDate.nullish().transform((v) => v ?? null),
}).strict().superRefine((v, ctx) => {
  nextStepPaired(v, ctx);
  if (!v.dealId && !v.companyId) ctx.addIssue({ code: 'custom', path: ['companyId'], message: 'v.required' });
});
export type ActivityLogInput = z.output<typeof ActivityLogSchema>;

export const EmailSendSchema = z.object({
  dealId: id.nullish().transform((v) => v ?? null),
  companyId: id.optional(),
  /** Required, but checked by the use case so a lead without a contact gets a message that says so. */
  contactId: id.nullish().transform((v) => v ?? null),
  /** One of the contact's addresses; the first one when omitted. */
  to: z.email({ error: 'v.email' }).optional(),
  purpose: z.enum(contactPurposes, { error: 'v.enum' }),
  subject: reqText(300),
  text: reqText(50000),
}).strict().superRefine((v, ctx) => {
  if (!v.dealId && !v.companyId) ctx.addIssue({ code: 'custom', path: ['companyId'], message: 'v.required' });
});
export type EmailSendInput = z.output<typeof EmailSendSchema>;

export const TaskCreateSchema = z.object({
  title: reqText(300),
  dealId: id.nullish().transform((v) => v ?? null),
  companyId: id.nullish().transform((v) => v ?? null),
  assigneeId: id.optional(),
  dueDate: isoDate,
  remindAt: z.iso.datetime({ offset: true, error: 'v.datetime' }).nullish().transform((v) => v ?? null),
}).strict();
export type TaskCreateInput = z.output<typeof TaskCreateSchema>;

const percent = (maxExclusive: boolean) => z.string({ error: 'v.percent' }).trim()
  .refine((s) => /^\d{1,3}([.,]\d{1,2})?$/.test(s) && Number(s.replace(',', '.')) > 0 && (maxExclusive ? Number(s.replace(',', '.')) < 100 : Number(s.replace(',', '.')) <= 100), { error: 'v.percent' })
  .transform((s) => s.replace(',', '.'));

export const PartnerAgreementSchema = z.object({
  number: optText(100),
  agentFeePercent: percent(false).nullish().transform((v) => v ?? null),
  /** Fixed fee per client brought, rubles. */
  agentFeeFixed: rubles.nullish().transform((v) => v ?? null),
  resellerDiscountPercent: percent(true).nullish().transform((v) => v ?? null),
  validFrom: isoDate,
  validTo: isoDate.nullish().transform((v) => v ?? null),
  conditions: optText(5000),
}).strict().superRefine((v, ctx) => {
  if (v.agentFeePercent && v.agentFeeFixed) ctx.addIssue({ code: 'custom', path: ['agentFeeFixed'], message: 'v.partner.oneFee' });
  if (!v.agentFeePercent && !v.agentFeeFixed && !v.resellerDiscountPercent) ctx.addIssue({ code: 'custom', path: ['agentFeePercent'], message: 'v.partner.noTerms' });
  if (v.agentFeeFixed && parseRubles(v.agentFeeFixed) === 0n) ctx.addIssue({ code: 'custom', path: ['agentFeeFixed'], message: 'v.money' });
  if (v.validTo && v.validTo < v.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'v.partner.period' });
});
export type PartnerAgreementInput = z.output<typeof PartnerAgreementSchema>;

/** What a visitor submits through the website form. */
export const LeadFormSchema = z.object({
  name: reqText(200),
  organization: optText(300),
  email: z.email({ error: 'v.email' }).max(200, { error: 'v.tooLong' }),
  phone: z.string().trim().max(40, { error: 'v.tooLong' }).nullish().transform((v) => v || null)
    .refine((p) => p === null || (/^\+?[\d\s()-]+$/.test(p) && p.replace(/\D/g, '').length >= 10 && p.replace(/\D/g, '').length <= 15), { error: 'v.phone' }),
  message: optText(5000),
  serviceKind: z.enum(serviceKinds, { error: 'v.enum' }).nullish().transform((v) => v ?? null),
  /** The version of the personal-data consent text shown next to the checkbox; required. */
  consentTextVersion: reqText(100),
  consentAccepted: z.literal(true, { error: 'v.lead.consent' }),
  /** Optional second checkbox: consent to receive advertising by e-mail. */
  advertisingAccepted: z.boolean().optional(),
  ...utm,
  /** A honeypot field hidden from people; bots fill it. */
  website: z.string().max(0, { error: 'v.invalid' }).optional(),
}).strict();
export type LeadFormInput = z.output<typeof LeadFormSchema>;

export const StageConfigSchema = z.object({
  code: z.string().trim().regex(/^[a-z][a-z0-9_]{1,29}$/, { error: 'v.crm.code' }),
  nameRu: reqText(100),
  nameEn: reqText(100),
  position: z.number().int(),
  probability: z.number().int().min(0, { error: 'v.percent' }).max(100, { error: 'v.percent' }),
  active: z.boolean().optional(),
}).strict();

export const HolidaySchema = z.object({
  date: isoDate,
  name: z.string().trim().max(200, { error: 'v.tooLong' }).nullish().transform((v) => v ?? ''),
}).strict();

export const RefusalReasonSchema = z.object({
  code: z.string().trim().regex(/^[a-z][a-z0-9_]{1,29}$/, { error: 'v.crm.code' }),
  nameRu: reqText(200),
  nameEn: reqText(200),
  active: z.boolean().optional(),
}).strict();
