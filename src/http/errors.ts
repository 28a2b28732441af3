import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../domain/errors.ts';
import { pickLocale, translate, type Locale } from '../domain/messages.ts';

const STATUS: Record<ErrorCode, number> = {
  validation: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, rule: 422, rate_limited: 429, config: 500,
};

const TITLE: Record<ErrorCode, string> = {
  validation: 'Validation failed', unauthenticated: 'Unauthenticated', forbidden: 'Forbidden', not_found: 'Not found',
  conflict: 'Conflict', rule: 'Business rule violated', rate_limited: 'Too many requests', config: 'Configuration error',
};

export const localeOf = (req: FastifyRequest): Locale => pickLocale(req.headers['accept-language']);

/** RFC 9457 problem document for an AppError, localized by Accept-Language. */
export function problemOf(e: AppError, locale: Locale, instance?: string) {
  const status = STATUS[e.code];
  return {
    type: `https://rackdesk.local/problems/${e.code}`,
    title: TITLE[e.code],
    status,
    detail: translate(locale, e.key, e.params),
    code: e.code,
    key: e.key,
    ...(instance ? { instance } : {}),
    ...(e.fieldErrors.length
      ? { errors: e.fieldErrors.map((f) => ({ path: f.path, key: f.key, message: translate(locale, f.key, f.params) })) }
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
    return sendProblem(reply, req, new AppError('rate_limited', 'e.rateLimited', { seconds }));
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const body = { type: 'about:blank', title: fe.message, status: fe.statusCode, detail: fe.message };
    return reply.code(fe.statusCode).type('application/problem+json').send(body);
  }
  req.log.error({ err }, 'unhandled error');
  const body = { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: translate(localeOf(req), 'e.internal') };
  return reply.code(500).type('application/problem+json').send(body);
}
