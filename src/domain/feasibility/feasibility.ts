import type { ServiceKind } from '../catalog/service-kinds.ts';

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

/**
 * Does an answer back an offer? Only a positive answer valid on `today` (inclusive), confirming at least the
 * asked quantity, where every asked numeric parameter is ≤ the confirmed one and every other asked
 * parameter equals it. A parameter the answer does not mention is not confirmed, so it does not cover.
 */
export function answerCovers(answer: AnswerTerms, asked: { quantity: number; params: Record<string, unknown> }, today: string): boolean {
  if (answer.outcome === 'not_feasible' || answer.validUntil < today) return false;
  if (asked.quantity > answer.quantity) return false;
  for (const [k, v] of Object.entries(asked.params)) {
    if (v === undefined || v === null || v === '') continue;
    const confirmed = answer.params[k];
    if (confirmed === undefined || confirmed === null) return false;
    const an = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null;
    const cn = typeof confirmed === 'number' ? confirmed : typeof confirmed === 'string' && /^-?\d+(\.\d+)?$/.test(confirmed) ? Number(confirmed) : null;
    if (an !== null && cn !== null) { if (an > cn) return false; continue; }
    if (String(v).trim().toLowerCase() !== String(confirmed).trim().toLowerCase()) return false;
  }
  return true;
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

/** What a request of a service kind consumes, per unit of quantity, for the forecast. */
export function demandOf(kind: ServiceKind, params: Record<string, unknown>): { resource: string; amount: number }[] {
  const n = (k: string, d: number) => {
    const v = Number(params[k]);
    return Number.isFinite(v) && v > 0 ? v : d;
  };
  switch (kind) {
    case 'dedicated': return [{ resource: 'servers', amount: 1 }, { resource: 'ipv4', amount: n('ipv4', 1) }];
    case 'colocation': return [{ resource: 'rack_units', amount: n('units', 1) }, { resource: 'power_w', amount: n('powerW', 300) }, { resource: 'ipv4', amount: n('ipv4', 1) }];
    case 'vps': return [{ resource: 'vcpu', amount: n('vcpu', 1) }, { resource: 'ram_gb', amount: n('ramGb', 1) }, { resource: 'ipv4', amount: n('ipv4', 1) }];
    case 'internet': return [{ resource: 'ports', amount: 1 }, { resource: 'mbps', amount: n('mbps', 100) }];
  }
}
