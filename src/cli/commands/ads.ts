import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { exportAds } from '../../app/marketing/ads.ts';
import { publicPriceList } from '../../app/marketing/pricelist.ts';
import { staticFiles } from '../../app/marketing/pricelist-pages.ts';
import { AppError } from '../../domain/errors.ts';
import { translate } from '../../domain/messages.ts';
import { networks, type Network } from '../../domain/marketing/ads-limits.ts';
import type { Io } from '../io.ts';
import { withDatabase } from './context.ts';

const network = (v: string): Network => {
  if (!(networks as readonly string[]).includes(v)) throw new InvalidArgumentError('yandex | google');
  return v as Network;
};

/** `rackdesk ads export` and `rackdesk pricelist publish`: the files marketing hands to the networks and the web server. */
export function registerAds(program: Command, io: Io): void {
  const ads = program.command('ads').description('Объявления для Яндекс Директ и Google Ads / Ads');
  ads.command('export').requiredOption('--network <yandex|google>', 'рекламная система / network', network).argument('<out>', 'файл / output file')
    .option('--campaign <id>', 'только эта кампания / only this campaign')
    .description('Выгрузить объявления: XLSX для Директ Коммандера или CSV для Google Ads Editor; неправдивые не выгружаются / Export ads; untrue ones stop the export')
    .action(async (out: string, o: { network: Network; campaign?: string }) => {
      await withDatabase(io, async (ctx) => {
        try {
          const f = await exportAds(ctx, { network: o.network, ...(o.campaign ? { campaignId: o.campaign } : {}) });
          const path = resolve(out);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, f.body);
          io.out(`Выгружено объявлений: ${f.count} → ${path}`);
        } catch (e) {
          if (e instanceof AppError && e.key === 'e.ads.untrueList') {
            for (const b of (e.extra.untrue as { adId: string; group: string; untrue: { key: string; params: Record<string, string> }[]; problems: { key: string; params?: Record<string, number> }[] }[])) {
              io.err(`${b.adId}\t${b.group}\t${[...b.untrue.map((u) => translate('ru', u.key, u.params)), ...b.problems.map((p) => translate('ru', p.key, p.params ?? {}))].join('; ')}`);
            }
          }
          throw e;
        }
      });
    });

  // `pricelist` also holds the supplier price-list import (quoting.ts): publishing ours is one more subcommand.
  const pl = program.commands.find((c) => c.name() === 'pricelist') ?? program.command('pricelist');
  pl.command('publish').argument('<out-dir>', 'папка для веб-сервера / folder for the web server')
    .option('--base-url <url>', 'адрес сайта для канонических ссылок (иначе RACKDESK_PUBLIC_URL) / site address for canonical links')
    .description('Записать статические страницы прайс-листа (prices/…, sitemap.xml) / Write the static price-list pages')
    .action(async (outDir: string, o: { baseUrl?: string }) => {
      const base = (o.baseUrl ?? io.env.RACKDESK_PUBLIC_URL ?? '').trim().replace(/\/+$/, '');
      if (!/^https?:\/\/\S+$/.test(base)) throw new AppError('validation', 'e.validation', {}, [{ path: 'baseUrl', key: 'ads.v.url' }]);
      await withDatabase(io, async (ctx) => {
        const list = await publicPriceList(ctx);
        const files = staticFiles(list, base);
        for (const [rel, content] of files) {
          const path = join(resolve(outDir), ...rel.split('/'));
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, content);
        }
        io.out(`Записано файлов: ${files.size} (предложений: ${list.items.length}) → ${resolve(outDir)}`);
      });
    });
}
