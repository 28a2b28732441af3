import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { createApiToken, listApiTokens, login, logout, revokeApiToken } from '../../app/parties/auth.ts';
import { makeCtx } from '../../app/context.ts';
import { ApiTokenCreateSchema, LoginSchema } from '../../domain/parties/user.schemas.ts';
import { booleanInput } from '../../domain/input-schemas.ts';
import { SESSION_COOKIE, ctxOf, tokenOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';

export const authRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  app.post('/auth/login', {
    schema: { tags: ['auth'], summary: 'Log in; sets the session cookie and returns the same token for Bearer use', body: LoginSchema, security: [] },
    config: {
      public: true,
      rateLimit: {
        max: deps.loginMax,
        timeWindow: deps.loginWindowMs,
        // After the body is parsed, so the key holds the e-mail: one user's typos lock out only that user at that address.
        hook: 'preHandler',
        keyGenerator: (req) => `${req.ip}|${String((req.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
      },
    },
  }, async (req, reply) => {
    const { token, user, expiresAt } = await login(makeCtx(deps.database.db, undefined, deps.timeZone, deps.services), req.body);
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', expires: expiresAt, secure: req.protocol === 'https' });
    return { token, user };
  });

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'End this session' }, config: { public: true } }, async (req, reply) => {
    const token = tokenOf(req);
    if (token) await logout(makeCtx(deps.database.db, undefined, deps.timeZone, deps.services), token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/auth/me', { schema: { tags: ['auth'], summary: 'Who am I and what may I do' } }, async (req) => {
    ctxOf(req, deps);
    return { user: req.actor!.user, permissions: req.actor!.permissions };
  });

  app.post('/users/:id/tokens', {
    schema: { tags: ['users'], summary: 'Issue an API token for integrations (shown once); expiresOn = the last day it works (optional)', params: z.object({ id: z.string().max(64) }), body: ApiTokenCreateSchema },
  }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = req.body as { label: string; expiresOn: string | null };
    const r = await createApiToken(ctxOf(req, deps), id, body.label, body.expiresOn);
    return reply.code(201).send(r);
  });

  app.get('/tokens', {
    schema: {
      tags: ['users'], summary: 'API tokens (never the token itself): your own; all=true or userId for admins (user.manage)',
      querystring: z.object({ all: booleanInput().optional(), userId: z.string().max(64).optional() }).strict(),
    },
  }, async (req) => ({ items: await listApiTokens(ctxOf(req, deps), req.query as { all?: boolean; userId?: string }) }));

  app.delete('/tokens/:id', { schema: { tags: ['users'], summary: 'Revoke an API token at once (its owner or an admin)', params: z.object({ id: z.string().max(64) }) } },
    async (req) => revokeApiToken(ctxOf(req, deps), (req.params as { id: string }).id));
};
