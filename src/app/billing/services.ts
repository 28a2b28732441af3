import type { Selectable } from 'kysely';
import type { BillingServiceTable } from '../../db/types.ts';
import { AppError, type FieldError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { addDays, serviceTransitions, type ServiceStatus } from '../../domain/billing/billing.ts';
import { ServiceCreateSchema, type ServiceInput } from '../../domain/billing/billing.schemas.ts';
import { serviceKinds } from '../../domain/catalog/service-kinds.ts';
import { parseRubles, type Kopecks } from '../../domain/money.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { findCompany } from '../../db/queries/parties.ts';
import { readTable } from '../documents/tabular.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { fieldErrorsOf, inTransaction, parseInput, requirePermission, type Ctx } from '../context.ts';
import { getOwnEntity } from '../reference/own-entities.ts';

export interface Service {
  id: string; clientId: string; sellerId: string; contractRef: string | null; kind: string; title: string;
  params: Record<string, unknown>; siteId: string | null; monthlyPrice: Kopecks; setupFee: Kopecks; quantity: number;
  startDate: string; endDate: string | null; billingDay: number; status: ServiceStatus; version: number;
}

export const serviceFromRow = (r: Selectable<BillingServiceTable>): Service => ({
  id: r.id, clientId: r.client_id, sellerId: r.seller_id, contractRef: r.contract_ref, kind: r.kind, title: r.title,
  params: (r.params ?? {}) as Record<string, unknown>, siteId: r.site_id, monthlyPrice: r.monthly_price, setupFee: r.setup_fee,
  quantity: r.quantity, startDate: r.start_date, endDate: r.end_date, billingDay: r.billing_day, status: r.status, version: r.version,
});

async function insertService(tx: Ctx, data: ServiceInput): Promise<Service> {
  const client = await findCompany(tx.db, data.clientId);
  if (!client) throw new AppError('not_found', 'e.notFound', { entity: 'company', id: data.clientId });
  if (!client.roles.includes('client')) throw new AppError('rule', 'e.service.clientNotClient', { name: client.name });
  const sellerId = data.sellerId ?? (await getOwnEntity(tx)).company.id;
  const id = newId('sv');
  const row = await tx.db.insertInto('billing_service').values({
    id, client_id: data.clientId, seller_id: sellerId, contract_ref: data.contractRef, kind: data.kind, title: data.title,
    params: JSON.stringify(data.params), site_id: data.siteId, monthly_price: data.monthlyPrice, setup_fee: data.setupFee,
    quantity: data.quantity, start_date: data.startDate, billing_day: data.billingDay, status: data.activate ? 'active' : 'pending', updated_at: tx.now(),
  }).returningAll().executeTakeFirstOrThrow();
  await tx.db.insertInto('service_tariff').values({ id: newId('tf'), service_id: id, valid_from: data.startDate, monthly_price: data.monthlyPrice, quantity: data.quantity, reason: null }).execute();
  const s = serviceFromRow(row);
  await writeAudit(tx, { entityType: 'service', entityId: id, scopeId: data.clientId, action: 'create', after: s });
  return s;
}

/** Creates a client service (subscription) with its first tariff; active at once unless `activate` is false. */
export async function createService(ctx: Ctx, input: unknown): Promise<Service> {
  requirePermission(ctx, 'billing.write');
  const data = parseInput(ServiceCreateSchema, input);
  return inTransaction(ctx, (tx) => insertService(tx, data));
}

export async function getService(ctx: Ctx, id: string): Promise<Service> {
  requirePermission(ctx, 'billing.read');
  const r = await ctx.db.selectFrom('billing_service').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('not_found', 'e.notFound', { entity: 'service', id });
  return serviceFromRow(r);
}

export async function listServices(ctx: Ctx, f: { clientId?: string; status?: string } = {}): Promise<Service[]> {
  requirePermission(ctx, 'billing.read');
  let q = ctx.db.selectFrom('billing_service').selectAll();
  if (f.clientId) q = q.where('client_id', '=', f.clientId);
  if (f.status) q = q.where('status', '=', f.status as ServiceStatus);
  return (await q.orderBy('start_date').orderBy('id').limit(2000).execute()).map(serviceFromRow);
}

/** Tariff history of a service, oldest first (used later by commissions for the averaged tariff). */
export async function tariffHistory(ctx: Ctx, serviceId: string) {
  requirePermission(ctx, 'billing.read');
  const rows = await ctx.db.selectFrom('service_tariff').selectAll().where('service_id', '=', serviceId).orderBy('valid_from').execute();
  return rows.map((r) => ({ validFrom: r.valid_from, validTo: r.valid_to, monthlyPrice: r.monthly_price, quantity: r.quantity, reason: r.reason }));
}

/** Activates, suspends or resumes a service (closing goes through closeService). */
export async function setServiceStatus(ctx: Ctx, id: string, to: 'active' | 'suspended'): Promise<Service> {
  requirePermission(ctx, 'billing.write');
  return inTransaction(ctx, async (tx) => {
    const r = await tx.db.selectFrom('billing_service').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r) throw new AppError('not_found', 'e.notFound', { entity: 'service', id });
    const from = r.status;
    if (!serviceTransitions[from].includes(to)) throw new AppError('rule', 'e.service.transition', { from, to });
    const row = await tx.db.updateTable('billing_service').set({ status: to, version: r.version + 1, updated_at: tx.now() })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await writeAudit(tx, { entityType: 'service', entityId: id, scopeId: r.client_id, action: `status.${to}`, before: { status: from }, after: { status: to } });
    return serviceFromRow(row);
  });
}

/** Closes a service that never started (pending): it is never billed from then on; `reason` goes into the audit. */
export async function cancelPendingService(ctx: Ctx, id: string, reason?: string): Promise<void> {
  requirePermission(ctx, 'billing.write');
  await inTransaction(ctx, async (tx) => {
    const r = await tx.db.selectFrom('billing_service').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r) throw new AppError('not_found', 'e.notFound', { entity: 'service', id });
    if (r.status !== 'pending') throw new AppError('rule', 'e.service.transition', { from: r.status, to: 'closed' });
    await tx.db.updateTable('billing_service').set({ status: 'closed', end_date: addDays(r.start_date, -1), updated_at: tx.now() }).where('id', '=', id).execute();
    await writeAudit(tx, { entityType: 'service', entityId: id, scopeId: r.client_id, action: 'status.closed', ...(reason ? { after: { status: 'closed', reason } } : {}) });
  });
}

const COLUMNS: Record<string, string> = {
  clientinn: 'clientInn', 'инн': 'clientInn', 'инн клиента': 'clientInn', inn: 'clientInn',
  clientkpp: 'clientKpp', 'кпп': 'clientKpp', kpp: 'clientKpp',
  contract: 'contractRef', contractref: 'contractRef', 'договор': 'contractRef',
  kind: 'kind', 'вид': 'kind', 'вид услуги': 'kind',
  title: 'title', 'услуга': 'title', 'наименование': 'title',
  monthlyprice: 'monthlyPrice', 'цена': 'monthlyPrice', 'цена в месяц': 'monthlyPrice', 'абонплата': 'monthlyPrice',
  setupfee: 'setupFee', 'подключение': 'setupFee',
  quantity: 'quantity', 'количество': 'quantity', 'кол-во': 'quantity',
  startdate: 'startDate', 'дата начала': 'startDate', 'начало': 'startDate',
  billingday: 'billingDay', 'день счета': 'billingDay', 'день счёта': 'billingDay',
  status: 'status', 'статус': 'status',
};
const KIND_WORDS: Record<string, string> = { 'выделенный сервер': 'dedicated', 'сервер': 'dedicated', 'колокейшн': 'colocation', 'размещение': 'colocation', 'vps': 'vps', 'vds': 'vps', 'интернет': 'internet' };
const norm = (h: string) => h.trim().toLowerCase().replace(/_/g, '').replace(/\s+/g, ' ');
const dmy = (s: string) => { const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s.trim()); return m ? `${m[3]}-${m[2]}-${m[1]}` : s.trim(); };

/**
 * Imports existing clients' services from CSV or XLSX, all or nothing: every line is checked first
 * (client found by ИНН/КПП, kind, money, dates); any error refuses the whole file with line numbers.
 */
export async function importServices(ctx: Ctx, data: Buffer | string, fileName = ''): Promise<{ created: number }> {
  requirePermission(ctx, 'billing.write');
  requirePermission(ctx, 'import.run');
  const table = await readTable(data, fileName);
  const map = table.header.map((h) => COLUMNS[norm(h)] ?? COLUMNS[norm(h).replace(/\s/g, '')] ?? null);
  for (const col of ['clientInn', 'kind', 'title', 'monthlyPrice', 'startDate']) {
    if (!map.includes(col)) throw new AppError('validation', 'e.importHeader', { column: col });
  }
  // An error names the column as the file heads it («ИНН», «Цена в месяц»), not the field it fills.
  const columnOf = (field: string) => { const i = map.indexOf(field); return i >= 0 ? table.header[i]!.trim() : field; };
  const errors: FieldError[] = [];
  const inputs: ServiceInput[] = [];
  const clients = new Map<string, { id: string; kpp: string | null }[]>();
  const rows = await ctx.db.selectFrom('company').select(['id', 'inn', 'kpp']).where('inn', 'is not', null).where(({ eb }) => eb(eb.val('client'), '=', eb.fn.any('roles'))).execute();
  for (const r of rows) clients.set(r.inn!, [...(clients.get(r.inn!) ?? []), { id: r.id, kpp: r.kpp }]);
  for (const rec of table.rows) {
    const v: Record<string, string> = {};
    map.forEach((k, i) => { if (k) v[k] = (rec.cells[i] ?? '').trim(); });
    const at = (field: string, key: string, params?: Record<string, string | number>) => errors.push({ path: `line ${rec.line}: ${columnOf(field)}`, key, ...(params ? { params } : {}) });
    const cands = (clients.get(v.clientInn ?? '') ?? []).filter((c) => !v.clientKpp || c.kpp === v.clientKpp);
    if (cands.length === 0) { at('clientInn', 'e.import.unknownClient', { inn: v.clientInn ?? '' }); continue; }
    if (cands.length > 1) { at('clientInn', 'e.import.ambiguousClient', { inn: v.clientInn ?? '' }); continue; }
    const kindRaw = (v.kind ?? '').toLowerCase();
    const kind = (serviceKinds as readonly string[]).includes(kindRaw) ? kindRaw : KIND_WORDS[kindRaw];
    if (!kind) { at('kind', 'e.import.unknownService', { value: v.kind ?? '' }); continue; }
    const price = parseRubles(v.monthlyPrice ?? '');
    const setup = v.setupFee ? parseRubles(v.setupFee) : 0n;
    const start = dmy(v.startDate ?? '');
    if (price === null || price < 0n) { at('monthlyPrice', 'v.money'); continue; }
    if (setup === null || setup < 0n) { at('setupFee', 'v.money'); continue; }
    if (!isIsoDate(start)) { at('startDate', 'v.date'); continue; }
    const r = ServiceCreateSchema.safeParse({
      clientId: cands[0]!.id, contractRef: v.contractRef || null, kind, title: v.title ?? '', monthlyPrice: Number(price), setupFee: Number(setup),
      quantity: v.quantity ? Number(v.quantity) : 1, startDate: start, billingDay: v.billingDay ? Number(v.billingDay) : 1,
      activate: !/^(pending|ожидает)$/i.test(v.status ?? ''),
    });
    if (!r.success) { for (const f of fieldErrorsOf(r.error.issues as never)) errors.push({ ...f, path: `line ${rec.line}: ${columnOf(f.path.split('.')[0]!)}` }); continue; }
    inputs.push(r.data);
  }
  if (errors.length) throw new AppError('validation', 'e.importFailed', {}, errors);
  await inTransaction(ctx, async (tx) => { for (const i of inputs) await insertService(tx, i); });
  return { created: inputs.length };
}
