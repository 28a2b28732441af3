import { describe, expect, it, beforeAll } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { createSite, getSite, listSites } from '../../src/app/reference/sites.ts';
import { getOwnEntity, setOwnEntity } from '../../src/app/reference/own-entities.ts';
import { vatRateFor } from '../../src/domain/tax.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';

describe(`reference data: sites and our legal entities (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  it('sites have unique codes in a strict format', async () => {
    const tech = await ctxAs(d.db, 'tech');
    const code = `DC-${Date.now() % 1_000_000}`;
    const s = await createSite(tech, { code, name: 'ЦОД', kind: 'data_center' });
    expect((await getSite(tech, code)).id).toBe(s.id);
    expect((await listSites(tech)).map((x) => x.code)).toContain(code);
    await expect(createSite(tech, { code, name: 'Дубль', kind: 'pop' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(createSite(tech, { code: 'bad code', name: 'X', kind: 'pop' })).rejects.toMatchObject({ code: 'validation' });
    const manager = await ctxAs(d.db, 'manager');
    await expect(createSite(manager, { code: `${code}X`, name: 'X', kind: 'pop' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('only a company marked own can be our legal entity; one default seller at a time', async () => {
    const mgmt = await ctxAs(d.db, 'management');
    const client = await aCompany(mgmt);
    await expect(setOwnEntity(mgmt, { companyId: client.id, taxMode: 'osn' })).rejects.toMatchObject({ key: 'e.ownEntity.notOwn' });
    await expect(sql`INSERT INTO own_entity (company_id, tax_mode) VALUES (${client.id}, 'osn')`.execute(d.db)).rejects.toThrow(/not marked as own/);
    const a = await aCompany(mgmt, { roles: ['own'] });
    const b = await aCompany(mgmt, { roles: ['own'] });
    await setOwnEntity(mgmt, { companyId: a.id, taxMode: 'osn', isDefault: true });
    await setOwnEntity(mgmt, { companyId: b.id, taxMode: 'usn', isDefault: true });
    expect((await getOwnEntity(mgmt)).company.id).toBe(b.id);
    expect((await getOwnEntity(mgmt, a.id))).toMatchObject({ taxMode: 'osn', isDefault: false });
    await expect(sql`UPDATE own_entity SET is_default = true`.execute(d.db)).rejects.toThrow(/duplicate key|unique/);
    await expect(getOwnEntity(mgmt, client.id)).rejects.toBeInstanceOf(AppError);
  });

  it('VAT by tax mode and service date', () => {
    expect(vatRateFor('osn', '2025-12-31')).toBe('20');
    expect(vatRateFor('osn', '2026-01-01')).toBe('22');
    expect(vatRateFor('usn', '2026-05-01')).toBeNull();
    expect(vatRateFor('usn_vat5', '2026-05-01')).toBe('5');
    expect(vatRateFor('usn_vat7', '2026-05-01')).toBe('7');
  });
});
