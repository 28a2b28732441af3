import { sql, type Kysely } from 'kysely';
import { roundDiv } from '../../domain/money.ts';
import type { DB } from '../types.ts';

/** Billing facts other contexts read (compensation): when each client started, its tariffs, its revenue. */

export interface ClientTariffRow {
  clientId: string;
  serviceId: string;
  startDate: string;
  endDate: string | null;
  status: string;
  validFrom: string;
  validTo: string | null;
  /** monthly price × quantity of the tariff period. */
  amount: bigint;
}

/**
 * The tariff periods of every service that has started (not `pending`), clipped to the service's own dates,
 * for the given clients (all when `clientIds` is null).
 */
export async function clientTariffs(db: Kysely<DB>, clientIds: readonly string[] | null): Promise<ClientTariffRow[]> {
  if (clientIds && clientIds.length === 0) return [];
  let q = db.selectFrom('billing_service as s').innerJoin('service_tariff as t', 't.service_id', 's.id')
    .where('s.status', '<>', 'pending')
    .select(['s.client_id', 's.id as service_id', 's.start_date', 's.end_date', 's.status', 't.valid_from', 't.valid_to', 't.monthly_price', 't.quantity'])
    .orderBy('s.client_id').orderBy('t.valid_from');
  if (clientIds) q = q.where('s.client_id', 'in', clientIds);
  const rows = await q.execute();
  return rows.map((r) => ({
    clientId: r.client_id, serviceId: r.service_id, startDate: r.start_date, endDate: r.end_date, status: r.status,
    validFrom: r.valid_from, validTo: r.valid_to, amount: r.monthly_price * BigInt(r.quantity),
  }));
}

export interface RevenueSource {
  clientId: string;
  month: string;
  /** Net of VAT, kopecks. */
  net: bigint;
  ref: { kind: 'invoice' | 'payment'; id: string; number: string | null; date: string; net: string };
}

/** Net revenue invoiced for the months (invoice lines of the period, credits included), per invoice. */
export async function invoicedRevenue(db: Kysely<DB>, clientIds: readonly string[], months: readonly string[]): Promise<RevenueSource[]> {
  if (clientIds.length === 0 || months.length === 0) return [];
  const rows = await db.selectFrom('invoice_line as l').innerJoin('invoice as i', 'i.id', 'l.invoice_id')
    .where('i.client_id', 'in', clientIds).where('l.period', 'in', months)
    .select(['i.client_id', 'l.period', 'i.id', 'i.number', 'i.year', 'i.issue_date'])
    .select((eb) => eb.fn.sum<string>('l.net').as('net'))
    .groupBy(['i.client_id', 'l.period', 'i.id', 'i.number', 'i.year', 'i.issue_date']).execute();
  return rows.map((r) => ({
    clientId: r.client_id, month: r.period!, net: BigInt(r.net),
    ref: { kind: 'invoice', id: r.id, number: String(r.number), date: r.issue_date, net: String(r.net) },
  }));
}

/**
 * Net revenue paid in the months: each allocation of a payment to the client's invoice, reduced to the net share
 * of that invoice (allocation × net ÷ total, rounded half away from zero as every money division).
 */
export async function paidRevenue(db: Kysely<DB>, clientIds: readonly string[], months: readonly string[]): Promise<RevenueSource[]> {
  if (clientIds.length === 0 || months.length === 0) return [];
  const rows = await db.selectFrom('payment_allocation as a').innerJoin('payment as p', 'p.id', 'a.payment_id').innerJoin('invoice as i', 'i.id', 'a.invoice_id')
    .where('i.client_id', 'in', clientIds)
    .where(sql<string>`to_char(p.paid_on, 'YYYY-MM')`, 'in', months)
    .select(['i.client_id', 'p.id', 'p.doc_number', 'p.paid_on', 'a.amount', 'i.net_total', 'i.total'])
    .execute();
  return rows.map((r) => {
    const net = r.total === 0n ? 0n : roundDiv(r.amount * r.net_total, r.total);
    return {
      clientId: r.client_id, month: r.paid_on.slice(0, 7), net,
      ref: { kind: 'payment' as const, id: r.id, number: r.doc_number, date: r.paid_on, net: String(net) },
    };
  });
}

