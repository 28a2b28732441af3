import type { Command } from 'commander';
import type { Io } from '../main.ts';
import { registerServe } from './serve.ts';
import { registerData } from './data.ts';

/** Adds every command to the program; `setCode` lets a command choose the exit code. */
export function registerCommands(program: Command, io: Io, setCode: (code: number) => void): void {
  registerServe(program, io);
  registerData(program, io, setCode);
}
