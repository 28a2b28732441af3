import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../domain/errors.ts';
import { fieldErrorText, pickLocale, translate, type Locale } from '../domain/messages.ts';
import { appErrorOfSqlState } from './input-hygiene.ts';
import { ResponseMismatch } from './response-schemas.ts';

const STATUS: Record<ErrorCode, number> = {
  validation: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, rule: 422, rate_limited: 429, too_large: 413, config: 500, unavailable: 503, not_configured: 409,
};


export const localeOf = (req: FastifyRequest): Locale => pickLocale(req.headers['accept-language']);

/** RFC 9457 problem document for an AppError, localized by Accept-Language. */
export function problemOf(e: AppError, locale: Locale, instance?: string) {
  const status = STATUS[e.code];
  return {
    type: `https://rackdesk.local/problems/${e.code}`,
    title: translate(locale, `title.${e.code}`),
    status,
    detail: translate(locale, e.key, e.params),
    code: e.code,
    key: e.key,
    ...(instance ? { instance } : {}),
    ...(e.fieldErrors.length
      ? { errors: e.fieldErrors.map((f) => ({ path: f.path, key: f.key, message: fieldErrorText(locale, f) })) }
      : {}),
    ...e.extra,
  };
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, e: AppError) {
  const body = problemOf(e, localeOf(req), req.url);
  return reply.code(body.status).type('application/problem+json').send(body);
}

/** Maps every error to problem+json: app errors by code, malformed requests to 4xx, the rest to 500. */
export function errorHandler(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) return sendProblem(reply, req, err);
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (fe.statusCode === 400 && err instanceof SyntaxError)) {
    return sendProblem(reply, req, new AppError('validation', 'e.badJson'));
  }
  if (fe.statusCode === 429) {
    const seconds = Number(reply.getHeader('retry-after') ?? 60);
    const what = req.routeOptions.url?.endsWith('/auth/login') ? 'e.rateLimited' : req.routeOptions.url?.endsWith('/public/leads') ? 'e.rateLimited.leads' : 'e.rateLimited.requests';
    return sendProblem(reply, req, new AppError('rate_limited', what, { seconds }));
  }
  const fromDb = appErrorOfSqlState(err);
  if (fromDb) return sendProblem(reply, req, fromDb);
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const locale = localeOf(req);
    const title = translate(locale, `title.http${fe.statusCode}`);
    const body = { type: 'about:blank', title: title.startsWith('title.') ? translate(locale, 'title.validation') : title, status: fe.statusCode, detail: fe.message };
    return reply.code(fe.statusCode).type('application/problem+json').send(body);
  }
  req.log.error({ err }, 'unhandled error');
  // Only with RACKDESK_CHECK_RESPONSES: the test must say which field of which answer broke its schema.
  if (err instanceof ResponseMismatch) return reply.code(500).type('application/problem+json').send({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: err.message });
  const body = { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: translate(localeOf(req), 'e.internal') };
  return reply.code(500).type('application/problem+json').send(body);
}
