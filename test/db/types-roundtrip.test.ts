import { describe, expect, it, beforeAll } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { engineName, testDb } from '../helpers/db.ts';

describe(`SQL ↔ JS types are parsed explicitly and identically (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  it('bigint beyond 2^53 stays exact, numeric stays a string, date is YYYY-MM-DD, timestamptz is a Date', async () => {
    const big = 9_007_199_254_740_993n;
    const ts = new Date('2026-11-27T09:30:00.123Z');
    const r = await sql<{ b: bigint; n: string; d: string; t: Date; i: number; arr: string[]; j: unknown }>`
      SELECT ${big.toString()}::bigint AS b, '12345678901234567890.123456789'::numeric AS n,
             '2026-02-28'::date AS d, ${ts.toISOString()}::timestamptz AS t, 42::int AS i,
             ARRAY['a','б'] AS arr, '{"k":[1,2]}'::jsonb AS j`.execute(d.db);
    const row = r.rows[0]!;
    expect(row.b).toBe(big);
    expect(typeof row.b).toBe('bigint');
    expect(row.n).toBe('12345678901234567890.123456789');
    expect(row.d).toBe('2026-02-28');
    expect(row.t).toBeInstanceOf(Date);
    expect(row.t.toISOString()).toBe(ts.toISOString());
    expect(row.i).toBe(42);
    expect(row.arr).toEqual(['a', 'б']);
    expect(row.j).toEqual({ k: [1, 2] });
  });

  it('bigint and Date parameters round-trip through a table', async () => {
    await sql`CREATE TEMP TABLE IF NOT EXISTS rt (a bigint, b date, c timestamptz, d numeric(20,4))`.execute(d.db);
    const at = new Date('2025-12-31T23:59:59.999Z');
    await sql`INSERT INTO rt VALUES (${-123456789012345678n}, ${'2025-12-31'}, ${at}, ${'0.0001'})`.execute(d.db);
    const r = await sql<{ a: bigint; b: string; c: Date; d: string }>`SELECT * FROM rt WHERE a = ${-123456789012345678n}`.execute(d.db);
    expect(r.rows[0]).toEqual({ a: -123456789012345678n, b: '2025-12-31', c: at, d: '0.0001' });
  });

  it('timestamptz with a non-UTC session zone still parses to the same instant', async () => {
    await d.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL TIME ZONE 'Europe/Moscow'`.execute(trx);
      const r = await sql<{ t: Date }>`SELECT '2026-11-27T09:30:00Z'::timestamptz AS t`.execute(trx);
      expect(r.rows[0]!.t.toISOString()).toBe('2026-11-27T09:30:00.000Z');
    });
  });
});
