import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, looksLikeCp1251 } from '../../src/domain/text-encoding.ts';
import { readTable } from '../../src/app/documents/tabular.ts';
import { AppError } from '../../src/domain/errors.ts';
import { openDatabase } from '../../src/bootstrap.ts';
import { engineName } from '../helpers/db.ts';
import { newCliEnv, removeCliEnvsAfterAll, runCliCapture } from '../helpers/cli.ts';
import { legalEntity } from '../helpers/factories.ts';
import { toCp1251 } from '../billing/statement-fixture.ts';

const refusal = (f: () => unknown): AppError => {
  try { f(); } catch (e) { if (e instanceof AppError) return e; throw e; }
  throw new Error('not refused');
};

describe('CSV files in Windows-1251 or UTF-8, never stored as «����»', () => {
  const csv = 'Вид;Название;ИНН\nlegal;ООО «Ёлка» № 5 – склад;7707083893\n';

  it('UTF-8 (with or without BOM) and Windows-1251 read the same; other bytes are refused clearly', () => {
    expect(decodeText(new TextEncoder().encode(csv))).toEqual({ text: csv, encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)])).text).toBe(csv);
    expect(looksLikeCp1251(toCp1251(csv))).toBe(true);
    expect(decodeText(toCp1251(csv))).toEqual({ text: csv, encoding: 'windows-1251' });
    // Neither: control bytes of the upper half (a binary file, or cp866 box drawing) are not Russian text.
    expect(refusal(() => decodeText(Uint8Array.from([0x41, 0x81, 0x82, 0x83, 0x84, 0x85, 0x0a]))).key).toBe('e.encoding');
  });

  it('a file that already lost its letters (U+FFFD) is refused with its line', () => {
    const e = refusal(() => decodeText(new TextEncoder().encode('a;b\nok;1\n\uFFFD\uFFFD\uFFFD;2\n')));
    expect(e.key).toBe('e.importFailed');
    expect(e.fieldErrors).toEqual([{ path: 'line 3', key: 'v.replacementChar' }]);
  });

  it('the shared table reader (services, inventory, price lists) decodes Windows-1251 bytes', async () => {
    const t = await readTable(toCp1251(csv), 'x.csv');
    expect(t.header).toEqual(['Вид', 'Название', 'ИНН']);
    expect(t.rows[0]!.cells[1]).toBe('ООО «Ёлка» № 5 – склад');
    await expect(readTable(Buffer.from([0x61, 0x3b, 0x62, 0x0a, 0x81, 0x82, 0x3b, 0x31, 0x0a]), 'x.csv')).rejects.toMatchObject({ key: 'e.encoding' });
  });
});

describe(`company import from a Russian Excel CSV (${engineName})`, () => {
  removeCliEnvsAfterAll();

  it('stores the names as written, not as replacement characters', async () => {
    const env = await newCliEnv({ prefix: 'rackdesk-cp1251-' });
    const c = legalEntity({ name: 'ООО «Ёлочка»' });
    const file = join(env.RACKDESK_DATA_DIR, 'companies.csv');
    writeFileSync(file, toCp1251(`kind;name;inn;kpp;ogrn;bik;settlementAccount;corrAccount;roles\n${[c.kind, c.name, c.inn, c.kpp, c.ogrn, c.bik, c.settlementAccount, c.corrAccount, 'client'].join(';')}\n`));
    const r = await runCliCapture(env, 'company', 'import', file);
    expect(r.code, r.err).toBe(0);
    const d = await openDatabase({ dataDir: env.RACKDESK_DATA_DIR, databaseUrl: env.DATABASE_URL ?? null, timeZone: 'Europe/Moscow' });
    try {
      const row = await d.db.selectFrom('company').select('name').where('inn', '=', c.inn).executeTakeFirstOrThrow();
      expect(row.name).toBe('ООО «Ёлочка»');
    } finally { await d.close(); }
  }, 300_000); // a CLI run and a reopened database: slow on a loaded machine
});
