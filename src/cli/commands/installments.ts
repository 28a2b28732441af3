import type { Command } from 'commander';
import { payInstallment } from '../../app/flows/installments.ts';
import { resolveAgreementId } from '../../app/installments/agreements.ts';
import { dueInMonth } from '../../app/installments/reports.ts';
import { formatDate } from '../../domain/dates.ts';
import { formatRubles } from '../../domain/money.ts';
import type { Io } from '../io.ts';
import { withDatabase } from './context.ts';

export function registerInstallments(program: Command, io: Io): void {
  const inst = program.command('installments').description('Оборудование в рассрочку / Equipment on installments');
  inst.command('due').requiredOption('--month <YYYY-MM>', 'месяц / month')
    .description('Что платить поставщикам в месяце (и что просрочено) / What to pay suppliers in a month')
    .action(async (o: { month: string }) => {
      await withDatabase(io, async (ctx) => {
        const rows = await dueInMonth(ctx, o.month);
        let sum = 0n;
        for (const r of rows) {
          sum += r.open;
          io.out(`${formatDate(r.dueOn)}\t${r.supplierName}\t${r.number}\t${formatRubles(r.open).replace(/\u00a0/g, ' ')}${r.overdue ? '\tПРОСРОЧЕНО' : ''}`);
        }
        io.out(`Итого за ${o.month}: ${formatRubles(sum).replace(/\u00a0/g, ' ')} (${rows.length} платежей)`);
      });
    });
  inst.command('pay').argument('<agreement>', 'номер или id договора / agreement number or id')
    .option('--amount <rubles>', 'сумма, например 12 500,00 / amount').requiredOption('--date <YYYY-MM-DD>', 'дата платежа / payment date')
    .option('--pay-off', 'погасить весь остаток (досрочно) / pay the whole rest').option('--doc <number>', 'номер платёжного поручения / document number')
    .description('Записать платёж по договору рассрочки / Record an installment payment')
    .action(async (ref: string, o: { amount?: string; date: string; payOff?: boolean; doc?: string }) => {
      await withDatabase(io, async (ctx) => {
        const id = await resolveAgreementId(ctx, ref);
        const r = await payInstallment(ctx, id, { ...(o.amount !== undefined ? { amount: o.amount } : {}), paidOn: o.date, payOff: Boolean(o.payOff), docNumber: o.doc ?? null });
        io.out(`Платёж ${formatRubles(r.amount).replace(/\u00a0/g, ' ')} записан; остаток ${formatRubles(r.remaining).replace(/\u00a0/g, ' ')}${r.paidOff ? '; договор оплачен, оборудование наше' : ''}`);
      });
    });
}
