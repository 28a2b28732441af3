import { sql } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { formatRubles, roundDiv, type Kopecks } from '../../domain/money.ts';
import {
  customScheduleProblems, debtSummary, equalSchedule, itemMonthly, payableOf, scheduleState, type ScheduleEntry,
} from '../../domain/installments/installments.ts';
import { AgreementCreateSchema, InstallmentPaymentSchema } from '../../domain/installments/installments.schemas.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, sqlStateOf, todayOf, type Ctx, type Tx } from '../context.ts';

/** What happens when what the agreement's SKUs cost us changes (start, pay-off): the flow reprices open drafts. */
export type CostChanged = (tx: Tx) => Promise<number>;
const nothing: CostChanged = async () => 0;

/** Maps the database's own refusals (migration 0014) to the same messages the app gives. */
export function installmentError(e: unknown, number: string): never {
  const code = sqlStateOf(e);
  if (code === 'RD601') throw new AppError('rule', 'e.inst.paidOff', { number, date: '' });
  if (code === 'RD602') throw new AppError('rule', 'e.inst.overpay', { number, rest: '' });
  if (code === 'RD603') throw new AppError('rule', 'e.inst.beforeSigned', { date: '' });
  if (code === 'RD606') throw new AppError('rule', 'e.inst.ownerWhilePaying', { serial: '', number });
  throw e;
}

/**
 * Registers a purchase on installments: the agreement, its items (units of the register, which become the
 * supplier's until paid off), and its schedule. Items with a SKU get the agreement's own supplier lines
 * (monthly installment while paying, price amortized once ours), and open drafts are repriced at once.
 */
export async function createAgreement(ctx: Ctx, input: unknown, costChanged: CostChanged = nothing) {
  requirePermission(ctx, 'installment.write');
  const d = parseInput(AgreementCreateSchema, input);
  const total = d.items.reduce((s, i) => s + i.price, 0n);
  if (d.downPayment > total) throw new AppError('validation', 'e.validation', {}, [{ path: 'downPayment', key: 'v.inst.downPayment' }]);
  const financed = total + d.fees - d.downPayment;
  let schedule: ScheduleEntry[];
  if (d.schedule.kind === 'equal') {
    schedule = equalSchedule({ total, fees: d.fees, downPayment: d.downPayment, signedOn: d.signedOn, firstDueOn: d.schedule.firstDueOn, months: d.schedule.months });
    if (d.schedule.firstDueOn < d.signedOn) throw new AppError('validation', 'e.validation', {}, [{ path: 'schedule.firstDueOn', key: 'v.inst.datesAscending' }]);
  } else {
    const problems = customScheduleProblems(d.schedule.entries, financed, d.signedOn);
    if (problems.length) {
      throw new AppError('validation', 'e.validation', {}, problems.map((p) => ({
        path: p.index < 0 ? 'schedule.entries' : `schedule.entries.${p.index}`, key: p.key, ...(p.index < 0 ? { params: { expected: formatRubles(financed) } } : {}),
      })));
    }
    schedule = [...(d.downPayment > 0n ? [{ seq: 0, dueOn: d.signedOn, amount: d.downPayment }] : []), ...d.schedule.entries.map((e, i) => ({ seq: i + 1, dueOn: e.dueOn, amount: e.amount }))];
  }
  const months = schedule.filter((e) => e.seq > 0).length;
  const seen = new Set<string>();
  d.items.forEach((it, i) => {
    if (seen.has(it.equipmentId)) throw new AppError('validation', 'e.validation', {}, [{ path: `items.${i}.equipmentId`, key: 'e.inv.duplicateInFile', params: { line: i } }]);
    seen.add(it.equipmentId);
  });
  try {
    return await inTransaction(ctx, async (tx) => {
      const supplier = await tx.db.selectFrom('company').select(['id', 'name', 'roles']).where('id', '=', d.supplierId).executeTakeFirst();
      if (!supplier) throw new AppError('not_found', 'e.notFound', { entity: 'company', id: d.supplierId });
      if (!supplier.roles.includes('supplier')) throw new AppError('rule', 'e.inst.notSupplier', { name: supplier.name });
      const dup = await tx.db.selectFrom('inst_agreement').select('id').where('supplier_id', '=', d.supplierId).where('number', '=', d.number).executeTakeFirst();
      if (dup) throw new AppError('conflict', 'e.inst.duplicate', { number: d.number });
      const id = newId('ia');
      await tx.db.insertInto('inst_agreement').values({
        id, supplier_id: d.supplierId, number: d.number, signed_on: d.signedOn, total, down_payment: d.downPayment, fees: d.fees,
        schedule_kind: d.schedule.kind, months: Math.max(1, months), note: d.note, created_by_name: tx.actor.name,
      }).execute();
      for (const it of d.items) {
        const eq = await tx.db.selectFrom('inv_equipment').selectAll().where('id', '=', it.equipmentId).forUpdate().executeTakeFirst();
        if (!eq) throw new AppError('not_found', 'e.inv.notFound', { entity: 'equipment', id: it.equipmentId });
        if (eq.owner === 'client') throw new AppError('rule', 'e.inst.equipmentOwned', { serial: eq.serial ?? eq.id });
        const other = await tx.db.selectFrom('inst_item as i').innerJoin('inst_agreement as a', 'a.id', 'i.agreement_id').select('a.number').where('i.equipment_id', '=', eq.id).executeTakeFirst();
        if (other) throw new AppError('conflict', 'e.inst.equipmentTaken', { serial: eq.serial ?? eq.id, number: other.number });
        await tx.db.updateTable('inv_equipment').set({ owner: 'supplier', owner_company_id: d.supplierId, paid_off_on: null }).where('id', '=', eq.id).execute();
        await tx.db.insertInto('inst_item').values({ agreement_id: id, equipment_id: eq.id, price: it.price, sku: it.sku }).execute();
        await writeAudit(tx, { entityType: 'equipment', entityId: eq.id, action: 'owner_change', before: { owner: eq.owner, ownerCompanyId: eq.owner_company_id, paidOffOn: eq.paid_off_on },
          after: { owner: 'supplier', ownerCompanyId: d.supplierId, agreementId: id, date: d.signedOn } });
      }
      await tx.db.insertInto('inst_schedule').values(schedule.map((e) => ({ agreement_id: id, seq: e.seq, due_on: e.dueOn, amount: e.amount }))).execute();
      await writeCostLines(tx, id, d.supplierId, d.number, d.signedOn, d.items, financed, Math.max(1, months));
      await writeAudit(tx, { entityType: 'inst_agreement', entityId: id, scopeId: d.supplierId, action: 'create', after: { ...d, total, schedule } });
      const repriced = await costChanged(tx);
      return { ...(await loadAgreement(tx, id)), repricedVersions: repriced };
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (sqlStateOf(e) === '23505') throw new AppError('conflict', 'e.inst.duplicate', { number: d.number });
    return installmentError(e, d.number);
  }
}

/** The agreement's own supplier lines, one per SKU: 'paying' (monthly installment) and 'owned' (price, amortized by the formula). */
async function writeCostLines(tx: Tx, agreementId: string, supplierId: string, number: string, signedOn: string,
  items: readonly { price: Kopecks; sku: string | null }[], financed: Kopecks, months: number): Promise<void> {
  const itemsTotal = items.reduce((s, i) => s + i.price, 0n);
  const bySku = new Map<string, Kopecks[]>();
  for (const it of items) if (it.sku) bySku.set(it.sku, [...(bySku.get(it.sku) ?? []), it.price]);
  if (!bySku.size) return;
  for (const phase of ['paying', 'owned'] as const) {
    const listId = newId('pl');
    await tx.db.insertInto('supplier_price_list').values({
      id: listId, supplier_id: supplierId, effective_from: signedOn, source_name: `${number} (${phase})`, line_count: bySku.size,
      imported_by: tx.actor.id, imported_by_name: tx.actor.name, agreement_id: agreementId, phase,
    }).execute();
    let n = 0;
    for (const [sku, prices] of bySku) {
      // several units of one SKU: their average, so the SKU has one cost
      const price = roundDiv(prices.reduce((s, p) => s + p, 0n), BigInt(prices.length));
      await tx.db.insertInto('supplier_price_line').values({
        id: newId('pn'), price_list_id: listId, line_no: ++n, sku, component: 'hardware', description: `${number}`, unit: 'pcs',
        billing: phase === 'paying' ? 'installment' : 'one_time', price: phase === 'paying' ? itemMonthly(price, itemsTotal, financed, months) : price,
        installment_months: phase === 'paying' ? months : null,
      }).execute();
    }
  }
}

async function paidOf(db: Ctx['db'], agreementId: string): Promise<Kopecks> {
  const r = await sql<{ s: bigint }>`SELECT coalesce(sum(amount), 0)::int8 AS s FROM inst_payment WHERE agreement_id = ${agreementId}`.execute(db);
  return r.rows[0]?.s ?? 0n;
}

/**
 * Records one payment against an agreement (the caller holds the transaction); at the final kopeck the
 * agreement is paid off and its units become ours from that date (the database flips the owner; the
 * change is audited per unit), and open drafts are repriced: the SKU now costs its amortization.
 */
export async function applyPayment(tx: Tx, agreementId: string, p: { amount: Kopecks | 'rest'; paidOn: string; source: 'manual' | 'statement'; outgoingId?: string | null; docNumber?: string | null; note?: string | null }, costChanged: CostChanged = nothing) {
  const a = await tx.db.selectFrom('inst_agreement').selectAll().where('id', '=', agreementId).forUpdate().executeTakeFirst();
  if (!a) throw new AppError('not_found', 'e.notFound', { entity: 'inst_agreement', id: agreementId });
  if (a.status === 'paid_off') throw new AppError('rule', 'e.inst.paidOff', { number: a.number, date: a.paid_off_on ?? '' });
  if (p.paidOn < a.signed_on) throw new AppError('rule', 'e.inst.beforeSigned', { date: a.signed_on });
  const paid = await paidOf(tx.db, agreementId);
  const rest = payableOf(a) - paid;
  const amount = p.amount === 'rest' ? rest : p.amount;
  if (amount > rest || amount <= 0n) throw new AppError('rule', 'e.inst.overpay', { number: a.number, rest: formatRubles(rest) });
  const id = newId('iy');
  await tx.db.insertInto('inst_payment').values({ id, agreement_id: agreementId, amount, paid_on: p.paidOn, source: p.source, outgoing_id: p.outgoingId ?? null,
    doc_number: p.docNumber ?? null, note: p.note ?? null, actor_name: tx.actor.name }).execute();
  await writeAudit(tx, { entityType: 'inst_agreement', entityId: agreementId, scopeId: a.supplier_id, action: 'payment', after: { paymentId: id, amount, paidOn: p.paidOn, source: p.source, docNumber: p.docNumber ?? null } });
  let paidOff = false;
  if (amount === rest) {
    const units = await tx.db.selectFrom('inst_item as i').innerJoin('inv_equipment as e', 'e.id', 'i.equipment_id').select(['e.id', 'e.owner', 'e.owner_company_id']).where('i.agreement_id', '=', agreementId).execute();
    await tx.db.updateTable('inst_agreement').set({ status: 'paid_off', paid_off_on: p.paidOn }).where('id', '=', agreementId).execute();
    for (const u of units) {
      await writeAudit(tx, { entityType: 'equipment', entityId: u.id, action: 'owner_change', before: { owner: u.owner, ownerCompanyId: u.owner_company_id },
        after: { owner: 'us', ownerCompanyId: null, paidOffOn: p.paidOn, agreementId } });
    }
    await writeAudit(tx, { entityType: 'inst_agreement', entityId: agreementId, scopeId: a.supplier_id, action: 'paid_off', after: { paidOffOn: p.paidOn, units: units.map((u) => u.id) } });
    await costChanged(tx);
    paidOff = true;
  }
  return { id, amount, remaining: rest - amount, paidOff };
}

/** A payment entered by hand; `payOff` pays the whole remaining debt at once (early pay-off). */
export async function payInstallment(ctx: Ctx, agreementId: string, input: unknown, costChanged: CostChanged = nothing) {
  requirePermission(ctx, 'installment.write');
  const d = parseInput(InstallmentPaymentSchema, input);
  try {
    return await inTransaction(ctx, (tx) => applyPayment(tx, agreementId, { amount: d.payOff ? 'rest' : d.amount!, paidOn: d.paidOn, source: 'manual', docNumber: d.docNumber, note: d.note }, costChanged));
  } catch (e) {
    if (e instanceof AppError) throw e;
    return installmentError(e, agreementId);
  }
}

/** Finds an agreement by id, or by its number (unique per supplier; refused when two suppliers share it). */
export async function resolveAgreementId(ctx: Ctx, ref: string): Promise<string> {
  const rows = await ctx.db.selectFrom('inst_agreement').select('id').where((w) => w.or([w('id', '=', ref), w('number', '=', ref)])).limit(2).execute();
  if (rows.length === 1) return rows[0]!.id;
  if (!rows.length) throw new AppError('not_found', 'e.notFound', { entity: 'inst_agreement', id: ref });
  throw new AppError('conflict', 'e.inst.duplicate', { number: ref });
}

async function loadAgreement(ctx: Ctx, id: string) {
  const a = await ctx.db.selectFrom('inst_agreement as a').innerJoin('company as c', 'c.id', 'a.supplier_id').selectAll('a').select(['c.name as supplier_name', 'c.inn as supplier_inn'])
    .where('a.id', '=', id).executeTakeFirst();
  if (!a) throw new AppError('not_found', 'e.notFound', { entity: 'inst_agreement', id });
  const schedule = (await ctx.db.selectFrom('inst_schedule').selectAll().where('agreement_id', '=', id).orderBy('seq').execute()).map((e) => ({ seq: e.seq, dueOn: e.due_on, amount: e.amount }));
  const payments = (await ctx.db.selectFrom('inst_payment').selectAll().where('agreement_id', '=', id).orderBy('paid_on').orderBy('id').execute())
    .map((p) => ({ id: p.id, amount: p.amount, paidOn: p.paid_on, source: p.source, docNumber: p.doc_number, note: p.note, actorName: p.actor_name }));
  const items = (await ctx.db.selectFrom('inst_item as i').innerJoin('inv_equipment as e', 'e.id', 'i.equipment_id').leftJoin('inv_rack as r', 'r.id', 'e.rack_id')
    .select(['i.equipment_id', 'i.price', 'i.sku', 'e.kind', 'e.model', 'e.serial', 'e.owner', 'e.paid_off_on', 'e.rack_id', 'e.u_from', 'r.name as rack_name'])
    .where('i.agreement_id', '=', id).orderBy('e.serial').execute())
    .map((i) => ({ equipmentId: i.equipment_id, price: i.price, sku: i.sku, kind: i.kind, model: i.model, serial: i.serial, owner: i.owner, paidOffOn: i.paid_off_on, rackId: i.rack_id, rackName: i.rack_name, uFrom: i.u_from }));
  const today = todayOf(ctx);
  const paid = payments.reduce((s, p) => s + p.amount, 0n);
  return {
    id: a.id, supplierId: a.supplier_id, supplierName: a.supplier_name, supplierInn: a.supplier_inn, number: a.number, signedOn: a.signed_on, currency: a.currency,
    total: a.total, downPayment: a.down_payment, fees: a.fees, scheduleKind: a.schedule_kind, months: a.months, status: a.status, paidOffOn: a.paid_off_on, note: a.note,
    items, schedule: scheduleState(schedule, paid, today), payments, ...debtSummary(schedule, paid, today),
  };
}

/** One agreement with items, schedule (each entry paid / partial / due / overdue), payments and the debt. */
export async function getAgreement(ctx: Ctx, id: string) {
  requirePermission(ctx, 'installment.read');
  return loadAgreement(ctx, id);
}

/** Every agreement with its remaining debt, overdue sum and pay-off date (actual, else the last scheduled). */
export async function listAgreements(ctx: Ctx, f: { supplierId?: string; status?: string } = {}) {
  requirePermission(ctx, 'installment.read');
  let q = ctx.db.selectFrom('inst_agreement as a').innerJoin('company as c', 'c.id', 'a.supplier_id').selectAll('a').select('c.name as supplier_name');
  if (f.supplierId) q = q.where('a.supplier_id', '=', f.supplierId);
  if (f.status) q = q.where('a.status', '=', f.status);
  const rows = await q.orderBy('a.signed_on', 'desc').orderBy('a.id').limit(2000).execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const sched = await ctx.db.selectFrom('inst_schedule').selectAll().where('agreement_id', 'in', ids).orderBy('seq').execute();
  const paid = await ctx.db.selectFrom('inst_payment').select(['agreement_id', sql<bigint>`sum(amount)::int8`.as('s')]).where('agreement_id', 'in', ids).groupBy('agreement_id').execute();
  const units = await ctx.db.selectFrom('inst_item').select(['agreement_id', sql<number>`count(*)::int`.as('n')]).where('agreement_id', 'in', ids).groupBy('agreement_id').execute();
  const paidBy = new Map(paid.map((p) => [p.agreement_id, BigInt(p.s)]));
  const today = todayOf(ctx);
  return rows.map((a) => {
    const s = debtSummary(sched.filter((e) => e.agreement_id === a.id).map((e) => ({ seq: e.seq, dueOn: e.due_on, amount: e.amount })), paidBy.get(a.id) ?? 0n, today);
    return {
      id: a.id, supplierId: a.supplier_id, supplierName: a.supplier_name, number: a.number, signedOn: a.signed_on, total: a.total, fees: a.fees, downPayment: a.down_payment,
      status: a.status, paidOffOn: a.paid_off_on, units: units.find((u) => u.agreement_id === a.id)?.n ?? 0,
      payable: s.payable, paid: s.paid, remaining: s.remaining, overdue: s.overdue, overdueSince: s.overdueSince,
      nextDueOn: s.next?.dueOn ?? null, nextAmount: s.next ? s.next.amount - s.next.paid : null, payOffOn: a.paid_off_on ?? s.lastDue,
    };
  });
}

/** Remaining debt and overdue sums per supplier. */
export async function supplierDebts(ctx: Ctx) {
  const list = await listAgreements(ctx);
  const by = new Map<string, { supplierId: string; supplierName: string; agreements: number; remaining: Kopecks; overdue: Kopecks }>();
  for (const a of list) {
    const s = by.get(a.supplierId) ?? { supplierId: a.supplierId, supplierName: a.supplierName, agreements: 0, remaining: 0n, overdue: 0n };
    s.agreements++; s.remaining += a.remaining; s.overdue += a.overdue;
    by.set(a.supplierId, s);
  }
  return [...by.values()].sort((x, y) => (y.remaining > x.remaining ? 1 : y.remaining < x.remaining ? -1 : x.supplierName.localeCompare(y.supplierName)));
}
