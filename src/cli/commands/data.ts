import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../bootstrap.ts';
import { createApiToken } from '../../app/parties/auth.ts';
import { createUser } from '../../app/parties/users.ts';
import { decodeText } from '../../domain/text-encoding.ts';
import { importCompanies } from '../../app/parties/import-companies.ts';
import { exportData, importData } from '../../app/system/dump.ts';
import { AppError } from '../../domain/errors.ts';
import type { Io } from '../io.ts';
import { progress, withDatabase } from './context.ts';

/** Lines of a file, opened only when the consumer starts reading (readline drops lines emitted earlier). */
async function* readLines(file: string): AsyncGenerator<string> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
    input.destroy();
  }
}

export function registerData(program: Command, io: Io): void {
  program.command('migrate').description('Применить миграции базы данных / Apply database migrations')
    .action(async () => {
      const config = loadConfig(io.env);
      const database = await openDatabase(config);
      await database.close();
      io.out(`Схема базы (${database.engine}) актуальна.`);
    });

  const user = program.command('user').description('Пользователи / Users');
  user.command('create').description('Создать пользователя / Create a user')
    .requiredOption('--email <email>', 'e-mail')
    .requiredOption('--name <name>', 'ФИО / full name')
    .requiredOption('--role <role>', 'manager|assistant|tech|accounting|facilities|management|admin')
    .option('--password <password>', 'пароль (иначе будет сгенерирован) / password (generated when omitted)')
    .action(async (o: { email: string; name: string; role: string; password?: string }) => {
      await withDatabase(io, async (ctx) => {
        const r = await createUser(ctx, { email: o.email, fullName: o.name, role: o.role, ...(o.password ? { password: o.password } : {}) });
        io.out(`Пользователь создан: ${r.user.id} ${r.user.email} (${r.user.role})`);
        if (r.generatedPassword) io.out(`Пароль: ${r.generatedPassword}`);
      });
    });
  user.command('token').description('Выпустить API-токен для интеграции / Issue an API token')
    .requiredOption('--email <email>', 'e-mail пользователя').requiredOption('--label <label>', 'назначение токена')
    .option('--expires <date>', 'последний день действия, ГГГГ-ММ-ДД (иначе до отзыва) / last day it works, YYYY-MM-DD')
    .action(async (o: { email: string; label: string; expires?: string }) => {
      await withDatabase(io, async (ctx) => {
        const u = await ctx.db.selectFrom('app_user').select('id').where('email', '=', o.email.toLowerCase()).executeTakeFirst();
        if (!u) throw new AppError('not_found', 'e.notFound', { entity: 'user', id: o.email });
        const t = await createApiToken(ctx, u.id, o.label, o.expires ?? null);
        io.out(t.token);
      });
    });

  const company = program.command('company').description('Компании / Companies');
  company.command('import').argument('<file>', 'CSV-файл (UTF-8, разделитель ; или ,)')
    .description('Импорт компаний из CSV: всё или ничего, ошибки с номерами строк / Import companies from CSV, all or nothing')
    .action(async (file: string) => {
      const { text } = decodeText(readFileSync(file));
      await withDatabase(io, async (ctx) => {
        let tick: ((n: number) => void) | null = null;
        const r = await importCompanies(ctx, text, (done, total) => { tick ??= progress(io, 'Компании', total); tick(done); });
        io.out(`Импортировано компаний: ${r.created}`);
      });
    });

  program.command('export').argument('<file>', 'файл дампа (NDJSON)')
    .description('Выгрузить все данные в логический дамп / Export all data to a logical dump')
    .action(async (file: string) => {
      await withDatabase(io, async (ctx, database) => {
        const out = createWriteStream(file, { encoding: 'utf8' });
        let n = 0;
        const tick = progress(io, 'Выгрузка', null);
        const counts = await exportData(ctx, database.engine, async (line) => {
          if (!out.write(`${line}\n`)) await once(out, 'drain');
          tick(++n);
        });
        out.end();
        await once(out, 'finish');
        io.out(`Выгружено из ${database.engine}: ${Object.entries(counts).map(([t, c]) => `${t}=${c}`).join(', ')}`);
      });
    });

  program.command('import').argument('<file>', 'файл дампа, созданный командой export')
    .description('Загрузить дамп в пустую базу (PGlite ↔ PostgreSQL) / Load a dump into an empty database')
    .action(async (file: string) => {
      const total = Math.max(0, readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).length - 1);
      await withDatabase(io, async (ctx, database) => {
        const counts = await importData(ctx, readLines(file), progress(io, 'Загрузка', total));
        io.out(`Загружено в ${database.engine}: ${Object.entries(counts).map(([t, c]) => `${t}=${c}`).join(', ')}`);
      });
    });
}
