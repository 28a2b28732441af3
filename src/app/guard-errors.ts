import { AppError } from '../domain/errors.ts';
import { guardOf, guardParams } from '../domain/sqlstate.ts';
import { sqlStateOf } from './context.ts';

/**
 * A refusal of one of our database guards as the AppError the app would have thrown: the registry
 * (domain/sqlstate.ts) gives the code and message key, the guard's DETAIL the message parameters.
 * Anything else comes back unchanged.
 */
export function guardError(e: unknown): unknown {
  const state = sqlStateOf(e);
  const g = guardOf(state);
  if (!g) return e;
  const detail = typeof e === 'object' && e !== null && 'detail' in e ? (e as { detail: unknown }).detail : undefined;
  return new AppError(g.error, g.key, guardParams(detail), [], { sqlState: state });
}
