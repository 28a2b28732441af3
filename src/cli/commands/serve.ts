import type { Command } from 'commander';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../bootstrap.ts';
import { makeCtx, systemActor } from '../../app/context.ts';
import { ensureFirstAdmin } from '../../app/parties/users.ts';
import { DEMO_PASSWORD, seedDemo } from '../../app/system/seed-demo.ts';
import { buildServer } from '../../http/server.ts';
import { smtpMailer } from '../../app/mail/mailer.ts';
import { JobRunner } from '../../jobs/runner.ts';
import { handlers, schedulesFor } from '../../jobs/registry.ts';
import type { Io } from '../io.ts';

const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

export function registerServe(program: Command, io: Io): void {
  program.command('serve').description('Запустить сервер: API, веб-интерфейс, фоновые задания / Start the server')
    .action(async () => {
      const started = Date.now();
      const config = loadConfig(io.env);
      const database = await openDatabase(config);
      const ctx = makeCtx(database.db, systemActor, config.timeZone);
      const admin = await ensureFirstAdmin(ctx, config.adminEmail, config.adminPassword);
      if (admin && config.demo) {
        const r = await seedDemo(ctx);
        io.out(`Демо-данные загружены: ${r.users} пользователей, ${r.companies} компаний. Пароль демо-пользователей (manager@rackdesk.local, tech@…, director@…): ${DEMO_PASSWORD}`);
      }
      const services = { mailer: config.smtp ? smtpMailer(config.smtp) : null };
      const app = await buildServer({ database, timeZone: config.timeZone, consentTextVersion: config.consentTextVersion, services, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel, webDir: WEB_DIR });
      await app.listen({ port: config.port, host: config.host });
      const runner = config.jobs ? new JobRunner(database.db, { handlers, schedules: schedulesFor(config), timeZone: config.timeZone, services, log: (m, x) => app.log.warn(x, m) }) : null;
      runner?.start();
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      io.out(`Rackdesk запущен: http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/  (база: ${database.engine}${database.engine === 'pglite' ? `, ${config.dataDir}` : ''}; старт ${Date.now() - started} мс)`);
      if (admin) {
        io.out(admin.password
          ? `Первый администратор: ${admin.email}, пароль: ${admin.password}  — сохраните его, он показан один раз.`
          : `Первый администратор: ${admin.email} (пароль из RACKDESK_ADMIN_PASSWORD).`);
      } else io.out('Войдите под своей учётной записью.');
      await new Promise<void>((resolveStop) => {
        const stop = async () => {
          await runner?.stop();
          await app.close();
          await database.close();
          resolveStop();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
