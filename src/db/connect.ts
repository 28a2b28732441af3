import { mkdirSync } from 'node:fs';
import {
  Kysely, PostgresDialect, sql, type DatabaseIntrospector, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult,
  type SchemaMetadata, type TableMetadata,
} from 'kysely';
import pg from 'pg';
import { PGlite, parse as pgliteParse, protocol } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import type { DB } from './types.ts';

export type Engine = 'pglite' | 'postgres';

/** The notification channel of user and session changes: `u:<user id>` or `t:<token hash>` (migration 0009). */
export const AUTH_CHANNEL = 'rackdesk_auth';

/** An open database: the Kysely handle plus which engine is underneath. */
export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** The schema that holds Rackdesk's tables when it is not the default one (isolated test workers). */
  schema?: string;
  close(): Promise<void>;
  /**
   * Calls `onPayload` for every NOTIFY on `channel` (after the notifying transaction commits); `onLost` when the
   * listening connection drops, since notifications may then have been missed. Resolves to a stop function.
   */
  listen(channel: string, onPayload: (payload: string | undefined) => void, onLost: () => void): Promise<() => Promise<void>>;
}

const OID = { int8: 20, numeric: 1700, date: 1082, timestamptz: 1184 } as const;

/** `2026-11-27 09:30:00.123+03` or `…+05:30` → Date. Same function on both engines. */
export function parseTimestamptz(text: string): Date {
  const iso = text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(iso);
}

/** The one place that says how SQL values become JS values: int8 → bigint, numeric → string, date → 'YYYY-MM-DD'. */
const parsers: Record<number, (v: string) => unknown> = {
  [OID.int8]: (v) => BigInt(v),
  [OID.numeric]: (v) => v,
  [OID.date]: (v) => v,
  [OID.timestamptz]: parseTimestamptz,
};

function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) => {
      const p = parsers[oid];
      if (p && format !== 'binary') return p;
      return pg.types.getTypeParser(oid, format as 'text');
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

/**
 * Kysely's own introspector scans every schema of the database, which fails when another
 * process drops a schema meanwhile; Rackdesk only ever needs its own schema (the migrator asks).
 */
class OwnSchemaDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return {
      async getSchemas(): Promise<SchemaMetadata[]> {
        const r = await sql<{ name: string }>`SELECT current_schema() AS name`.execute(db);
        return r.rows;
      },
      async getTables(): Promise<TableMetadata[]> {
        const r = await sql<{ name: string; schema: string; is_view: boolean }>`
          SELECT c.relname AS name, n.nspname AS schema, c.relkind = 'v' AS is_view
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'p')`.execute(db);
        return r.rows.map((t) => ({ name: t.name, schema: t.schema, isView: t.is_view, columns: [] }));
      },
      async getMetadata() { return { tables: await this.getTables() }; },
    };
  }
}

/**
 * Connects to PostgreSQL server by URL. `schema` isolates test workers; `timeZone` is the business time zone,
 * passed to SQL as the setting `rackdesk.time_zone` (read by `rackdesk_today()`).
 */
export function connectPostgres(url: string, opts: { schema?: string; max?: number; timeZone?: string } = {}): Database {
  // pg lets the URL's `options` win over the config's, so merge them into one
  const u = new URL(url);
  const fromUrl = u.searchParams.get('options');
  u.searchParams.delete('options');
  const options = [fromUrl, opts.schema && `-c search_path=${opts.schema}`, opts.timeZone && `-c rackdesk.time_zone=${opts.timeZone}`]
    .filter(Boolean).join(' ') || undefined;
  const pool = new pg.Pool({ connectionString: u.toString(), max: opts.max ?? 10, types: pgTypes(), options });
  pool.on('error', () => { /* idle client lost; the next checkout reconnects */ });
  const db = new Kysely<DB>({ dialect: new OwnSchemaDialect({ pool }) });
  const listeners = new Set<pg.Client>();
  const listen = async (channel: string, onPayload: (p: string | undefined) => void, onLost: () => void) => {
    const client = new pg.Client({ connectionString: u.toString(), options });
    listeners.add(client);
    let stopping = false;
    client.on('notification', (m) => { if (m.channel === channel) onPayload(m.payload); });
    client.on('error', () => { if (!stopping) onLost(); });
    client.on('end', () => { if (!stopping) onLost(); });
    await client.connect();
    await client.query(`LISTEN "${channel.replace(/"/g, '')}"`);
    return async () => { stopping = true; listeners.delete(client); await client.end().catch(() => undefined); };
  };
  const close = async () => {
    for (const c of listeners) { c.removeAllListeners('end'); await c.end().catch(() => undefined); }
    listeners.clear();
    await db.destroy();
  };
  return { db, engine: 'postgres', schema: opts.schema?.split(',')[0], close, listen };
}

/** Hands the single PGlite session to one holder at a time, like a pool of one. */
class PgliteSessionPool implements PostgresPool {
  private queue: Promise<void> = Promise.resolve();
  /** Parameter types of statements seen before, by SQL text (see `extendedQuery`). */
  private readonly paramTypes = new Map<string, number[]>();
  constructor(private readonly pglite: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const turn = new Promise<void>((r) => { release = r; });
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    await previous;
    const { pglite, paramTypes } = this;
    let released = false;
    const client = {
      async query(text: string, params: readonly unknown[] = []): Promise<PostgresQueryResult<unknown>> {
        // Without parameters use the simple protocol, as pg does, so multi-statement SQL works the same.
        if (params.length === 0) {
          // a schema change may change what a statement's parameters are
          if (!/^\s*(select|begin|commit|rollback|savepoint|release)\b/i.test(text)) paramTypes.clear();
          const results = await pglite.exec(text);
          const last = results.at(-1);
          return { command: commandOf(text), rowCount: last?.affectedRows ?? last?.rows.length ?? 0, rows: (last?.rows ?? []) as unknown[] };
        }
        const r = await extendedQuery(pglite, paramTypes, text, params);
        return { command: commandOf(text), rowCount: r.affectedRows ?? r.rows.length, rows: r.rows as unknown[] };
      },
      release() { if (!released) { released = true; release(); } },
    };
    return client as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> { await this.pglite.close(); }
}

const { serialize } = protocol;

/**
 * A statement with parameters in one call into the engine: Parse, Bind, Describe, Execute and Sync travel
 * together (PGlite's own `query` makes six calls, one per message). Parameter values are serialized by the
 * types PostgreSQL infers for them, as `query` does; the types of a statement text are asked once.
 */
async function extendedQuery(pglite: PGlite, typesOf: Map<string, number[]>, text: string, params: readonly unknown[]) {
  return pglite._runExclusiveQuery(async () => {
    let types = typesOf.get(text);
    if (!types) {
      const described = await pglite.execProtocol(concat([serialize.parse({ text }), serialize.describe({ type: 'S' }), serialize.sync()]));
      types = pgliteParse.parseDescribeStatementResults(described.messages);
      if (typesOf.size >= 2000) typesOf.clear();
      typesOf.set(text, types);
    }
    const oids = types;
    const values = params.map((p, i) => {
      if (p === null || p === undefined) return null;
      const toText = pglite.serializers[oids[i]!];
      return toText ? toText(p) : String(p as string);
    });
    const { messages } = await pglite.execProtocol(concat([
      serialize.parse({ text, types: oids }), serialize.bind({ values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync(),
    ]));
    return pgliteParse.parseResults(messages, pglite.parsers)[0]!;
  });
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function commandOf(text: string): PostgresQueryResult<unknown>['command'] {
  const m = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|select)\b/i.exec(text);
  return ((m?.[1] ?? 'SELECT').toUpperCase()) as PostgresQueryResult<unknown>['command'];
}

/** Opens the embedded engine; `dataDir` undefined means in memory (tests). `timeZone` as for PostgreSQL. */
export async function connectPglite(dataDir?: string, opts: { timeZone?: string } = {}): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir, parsers, extensions: { btree_gist } });
  // one session for the whole process, so a session setting holds for every statement
  if (opts.timeZone) await pglite.query(`SELECT set_config('rackdesk.time_zone', $1, false)`, [opts.timeZone]);
  const db = new Kysely<DB>({ dialect: new OwnSchemaDialect({ pool: new PgliteSessionPool(pglite) }) });
  // one process, one session: notifications arrive in this process only, which is all there is
  const listen = async (channel: string, onPayload: (p: string | undefined) => void) => {
    const stop = await pglite.listen(channel, (payload) => onPayload(payload));
    return async () => { if (!pglite.closed) await stop(); };
  };
  return { db, engine: 'pglite', close: () => db.destroy(), listen };
}
