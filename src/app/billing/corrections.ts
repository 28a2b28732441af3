import { sql } from 'kysely';
import { newId } from '../../domain/ids.ts';
import { dateInZone } from '../../domain/dates.ts';
import { addDays, correctionLines, type BilledSegment, type CorrectionLine } from '../../domain/billing/billing.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { Tx } from '../context.ts';
import { partyJsonSql, paymentTermsDays, reserveInvoiceNumbers } from './invoices.ts';


interface BilledRow { tariff_id: string | null; billing_key: string; line_kind: string; period: string | null }

/** The segment a billed line belongs to: its tariff, or for a correction line the key it corrected, else its billing key. */
function segmentKey(serviceId: string, r: BilledRow): string {
  if (r.tariff_id) return r.tariff_id;
  return r.line_kind === 'correction' ? r.billing_key.slice(`${serviceId}:${r.period}:`.length, r.billing_key.lastIndexOf(':')) : r.billing_key;
}

type NewCorrectionLine = Omit<CorrectionLine, 'describe'> & { serviceId: string; description: string };

/**
 * Issues one correction document (УКД) of an original invoice: dated today, numbered in this year, in the
 * original's period and with its VAT rate; its lines carry the values before and the change.
 */
async function issueCorrection(tx: Tx, doc: { sellerId: string; clientId: string; originalId: string; period: string | null; reason: string }, lines: NewCorrectionLine[]): Promise<string> {
  const today = dateInZone(tx.now(), tx.timeZone);
  const year = Number(today.slice(0, 4));
  const due = addDays(today, await paymentTermsDays(tx));
  const net = lines.reduce((s, l) => s + l.net, 0n);
  const vat = lines.reduce((s, l) => s + l.vat, 0n);
  const rate = lines.find((l) => l.vatRate !== null)?.vatRate ?? null;
  const number = await reserveInvoiceNumbers(tx, doc.sellerId, year, 1);
  const id = newId('iv');
  await sql`INSERT INTO invoice (id, seller_id, client_id, year, number, kind, period, issue_date, due_date, net_total, vat_total, total, vat_rate, seller, buyer, corrects_invoice_id)
    SELECT ${id}, ${doc.sellerId}, ${doc.clientId}, ${year}, ${number}, 'correction', ${doc.period}, ${today}::date, ${due}::date,
      ${net}, ${vat}, ${net + vat}, ${rate}::numeric, ${partyJsonSql('s')}, ${partyJsonSql('b')}, ${doc.originalId}
    FROM company s, company b WHERE s.id = ${doc.sellerId} AND b.id = ${doc.clientId}`.execute(tx.db);
  await tx.db.insertInto('invoice_line').values(lines.map((l) => ({
    invoice_id: id, service_id: l.serviceId, billing_key: `${l.serviceId}:${doc.period}:${l.key}:${id}`, line_kind: 'correction', period: doc.period, date_from: l.dateFrom, date_to: l.dateTo,
    description: l.description, quantity: l.quantity, unit_price: l.unitPrice, net: l.net, vat_rate: l.vatRate, vat: l.vat, total: l.net + l.vat,
    tariff_id: l.tariffId, before_quantity: l.before.quantity, before_unit_price: l.before.unitPrice, before_net: l.before.net, before_vat: l.before.vat,
  }))).execute();
  await writeAudit(tx, { entityType: 'invoice', entityId: id, scopeId: doc.clientId, action: 'correct', after: { number, year, correctsInvoiceId: doc.originalId, period: doc.period, total: net + vat, reason: doc.reason } });
  return id;
}

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
  const byOriginal = new Map<string, typeof billed>();
  for (const b of billed) byOriginal.set(b.original_id, [...(byOriginal.get(b.original_id) ?? []), b]);
  const ids: string[] = [];
  for (const [originalId, rows] of byOriginal) {
    // What the client holds now per segment: the latest line for it (a period line, or a correction's "after").
    const now = new Map<string, BilledSegment>();
    for (const r of rows) {
      const key = segmentKey(service.id, r);
      const net = r.line_kind === 'correction' ? r.before_net! + r.net : r.net;
      const vat = r.line_kind === 'correction' ? r.before_vat! + r.vat : r.vat;
      now.set(key, { key, tariffId: r.tariff_id, dateFrom: r.date_from, dateTo: r.date_to, quantity: r.quantity, unitPrice: r.unit_price, net, vat, vatRate: r.vat_rate });
    }
    const period = rows[0]!.period;
    const lines = correctionLines([...now.values()], tariffs.map((t) => ({ id: t.id, validFrom: t.valid_from, validTo: t.valid_to, unitMonthly: t.monthly_price, quantity: t.quantity })),
      { startDate: svc.start_date, endDate: svc.end_date }, period);
    if (!lines.length) continue;
    ids.push(await issueCorrection(tx, { sellerId: service.seller_id, clientId: service.client_id, originalId, period, reason },
      lines.map((l) => ({ ...l, serviceId: service.id, description: `${service.title} (${l.describe})` }))));
  }
  return ids;
}

/**
 * Services that never started (an order cancelled before its first day): everything billed for them —
 * setup fees and periods, after their earlier corrections — is brought to zero, with one correction
 * document (УКД, a decrease) per original invoice, whatever else that invoice bills. The originals are
 * locked first, so a payment being applied at the same moment sees the corrected total. Unpaid, the
 * client owes nothing for them; paid, the payment stays with the client as a credit on the ledger.
 */
export async function creditUnstarted(tx: Tx, serviceIds: readonly string[], reason: string): Promise<string[]> {
  if (!serviceIds.length) return [];
  await sql`SELECT id FROM invoice WHERE id IN (SELECT coalesce(i.corrects_invoice_id, i.id) FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id
    WHERE l.service_id = ANY(${serviceIds}::text[])) ORDER BY id FOR UPDATE`.execute(tx.db);
  const billed = (await sql<BilledRow & { original_id: string; seller_id: string; client_id: string; service_id: string; invoice_period: string | null; date_from: string; date_to: string;
    quantity: number; unit_price: bigint; net: bigint; vat: bigint; vat_rate: string | null; before_net: bigint | null; before_vat: bigint | null; description: string }>`
    SELECT coalesce(i.corrects_invoice_id, i.id) AS original_id, i.seller_id, i.client_id, i.period AS invoice_period, l.service_id, l.period, l.tariff_id, l.billing_key, l.line_kind,
           l.date_from, l.date_to, l.quantity, l.unit_price, l.net, l.vat, l.vat_rate, l.before_net, l.before_vat, l.description
    FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id
    WHERE l.service_id = ANY(${serviceIds}::text[]) AND l.line_kind IN ('period','setup','correction')
    ORDER BY l.id`.execute(tx.db)).rows;
  const titles = new Map((await tx.db.selectFrom('billing_service').select(['id', 'title']).where('id', 'in', serviceIds).execute()).map((r) => [r.id, r.title]));
  const byOriginal = new Map<string, typeof billed>();
  for (const b of billed) byOriginal.set(b.original_id, [...(byOriginal.get(b.original_id) ?? []), b]);
  const ids: string[] = [];
  for (const [originalId, rows] of byOriginal) {
    const now = new Map<string, (typeof rows)[number] & { key: string; afterNet: bigint; afterVat: bigint }>();
    for (const r of rows) {
      const key = `${r.service_id}|${segmentKey(r.service_id, r)}`;
      const afterNet = r.line_kind === 'correction' ? r.before_net! + r.net : r.net;
      const afterVat = r.line_kind === 'correction' ? r.before_vat! + r.vat : r.vat;
      now.set(key, { ...r, key: segmentKey(r.service_id, r), afterNet, afterVat });
    }
    const lines: NewCorrectionLine[] = [...now.values()].filter((b) => b.afterNet !== 0n || b.afterVat !== 0n || b.quantity !== 0).map((b) => {
      // Lines billed before amounts were quantity × price are shown as one unit at their amount.
      const consistent = b.unit_price * BigInt(b.quantity) === b.afterNet;
      return {
        key: b.key, tariffId: b.tariff_id, serviceId: b.service_id, dateFrom: b.date_from, dateTo: b.date_to, quantity: 0, unitPrice: 0n,
        net: -b.afterNet, vat: -b.afterVat, vatRate: b.vat_rate, description: `${titles.get(b.service_id) ?? b.description} (не оказывается: ${reason})`,
        before: { quantity: consistent ? b.quantity : 1, unitPrice: consistent ? b.unit_price : b.afterNet, net: b.afterNet, vat: b.afterVat },
      };
    });
    if (!lines.length) continue;
    const r0 = rows[0]!;
    ids.push(await issueCorrection(tx, { sellerId: r0.seller_id, clientId: r0.client_id, originalId, period: r0.invoice_period, reason }, lines));
  }
  return ids;
}
