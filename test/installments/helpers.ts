import type { Ctx } from '../../src/app/context.ts';
import type { Database } from '../../src/db/connect.ts';
import { AppError } from '../../src/domain/errors.ts';
import { testDb } from '../helpers/db.ts';
import { ctxAs } from '../helpers/factories.ts';

/** `code:key` of an AppError, or `db:SQLSTATE` of a refused statement: what a test expects a refusal to be. */
export const code = (e: unknown) => (e instanceof AppError ? `${e.code}:${e.key}` : `db:${(e as { code?: string }).code}`);

/** The worker's database, accounting on a fixed "today" (27.11.2026, Moscow) and a tech user. */
export async function installmentsWorld(): Promise<{ d: Database; acc: Ctx; tech: Ctx }> {
  const d = await testDb();
  const acc = { ...(await ctxAs(d.db, 'accounting')), now: () => new Date('2026-11-27T09:00:00Z') };
  return { d, acc, tech: await ctxAs(d.db, 'tech') };
}
