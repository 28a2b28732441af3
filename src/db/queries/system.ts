import { sql, type Kysely } from 'kysely';
import type { DB } from '../types.ts';

export interface TableInfo {
  name: string;
  columns: { name: string; type: string; serial: boolean }[];
}

const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Every data table of the current schema, parents before children (by foreign keys). */
export async function listTables(db: Kysely<DB>): Promise<TableInfo[]> {
  // pg_catalog, not information_schema: its views re-check privileges on every object of the database and took
  // tens of seconds with a few hundred tables; these read the current schema's rows directly.
  const cols = await sql<{ table_name: string; column_name: string; data_type: string; column_default: string | null }>`
    SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, NULL) AS data_type,
           pg_get_expr(d.adbin, d.adrelid) AS column_default
    FROM pg_class c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relkind IN ('r', 'p')
    ORDER BY c.relname, a.attnum`.execute(db);
  const fks = await sql<{ child: string; parent: string }>`
    SELECT DISTINCT ch.relname AS child, pa.relname AS parent
    FROM pg_constraint k JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
    WHERE k.contype = 'f' AND ch.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`.execute(db);
  const tables = new Map<string, TableInfo>();
  for (const r of cols.rows) {
    if (MIGRATION_TABLES.has(r.table_name)) continue;
    const t = tables.get(r.table_name) ?? { name: r.table_name, columns: [] };
    t.columns.push({ name: r.column_name, type: r.data_type, serial: (r.column_default ?? '').startsWith('nextval(') });
    tables.set(r.table_name, t);
  }
  const parents = new Map<string, Set<string>>();
  for (const f of fks.rows) if (f.child !== f.parent) (parents.get(f.child) ?? parents.set(f.child, new Set()).get(f.child)!).add(f.parent);
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  const visit = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    for (const p of parents.get(name) ?? []) visit(p);
    const t = tables.get(name);
    if (t) ordered.push(t);
  };
  for (const name of [...tables.keys()].sort()) visit(name);
  return ordered;
}

/** Names of applied migrations, in order. */
export async function appliedMigrations(db: Kysely<DB>): Promise<string[]> {
  const r = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return r.rows.map((x) => x.name);
}

export async function countRows(db: Kysely<DB>, table: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db);
  return r.rows[0]?.n ?? 0;
}

export async function* streamRows(db: Kysely<DB>, table: string, orderBy: string, batch = 5000): AsyncGenerator<Record<string, unknown>> {
  for (let offset = 0; ; offset += batch) {
    const r = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ORDER BY ${sql.ref(orderBy)} LIMIT ${batch} OFFSET ${offset}`.execute(db);
    for (const row of r.rows) yield row;
    if (r.rows.length < batch) return;
  }
}

export async function insertRows(db: Kysely<DB>, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  await (db as unknown as Kysely<Record<string, Record<string, unknown>>>).insertInto(table).values(rows).execute();
}

/** After loading rows with explicit ids, moves each serial column's sequence past the largest id. */
export async function resetSequence(db: Kysely<DB>, table: string, column: string): Promise<void> {
  await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), coalesce((SELECT max(${sql.ref(column)}) FROM ${sql.table(table)}), 0) + 1, false)`.execute(db);
}
