import type { ServiceKind } from '../catalog/service-kinds.ts';
import { demandOfParams } from '../catalog/service-params.ts';

export const outcomes = ['feasible', 'conditional', 'not_feasible'] as const;
export type Outcome = (typeof outcomes)[number];
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];
export const requestStatuses = ['open', 'answered', 'cancelled', 'closed'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export interface AnswerTerms {
  outcome: Outcome;
  validUntil: string;
  quantity: number;
  params: Record<string, unknown>;
}

/** Why an answer does not back an offer: its outcome or date, the quantity, or the asked parameters it does not confirm. */
export interface CoverageGap { outcome: boolean; expired: boolean; quantity: boolean; params: string[] }

const numeric = (v: unknown): number | null =>
  typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+([.,]\d+)?$/.test(v.trim()) ? Number(v.trim().replace(',', '.')) : null;

/**
 * Compares an answer with what is asked. Every asked numeric parameter must be ≤ the confirmed one, every
 * other asked parameter equal to it; a parameter the answer does not mention is not confirmed.
 */
export function coverageGap(answer: AnswerTerms, asked: { quantity: number; params: Record<string, unknown> }, today: string): CoverageGap {
  const params: string[] = [];
  for (const [k, v] of Object.entries(asked.params)) {
    if (v === undefined || v === null || v === '') continue;
    const confirmed = answer.params[k];
    if (confirmed === undefined || confirmed === null) { params.push(k); continue; }
    const an = numeric(v);
    const cn = numeric(confirmed);
    if (an !== null && cn !== null) { if (an > cn) params.push(k); continue; }
    if (String(v).trim().toLowerCase() !== String(confirmed).trim().toLowerCase()) params.push(k);
  }
  return { outcome: answer.outcome === 'not_feasible', expired: answer.validUntil < today, quantity: asked.quantity > answer.quantity, params };
}

export const gapSize = (g: CoverageGap): number => (g.outcome ? 100 : 0) + (g.expired ? 100 : 0) + (g.quantity ? 1 : 0) + g.params.length;

/** Does an answer back an offer? Only a positive answer valid on `today` (inclusive) with no gap at all. */
export function answerCovers(answer: AnswerTerms, asked: { quantity: number; params: Record<string, unknown> }, today: string): boolean {
  return gapSize(coverageGap(answer, asked, today)) === 0;
}

/**
 * Chance an open request becomes an order, for the capacity forecast: the manager's own estimate when given,
 * else derived from the newest answer (feasible 0.5, conditional 0.3, negative or expired 0) or 0.2 unanswered.
 */
export function requestProbability(req: { probability: string | null; status: RequestStatus }, answer: { outcome: Outcome; validUntil: string } | null, today: string): number {
  if (req.status === 'cancelled' || req.status === 'closed') return 0;
  if (answer && (answer.outcome === 'not_feasible' || answer.validUntil < today)) return 0;
  if (req.probability !== null) return Number(req.probability);
  if (!answer) return 0.2;
  return answer.outcome === 'feasible' ? 0.5 : 0.3;
}

/** What a request of a service kind consumes, per unit of quantity, for the forecast (from the vocabulary). */
export const demandOf = (kind: ServiceKind, params: Record<string, unknown>): { resource: string; amount: number }[] => demandOfParams(kind, params);
