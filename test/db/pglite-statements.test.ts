import { describe, expect, it, beforeAll, afterAll, vi } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { connectPglite, type Database } from '../../src/db/connect.ts';
import { sqlStateOf } from '../../src/app/context.ts';

// The embedded engine's adapter sends a statement with parameters in one call (db/connect.ts, `extendedQuery`).
describe('PGlite: a statement with parameters is one call into the engine', () => {
  let d: Database;
  beforeAll(async () => { d = await connectPglite(); });
  afterAll(async () => { await d.close(); });

  it('values of every kind go in by the parameter types the engine infers, and come back the same', async () => {
    await sql`CREATE TABLE kinds (a bigint, b date, c timestamptz, d numeric(20,4), e text[], f jsonb, g boolean, h int)`.execute(d.db);
    const at = new Date('2025-12-31T23:59:59.999Z');
    await sql`INSERT INTO kinds VALUES (${-123456789012345678n}, ${'2025-12-31'}, ${at}, ${'0.0001'}, ${['x', 'б"']}, ${JSON.stringify({ k: [1] })}, ${true}, ${null})`.execute(d.db);
    const r = await sql<Record<string, unknown>>`SELECT * FROM kinds WHERE a = ${-123456789012345678n} AND g = ${true}`.execute(d.db);
    expect(r.rows).toEqual([{ a: -123456789012345678n, b: '2025-12-31', c: at, d: '0.0001', e: ['x', 'б"'], f: { k: [1] }, g: true, h: null }]);
  });

  it('a refused statement keeps its SQLSTATE and leaves the session usable', async () => {
    await sql`CREATE TABLE uniq (v int PRIMARY KEY)`.execute(d.db);
    await sql`INSERT INTO uniq VALUES (${1})`.execute(d.db);
    const e = await sql`INSERT INTO uniq VALUES (${1})`.execute(d.db).catch((x: unknown) => x);
    expect(sqlStateOf(e)).toBe('23505');
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM uniq WHERE v >= ${0}`.execute(d.db);
    expect(r.rows[0]!.n).toBe(1);
  });

  it('after a schema change the same statement text is typed anew', async () => {
    await sql`CREATE TABLE shifty (v int)`.execute(d.db);
    await sql`INSERT INTO shifty VALUES (${1})`.execute(d.db);
    const text = (v: unknown) => sql<{ v: unknown }>`SELECT v FROM shifty WHERE v = ${v}`;
    expect((await text(1).execute(d.db)).rows).toEqual([{ v: 1 }]);
    await sql`ALTER TABLE shifty ALTER COLUMN v TYPE jsonb USING to_jsonb(v)`.execute(d.db);
    // a jsonb parameter is serialized as JSON: with the int type remembered, the object would be sent as "[object Object]"
    await sql`INSERT INTO shifty VALUES (${JSON.stringify({ a: 1 })})`.execute(d.db);
    expect((await text({ a: 1 }).execute(d.db)).rows).toEqual([{ v: { a: 1 } }]);
  });

  it('makes one call into the engine per statement once its text is known (PGlite\'s own `query` makes six)', async () => {
    const q = (v: number) => sql<{ v: number }>`SELECT ${v}::int + 1 AS v`.execute(d.db);
    await q(1);
    const calls = vi.spyOn(PGlite.prototype, 'execProtocol');
    const stream = vi.spyOn(PGlite.prototype, 'execProtocolStream');
    try {
      expect((await q(41)).rows).toEqual([{ v: 42 }]);
      expect(calls).toHaveBeenCalledTimes(1);
      expect(stream).not.toHaveBeenCalled();
    } finally { calls.mockRestore(); stream.mockRestore(); }
  });
});
