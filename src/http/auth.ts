import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../app/parties/auth.ts';
import { makeCtx, type Actor, type Ctx, type Services } from '../app/context.ts';
import { AppError } from '../domain/errors.ts';
import type { Permission } from '../domain/parties/permissions.ts';
import type { User } from '../domain/parties/company.ts';
import type { Database } from '../db/connect.ts';

export const SESSION_COOKIE = 'rd_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers anonymous callers (health, login, OpenAPI). */
    public?: boolean;
  }
  interface FastifyRequest {
    actor: (Actor & { user: User; permissions: readonly Permission[] }) | null;
  }
}

export function tokenOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  return req.cookies[SESSION_COOKIE];
}

/** Resolves the caller from the session cookie or bearer token; anonymous callers reach only public routes. */
export function authHook(database: Database, timeZone: string, services: Services) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    req.actor = await authenticate(makeCtx(database.db, undefined, timeZone, services), tokenOf(req));
    if (!req.actor && !req.routeOptions.config?.public) throw new AppError('unauthenticated', 'e.unauthenticated');
  };
}

/** The use-case context of an authenticated request; 401 for anonymous callers. */
export function ctxOf(req: FastifyRequest, deps: { database: Database; timeZone: string; services: Services }): Ctx {
  if (!req.actor) throw new AppError('unauthenticated', 'e.unauthenticated');
  return makeCtx(deps.database.db, req.actor, deps.timeZone, deps.services);
}
