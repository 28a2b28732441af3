import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PostgresQueryCompiler, type KyselyPlugin } from 'kysely';
import { connectPglite } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';
import { makeCtx, type Ctx } from '../../src/app/context.ts';
import { seedDemo } from '../../src/app/system/seed-demo.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { agingReport } from '../../src/app/billing/receivables.ts';
import { capacityForecast } from '../../src/app/inventory/forecast.ts';
import { dailySummary, endOfDay } from '../../src/app/crm/daily.ts';

/**
 * SQL snapshots of the big raw statements: each use case below runs against the demo provider with a plugin
 * that records the SQL it sends; statements of 300 characters or more are kept, in order, once each.
 * A change to one of them shows as a diff of `test/db/sql-snapshots/<name>.sql` in review.
 * Regenerate: `npm run sql:snapshots`; test/db/sql-snapshots.test.ts checks them.
 */
export const snapshotDir = fileURLToPath(new URL('./sql-snapshots/', import.meta.url));

const cases: Record<string, (ctx: Ctx) => Promise<unknown>> = {
  'billing-run': (ctx) => runBilling(ctx, { period: '2099-01' }),
  'end-of-day': (ctx) => endOfDay(ctx, { date: '2026-11-27' }),
  'capacity-forecast': (ctx) => capacityForecast(ctx),
  'aging': (ctx) => agingReport(ctx, '2026-11-27'),
  'daily-summary': (ctx) => dailySummary(ctx, { date: '2026-11-27' }),
};

export async function captureSnapshots(): Promise<Record<string, string>> {
  const d = await connectPglite();
  try {
    await migrate(d);
    await seedDemo(makeCtx(d.db));
    const out: Record<string, string> = {};
    for (const [name, run] of Object.entries(cases)) {
      const seen: string[] = [];
      const compiler = new PostgresQueryCompiler();
      const recorder: KyselyPlugin = {
        transformQuery: (args) => {
          const text = compiler.compileQuery(args.node, args.queryId).sql.replace(/[ \t]+$/gm, '').trim();
          if (text.length >= 300 && !seen.includes(text)) seen.push(text);
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      await run(makeCtx(d.db.withPlugin(recorder)));
      out[name] = `${seen.map((s) => `${s};\n`).join('\n')}`;
    }
    return out;
  } finally { await d.close(); }
}

export const readSnapshot = (name: string): string | null => {
  try { return readFileSync(`${snapshotDir}${name}.sql`, 'utf8'); } catch { return null; }
};

if (process.argv.includes('--write')) {
  for (const [name, text] of Object.entries(await captureSnapshots())) writeFileSync(`${snapshotDir}${name}.sql`, text);
}
