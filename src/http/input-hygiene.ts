import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sqlStateOf } from '../app/context.ts';
import { AppError } from '../domain/errors.ts';

/** Deeper JSON than any Rackdesk document needs; deeper input only serves to exhaust the stack. */
export const MAX_JSON_DEPTH = 32;

/** The nesting depth of JSON text, counted without parsing (so a hostile document cannot overflow the stack). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) { depth++; if (depth > max) max = depth; } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** A string PostgreSQL cannot store (NUL) or that is not valid UTF-16 (a lone surrogate). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (s: string): boolean => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** The path of the first unstorable string (or key) in a parsed value, walked without recursion; null when clean. */
export function findUnstorable(value: unknown, prefix: string): string | null {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: prefix }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') { if (unstorable(v)) return path || 'body'; continue; }
    if (!v || typeof v !== 'object' || Buffer.isBuffer(v)) continue;
    for (const [k, child] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      if (unstorable(k)) return p;
      stack.push({ v: child, path: p });
    }
  }
  return null;
}

/** Drops `__proto__` keys from parsed JSON (walked without recursion), so no later merge can set a prototype. */
export function withoutProtoKeys<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if (Object.prototype.hasOwnProperty.call(v, '__proto__')) delete (v as Record<string, unknown>)['__proto__'];
    for (const child of Object.values(v)) stack.push(child);
  }
  return value;
}

const badValue = (path: string, key: string) => new AppError('validation', 'e.validation', {}, [{ path, key }]);

/**
 * Input every route shares: JSON bodies limited in depth and parsed without prototype keys, and no
 * string anywhere (body, query, path) that the database would refuse — each refused as 400 with its path.
 */
export function registerInputHygiene(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    const body = String(text);
    if (body.trim() === '') return done(new AppError('validation', 'e.badJson'), undefined);
    if (jsonDepth(body) > MAX_JSON_DEPTH) return done(new AppError('validation', 'e.tooDeep', { max: MAX_JSON_DEPTH }), undefined);
    let parsed: unknown;
    try {
      // Without a reviver: a JSON.parse polyfill (core-js, brought in by some libraries) replaces the native
      // parser only for calls with a reviver, and it accepts an unterminated object such as `{"a": 1,`.
      parsed = JSON.parse(body);
    } catch {
      return done(new AppError('validation', 'e.badJson'), undefined);
    }
    done(null, withoutProtoKeys(parsed));
  });
  app.addHook('preValidation', async (req: FastifyRequest) => {
    const path = findUnstorable(req.params, 'params') ?? findUnstorable(req.query, 'query') ?? findUnstorable(req.body, '');
    if (path) throw badValue(path, 'v.unstorable');
  });
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A database refusal that reached the HTTP layer without a use case translating it: the request was
 * wrong (its transaction is rolled back, nothing was written), so it is a 4xx, never a 500.
 */
export function appErrorOfSqlState(e: unknown): AppError | null {
  const state = sqlStateOf(e);
  if (!state || !/^[0-9A-Z]{5}$/.test(state)) return null;
  const detail = String((e as { detail?: unknown }).detail ?? '');
  if (state === '23503') {
    const column = /Key \(([a-z_]+)\)=/.exec(detail)?.[1];
    if (/still referenced/.test(detail)) return new AppError('conflict', 'e.stillReferenced');
    return badValue(column ? camel(column) : '', 'v.unknownRef');
  }
  if (state === '23505') return new AppError('conflict', 'e.duplicate');
  if (state === '40001' || state === '40P01' || state === '55P03') return new AppError('conflict', 'e.retryLater');
  if (state.startsWith('22') || state === '54001') return badValue('', 'v.outOfRange');
  if (state.startsWith('23') || state.startsWith('RD')) return new AppError('rule', 'e.refusedByDatabase');
  return null;
}
