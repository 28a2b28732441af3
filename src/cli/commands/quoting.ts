import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { importPriceList } from '../../app/flows/cost-changed.ts';
import { proposalPdf } from '../../app/quoting/documents.ts';
import { approveProposal, sendProposal, submitForApproval } from '../../app/quoting/transitions.ts';
import { belowFloorReport } from '../../app/flows/below-floor-report.ts';
import type { Ctx } from '../../app/context.ts';
import { AppError } from '../../domain/errors.ts';
import { formatRubles } from '../../domain/money.ts';
import type { Role } from '../../domain/parties/permissions.ts';
import type { Io } from '../io.ts';
import { withDatabase } from './context.ts';

/** Acts as a named user (`--as e-mail`) instead of the CLI system actor, so approvals name a real person. */
async function asUser(ctx: Ctx, email: string | undefined): Promise<Ctx> {
  if (!email) return ctx;
  const u = await ctx.db.selectFrom('app_user').select(['id', 'full_name', 'role', 'active']).where('email', '=', email.toLowerCase()).executeTakeFirst();
  if (!u || !u.active) throw new AppError('not_found', 'e.notFound', { entity: 'user', id: email });
  return { ...ctx, actor: { id: u.id, name: u.full_name, role: u.role as Role } };
}

export function registerQuoting(program: Command, io: Io): void {
  const pricelist = program.command('pricelist').description('Прайс-листы поставщиков / Supplier price lists');
  pricelist.command('import').argument('<file>', 'CSV или XLSX: sku, component, billing, price[, description, unit, installment_months]')
    .requiredOption('--supplier <id>', 'id компании-поставщика').requiredOption('--effective <date>', 'действует с (ГГГГ-ММ-ДД)')
    .option('--as <email>', 'от имени пользователя')
    .description('Импорт версии прайс-листа: всё или ничего, ошибки с номерами строк / Import a price-list version, all or nothing')
    .action(async (file: string, o: { supplier: string; effective: string; as?: string }) => {
      const data = readFileSync(file);
      await withDatabase(io, async (ctx) => {
        const r = await importPriceList(await asUser(ctx, o.as), { supplierId: o.supplier, effectiveFrom: o.effective, fileName: basename(file) }, data);
        io.out(`Прайс-лист ${r.id} загружен: строк ${r.lines}, действует с ${r.effectiveFrom}; пересчитано черновиков КП: ${r.repricedVersions}`);
      });
    });

  const proposal = program.command('proposal').description('Коммерческие предложения / Proposals');
  proposal.command('pdf').argument('<id>', 'id КП').argument('<out>', 'файл PDF').option('--version <n>', 'номер версии')
    .description('Сохранить КП в PDF / Save a proposal as PDF')
    .action(async (id: string, out: string, o: { version?: string }) => {
      await withDatabase(io, async (ctx) => {
        const r = await proposalPdf(ctx, id, o.version ? Number(o.version) : undefined);
        writeFileSync(out, r.pdf);
        io.out(`PDF сохранён: ${out} (${r.pdf.length} байт)`);
      });
    });
  proposal.command('send').argument('<id>', 'id КП').option('--as <email>', 'от имени пользователя')
    .description('Отправить КП (проверка минимальной цены) / Send a proposal (floor guard applies)')
    .action(async (id: string, o: { as?: string }) => {
      await withDatabase(io, async (ctx) => {
        const p = await sendProposal(await asUser(ctx, o.as), id);
        io.out(`КП ${p.number} версия ${p.version.version} отправлено`);
      });
    });
  proposal.command('submit').argument('<id>', 'id КП').option('--as <email>', 'от имени пользователя')
    .description('Отправить на согласование руководству / Ask management to approve')
    .action(async (id: string, o: { as?: string }) => {
      await withDatabase(io, async (ctx) => {
        const p = await submitForApproval(await asUser(ctx, o.as), id);
        io.out(`КП ${p.number} версия ${p.version.version} ждёт согласования`);
      });
    });
  proposal.command('approve').argument('<id>', 'id КП').requiredOption('--as <email>', 'руководитель').requiredOption('--reason <text>', 'причина')
    .description('Согласовать цену ниже минимальной / Approve below-floor prices (management)')
    .action(async (id: string, o: { as: string; reason: string }) => {
      await withDatabase(io, async (ctx) => {
        const p = await approveProposal(await asUser(ctx, o.as), id, { reason: o.reason });
        io.out(`КП ${p.number} версия ${p.version.version} согласовано`);
      });
    });

  program.command('below-floor').description('Предложения и КП ниже минимальной цены / Offers and proposals below floor')
    .action(async () => {
      await withDatabase(io, async (ctx) => {
        const r = await belowFloorReport(ctx);
        for (const o of r.offers) io.out(`Предложение ${o.code} «${o.name}»: цена ${formatRubles(o.monthlyPrice)}, минимум ${formatRubles(o.unitFloor ?? 0n)}`);
        for (const p of r.proposals) io.out(`КП ${p.number} v${p.version} (${p.companyName}), строка ${p.position}: ${formatRubles(p.unitNet)} < ${formatRubles(p.floorNow)}`);
        if (!r.offers.length && !r.proposals.length) io.out('Всё не ниже минимальных цен.');
      });
    });
}
