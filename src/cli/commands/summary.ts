import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { dailySummary, summaryMarkdown } from '../../app/crm/daily.ts';
import { summaryPdf } from '../../app/crm/summary-pdf.ts';
import { AppError } from '../../domain/errors.ts';
import type { Io } from '../io.ts';
import { withDatabase } from './context.ts';

export function registerSummary(program: Command, io: Io): void {
  const summary = program.command('summary').description('Сводки / Summaries');
  summary.command('daily').description('Дневная сводка по менеджеру или команде / Daily summary for a manager or the team')
    .requiredOption('--date <YYYY-MM-DD>', 'дата / date')
    .option('--manager <id>', 'ID менеджера (иначе — вся команда) / manager id (whole team when omitted)')
    .option('--format <md|pdf>', 'формат / format', 'md')
    .option('--lang <ru|en>', 'язык / language', 'ru')
    .option('--out <file>', 'файл (для pdf обязателен, иначе summary-DATE.pdf) / output file')
    .action(async (o: { date: string; manager?: string; format: string; lang: string; out?: string }) => {
      if (o.format !== 'md' && o.format !== 'pdf') throw new AppError('validation', 'e.validation', {}, [{ path: 'format', key: 'v.enum', params: { options: 'md, pdf' } }]);
      const locale = o.lang === 'en' ? 'en' : 'ru';
      await withDatabase(io, async (ctx, _db, config) => {
        const s = await dailySummary(ctx, { date: o.date, managerId: o.manager ?? null, locale });
        if (o.format === 'md') {
          const md = summaryMarkdown(s, locale, config.timeZone);
          if (o.out) writeFileSync(o.out, md); else io.out(md.trimEnd());
          return;
        }
        const file = o.out ?? `summary-${s.date}.pdf`;
        writeFileSync(file, await summaryPdf(s, locale, config.timeZone));
        io.out(file);
      });
    });
}
