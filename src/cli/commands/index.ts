import type { Command } from 'commander';
import type { Io } from '../main.ts';
import { registerServe } from './serve.ts';
import { registerData } from './data.ts';
import { registerBilling } from './billing.ts';

/** Adds every command to the program. */
export function registerCommands(program: Command, io: Io): void {
  registerServe(program, io);
  registerData(program, io);
  registerBilling(program, io);
}
