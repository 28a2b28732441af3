import { sql } from 'kysely';
import { addMonths } from '../../domain/dates.ts';
import { AppError } from '../../domain/errors.ts';
import { cashOutByMonth, scheduleState } from '../../domain/installments/installments.ts';
import type { Kopecks } from '../../domain/money.ts';
import { requirePermission, todayOf, type Ctx } from '../context.ts';
import { writeXlsx } from '../documents/tabular.ts';
import { listAgreements, supplierDebts } from './agreements.ts';

const isMonth = (m: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m);

async function activeSchedules(ctx: Ctx) {
  const rows = await sql<{ agreement_id: string; number: string; supplier_id: string; supplier_name: string; seq: number; due_on: string; amount: bigint; paid: bigint }>`
    SELECT s.agreement_id, a.number, a.supplier_id, c.name AS supplier_name, s.seq, s.due_on, s.amount,
           coalesce((SELECT sum(p.amount) FROM inst_payment p WHERE p.agreement_id = a.id), 0)::int8 AS paid
    FROM inst_schedule s JOIN inst_agreement a ON a.id = s.agreement_id JOIN company c ON c.id = a.supplier_id
    WHERE a.status = 'active' ORDER BY s.agreement_id, s.seq`.execute(ctx.db);
  const by = new Map<string, { number: string; supplierId: string; supplierName: string; paid: Kopecks; schedule: { seq: number; dueOn: string; amount: Kopecks }[] }>();
  for (const r of rows.rows) {
    const a = by.get(r.agreement_id) ?? { number: r.number, supplierId: r.supplier_id, supplierName: r.supplier_name, paid: BigInt(r.paid), schedule: [] };
    a.schedule.push({ seq: r.seq, dueOn: r.due_on, amount: BigInt(r.amount) });
    by.set(r.agreement_id, a);
  }
  return by;
}

/** What is still to be paid, per month and supplier, from `from` (YYYY-MM) for `months` months; overdue sums fall in their own month. */
export async function cashOutCalendar(ctx: Ctx, from: string, months = 12) {
  requirePermission(ctx, 'installment.read');
  if (!isMonth(from)) throw new AppError('validation', 'e.validation', {}, [{ path: 'query.from', key: 'v.period' }]);
  const monthList = Array.from({ length: months }, (_, i) => addMonths(`${from}-01`, i).slice(0, 7));
  const today = todayOf(ctx);
  const bySupplier = new Map<string, { supplierId: string; supplierName: string; months: Record<string, Kopecks>; total: Kopecks }>();
  for (const a of (await activeSchedules(ctx)).values()) {
    for (const [m, sum] of cashOutByMonth(a.schedule, a.paid, today)) {
      if (!monthList.includes(m)) continue;
      const s = bySupplier.get(a.supplierId) ?? { supplierId: a.supplierId, supplierName: a.supplierName, months: {}, total: 0n };
      s.months[m] = (s.months[m] ?? 0n) + sum;
      s.total += sum;
      bySupplier.set(a.supplierId, s);
    }
  }
  const suppliers = [...bySupplier.values()].sort((x, y) => x.supplierName.localeCompare(y.supplierName));
  const totals = Object.fromEntries(monthList.map((m) => [m, suppliers.reduce((s, x) => s + (x.months[m] ?? 0n), 0n)]));
  return { months: monthList, suppliers, totals };
}

/** The calendar as XLSX: one row per supplier, one column per month (rubles), a total row. */
export async function cashOutCalendarXlsx(ctx: Ctx, from: string, months = 12, locale: 'ru' | 'en' = 'ru'): Promise<Buffer> {
  const c = await cashOutCalendar(ctx, from, months);
  const rub = (k: Kopecks | undefined) => Number(k ?? 0n) / 100;
  const rows = c.suppliers.map((s) => ({ supplier: s.supplierName, ...Object.fromEntries(c.months.map((m) => [m, rub(s.months[m])])), total: rub(s.total) }));
  rows.push({ supplier: locale === 'ru' ? 'Итого' : 'Total', ...Object.fromEntries(c.months.map((m) => [m, rub(c.totals[m])])), total: rub(c.suppliers.reduce((s, x) => s + x.total, 0n)) });
  return writeXlsx([{
    name: locale === 'ru' ? 'Платежи по рассрочкам' : 'Installment cash-out',
    columns: [{ header: locale === 'ru' ? 'Поставщик' : 'Supplier', key: 'supplier', width: 36 }, ...c.months.map((m) => ({ header: m, key: m, width: 14, numFmt: '#,##0.00' })),
      { header: locale === 'ru' ? 'Всего' : 'Total', key: 'total', width: 16, numFmt: '#,##0.00' }],
    rows,
  }]);
}

/** Schedule entries due in a month (YYYY-MM), with what is still open on each: what to pay. */
export async function dueInMonth(ctx: Ctx, month: string) {
  requirePermission(ctx, 'installment.read');
  if (!isMonth(month)) throw new AppError('validation', 'e.validation', {}, [{ path: 'month', key: 'v.period' }]);
  const today = todayOf(ctx);
  const out: { agreementId: string; number: string; supplierName: string; seq: number; dueOn: string; amount: Kopecks; open: Kopecks; overdue: boolean }[] = [];
  for (const [id, a] of await activeSchedules(ctx)) {
    for (const e of scheduleState(a.schedule, a.paid, today)) {
      if (e.dueOn.slice(0, 7) !== month || e.status === 'paid') continue;
      out.push({ agreementId: id, number: a.number, supplierName: a.supplierName, seq: e.seq, dueOn: e.dueOn, amount: e.amount, open: e.amount - e.paid, overdue: e.status === 'overdue' });
    }
  }
  return out.sort((x, y) => x.dueOn.localeCompare(y.dueOn) || x.number.localeCompare(y.number));
}

/** Overdue schedule entries of every open agreement. */
export async function overdueInstallments(ctx: Ctx) {
  requirePermission(ctx, 'installment.read');
  const today = todayOf(ctx);
  const out: { agreementId: string; number: string; supplierName: string; seq: number; dueOn: string; open: Kopecks; daysLate: number }[] = [];
  for (const [id, a] of await activeSchedules(ctx)) {
    for (const e of scheduleState(a.schedule, a.paid, today)) {
      if (e.status !== 'overdue') continue;
      out.push({ agreementId: id, number: a.number, supplierName: a.supplierName, seq: e.seq, dueOn: e.dueOn, open: e.amount - e.paid,
        daysLate: Math.round((Date.parse(today) - Date.parse(e.dueOn)) / 86_400_000) });
    }
  }
  return out.sort((x, y) => x.dueOn.localeCompare(y.dueOn));
}

/** Units not yet paid off that are held or assigned for clients (their services): the risk if a payment fails. */
export async function unpaidAssignedToClients(ctx: Ctx) {
  requirePermission(ctx, 'installment.read');
  const rows = await sql<{ equipment_id: string; serial: string | null; model: string; number: string; agreement_id: string; supplier_name: string; state: string; assigned_kind: string | null; assigned_ref: string | null; client_id: string | null; client_name: string | null }>`
    SELECT e.id AS equipment_id, e.serial, e.model, a.number, a.id AS agreement_id, sc.name AS supplier_name, al.state, al.assigned_kind, al.assigned_ref,
           cl.id AS client_id, cl.name AS client_name
    FROM inst_item i JOIN inst_agreement a ON a.id = i.agreement_id AND a.status = 'active'
    JOIN inv_equipment e ON e.id = i.equipment_id JOIN company sc ON sc.id = a.supplier_id
    JOIN inv_allocation al ON al.equipment_id = e.id AND al.state IN ('held','assigned','releasing')
    LEFT JOIN billing_service bs ON al.assigned_kind = 'service' AND bs.id = al.assigned_ref
    LEFT JOIN company cl ON cl.id = coalesce(al.hold_company_id, CASE WHEN al.assigned_kind = 'client' THEN al.assigned_ref END, bs.client_id)
    WHERE al.assigned_kind IS DISTINCT FROM 'project'
    ORDER BY a.number, e.serial`.execute(ctx.db);
  return rows.rows.map((r) => ({ equipmentId: r.equipment_id, serial: r.serial, model: r.model, agreementId: r.agreement_id, number: r.number, supplierName: r.supplier_name,
    state: r.state, assignedKind: r.assigned_kind, assignedRef: r.assigned_ref, clientId: r.client_id, clientName: r.client_name }));
}

/** Everything management looks at on one screen. */
export async function installmentsDashboard(ctx: Ctx, from?: string) {
  const month = from ?? todayOf(ctx).slice(0, 7);
  const agreements = await listAgreements(ctx);
  return {
    today: todayOf(ctx),
    calendar: await cashOutCalendar(ctx, month, 12),
    bySupplier: await supplierDebts(ctx),
    payOffs: agreements.filter((a) => a.status === 'active').map((a) => ({ agreementId: a.id, number: a.number, supplierName: a.supplierName, payOffOn: a.payOffOn, remaining: a.remaining }))
      .sort((x, y) => (x.payOffOn ?? '').localeCompare(y.payOffOn ?? '')),
    overdue: await overdueInstallments(ctx),
    unpaidAssigned: await unpaidAssignedToClients(ctx),
  };
}
