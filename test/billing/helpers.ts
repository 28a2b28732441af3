import { makeCtx, type Ctx } from '../../src/app/context.ts';
import { setOwnEntity } from '../../src/app/reference/own-entities.ts';
import { createService } from '../../src/app/billing/services.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import type { TaxMode } from '../../src/domain/tax.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';

/** A context acting as accounting on a fixed "today" (business time zone Moscow). */
export async function accountingAt(db: Kysely<DB>, isoInstant = '2026-11-27T09:00:00Z'): Promise<Ctx> {
  const c = await ctxAs(db, 'accounting');
  return { ...c, now: () => new Date(isoInstant) };
}

/** One of our legal entities with a settlement account and the given tax mode. */
export async function anOwnEntity(db: Kysely<DB>, taxMode: TaxMode = 'osn') {
  const admin = makeCtx(db);
  const co = await aCompany(admin, { roles: ['own'] });
  await setOwnEntity(admin, { companyId: co.id, taxMode, isDefault: false });
  return co;
}

export async function aClient(db: Kysely<DB>, over: Record<string, unknown> = {}) {
  return aCompany(makeCtx(db), { roles: ['client'], email: 'buh@client.test', ...over });
}

export async function aService(ctx: Ctx, clientId: string, sellerId: string, over: Record<string, unknown> = {}) {
  return createService(ctx, { clientId, sellerId, kind: 'dedicated', title: 'Аренда сервера Dell R640', monthlyPrice: 1_000_000, startDate: '2026-01-01', ...over });
}
