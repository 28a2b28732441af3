import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { newCliEnv, removeCliEnvsAfterAll, runCliCapture as cli } from '../helpers/cli.ts';
import { engineName } from '../helpers/db.ts';
import { legalEntity } from '../helpers/factories.ts';

removeCliEnvsAfterAll();

describe(`rackdesk CLI (${engineName})`, () => {
  it('the installed bin prints help listing every command', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/rackdesk.mjs', '--help']);
    for (const c of ['serve', 'migrate', 'user', 'company', 'export', 'import']) expect(stdout).toContain(c);
  });

  it('invalid configuration is one clear line and a non-zero exit', async () => {
    const r = await cli({ PORT: 'abc' }, 'migrate');
    expect(r.code).toBe(78);
    expect(r.err).toBe('Ошибка конфигурации: PORT must be an integer from 0 to 65535, got "abc"');
    const r2 = await cli({ DATABASE_URL: 'mysql://x' }, 'migrate');
    expect(r2.err.split('\n')).toHaveLength(1);
    expect(r2.code).toBe(78);
  });

  // Each command opens the database afresh, as a person running them would: give it time on a busy machine.
  it('migrate, user create, company import (all or nothing with line numbers), export and import into another database', { timeout: 180_000 }, async () => {
    const env = await newCliEnv();
    expect((await cli(env, 'migrate')).code).toBe(0);
    const u = await cli(env, 'user', 'create', '--email', 'Boss@Example.ru', '--name', 'Директор', '--role', 'management');
    expect(u.code).toBe(0);
    expect(u.out).toMatch(/Пользователь создан: us_\S+ boss@example\.ru \(management\)/);
    expect(u.out).toMatch(/Пароль: \S{12,}/);
    const badRole = await cli(env, 'user', 'create', '--email', 'x@y.ru', '--name', 'X', '--role', 'king');
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain('role');

    const a = legalEntity();
    const b = legalEntity();
    const header = 'kind;name;inn;kpp;ogrn;bik;settlementAccount;corrAccount;roles';
    const row = (c: ReturnType<typeof legalEntity>, over: Partial<Record<string, string>> = {}) =>
      [c.kind, `"${String(c.name).replace(/"/g, '""')}"`, over.inn ?? c.inn, c.kpp, c.ogrn, c.bik, over.account ?? c.settlementAccount, c.corrAccount, 'client'].join(';');
    const dir = env.RACKDESK_DATA_DIR!;
    const badFile = join(dir, 'bad.csv');
    writeFileSync(badFile, [header, row(a), row(b, { inn: '7707083894' }), row(legalEntity(), { account: '40702810438000034727' }), row(a)].join('\n'));
    const bad = await cli(env, 'company', 'import', badFile);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Файл не загружен');
    expect(bad.err).toContain('Строка 3, столбец «inn»: Неверный ИНН: не сходятся контрольные цифры');
    expect(bad.err).toContain('Строка 4, столбец «settlementAccount»: Неверный расчётный счёт');
    expect(bad.err).toContain('Строка 5, столбец «inn»: Этот ИНН/КПП уже встречался в файле в строке 2');
    expect(bad.err).not.toContain('line ');
    const goodFile = join(dir, 'good.csv');
    writeFileSync(goodFile, `\ufeff${[header, row(a), row(b)].join('\r\n')}\r\n`);
    const good = await cli(env, 'company', 'import', goodFile);
    expect(good.out).toBe('Импортировано компаний: 2');
    // Nothing from the refused file was written: importing the good file again conflicts on line 2 only.
    const again = await cli(env, 'company', 'import', goodFile);
    expect(again.code).toBe(5);
    expect(again.err).toContain('Строка 2, столбец «inn»');

    const dumpFile = join(dir, 'dump.ndjson');
    const exp = await cli(env, 'export', dumpFile);
    expect(exp.code).toBe(0);
    expect(exp.out).toMatch(/company=2/);
    expect(readFileSync(dumpFile, 'utf8').split('\n')[0]).toContain('rackdesk-dump');

    const env2 = await newCliEnv();
    const imp = await cli(env2, 'import', dumpFile);
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/company=2/);
    expect(imp.out).toMatch(/app_user=1/);
    const twice = await cli(env2, 'import', dumpFile);
    expect(twice.code).toBe(5);
    expect(twice.err).toContain('База данных не пуста');
  });
});
