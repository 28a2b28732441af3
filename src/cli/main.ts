import { Command, CommanderError } from 'commander';
import { AppError, type ErrorCode } from '../domain/errors.ts';
import { fieldErrorText, importLocation, translate } from '../domain/messages.ts';
import { registerCommands } from './commands/index.ts';
import type { Io } from './io.ts';

/** Exit codes by error code, so scripts can tell bad input from a refusal. */
const EXIT: Record<ErrorCode, number> = {
  validation: 2, unauthenticated: 3, forbidden: 3, not_found: 4, conflict: 5, rule: 6, rate_limited: 7, too_large: 2, config: 78, unavailable: 69, not_configured: 78,
};

export type { Io } from './io.ts';

/** Prints an AppError in Russian with every field error on its own line; returns the exit code. */
export function reportError(e: unknown, io: Io): number {
  if (e instanceof AppError) {
    if (e.code === 'config') { io.err(`Ошибка конфигурации: ${e.key}`); return EXIT.config; }
    io.err(`Ошибка: ${translate('ru', e.key, e.params)}`);
    for (const f of e.fieldErrors) io.err(`  ${importLocation(f.path) ? '' : `${f.path}: `}${fieldErrorText('ru', f)}`);
    return EXIT[e.code];
  }
  io.err(`Ошибка: ${e instanceof Error ? e.message : String(e)}`);
  return 1;
}

/** Runs the CLI with argv (without node and script); resolves to the exit code. */
export async function runCli(argv: string[], io: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`), env: process.env }): Promise<number> {
  const program = new Command('rackdesk')
    .description('Rackdesk — операционный стол хостинг-провайдера / Operations desk of a hosting provider')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  registerCommands(program, io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 64;
    return reportError(e, io);
  }
}
