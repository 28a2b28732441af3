import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.ts';
import { decodeEd807, parseEd807 } from '../../src/domain/banks/ed807.ts';
import { AppError } from '../../src/domain/errors.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { loginAs, testServer } from '../helpers/server.ts';
import { ed807Bytes, ed807Xml } from './ed807-fixture.ts';

describe('ED807 parsing', () => {
  it('reads names, the active correspondent account and the status from the windows-1251 file', () => {
    const bytes = ed807Bytes();
    expect(bytes.includes(Buffer.from('ПАО', 'utf8'))).toBe(false);
    const { edDate, entries } = parseEd807(decodeEd807(bytes));
    expect(edDate).toBe('2026-11-27');
    const by = Object.fromEntries(entries.map((e) => [e.bik, e]));
    expect(by['044525225']).toEqual({ bik: '044525225', name: 'ПАО Сбербанк', corrAccount: '30101810400000000225', status: 'active', closedOn: null, city: 'г. Москва' });
    expect(by['044525974']!.name).toBe('АО "ТБанк"');
    expect(by['044583999']).toMatchObject({ status: 'closed', closedOn: '2025-08-15', corrAccount: null });
    expect(by['024501901']!.corrAccount).toBeNull();
    expect(entries).toHaveLength(4);
  });

  it('refuses what is not a whole ED807 document, naming the line', () => {
    const fail = (xml: string) => { try { parseEd807(xml); } catch (e) { return e as AppError; } return null; };
    expect(fail('<?xml version="1.0"?><ED101 EDNo="1"/>')?.params).toMatchObject({ line: 1, reason: 'bik.file.notEd807' });
    expect(fail(ed807Xml('\n  <BICDirectoryEntry BIC="12345"><ParticipantInfo NameP="x"/></BICDirectoryEntry>'))?.params).toMatchObject({ reason: 'bik.file.bik' });
    expect(fail(ed807Xml().replace('</ED807>', '<BICDirectoryEntry BIC="044525999">\n</ED807>'))?.params.reason).toBe('bik.file.unclosed');
    expect(fail(ed807Xml().replace('</ED807>', '<BICDirectoryEntry BIC="044525999"></BICDirectoryEntry></ED807>'))?.params.reason).toBe('bik.file.name');
    expect(fail(ed807Xml().replace('<Accounts Account="30101810145250000974"', '< Accounts'))?.key).toBe('e.bik.badFile');
  });
});

describe(`БИК directory over HTTP (${engineName})`, () => {
  let d: Database;
  let app: FastifyInstance;
  beforeAll(async () => { d = await testDb(); app = await testServer(d); });
  afterAll(async () => { await app.close(); });

  const upload = (headers: Record<string, string>, body: Buffer, fileName = 'ED807_20261127.xml') =>
    app.inject({ method: 'POST', url: `/api/v1/bik-directory/import?fileName=${fileName}`, headers: { ...headers, 'content-type': 'application/octet-stream' }, payload: body });

  it('accounting loads the file; a БИК then gives the bank and correspondent account, or a closed / unknown flag', async () => {
    const acc = await loginAs(app, d, 'accounting');
    const manager = await loginAs(app, d, 'manager');
    expect((await upload(manager.headers, ed807Bytes())).statusCode).toBe(403);

    const r = await upload(acc.headers, ed807Bytes());
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ edDate: '2026-11-27', entries: 4, closed: 1 });

    const look = async (bik: string) => (await app.inject({ method: 'GET', url: `/api/v1/bik-directory/${bik}`, headers: manager.headers })).json() as { state: string; entry?: { name: string; corrAccount: string | null } };
    expect(await look('044525225')).toMatchObject({ state: 'known', entry: { name: 'ПАО Сбербанк', corrAccount: '30101810400000000225' } });
    expect((await look('044583999')).state).toBe('closed');
    expect((await look('044525111')).state).toBe('unknown');
    const badBik = await app.inject({ method: 'GET', url: '/api/v1/bik-directory/12ab', headers: manager.headers });
    expect(badBik.statusCode).toBe(400);

    // A broken file changes nothing: the directory in use stays.
    const broken = await upload(acc.headers, Buffer.from(ed807Xml().replace('</ED807>', '<BICDirectoryEntry BIC="044525999">\n</ED807>'), 'utf8'));
    expect(broken.statusCode).toBe(400);
    expect((broken.json() as { errors: { path: string }[] }).errors[0]!.path).toMatch(/^line \d+$/);
    expect((await look('044525974')).state).toBe('known');

    // The next full directory without ТБанк: it reads as unknown.
    const next = Buffer.from(ed807Xml().replace(/<BICDirectoryEntry BIC="044525974">[\s\S]*?<\/BICDirectoryEntry>/, '').replace('WINDOWS-1251', 'UTF-8'), 'utf8');
    expect((await upload(acc.headers, next)).json()).toMatchObject({ entries: 3, removed: 1 });
    expect((await look('044525974')).state).toBe('unknown');
    const status = (await app.inject({ method: 'GET', url: '/api/v1/bik-directory', headers: manager.headers })).json() as { entries: number; lastImport: { fileName: string } };
    expect(status).toMatchObject({ entries: 3, lastImport: { fileName: 'ED807_20261127.xml' } });
  });

  it('the database refuses a malformed БИК, a wrong correspondent account, or a closing date on an active bank', async () => {
    const imp = await d.db.selectFrom('bik_import').select('id').limit(1).executeTakeFirst();
    const importId = imp?.id ?? 'bk_none';
    const tryInsert = (bik: string, corr: string | null, status: string, closedOn: string | null) =>
      sql`INSERT INTO bik_entry (bik, name, corr_account, status, closed_on, import_id) VALUES (${bik}, 'Банк', ${corr}, ${status}, ${closedOn}, ${importId})`.execute(d.db);
    await expect(tryInsert('04452522', null, 'active', null)).rejects.toMatchObject({ code: '23514' });
    await expect(tryInsert('044525001', '40702810400000000225', 'active', null)).rejects.toMatchObject({ code: '23514' });
    await expect(tryInsert('044525002', null, 'active', '2026-01-01')).rejects.toMatchObject({ code: '23514' });
    await expect(tryInsert('044525003', null, 'gone', null)).rejects.toMatchObject({ code: '23514' });
  });
});
