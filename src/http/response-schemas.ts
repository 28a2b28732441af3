import type { FastifyInstance, FastifySerializerCompiler } from 'fastify';
import { createJsonSchemaTransform } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';

/** Money (bigint kopecks) travels as a string of digits; everything else as JSON.stringify writes it. */
export const jsonReplacer = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

/**
 * Response schemas document the answers (OpenAPI) and type the handlers; they do not shape the bytes:
 * an answer is written as the use case returned it (no key is stripped, bigint as digits).
 */
export const serializerCompiler: FastifySerializerCompiler<unknown> = () => (data) => JSON.stringify(data, jsonReplacer);

/** What the OpenAPI document says for schemas JSON has no word for: the text their values are written as. */
export const jsonSchemaTransform = createJsonSchemaTransform({
  zodToJsonConfig: {
    unrepresentable: 'any',
    override: (ctx) => {
      const type = ctx.zodSchema._zod.def.type;
      const js = ctx.jsonSchema as Record<string, unknown>;
      if (type === 'bigint') Object.assign(js, { type: 'string', pattern: '^-?\\d+$', description: js.description ?? 'Integer (kopecks for money), written as digits' });
      if (type === 'date') Object.assign(js, { type: 'string', format: 'date-time' });
      // Answers are not stripped: a described object may carry more keys than it names.
      if (type === 'object' && js.additionalProperties === false && ctx.zodSchema._zod.def.catchall === undefined) delete js.additionalProperties;
    },
  },
});

/** The declared schema of an answer with this status (exact code, then `2xx`, then `default`), JSON content. */
function schemaFor(response: Record<string, unknown>, status: number): ZodType | undefined {
  const s = response[String(status)] ?? response[`${Math.floor(status / 100)}xx`] ?? response.default;
  if (!s || typeof s !== 'object') return undefined;
  if ('content' in s) return (s.content as Record<string, { schema: ZodType } | undefined>)['application/json']?.schema;
  return s as ZodType;
}

/** An answer that does not match the schema its route declares (only raised with response checks on). */
export class ResponseMismatch extends Error {
  constructor(readonly route: string, readonly status: number, readonly issues: unknown) {
    super(`${route} answered ${status} not as its response schema says: ${JSON.stringify(issues)}`);
  }
}

/**
 * RACKDESK_CHECK_RESPONSES=1 (tests): every JSON answer of a route that declares responses is parsed with the
 * schema for its status; a mismatch, or a success status the route does not declare, becomes a 500.
 */
export function checkResponses(app: FastifyInstance) {
  app.addHook('preSerialization', async (req, reply, payload) => {
    const response = req.routeOptions.schema?.response as Record<string, unknown> | undefined;
    if (!response) return payload;
    const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
    const schema = schemaFor(response, reply.statusCode);
    if (!schema) {
      if (reply.statusCode < 300) throw new ResponseMismatch(route, reply.statusCode, 'no schema declared for this status');
      return payload;
    }
    const r = schema.safeParse(payload);
    if (!r.success) throw new ResponseMismatch(route, reply.statusCode, r.error.issues);
    return payload;
  });
}
