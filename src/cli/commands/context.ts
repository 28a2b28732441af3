import { loadConfig, type AppConfig } from '../../config.ts';
import { openDatabase } from '../../bootstrap.ts';
import { makeCtx, systemActor, type Ctx } from '../../app/context.ts';
import { smtpMailer } from '../../app/mail/mailer.ts';
import type { Database } from '../../db/connect.ts';
import type { Io } from '../io.ts';

/** Opens the configured database for one CLI command and closes it afterwards. */
export async function withDatabase<T>(io: Io, fn: (ctx: Ctx, database: Database, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const database = await openDatabase(config);
  try {
    return await fn(makeCtx(database.db, { ...systemActor, name: 'cli' }, config.timeZone, { mailer: config.smtp ? smtpMailer(config.smtp) : null, lockSeconds: config.lockSeconds }), database, config);
  } finally {
    await database.close();
  }
}

/** A one-line progress indicator on stderr (only when stderr is a terminal, else every 10%). */
export function progress(io: Io, label: string, total: number | null) {
  let lastPct = -1;
  return (done: number) => {
    if (total) {
      const pct = Math.floor((done / total) * 100);
      if (pct === lastPct || (pct % 10 !== 0 && !process.stderr.isTTY)) return;
      lastPct = pct;
      const bar = '█'.repeat(Math.floor(pct / 5)).padEnd(20, '░');
      if (process.stderr.isTTY) process.stderr.write(`\r${label} ${bar} ${pct}% (${done}/${total})`);
      else io.err(`${label} ${bar} ${pct}% (${done}/${total})`);
      if (done >= total && process.stderr.isTTY) process.stderr.write('\n');
    } else if (done % 5000 === 0) io.err(`${label}: ${done}`);
  };
}
