import { sql } from 'kysely';
import { newId } from '../../domain/ids.ts';
import { dateInZone } from '../../domain/dates.ts';
import { addDays, correctionLines, type BilledSegment } from '../../domain/billing/billing.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { Tx } from '../context.ts';
import { partyJsonSql, paymentTermsDays, reserveInvoiceNumbers } from './invoices.ts';


/**
 * After a tariff change, downsizing or closure: compares what each already billed invoice of the service
 * says (its lines and earlier corrections) with what the tariff history now gives for the same days, and
 * issues one correction document (корректировочный счёт-фактура / УКД) per original invoice that changed.
 * Each correction is dated today, refers to its original, stays in the original's tax period and VAT rate,
 * and lists per tariff segment the values before and after. Decreases lower what the client owes.
 */
export async function correctBilled(tx: Tx, service: { id: string; client_id: string; seller_id: string; title: string }, fromDate: string, reason: string): Promise<string[]> {
  const billed = (await sql<{ original_id: string; period: string; tariff_id: string | null; billing_key: string; line_kind: string; date_from: string; date_to: string;
    quantity: number; unit_price: bigint; net: bigint; vat: bigint; vat_rate: string | null; before_net: bigint | null; before_vat: bigint | null; description: string }>`
    SELECT coalesce(i.corrects_invoice_id, i.id) AS original_id, l.period, l.tariff_id, l.billing_key, l.line_kind, l.date_from, l.date_to, l.quantity, l.unit_price,
           l.net, l.vat, l.vat_rate, l.before_net, l.before_vat, l.description
    FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id
    WHERE l.service_id = ${service.id} AND l.line_kind IN ('period','correction')
      AND coalesce(i.corrects_invoice_id, i.id) IN (SELECT p.invoice_id FROM invoice_line p WHERE p.service_id = ${service.id} AND p.line_kind = 'period' AND p.date_to >= ${fromDate}::date)
    ORDER BY l.id`.execute(tx.db)).rows;
  if (!billed.length) return [];
  const tariffs = await tx.db.selectFrom('service_tariff').select(['id', 'valid_from', 'valid_to', 'monthly_price', 'quantity']).where('service_id', '=', service.id).orderBy('valid_from').execute();
  const svc = await tx.db.selectFrom('billing_service').select(['start_date', 'end_date']).where('id', '=', service.id).executeTakeFirstOrThrow();
  const today = dateInZone(tx.now(), tx.timeZone);
  const year = Number(today.slice(0, 4));
  const due = addDays(today, await paymentTermsDays(tx));
  const byOriginal = new Map<string, typeof billed>();
  for (const b of billed) byOriginal.set(b.original_id, [...(byOriginal.get(b.original_id) ?? []), b]);
  const ids: string[] = [];
  for (const [originalId, rows] of byOriginal) {
    // What the client holds now per segment: the latest line for it (a period line, or a correction's "after").
    const now = new Map<string, BilledSegment>();
    for (const r of rows) {
      const key = r.tariff_id ?? (r.line_kind === 'correction' ? r.billing_key.slice(`${service.id}:${r.period}:`.length, r.billing_key.lastIndexOf(':')) : r.billing_key);
      const net = r.line_kind === 'correction' ? r.before_net! + r.net : r.net;
      const vat = r.line_kind === 'correction' ? r.before_vat! + r.vat : r.vat;
      now.set(key, { key, tariffId: r.tariff_id, dateFrom: r.date_from, dateTo: r.date_to, quantity: r.quantity, unitPrice: r.unit_price, net, vat, vatRate: r.vat_rate });
    }
    const period = rows[0]!.period;
    const lines = correctionLines([...now.values()], tariffs.map((t) => ({ id: t.id, validFrom: t.valid_from, validTo: t.valid_to, unitMonthly: t.monthly_price, quantity: t.quantity })),
      { startDate: svc.start_date, endDate: svc.end_date }, period);
    if (!lines.length) continue;
    const net = lines.reduce((s, l) => s + l.net, 0n);
    const vat = lines.reduce((s, l) => s + l.vat, 0n);
    const rate = lines.find((l) => l.vatRate !== null)?.vatRate ?? null;
    const number = await reserveInvoiceNumbers(tx, service.seller_id, year, 1);
    const id = newId('iv');
    await sql`INSERT INTO invoice (id, seller_id, client_id, year, number, kind, period, issue_date, due_date, net_total, vat_total, total, vat_rate, seller, buyer, corrects_invoice_id)
      SELECT ${id}, ${service.seller_id}, ${service.client_id}, ${year}, ${number}, 'correction', ${period}, ${today}::date, ${due}::date,
        ${net}, ${vat}, ${net + vat}, ${rate}::numeric, ${partyJsonSql('s')}, ${partyJsonSql('b')}, ${originalId}
      FROM company s, company b WHERE s.id = ${service.seller_id} AND b.id = ${service.client_id}`.execute(tx.db);
    await tx.db.insertInto('invoice_line').values(lines.map((l) => ({
      invoice_id: id, service_id: service.id, billing_key: `${service.id}:${period}:${l.key}:${id}`, line_kind: 'correction', period, date_from: l.dateFrom, date_to: l.dateTo,
      description: `${service.title} (${l.describe})`, quantity: l.quantity, unit_price: l.unitPrice, net: l.net, vat_rate: l.vatRate, vat: l.vat, total: l.net + l.vat,
      tariff_id: l.tariffId, before_quantity: l.before.quantity, before_unit_price: l.before.unitPrice, before_net: l.before.net, before_vat: l.before.vat,
    }))).execute();
    await writeAudit(tx, { entityType: 'invoice', entityId: id, scopeId: service.client_id, action: 'correct', after: { number, year, correctsInvoiceId: originalId, period, total: net + vat, reason } });
    ids.push(id);
  }
  return ids;
}
