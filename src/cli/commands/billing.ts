import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { runBilling } from '../../app/billing/billing-run.ts';
import { importStatement } from '../../app/flows/statement-import.ts';
import { importServices } from '../../app/billing/services.ts';
import type { Io } from '../io.ts';
import { progress, withDatabase } from './context.ts';

export function registerBilling(program: Command, io: Io): void {
  const billing = program.command('billing').description('Биллинг / Billing');
  billing.command('run').requiredOption('--period <YYYY-MM>', 'период, например 2026-12 / period')
    .description('Выставить счета за период всем активным услугам (повторный запуск ничего не задвоит) / Bill every active service for a period')
    .option('--chunk <clients>', 'клиентов в одной транзакции (по умолчанию 5000) / clients per transaction')
    .action(async (o: { period: string; chunk?: string }) => {
      const chunkSize = o.chunk && /^[1-9][0-9]{0,5}$/.test(o.chunk) ? Number(o.chunk) : undefined;
      await withDatabase(io, async (ctx) => {
        let tick: ((n: number) => void) | null = null;
        const r = await runBilling(ctx, { period: o.period }, { chunkSize, onProgress: (done, total) => { tick ??= progress(io, 'Счета', total); tick(done); } });
        io.out(`Период ${r.period}: клиентов ${r.clients}, новых счетов ${r.invoices}, новых строк ${r.lines}.`);
      });
    });

  const payments = program.command('payments').description('Платежи / Payments');
  payments.command('import').argument('<file>', 'выписка 1CClientBankExchange (kl_to_1c.txt), Windows-1251 или UTF-8')
    .description('Загрузить банковскую выписку и разнести платежи / Import a bank statement and match payments')
    .action(async (file: string) => {
      const bytes = readFileSync(file);
      await withDatabase(io, async (ctx) => {
        const r = await importStatement(ctx, bytes, basename(file));
        io.out(`Документов ${r.documents}, входящих ${r.incoming}, повторов ${r.duplicates}, разнесено автоматически ${r.matched}, в ручную очередь ${r.queued}, пропущено ${r.skipped}.`);
        if (r.skippedTypes.length) io.out(`Неизвестные виды документов: ${r.skippedTypes.join(', ')}`);
        if (r.outgoing?.documents) io.out(`Исходящих ${r.outgoing.documents}: по договорам рассрочки ${r.outgoing.matched}, в ручную очередь ${r.outgoing.queued}, повторов ${r.outgoing.duplicates}.`);
      });
    });

  const services = program.command('services').description('Услуги клиентов / Client services');
  services.command('import').argument('<file>', 'CSV (UTF-8) или XLSX: ИНН, КПП, договор, вид, услуга, цена в месяц, подключение, количество, дата начала')
    .description('Импорт услуг существующих клиентов: всё или ничего / Import existing services, all or nothing')
    .action(async (file: string) => {
      const bytes = readFileSync(file);
      await withDatabase(io, async (ctx) => {
        const r = await importServices(ctx, bytes, basename(file));
        io.out(`Импортировано услуг: ${r.created}`);
      });
    });
}
