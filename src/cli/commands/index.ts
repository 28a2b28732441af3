import type { Command } from 'commander';
import type { Io } from '../io.ts';
import { registerServe } from './serve.ts';
import { registerData } from './data.ts';
import { registerQuoting } from './quoting.ts';
import { registerSummary } from './summary.ts';
import { registerInventory } from './inventory.ts';
import { registerBilling } from './billing.ts';
import { registerPayroll } from './payroll.ts';
import { registerOrders } from './orders.ts';
import { registerInstallments } from './installments.ts';
import { registerAds } from './ads.ts';

/** Adds every command to the program. */
export function registerCommands(program: Command, io: Io): void {
  registerServe(program, io);
  registerData(program, io);
  registerQuoting(program, io);
  registerSummary(program, io);
  registerInventory(program, io);
  registerBilling(program, io);
  registerPayroll(program, io);
  registerOrders(program, io);
  registerInstallments(program, io);
  registerAds(program, io);
}
