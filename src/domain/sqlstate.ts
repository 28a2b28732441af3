import type { ErrorCode } from './errors.ts';

/**
 * The one registry of SQLSTATEs raised by Rackdesk's own database guards. Each rule has its own code, used
 * by the migration that creates the guard (interpolated from here) and by the app's error mapping
 * (`guardError` in app/guard-errors.ts), which turns a refusal into the same message the app would give.
 * A guard passes the message parameters as JSON in the error's DETAIL, so the message names the lines,
 * the resource or the contact. Codes never change or get reused once shipped; add a rule with one line.
 *
 * Ranges: RD0xx–RD1xx quoting, pricing, inventory, CRM (the first guards); RD2xx sales flow; RD3xx orders;
 * RD4xx security; RD5xx billing documents; RD6xx installments; RD7xx payroll; RD8xx UI-facing checks; RD950–RD999 public price list and ads.
 */
export interface GuardCode {
  code: string;
  /** How the app reports the refusal (HTTP status, CLI exit code). */
  error: ErrorCode;
  /** Message-catalog key; DETAIL JSON fills its parameters. */
  key: string;
  /** The SQL object that raises it. */
  guard: string;
}

export const guardCodes = {
  quoteBelowFloor: { code: 'RD001', error: 'rule', key: 'e.quote.belowFloor', guard: 'proposal_version_guard' },
  quoteNotApprover: { code: 'RD002', error: 'rule', key: 'e.quote.notApprover', guard: 'proposal_approval_check' },
  quoteApprovalStale: { code: 'RD003', error: 'rule', key: 'e.quote.approvalStale', guard: 'proposal_approval_check' },
  quoteTransition: { code: 'RD004', error: 'rule', key: 'e.quote.transition', guard: 'proposal_version_guard' },
  quoteFrozen: { code: 'RD005', error: 'rule', key: 'e.quote.notEditable', guard: 'proposal_version_guard, proposal_line_guard' },
  quoteCostMismatch: { code: 'RD006', error: 'rule', key: 'e.quote.costMismatch', guard: 'proposal_line_cost_check' },
  quoteNoLines: { code: 'RD007', error: 'rule', key: 'e.quote.noLines', guard: 'proposal_version_guard' },
  quoteNoFeasibility: { code: 'RD010', error: 'rule', key: 'e.quote.noFeasibility', guard: 'proposal_version_guard_feasibility' },
  invNoCapacity: { code: 'RD011', error: 'rule', key: 'e.inv.noCapacity', guard: 'inv_allocation_guard' },
  invTransition: { code: 'RD012', error: 'rule', key: 'e.inv.badTransition', guard: 'inv_allocation_guard' },
  invOutOfBounds: { code: 'RD013', error: 'rule', key: 'e.inv.outOfBounds', guard: 'inv_allocation_guard' },
  crmNoConsent: { code: 'RD020', error: 'rule', key: 'e.noConsent', guard: 'activity_consent' },
  salesDealOtherClient: { code: 'RD201', error: 'validation', key: 'e.sales.dealOtherClient', guard: 'proposal_deal_client, feas_request_deal_client' },
  salesWonWithoutAcceptance: { code: 'RD202', error: 'rule', key: 'e.sales.wonOnlyByAcceptance', guard: 'deal_won_guard' },
  salesWonByOtherProposal: { code: 'RD203', error: 'rule', key: 'e.sales.wonOnlyByAcceptance', guard: 'deal_won_guard' },
  salesRevenueMismatch: { code: 'RD204', error: 'rule', key: 'e.sales.revenueMismatch', guard: 'deal_won_guard' },
  quoteServiceDatePast: { code: 'RD210', error: 'rule', key: 'e.quote.serviceDatePast', guard: 'proposal_version_guard_promised_date' },
  quoteServiceDateTooEarly: { code: 'RD211', error: 'rule', key: 'e.quote.serviceDateTooEarly', guard: 'proposal_version_guard_promised_date' },
  salesAnswerNotRecorded: { code: 'RD220', error: 'rule', key: 'e.sales.answerNotRecorded', guard: 'proposal_version_guard_recorded_answer' },
  salesAnswerHashMismatch: { code: 'RD221', error: 'rule', key: 'e.sales.answerHashMismatch', guard: 'proposal_decision_check' },
  salesLinkFixed: { code: 'RD222', error: 'rule', key: 'e.sales.linkUsed', guard: 'public_link_once' },
  salesSurveyAnswered: { code: 'RD230', error: 'rule', key: 'e.sales.surveyAnswered', guard: 'satisfaction_answer_once' },
  invoiceNoAdjustment: { code: 'RD501', error: 'rule', key: 'e.invoice.noAdjustment', guard: 'invoice_correction_check' },
  invoiceCorrectionMismatch: { code: 'RD502', error: 'rule', key: 'e.invoice.correctionMismatch', guard: 'invoice_correction_check' },
  invoiceCorrectionPeriod: { code: 'RD503', error: 'rule', key: 'e.invoice.correctionPeriod', guard: 'invoice_line_guard' },
  paymentOverInvoice: { code: 'RD504', error: 'rule', key: 'e.payment.overInvoice', guard: 'payment_allocation_check' },
  payTotalMismatch: { code: 'RD700', error: 'rule', key: 'e.pay.totalMismatch', guard: 'pay_statement_total' },
  payNoPlan: { code: 'RD701', error: 'rule', key: 'e.pay.noPlanFor', guard: 'pay_management_bonus_guard' },
  payOverCap: { code: 'RD702', error: 'rule', key: 'e.pay.overCap', guard: 'pay_management_bonus_guard' },
  orderNotAccepted: { code: 'RD301', error: 'rule', key: 'e.order.notAccepted', guard: 'sales_order_guard' },
  orderLinesNotCopied: { code: 'RD302', error: 'rule', key: 'e.order.priceMismatch', guard: 'sales_order_complete' },
  orderTransition: { code: 'RD303', error: 'rule', key: 'e.order.transition', guard: 'sales_order_guard' },
  provNotPaid: { code: 'RD310', error: 'rule', key: 'e.prov.gate', guard: 'prov_request_gate' },
  provDeferralApprover: { code: 'RD311', error: 'rule', key: 'e.prov.notApprover', guard: 'payment_deferral_check' },
  orderStartBeforeDone: { code: 'RD312', error: 'rule', key: 'e.order.startBeforeDone', guard: 'sales_order_guard' },
  provTransition: { code: 'RD313', error: 'rule', key: 'e.prov.transition', guard: 'prov_request_gate' },
  contractSigningStep: { code: 'RD320', error: 'rule', key: 'e.contract.step', guard: 'contract_doc_steps' },
  orderNotSigned: { code: 'RD330', error: 'rule', key: 'e.order.notSigned', guard: 'sales_order_guard' },
  orderCancelReason: { code: 'RD331', error: 'rule', key: 'e.order.cancelReason', guard: 'sales_order_cancel' },
  orderCancelled: { code: 'RD332', error: 'rule', key: 'e.order.cancelled', guard: 'sales_order_cancel, contract_doc_cancelled' },
  orderCancelLiveService: { code: 'RD333', error: 'rule', key: 'e.order.cancelLiveService', guard: 'sales_order_cancel_settled, billing_service_of_cancelled_order' },
  orderCancelOpenProvisioning: { code: 'RD334', error: 'rule', key: 'e.order.cancelOpenProvisioning', guard: 'sales_order_cancel_settled' },
  orderCancelStillOwed: { code: 'RD335', error: 'rule', key: 'e.order.cancelStillOwed', guard: 'sales_order_cancel_settled' },
  instPaidOff: { code: 'RD601', error: 'rule', key: 'e.inst.paidOff', guard: 'inst_payment_guard' },
  instOverpay: { code: 'RD602', error: 'rule', key: 'e.inst.overpay', guard: 'inst_payment_guard' },
  instBeforeSigned: { code: 'RD603', error: 'rule', key: 'e.inst.beforeSigned', guard: 'inst_payment_guard' },
  instNotPaidInFull: { code: 'RD604', error: 'rule', key: 'e.inst.notPaidInFull', guard: 'inst_agreement_guard' },
  instTermsFrozen: { code: 'RD605', error: 'rule', key: 'e.inst.termsFrozen', guard: 'inst_agreement_guard' },
  instOwnerWhilePaying: { code: 'RD606', error: 'rule', key: 'e.inst.ownerWhilePaying', guard: 'inst_owner_check' },
  equipmentPosition: { code: 'RD607', error: 'rule', key: 'e.equipment.move', guard: 'inv_equipment_position' },
  mktFutureObservation: { code: 'RD900', error: 'validation', key: 'e.mkt.futureObservation', guard: 'mkt_competitor_offer_guard' },
  mktUnknownParams: { code: 'RD901', error: 'validation', key: 'e.mkt.unknownParams', guard: 'mkt_competitor_offer_guard' },
  mktSpendUsed: { code: 'RD902', error: 'rule', key: 'e.mkt.spendUsed', guard: 'mkt_ad_spend_guard' },
  adLimit: { code: 'RD950', error: 'validation', key: 'e.ads.limit', guard: 'ad_limits_guard' },
  adUntrue: { code: 'RD951', error: 'rule', key: 'e.ads.untrue', guard: 'ad_export_line_truth' },
  adKeywordLimit: { code: 'RD952', error: 'validation', key: 'e.ads.keywordLimit', guard: 'ad_keyword_guard' },
  invRackShrink: { code: 'RD608', error: 'rule', key: 'e.inv.rackShrink', guard: 'inv_rack_edit_guard' },
  invCapacityBelowUse: { code: 'RD609', error: 'rule', key: 'e.inv.capacityBelowUse', guard: 'inv_rack_edit_guard, inv_capacity_edit_guard' },
  invSiteWithAllocations: { code: 'RD610', error: 'rule', key: 'e.inv.siteWithAllocations', guard: 'inv_rack_edit_guard, inv_capacity_edit_guard, inv_prefix_edit_guard' },
  invPrefixOrphans: { code: 'RD611', error: 'rule', key: 'e.inv.prefixOrphans', guard: 'inv_prefix_edit_guard' },
  invReservedAddress: { code: 'RD612', error: 'rule', key: 'e.inv.reservedAddress', guard: 'inv_allocation_usable_ip, inv_prefix_edit_guard' },
} as const satisfies Record<string, GuardCode>;

export type GuardName = keyof typeof guardCodes;

const byCode = new Map<string, GuardCode>(Object.values(guardCodes).map((g) => [g.code, g]));

/** The registered guard behind a SQLSTATE, if it is one of ours. */
export const guardOf = (sqlState: string | undefined): GuardCode | undefined => (sqlState ? byCode.get(sqlState) : undefined);

/** Message parameters a guard put in DETAIL (a JSON object of strings and numbers); {} when there are none. */
export function guardParams(detail: unknown): Record<string, string | number> {
  if (typeof detail !== 'string' || !detail.startsWith('{')) return {};
  try {
    const o = JSON.parse(detail) as Record<string, unknown>;
    const out: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(o)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    return out;
  } catch { return {}; }
}
