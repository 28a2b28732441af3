import type { ErrorCode } from './errors.ts';

/**
 * The one registry of SQLSTATEs raised by Rackdesk's own database guards. Each rule has its own code, used
 * by the migration that creates the guard (interpolated from here) and by the app's error mapping
 * (`guardError` in app/guard-errors.ts), which turns a refusal into the same message the app would give.
 * A guard passes the message parameters as JSON in the error's DETAIL, so the message names the lines,
 * the resource or the contact. Codes never change or get reused once shipped; add a rule with one line.
 *
 * Ranges: RD0xx–RD1xx quoting, pricing, inventory, CRM (the first guards); RD2xx sales flow; RD3xx orders;
 * RD4xx security; RD5xx billing documents; RD6xx installments; RD7xx payroll; RD8xx UI-facing checks.
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
  invoiceNoAdjustment: { code: 'RD501', error: 'rule', key: 'e.invoice.noAdjustment', guard: 'invoice_correction_check' },
  invoiceCorrectionMismatch: { code: 'RD502', error: 'rule', key: 'e.invoice.correctionMismatch', guard: 'invoice_correction_check' },
  invoiceCorrectionPeriod: { code: 'RD503', error: 'rule', key: 'e.invoice.correctionPeriod', guard: 'invoice_line_period_check' },
  payTotalMismatch: { code: 'RD700', error: 'rule', key: 'e.pay.totalMismatch', guard: 'pay_statement_total' },
  payNoPlan: { code: 'RD701', error: 'rule', key: 'e.pay.noPlanFor', guard: 'pay_management_bonus_guard' },
  payOverCap: { code: 'RD702', error: 'rule', key: 'e.pay.overCap', guard: 'pay_management_bonus_guard' },
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
