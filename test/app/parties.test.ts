import { describe, expect, it, beforeAll } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { createCompany } from '../../src/app/parties/create-company.ts';
import { updateCompany } from '../../src/app/parties/update-company.ts';
import { getCompany, listCompanies } from '../../src/app/parties/get-company.ts';
import { createContact, listContacts, updateContact } from '../../src/app/parties/contacts.ts';
import { assertMayContact, checkConsent, listConsents, recordConsent } from '../../src/app/parties/consents.ts';
import { listAudit } from '../../src/app/audit/list-audit.ts';
import { AppError } from '../../src/domain/errors.ts';
import { translate } from '../../src/domain/messages.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { aCompany, ctxAs, legalEntity, uniqueInn12 } from '../helpers/factories.ts';
import { completeOgrn } from '../../src/domain/parties/requisites.ts';

const rejects = async (p: Promise<unknown>): Promise<AppError> => {
  try { await p; } catch (e) { if (e instanceof AppError) return e; throw e; }
  throw new Error('expected the call to be refused');
};

describe(`parties use cases (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  it('creates a company and audits it in the same transaction', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const c = await createCompany(ctx, legalEntity({ name: '  ООО «Пробел»  ', email: '' }));
    expect(c.name).toBe('ООО «Пробел»');
    expect(c.email).toBeNull();
    expect(c.version).toBe(1);
    const history = await listAudit(ctx, { entityId: c.id });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', actorId: ctx.userId, entityType: 'company' });
    expect((history[0]!.after as { inn: string }).inn).toBe(c.inn);
  });

  it('refuses invalid requisites naming every bad field, and writes nothing', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const input = legalEntity({ inn: '7707083894', kpp: '77360100', settlementAccount: '40702810438000034727' });
    const e = await rejects(createCompany(ctx, input));
    expect(e.code).toBe('validation');
    expect(e.fieldErrors.map((f) => `${f.path}:${f.key}`).sort()).toEqual(['inn:v.inn.checksum', 'kpp:v.kpp.format', 'settlementAccount:v.account.key']);
    expect(translate('ru', e.fieldErrors.find((f) => f.path === 'inn')!.key)).toBe('Неверный ИНН: не сходятся контрольные цифры');
    const found = await listCompanies(ctx, { q: input.name as string });
    expect(found.items).toHaveLength(0);
  });

  it('applies kind-specific rules: ИП has a 12-digit ИНН and ОГРНИП, no КПП', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const ip = await createCompany(ctx, { kind: 'sole_proprietor', name: 'ИП Тестов', inn: uniqueInn12(), ogrn: completeOgrn('30477000009999') });
    expect(ip.kpp).toBeNull();
    const e = await rejects(createCompany(ctx, { kind: 'sole_proprietor', name: 'ИП Ошибкин', inn: uniqueInn12(), kpp: '773601001' }));
    expect(e.fieldErrors).toEqual([{ path: 'kpp', key: 'v.kpp.forbidden' }]);
    const e2 = await rejects(createCompany(ctx, { kind: 'legal', name: 'ООО Без КПП', inn: legalEntity().inn }));
    expect(e2.fieldErrors).toEqual([{ path: 'kpp', key: 'v.kpp.required' }]);
  });

  it('refuses a duplicate ИНН+КПП with a pointer to the existing company', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const first = await aCompany(ctx);
    const e = await rejects(createCompany(ctx, legalEntity({ inn: first.inn, kpp: first.kpp })));
    expect(e.code).toBe('conflict');
    expect(e.extra.existingId).toBe(first.id);
    expect(translate('ru', e.key, e.params)).toContain(first.name);
  });

  it('updates with optimistic versioning and keeps before/after in history', async () => {
    const ctx = await ctxAs(d.db, 'assistant');
    const c = await aCompany(ctx);
    const u = await updateCompany(ctx, c.id, { postalAddress: 'Москва, а/я 15', version: 1 });
    expect(u.version).toBe(2);
    const stale = await rejects(updateCompany(ctx, c.id, { phone: '+7 495 000-00-00', version: 1 }));
    expect(stale.code).toBe('conflict');
    const bad = await rejects(updateCompany(ctx, c.id, { inn: '7707083894' }));
    expect(bad.fieldErrors[0]).toMatchObject({ path: 'inn', key: 'v.inn.checksum' });
    expect((await getCompany(ctx, c.id)).inn).toBe(c.inn);
    const hist = await listAudit(ctx, { entityId: c.id });
    expect(hist.map((h) => h.action)).toEqual(['create', 'update']);
    expect((hist[1]!.before as { postalAddress: string | null }).postalAddress).toBeNull();
    expect((hist[1]!.after as { postalAddress: string }).postalAddress).toBe('Москва, а/я 15');
  });

  it('roles without the permission are refused: tech cannot edit companies', async () => {
    const tech = await ctxAs(d.db, 'tech');
    const e = await rejects(createCompany(tech, legalEntity()));
    expect(e.code).toBe('forbidden');
    expect((await listCompanies(tech, { limit: 1 })).items.length).toBeLessThanOrEqual(1);
  });

  it('searches by name (Cyrillic, any case) and ИНН prefix with cursor pagination', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const tag = `Юпитер${Date.now() % 100000}`;
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await aCompany(ctx, { name: `ООО «${tag} ${i}»` }));
    const page1 = await listCompanies(ctx, { q: tag.toUpperCase(), limit: 3 });
    expect(page1.items.map((c) => c.name)).toEqual([0, 1, 2].map((i) => `ООО «${tag} ${i}»`));
    const page2 = await listCompanies(ctx, { q: tag.toLowerCase(), limit: 3, cursor: page1.nextCursor! });
    expect(page2.items.map((c) => c.name)).toEqual([3, 4].map((i) => `ООО «${tag} ${i}»`));
    expect(page2.nextCursor).toBeNull();
    const byInn = await listCompanies(ctx, { q: made[2]!.inn!.slice(0, 10) });
    expect(byInn.items.map((c) => c.id)).toContain(made[2]!.id);
  });

  it('contacts belong to a company; their changes appear in the company history', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const c = await aCompany(ctx);
    const ct = await createContact(ctx, c.id, { fullName: 'Иван Иванов', position: 'CTO', phones: ['+7 (916) 123-45-67'], emails: ['ivan@example.ru'] });
    await updateContact(ctx, c.id, ct.id, { position: 'Технический директор' });
    const bad = await rejects(createContact(ctx, c.id, { fullName: '', phones: ['123'], emails: ['nope'] }));
    expect(bad.fieldErrors.map((f) => f.path).sort()).toEqual(['emails.0', 'fullName', 'phones.0']);
    expect((await listContacts(ctx, c.id)).map((x) => x.position)).toEqual(['Технический директор']);
    const other = await aCompany(ctx);
    expect((await rejects(updateContact(ctx, other.id, ct.id, { position: 'x' }))).code).toBe('not_found');
    const hist = await listAudit(ctx, { entityId: c.id });
    expect(hist.map((h) => `${h.entityType}.${h.action}`)).toEqual(['company.create', 'contact.create', 'contact.update']);
  });

  it('consent: no outreach without it; a withdrawal applies immediately', async () => {
    const ctx = await ctxAs(d.db, 'manager');
    const c = await aCompany(ctx);
    const ct = await createContact(ctx, c.id, { fullName: 'Пётр Сидоров', emails: ['petr@example.ru'] });
    const none = await rejects(assertMayContact(ctx, ct.id, 'email', 'advertising'));
    expect(none.code).toBe('rule');
    expect(translate('ru', none.key, none.params)).toBe('Нет согласия контакта «Пётр Сидоров» на обработку персональных данных по каналу «e-mail»');
    await recordConsent(ctx, c.id, ct.id, { channel: 'email', purpose: 'pd_processing', status: 'granted', source: 'договор', textVersion: 'v1' });
    await recordConsent(ctx, c.id, ct.id, { channel: 'email', purpose: 'advertising', status: 'granted', source: 'форма на сайте', textVersion: 'ads-v3' });
    await assertMayContact(ctx, ct.id, 'email', 'advertising');
    expect((await checkConsent(ctx, ct.id, 'sms', 'advertising')).allowed).toBe(false);
    await recordConsent(ctx, c.id, ct.id, { channel: 'email', purpose: 'advertising', status: 'withdrawn', source: 'письмо клиента' });
    const withdrawn = await rejects(assertMayContact(ctx, ct.id, 'email', 'advertising'));
    expect(withdrawn.key).toBe('e.consentWithdrawn');
    await assertMayContact(ctx, ct.id, 'email', 'pd_processing');
    const states = await listConsents(ctx, c.id);
    expect(states.find((s) => s.purpose === 'advertising')).toMatchObject({ status: 'withdrawn', source: 'письмо клиента' });
    const noText = await rejects(recordConsent(ctx, c.id, ct.id, { channel: 'sms', purpose: 'advertising', status: 'granted', source: 'звонок' }));
    expect(noText.fieldErrors).toEqual([{ path: 'textVersion', key: 'v.required' }]);
    const future = await rejects(recordConsent(ctx, c.id, ct.id, { channel: 'sms', purpose: 'advertising', status: 'granted', source: 'x', textVersion: 'v', at: '2099-01-01T00:00:00Z' }));
    expect(future.fieldErrors[0]!.path).toBe('at');
  });
});
