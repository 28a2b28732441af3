import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { makeCtx, type Ctx } from '../../src/app/context.ts';
import { createCompany } from '../../src/app/parties/create-company.ts';
import { createUser } from '../../src/app/parties/users.ts';
import type { DB } from '../../src/db/types.ts';
import type { Role } from '../../src/domain/parties/permissions.ts';
import { completeInn10, completeInn12, completeOgrn, completeSettlementAccount } from '../../src/domain/parties/requisites.ts';

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

export const uniqueInn10 = () => completeInn10(`77${digits(7)}`);
export const uniqueInn12 = () => completeInn12(`77${digits(8)}`);

/** A valid legal entity with fresh requisites; override any field. */
export function legalEntity(over: Record<string, unknown> = {}) {
  const inn = uniqueInn10();
  return {
    kind: 'legal', legalForm: 'ООО', name: `ООО «Тест ${digits(6)}»`, inn, kpp: `${inn.slice(0, 4)}01001`,
    ogrn: completeOgrn(`10277${digits(7)}`), bik: '044525225', bankName: 'ПАО Сбербанк',
    settlementAccount: completeSettlementAccount('044525225', `40702810${digits(12)}`), corrAccount: '30101810400000000225',
    legalAddress: 'Москва, ул. Тестовая, д. 1', roles: ['client'], ...over,
  };
}

/** A context acting as a freshly created user of `role`. */
export async function ctxAs(db: Kysely<DB>, role: Role): Promise<Ctx & { userId: string }> {
  const { user } = await createUser(makeCtx(db), { email: `${role}.${digits(9)}@test.local`, fullName: `Тест ${role}`, role, password: 'correct-horse-battery' });
  return { ...makeCtx(db, { id: user.id, name: user.fullName, role }), userId: user.id };
}

export async function aCompany(ctx: Ctx, over: Record<string, unknown> = {}) {
  return createCompany(ctx, legalEntity(over));
}
