/**
 * Billing run for 100,000 active services of 20,000 clients (first run and rerun), measured against the
 * raw INSERT of the same rows (the run's invoices and lines, copied in one statement each into the same
 * tables with all their guards, then rolled back), and import + matching of a 10,000-payment
 * 1CClientBankExchange statement. Targets: run ≤ 1.5 s on PostgreSQL, ≤ 4 s on PGlite, rerun ≤ 0.3 s,
 * statement ≤ 1 s. The machine's load average is printed with the figures: on a shared machine they move.
 */
import { loadavg } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/types.ts';
import { makeCtx } from '../src/app/context.ts';
import { runBilling } from '../src/app/billing/billing-run.ts';
import { importStatement } from '../src/app/billing/payments.ts';
import { completeInn10, completeSettlementAccount } from '../src/domain/parties/requisites.ts';
import { benchDatabase, benchEngines, fmt } from './lib.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20_000);
const SERVICES = CLIENTS * 5;
const PAYMENTS = 10_000;

function statement(ourAccount: string, docs: { n: number; inn: string; kpp: string; account: string; invoice: number; amount: bigint }[]): string {
  const L = ['1CClientBankExchange', 'ВерсияФормата=1.03', 'Кодировка=UTF8', 'ДатаНачала=01.12.2026', 'ДатаКонца=31.12.2026', `РасчСчет=${ourAccount}`,
    'СекцияРасчСчет', `РасчСчет=${ourAccount}`, 'КонецРасчСчет'];
  for (const d of docs) {
    L.push('СекцияДокумент=Платежное поручение', `Номер=${d.n}`, 'Дата=05.12.2026', `Сумма=${d.amount / 100n}.${String(d.amount % 100n).padStart(2, '0')}`,
      `ПлательщикСчет=${d.account}`, `ПлательщикИНН=${d.inn}`, `ПлательщикКПП=${d.kpp}`, `Плательщик1=ООО Клиент ${d.n}`,
      `ПолучательСчет=${ourAccount}`, 'ДатаПоступило=05.12.2026', `НазначениеПлатежа=Оплата по счету № ${d.invoice} от 27.11.2026 за услуги хостинга, в т.ч. НДС`, 'КонецДокумента');
  }
  L.push('КонецФайла');
  return L.join('\r\n');
}

/**
 * The same invoices and lines as run `runId` inserted by plain INSERT … SELECT into the real tables (every
 * constraint, trigger and index applies), inside a transaction that is rolled back. Returns ms.
 */
async function rawInsert(db: Kysely<DB>, runId: string): Promise<number> {
  let ms = 0;
  await db.transaction().execute(async (tx) => {
    await sql`CREATE TEMP TABLE raw_map ON COMMIT DROP AS
      SELECT id AS old_id, 'iv_raw' || number AS new_id, number + 1000000 AS number FROM invoice WHERE run_id = ${runId}`.execute(tx);
    const t0 = performance.now();
    await sql`INSERT INTO invoice (id, seller_id, client_id, year, number, kind, period, issue_date, due_date, net_total, vat_total, total, vat_rate, seller, buyer, run_id)
      SELECT m.new_id, i.seller_id, i.client_id, i.year, m.number, i.kind, i.period, i.issue_date, i.due_date, i.net_total, i.vat_total, i.total, i.vat_rate, i.seller, i.buyer, i.run_id
      FROM invoice i JOIN raw_map m ON m.old_id = i.id`.execute(tx);
    await sql`INSERT INTO invoice_line (invoice_id, service_id, billing_key, line_kind, period, date_from, date_to, description, quantity, unit_price, net, vat_rate, vat, total, tariff_id)
      SELECT m.new_id, l.service_id, 'raw:' || l.billing_key, l.line_kind, l.period, l.date_from, l.date_to, l.description, l.quantity, l.unit_price, l.net, l.vat_rate, l.vat, l.total, l.tariff_id
      FROM invoice_line l JOIN raw_map m ON m.old_id = l.invoice_id`.execute(tx);
    ms = performance.now() - t0;
    throw new Error('rollback');
  }).catch((e: unknown) => { if (!(e instanceof Error && e.message === 'rollback')) throw e; });
  return ms;
}

const load = () => `load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;

export async function run(): Promise<void> {
  const only = process.env.BENCH_ONLY as 'pglite' | 'postgres' | undefined;
  for (const engine of only ? [only] : benchEngines()) {
    const database = await benchDatabase(engine);
    try {
      const db = database.db;
      const t0 = performance.now();
      const ownAccount = completeSettlementAccount('044525225', '40702810000000099999');
      await sql`INSERT INTO company (id, kind, legal_form, name, inn, kpp, bik, settlement_account, roles)
        VALUES ('co_own', 'legal', 'ООО', 'Рэкдеск', '7707083893', '770701001', '044525225', ${ownAccount}, '{own}')`.execute(db);
      await sql`INSERT INTO own_entity (company_id, tax_mode, is_default) VALUES ('co_own', 'osn', true)`.execute(db);
      const inns = Array.from({ length: CLIENTS }, (_, i) => completeInn10(`5${String(i).padStart(8, '0')}`));
      await sql`INSERT INTO company (id, kind, legal_form, name, inn, kpp, roles)
        SELECT 'co_c' || i, 'legal', 'ООО', 'Клиент ' || i, inn, '500101001', '{client}'
        FROM unnest(${inns}::text[]) WITH ORDINALITY AS t(inn, i)`.execute(db);
      await sql`INSERT INTO billing_service (id, client_id, seller_id, kind, title, monthly_price, setup_fee, quantity, start_date, status, updated_at)
        SELECT 'sv_b' || g, 'co_c' || (1 + (g - 1) % ${CLIENTS}), 'co_own', 'dedicated', 'Сервер #' || g, 500000 + (g % 97) * 1000, 0, 1,
               CASE WHEN g % 10 = 0 THEN date '2026-12-10' ELSE date '2026-01-01' END, 'active', now()
        FROM generate_series(1, ${SERVICES}) g`.execute(db);
      await sql`INSERT INTO service_tariff (id, service_id, valid_from, monthly_price, quantity)
        SELECT 'tf_' || substr(id, 4), id, start_date, monthly_price, quantity FROM billing_service`.execute(db);
      await sql`ANALYZE`.execute(db);
      console.log(`[${engine}] setup ${CLIENTS} clients, ${SERVICES} services: ${fmt(performance.now() - t0)}`);

      const ctx = { ...makeCtx(db), now: () => new Date('2026-11-27T09:00:00Z') };
      // PGlite runs in this process, so its CPU time is what the run cost whatever else the machine does.
      const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
      let t = performance.now();
      let c = cpu();
      const first = await runBilling(ctx, { period: '2026-12' });
      const firstMs = performance.now() - t;
      const firstCpu = cpu() - c;
      t = performance.now();
      const again = await runBilling(ctx, { period: '2026-12' });
      const rerunMs = performance.now() - t;
      c = cpu();
      const rawMs = await rawInsert(db, first.runId);
      const rawCpu = cpu() - c;
      const cpuNote = (ms: number) => (engine === 'pglite' ? `, CPU ${fmt(ms)}` : '');
      console.log(`[${engine}] billing run 2026-12: ${first.invoices} invoices, ${first.lines} lines in ${fmt(firstMs)}${cpuNote(firstCpu)} (target ${engine === 'postgres' ? '≤ 1.5 s' : '≤ 4 s'}; ${load()})`);
      console.log(`[${engine}] raw INSERT of the same ${first.invoices} invoices and ${first.lines} lines: ${fmt(rawMs)}${cpuNote(rawCpu)}; run / raw insert = ${(firstMs / rawMs).toFixed(2)}`);
      console.log(`[${engine}] rerun: ${again.lines} new lines in ${fmt(rerunMs)} (target ≤ 0.3 s)`);

      const invs = (await sql<{ number: number; total: bigint; client_id: string }>`SELECT number, total, client_id FROM invoice ORDER BY number LIMIT ${PAYMENTS}`.execute(db)).rows;
      const docs = invs.map((iv, k) => {
        const i = Number(iv.client_id.slice(4));
        // every 10th pays half (partial), every 25th names no invoice (manual queue)
        return { n: k + 1, inn: inns[i - 1]!, kpp: '500101001', account: completeSettlementAccount('044525225', `40702810${String(i).padStart(12, '0')}`), invoice: k % 25 === 0 ? 0 : iv.number, amount: k % 10 === 0 ? iv.total / 2n : iv.total };
      });
      const text = statement(ownAccount, docs).replace(/Оплата по счету № 0 от 27\.11\.2026/g, 'Аванс');
      const bytes = new TextEncoder().encode(text);
      t = performance.now();
      const r = await importStatement(ctx, bytes, 'bench.txt');
      const impMs = performance.now() - t;
      console.log(`[${engine}] statement of ${r.documents} payments: matched ${r.matched}, queued ${r.queued}, skipped ${r.skipped} in ${fmt(impMs)} (target ≤ 1 s; ${load()})`);
      t = performance.now();
      const r2 = await importStatement(ctx, bytes, 'bench.txt');
      console.log(`[${engine}] same statement again: ${r2.duplicates} duplicates in ${fmt(performance.now() - t)}`);
    } finally {
      await database.close();
    }
  }
}
