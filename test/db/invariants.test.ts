import { describe, expect, it, beforeAll } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connect.ts';
import { makeCtx } from '../../src/app/context.ts';
import { createCompany } from '../../src/app/parties/create-company.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aCompany, ctxAs, legalEntity } from '../helpers/factories.ts';
import { AppError } from '../../src/domain/errors.ts';
import { createContact } from '../../src/app/parties/contacts.ts';
import { recordConsent } from '../../src/app/parties/consents.ts';

describe(`database invariants (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  it('audit rows cannot be changed, deleted or truncated', async () => {
    const ctx = makeCtx(d.db);
    const c = await aCompany(ctx);
    await expect(sql`UPDATE audit_log SET action = 'forged' WHERE entity_id = ${c.id}`.execute(d.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE entity_id = ${c.id}`.execute(d.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(d.db)).rejects.toThrow(/append-only/);
    const rows = await d.db.selectFrom('audit_log').select('action').where('entity_id', '=', c.id).execute();
    expect(rows.map((r) => r.action)).toEqual(['create']);
  });

  it('consent history cannot be rewritten', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const c = await aCompany(ctx);
    const ct = await createContact(ctx, c.id, { fullName: 'Анна' });
    await recordConsent(ctx, c.id, ct.id, { channel: 'call', purpose: 'pd_processing', status: 'granted', source: 'устно', textVersion: 'v1' });
    await expect(sql`UPDATE consent_event SET status = 'granted'`.execute(d.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM consent_event`.execute(d.db)).rejects.toThrow(/append-only/);
  });

  it('a wrong ИНН cannot be stored even by direct SQL', async () => {
    await expect(sql`INSERT INTO company (id, kind, name, inn, kpp) VALUES ('co_bad1', 'legal', 'X', '7707083894', '773601001')`.execute(d.db)).rejects.toThrow(/check constraint/);
    await expect(sql`INSERT INTO company (id, kind, name, inn) VALUES ('co_bad2', 'legal', 'X', '7707083893')`.execute(d.db)).rejects.toThrow(/check constraint/);
    await expect(sql`INSERT INTO company (id, kind, name, inn, kpp) VALUES ('co_bad3', 'individual', 'X', NULL, '773601001')`.execute(d.db)).rejects.toThrow(/check constraint/);
  });

  it('the same ИНН+КПП cannot be stored twice by direct SQL', async () => {
    const c = await aCompany(makeCtx(d.db));
    await expect(sql`INSERT INTO company (id, kind, name, inn, kpp) VALUES ('co_dup', 'legal', 'Copy', ${c.inn}, ${c.kpp})`.execute(d.db)).rejects.toThrow(/duplicate key|unique/);
    // Another branch (КПП) of the same legal entity is fine.
    await sql`INSERT INTO company (id, kind, name, inn, kpp) VALUES (${`co_br${c.id.slice(3, 12)}`}, 'legal', 'Branch', ${c.inn}, ${`${c.inn!.slice(0, 4)}02001`})`.execute(d.db);
  });

  it('of 10 concurrent registrations of one ИНН exactly one succeeds; the rest point at it', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const input = legalEntity();
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => createCompany(ctx, { ...input, name: `${input.name} #${i}` })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    const winner = (ok[0] as PromiseFulfilledResult<{ id: string }>).value.id;
    for (const r of results.filter((x) => x.status === 'rejected')) {
      const e = (r as PromiseRejectedResult).reason as AppError;
      expect(e).toBeInstanceOf(AppError);
      expect(e.code).toBe('conflict');
      expect(e.extra.existingId).toBe(winner);
    }
  });
});
