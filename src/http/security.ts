import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import { SESSION_COOKIE } from './auth.ts';

/** The UI: its own scripts and styles only, never framed by another page. */
const APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
  + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/** The lead form and the price-list widget are made to be embedded in the company's website; they carry their own inline script and style. */
const EMBED_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors *";
const EMBEDDABLE = new Set(['/api/v1/public/lead-form.html', '/prices/widget.html']);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a state-changing request authenticated by the session cookie came from a page of this server.
 * SameSite=Lax treats another port of the same host as the same site, so the Origin (or, without it,
 * the Referer) is compared with the address the request was sent to. Requests that carry a bearer token
 * are not at risk: a foreign page cannot make the browser add one.
 */
export function crossOriginCookieRequest(req: FastifyRequest): boolean {
  if (SAFE_METHODS.has(req.method) || req.headers.authorization?.startsWith('Bearer ') || !req.cookies[SESSION_COOKIE]) return false;
  const source = req.headers.origin ?? req.headers.referer;
  if (!source) return false; // not a browser form or script: browsers send Origin with every cross-origin POST
  let origin: string;
  try { origin = new URL(source).origin; } catch { return true; }
  return origin !== `${req.protocol}://${req.host}`;
}

/** Security headers on every answer and the Origin check of cookie-authenticated changes. */
export function registerSecurity(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    if (crossOriginCookieRequest(req)) throw new AppError('forbidden', 'e.csrf');
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const path = req.url.split('?')[0]!;
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (EMBEDDABLE.has(path)) reply.header('content-security-policy', EMBED_CSP);
    else {
      reply.header('content-security-policy', APP_CSP);
      reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });
}
