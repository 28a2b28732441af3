import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../bootstrap.ts';
import { makeCtx, systemActor } from '../../app/context.ts';
import { buildServer, type Lifecycle } from '../../http/server.ts';
import { smtpMailer } from '../../app/mail/mailer.ts';
import { JobRunner } from '../../jobs/runner.ts';
import { handlers, schedulesFor } from '../../jobs/registry.ts';
import type { Io } from '../io.ts';
import { firstStart } from './first-start.ts';

const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

export function registerServe(program: Command, io: Io): void {
  program.command('serve').description('Запустить сервер: API, веб-интерфейс, фоновые задания / Start the server')
    .action(async () => {
      const started = Date.now();
      const config = loadConfig(io.env);
      const database = await openDatabase(config);
      const services = { mailer: config.smtp ? smtpMailer(config.smtp) : null, lockSeconds: config.lockSeconds };
      // Until the first-start accounts exist every request but /live is answered 503, so a health check
      // that succeeds means the printed credentials work.
      const lifecycle: Lifecycle = { state: 'starting' };
      const app = await buildServer({ database, timeZone: config.timeZone, consentTextVersion: config.consentTextVersion, services, logLevel: config.logLevel, webDir: WEB_DIR, lifecycle, trustProxy: config.trustProxy, checkResponses: config.checkResponses });
      try {
        await app.listen({ port: config.port, host: config.host });
      } catch (e) {
        await app.close();
        await database.close();
        throw e;
      }
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
      const address = `http://${host}:${port}/`;
      io.out(`Rackdesk запущен: ${address}  (база: ${database.engine}${database.engine === 'pglite' ? `, ${config.dataDir}` : ''}; старт ${Date.now() - started} мс)`);
      if (!existsSync(resolve(WEB_DIR, 'index.html'))) io.out('Веб-интерфейс не собран (npm run build:web): работает только API.');
      await firstStart(makeCtx(database.db, systemActor, config.timeZone), config, address, io);
      const runner = config.jobs ? new JobRunner(database.db, { handlers, schedules: schedulesFor(config), timeZone: config.timeZone, services, lockSeconds: config.lockSeconds, log: (m, x) => app.log.warn(x, m) }) : null;
      runner?.start();
      lifecycle.state = 'ready';
      await new Promise<void>((resolveStop) => {
        const stop = async () => {
          lifecycle.state = 'stopping';
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
