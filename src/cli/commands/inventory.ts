import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { expireDue, nextIp } from '../../app/inventory/allocations.ts';
import { importInventory, importKinds } from '../../app/inventory/import-inventory.ts';
import type { Io } from '../io.ts';
import { withDatabase } from './context.ts';

export function registerInventory(program: Command, io: Io): void {
  const inventory = program.command('inventory').description('Инвентарь ЦОД / Inventory');
  inventory.command('import').argument('<kind>', importKinds.join('|')).argument('<file>', 'CSV (UTF-8, ; или ,) или XLSX')
    .description('Импорт инвентаря: всё или ничего, ошибки с номерами строк / Import inventory, all or nothing')
    .action(async (kind: string, file: string) => {
      const data = readFileSync(file);
      await withDatabase(io, async (ctx) => {
        const r = await importInventory(ctx, kind, data, basename(file));
        io.out(`Импортировано (${r.kind}): ${r.created}`);
      });
    });
  inventory.command('expire').description('Снять просроченные резервы и завершить карантин IP / Expire due holds and IP cooldowns')
    .action(async () => {
      await withDatabase(io, async (ctx) => {
        const r = await expireDue(ctx);
        io.out(`Снято резервов: ${r.expired}; освобождено после карантина: ${r.cooledDown}`);
      });
    });

  const ip = program.command('ip').description('IP-адреса / IP addresses');
  ip.command('next').argument('<prefix>', 'префикс (CIDR) или его id')
    .description('Выделить следующий свободный адрес (или подсеть) атомарно / Allocate the next free address atomically')
    .option('--length <n>', 'длина подсети, например 29 (по умолчанию один адрес)')
    .option('--hold-for <companyId>', 'зарезервировать за клиентом вместо назначения')
    .option('--kind <kind>', 'service|client|project', 'project')
    .option('--ref <ref>', 'услуга, клиент или проект', 'unassigned')
    .action(async (prefix: string, o: { length?: string; holdFor?: string; kind: string; ref: string }) => {
      await withDatabase(io, async (ctx) => {
        const a = await nextIp(ctx, {
          prefix, ...(o.length ? { length: o.length } : {}),
          ...(o.holdFor ? { mode: 'hold', companyId: o.holdFor } : { mode: 'assign', assignedKind: o.kind, assignedRef: o.ref }),
        });
        io.out(a.net!.endsWith('/32') || a.net!.endsWith('/128') ? a.net!.split('/')[0]! : a.net!);
      });
    });
}
