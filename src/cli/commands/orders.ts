import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { contractDocx } from '../../app/contracts/contracts.ts';
import { delaysReport } from '../../app/provisioning/provisioning.ts';
import { cancelOrder } from '../../app/flows/order-cancel.ts';
import { formatRubles } from '../../domain/money.ts';
import type { Ctx } from '../../app/context.ts';
import { AppError } from '../../domain/errors.ts';
import { formatDate } from '../../domain/dates.ts';
import type { Io } from '../io.ts';
import { withDatabase } from './context.ts';

/** An order named by its id or its number (ЗК-2026-00012). */
async function orderIdOf(ctx: Ctx, ref: string): Promise<string> {
  const rows = await ctx.db.selectFrom('sales_order').select('id').where((eb) => eb.or([eb('id', '=', ref), eb('number', '=', ref)])).execute();
  if (rows.length !== 1) throw new AppError('not_found', 'e.notFound', { entity: 'order', id: ref });
  return rows[0]!.id;
}

export function registerOrders(program: Command, io: Io): void {
  const contract = program.command('contract').description('Договоры / Contracts');
  contract.command('render').argument('<order>', 'id или номер заказа (ЗК-2026-00012)').argument('<out>', 'файл DOCX')
    .description('Сформировать договор (или приложение) заказа по действующему шаблону / Render the order\'s contract from the active template')
    .action(async (ref: string, out: string) => {
      await withDatabase(io, async (ctx) => {
        const r = await contractDocx(ctx, await orderIdOf(ctx, ref));
        writeFileSync(out, r.docx);
        io.out(`${r.fileName} → ${out} (${r.docx.length} байт)`);
      });
    });

  const orders = program.command('orders').description('Заказы / Orders');
  orders.command('overdue').option('--json', 'вывести JSON')
    .description('Просроченные подключения: кто, почему, на сколько / Overdue provisioning: who, why, how long')
    .action(async (o: { json?: boolean }) => {
      await withDatabase(io, async (ctx) => {
        const rows = (await delaysReport(ctx)).filter((r) => r.open);
        if (o.json) { io.out(JSON.stringify(rows, null, 2)); return; }
        if (!rows.length) { io.out('Просроченных подключений нет.'); return; }
        for (const r of rows) {
          const why = r.reasons.map((x) => `${x.responsible}: ${x.reason}`).join('; ') || 'причина не указана';
          io.out(`${r.orderNumber}\t${r.companyName}\tсрок ${formatDate(r.deadline)}\tпросрочено раб. дней: ${r.workingDaysLate}\tисполнитель: ${r.assigneeName ?? '—'}\tменеджер: ${r.managerName}\t${why}`);
        }
      });
    });

  orders.command('cancel').argument('<order>', 'id или номер заказа (ЗК-2026-00012)').requiredOption('--reason <text>', 'причина отмены')
    .description('Отменить заказ (до передачи в работу или, пока подключение не завершено, после неё) / Cancel an order before provisioning is completed')
    .action(async (ref: string, o: { reason: string }) => {
      await withDatabase(io, async (ctx) => {
        const r = await cancelOrder(ctx, await orderIdOf(ctx, ref), { reason: o.reason });
        const owed = r.invoice ? `; к оплате по счёту № ${r.invoice.number}: ${formatRubles(r.invoice.correctedTotal)}` : '';
        io.out(`${r.number}: отменён (${r.cancelReason})${owed}`);
      });
    });
}
