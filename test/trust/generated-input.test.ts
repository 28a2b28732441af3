/**
 * Generated bad input over the whole OpenAPI document: for every operation, every body property,
 * query and path parameter gets invalid variants (wrong types, NUL, lone surrogates, impossible dates,
 * numbers beyond bigint, unknown ids, deep nesting, random strings from fast-check). Every answer must
 * be below 500, every 4xx problem+json, and a refused request must leave every table as it was.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, testDb } from '../helpers/db.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import type { Database } from '../../src/db/connect.ts';

type Schema = {
  type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[];
  format?: string; enum?: unknown[]; const?: unknown; minimum?: number; minLength?: number; minItems?: number; pattern?: string;
};

/** A plausible value for a schema (required properties only), so a variant of one field gets past the others. */
function plausible(s: Schema, name = ''): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return plausible(alt.find((a) => a.type !== 'null') ?? alt[0]!, name);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'object' || s.properties) {
    const o: Record<string, unknown> = {};
    for (const k of s.required ?? []) o[k] = plausible(s.properties?.[k] ?? {}, k);
    return o;
  }
  if (type === 'array') return Array.from({ length: s.minItems ?? 0 }, () => plausible(s.items ?? {}, name));
  if (type === 'integer' || type === 'number') return Math.max(1, s.minimum ?? 1);
  if (type === 'boolean') return false;
  if (s.format === 'date' || /date|from|to$/i.test(name)) return '2026-03-10';
  if (s.format === 'date-time') return '2026-03-10T10:00:00+03:00';
  if (s.format === 'email' || /email/i.test(name)) return 'fuzz@example.ru';
  if (/Id$/.test(name)) return 'zz_nonexistent0001';
  return 'x'.repeat(Math.max(1, s.minLength ?? 1));
}
interface Op { method: string; path: string; body: Schema | null; query: string[]; pathParams: string[] }

const SEED = Number(process.env.RACKDESK_FUZZ_SEED ?? 20261129);
const NUL = 'a\u0000b';
const SURROGATE = 'x\uD800y';
const deepJson = (n: number): string => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

/** The invalid values every field is tried with; the random part comes from fast-check with a fixed seed. */
function variants(): unknown[] {
  const random = fc.sample(fc.oneof(fc.string({ unit: 'grapheme-composite' }), fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.constant(null)), { seed: SEED, numRuns: 4 });
  return [NUL, SURROGATE, '2026-02-31', '', 'x'.repeat(5000), true, -1, 1e30, 1e20, '99999999999999999999999', { a: 1 }, [1, 2], 'zz_nonexistent0001', ...random];
}
const queryVariants = ['a\u0000b', '2026-02-31', '-1', '99999999999999999999', 'true', 'zz_nonexistent0001'];

function operations(doc: { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> }; parameters?: { in: string; name: string }[] }>> }): Op[] {
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(), path: path.replace('/api/v1', ''),
        body: op.requestBody?.content['application/json']?.schema ?? null,
        query: params.filter((p) => p.in === 'query').map((p) => p.name),
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
      });
    }
  }
  return ops;
}

/** One number that changes when any row of any table is inserted, deleted or (through its audit entry) changed. */
async function fingerprint(d: Database, tables: string[]): Promise<string> {
  const sum = tables.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ');
  const r = await sql<{ n: string }>`SELECT (${sql.raw(sum)})::text AS n`.execute(d.db);
  return r.rows[0]!.n;
}

describe(`generated bad input over the OpenAPI document (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  let tables: string[];
  let ops: Op[];
  beforeAll(async () => {
    d = await testDb();
    app = await testServer(d);
    headers = (await loginAs(app, d, 'admin')).headers;
    ops = operations((await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json());
    const r = await sql<{ name: string }>`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname NOT IN ('session', 'kysely_migration', 'kysely_migration_lock', 'job', 'api_token')`.execute(d.db);
    tables = r.rows.map((x) => x.name);
  });
  afterAll(async () => { await app?.close(); });

  const failures: string[] = [];
  async function attempt(method: string, url: string, payload: unknown, what: string, raw?: string) {
    const mutating = method !== 'GET';
    const before = mutating ? await fingerprint(d, tables) : '';
    const res = await app.inject({ method: method as 'POST', url, headers: { ...headers, ...(raw !== undefined || payload !== undefined ? { 'content-type': 'application/json' } : {}), 'accept-language': 'en' }, ...(raw !== undefined ? { payload: raw } : payload !== undefined ? { payload: payload as object } : {}) });
    const problem = `${method} ${url} [${what}] → ${res.statusCode} ${res.body.slice(0, 160)}`;
    if (res.statusCode >= 500) { failures.push(problem); return res.statusCode; }
    if (res.statusCode >= 400) {
      if (!String(res.headers['content-type']).startsWith('application/problem+json')) failures.push(`not problem+json: ${problem}`);
      else if (res.statusCode !== 404 && res.statusCode !== 403 && res.json().title === undefined) failures.push(`no title: ${problem}`);
      if (mutating && await fingerprint(d, tables) !== before) failures.push(`rows changed by a refused request: ${problem}`);
    }
    return res.statusCode;
  }

  it('no 5xx, every 4xx problem+json, nothing written by a refused request; unknown ids are never 2xx', { timeout: 600_000 }, async () => {
    const vs = variants();
    for (const op of ops) {
      if (op.path.startsWith('/auth/')) continue; // logging in and out is covered by the auth tests
      const base = op.path.replace(/\{(\w+)\}/g, (_, p: string) => (p === 'kind' ? 'racks' : p === 'date' ? '2026-03-09' : 'zz_nonexistent0001'));
      // an unknown id in the path
      if (op.pathParams.some((p) => p !== 'kind' && p !== 'date')) {
        const status = await attempt(op.method, base, op.body ? {} : undefined, 'unknown id');
        if (status < 300 && !op.path.endsWith('/terms')) failures.push(`unknown id answered ${status}: ${op.method} ${base}`);
      }
      for (const p of op.pathParams) await attempt(op.method, op.path.replace(`{${p}}`, '%00').replace(/\{(\w+)\}/g, 'x'), op.body ? {} : undefined, `path ${p} NUL`);
      for (const q of op.query) for (const v of queryVariants) await attempt(op.method, `${base}?${q}=${encodeURIComponent(v)}`, op.body ? {} : undefined, `query ${q}`);
      if (op.method === 'GET' || op.method === 'DELETE') continue;
      await attempt(op.method, base, undefined, 'deep JSON', deepJson(5000));
      await attempt(op.method, base, undefined, 'deep array', '['.repeat(100_000) + ']'.repeat(100_000));
      await attempt(op.method, base, [1, 2], 'array body');
      const valid = (op.body ? plausible(op.body) : {}) as Record<string, unknown>;
      await attempt(op.method, base, valid, 'plausible body with unknown ids');
      const props = Object.keys(op.body?.properties ?? {});
      for (const prop of props) for (const [i, v] of vs.entries()) await attempt(op.method, base, { ...valid, [prop]: v }, `${prop} #${i}`);
      await attempt(op.method, base, { [NUL]: 1 }, 'NUL key');
    }
    expect(failures, `seed ${SEED}\n${failures.join('\n')}`).toEqual([]);
  });
});
