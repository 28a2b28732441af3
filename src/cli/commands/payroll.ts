import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { closeMonth } from '../../app/compensation/approve.ts';
import { lineText, statementPdf, statementXlsx, viewStatement } from '../../app/compensation/reports.ts';
import { AppError } from '../../domain/errors.ts';
import { translate } from '../../domain/messages.ts';
import { formatRubles } from '../../domain/money.ts';
import type { Io } from '../io.ts';
import { withDatabase } from './context.ts';

const monthOk = (m: string) => {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) throw new AppError('validation', 'e.validation', {}, [{ path: 'month', key: 'v.pay.month' }]);
};

export function registerPayroll(program: Command, io: Io): void {
  const payroll = program.command('payroll').description('Зарплата менеджеров / Managers\u2019 pay');
  payroll.command('statement').description('Расчётный лист менеджера за месяц / A manager\u2019s statement for a month')
    .requiredOption('--manager <id>', 'ID менеджера / manager id')
    .requiredOption('--month <YYYY-MM>', 'месяц / month')
    .option('--format <text|pdf|xlsx>', 'формат / format', 'text')
    .option('--lang <ru|en>', 'язык / language', 'ru')
    .option('--out <file>', 'файл для pdf/xlsx / output file')
    .action(async (o: { manager: string; month: string; format: string; lang: string; out?: string }) => {
      monthOk(o.month);
      if (!['text', 'pdf', 'xlsx'].includes(o.format)) throw new AppError('validation', 'e.validation', {}, [{ path: 'format', key: 'v.enum', params: { options: 'text, pdf, xlsx' } }]);
      const locale = o.lang === 'en' ? 'en' : 'ru';
      await withDatabase(io, async (ctx) => {
        if (o.format === 'text') {
          const s = await viewStatement(ctx, o.manager, o.month);
          io.out(`${s.userName} · ${o.month}${s.plan ? ` · ${s.plan.name}` : ''}${s.approved ? ` · ${locale === 'ru' ? 'утверждено' : 'approved'}` : ''}`);
          for (const l of s.lines) {
            io.out(`${formatRubles(l.amount, locale).padStart(16)}  ${translate(locale, `pay.kind.${l.kind}`)}${l.companyName ? ` · ${l.companyName}` : ''} — ${lineText(l, locale)}`);
          }
          io.out(`${formatRubles(s.total, locale).padStart(16)}  ${locale === 'ru' ? 'Итого' : 'Total'}`);
          return;
        }
        const file = o.out ?? `statement-${o.month}.${o.format}`;
        writeFileSync(file, o.format === 'pdf' ? await statementPdf(ctx, o.manager, o.month, locale) : await statementXlsx(ctx, o.manager, o.month, locale));
        io.out(file);
      });
    });
  payroll.command('close').description('Утвердить все ведомости месяца / Approve every statement of a month')
    .requiredOption('--month <YYYY-MM>', 'месяц / month')
    .action(async (o: { month: string }) => {
      monthOk(o.month);
      await withDatabase(io, async (ctx) => {
        const r = await closeMonth(ctx, o.month);
        for (const a of r.approved) io.out(`${a.name}: ${formatRubles(a.total)}`);
        io.out(`Утверждено ведомостей: ${r.approved.length}`);
      });
    });
}
