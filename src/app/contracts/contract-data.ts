import { formatDate, dateInZone } from '../../domain/dates.ts';
import { formatRubles } from '../../domain/money.ts';
import { rublesInWords } from '../../domain/billing/words.ts';
import { lineMoney } from '../../domain/quoting/quote.ts';
import { companyFullName, type Company } from '../../domain/parties/company.ts';
import { findCompany } from '../../db/queries/parties.ts';
import { findOrderLines } from '../../db/queries/orders.ts';
import type { Ctx } from '../context.ts';
import { requireOrder } from '../orders/orders.ts';

const kindRu: Record<string, string> = { dedicated: 'выделенный сервер', colocation: 'размещение оборудования', vps: 'VPS', internet: 'доступ в интернет' };
/** The service level promised per kind of service (the contract's SLA clause). */
const slaRu: Record<string, string> = {
  dedicated: 'выделенные серверы — доступность 99,8 % в месяц, реакция на аварию до 30 минут, замена комплектующих до 4 часов',
  colocation: 'размещение — доступность электропитания 99,95 %, доступ в ЦОД 24/7',
  vps: 'VPS — доступность 99,9 % в месяц, реакция до 30 минут',
  internet: 'доступ в интернет — доступность канала 99,7 % в месяц, реакция до 1 часа',
};
const paramRu: Record<string, string> = {
  cpuModel: 'процессор', cores: 'ядер', ramGb: 'ОЗУ, ГБ', disks: 'диски', raid: 'RAID', uplinkMbps: 'порт, Мбит/с', ipv4: 'IPv4', trafficTb: 'трафик, ТБ',
  units: 'юнитов', powerKw: 'мощность, кВт', vcpu: 'vCPU', diskGb: 'диск, ГБ', mbps: 'Мбит/с', address: 'адрес',
};

export interface ServiceRow { position: string; description: string; kind: string; site: string; tech: string; quantity: string; unitNet: string; monthly: string; setup: string }
export type ContractData = Record<string, string | boolean | ServiceRow[]> & { services: ServiceRow[] };

/** A signatory: the contact whose position says director (or the first contact), with the position in genitive-free form. */
async function signatory(ctx: Ctx, companyId: string): Promise<{ name: string; position: string }> {
  const rows = await ctx.db.selectFrom('contact').select(['full_name', 'position']).where('company_id', '=', companyId).orderBy('created_at').execute();
  const r = rows.find((c) => /директор|director|руководител/i.test(c.position ?? '')) ?? rows[0];
  return { name: r?.full_name ?? '', position: r?.position ?? '' };
}

function sideTags(prefix: 'seller' | 'client', c: Company, s: { name: string; position: string }): Record<string, string> {
  return {
    [`${prefix}Name`]: companyFullName(c), [`${prefix}Inn`]: c.inn ?? '', [`${prefix}Kpp`]: c.kpp ?? '—', [`${prefix}Ogrn`]: c.ogrn ?? '',
    [`${prefix}Address`]: c.legalAddress ?? '', [`${prefix}Bank`]: c.bankName ?? '', [`${prefix}Bik`]: c.bik ?? '', [`${prefix}Account`]: c.settlementAccount ?? '',
    [`${prefix}CorrAccount`]: c.corrAccount ?? '', [`${prefix}Email`]: c.email ?? '', [`${prefix}Phone`]: c.phone ?? '',
    [`${prefix}Signatory`]: s.name, [`${prefix}SignatoryPosition`]: s.position,
  };
}

const techText = (params: Record<string, unknown>) =>
  Object.entries(params).filter(([, v]) => v !== null && v !== '').map(([k, v]) => `${paramRu[k] ?? k}: ${String(v)}`).join('; ');

/** Everything a contract (and its appendix) shows for an order: both sides, the services, prices, VAT, SLA. */
export async function contractDataFor(ctx: Ctx, orderId: string): Promise<ContractData & { fileBase: string }> {
  const o = await requireOrder(ctx, orderId);
  const [seller, client, lines, doc, version, proposal, sellerSign, clientSign] = await Promise.all([
    findCompany(ctx.db, o.sellerId), findCompany(ctx.db, o.companyId), findOrderLines(ctx.db, orderId),
    ctx.db.selectFrom('contract_doc as d').innerJoin('contract as c', 'c.id', 'd.contract_id').select(['c.number', 'c.contract_date', 'd.appendix_no', 'd.includes_contract']).where('d.order_id', '=', orderId).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('proposal_version').select(['vat_rate']).where('id', '=', o.versionId).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('proposal').select('number').where('id', '=', o.proposalId).executeTakeFirstOrThrow(),
    signatory(ctx, o.sellerId), signatory(ctx, o.companyId),
  ]);
  const sites = new Map((await ctx.db.selectFrom('site').select(['id', 'name']).execute()).map((s) => [s.id, s.name]));
  const rub = (k: bigint) => formatRubles(k, 'ru');
  const services = lines.map((l) => {
    const m = lineMoney({ ...l, unitCost: 0n, unitFloor: 0n });
    return {
      position: String(l.position), description: l.description, kind: kindRu[l.serviceKind] ?? l.serviceKind, site: sites.get(l.siteId) ?? '',
      tech: techText(l.params), quantity: String(l.quantity), unitNet: rub(m.unitNet), monthly: rub(m.monthly), setup: rub(m.setup),
    };
  });
  const vatRate = version.vat_rate === null ? null : String(Number(version.vat_rate));
  const clientName = companyFullName(client!);
  return {
    contractNumber: doc.number, contractDate: formatDate(doc.contract_date), appendixNumber: String(doc.appendix_no), isNewContract: doc.includes_contract,
    orderNumber: o.number, proposalNumber: proposal.number, startDate: formatDate(o.agreedStart ?? o.plannedStart),
    ...sideTags('seller', seller!, sellerSign), ...sideTags('client', client!, clientSign),
    services, monthlyTotal: rub(o.monthlyTotal), setupTotal: rub(o.setupTotal), netTotal: rub(o.netTotal),
    vatLabel: vatRate === null ? 'Без НДС' : `НДС ${vatRate} %`, vatRate: vatRate ?? '', vatTotal: vatRate === null ? '—' : rub(o.vatTotal),
    grossTotal: rub(o.grossTotal), grossTotalWords: rublesInWords(o.grossTotal),
    sla: [...new Set(lines.map((l) => slaRu[l.serviceKind] ?? ''))].filter(Boolean).join('; '),
    today: formatDate(dateInZone(ctx.now(), ctx.timeZone)),
    fileBase: `${doc.includes_contract ? 'Договор' : 'Приложение'}_${doc.number}${doc.includes_contract ? '' : `-${doc.appendix_no}`}_${clientName}`,
  };
}

/** Sample data with every tag, for checking an uploaded template. */
export function sampleContractData(): ContractData {
  const side = (p: 'seller' | 'client') => Object.fromEntries(['Name', 'Inn', 'Kpp', 'Ogrn', 'Address', 'Bank', 'Bik', 'Account', 'CorrAccount', 'Email', 'Phone', 'Signatory', 'SignatoryPosition'].map((k) => [`${p}${k}`, `${p}${k}`]));
  return {
    contractNumber: 'Д-2026-0001', contractDate: '01.12.2026', appendixNumber: '1', isNewContract: true, orderNumber: 'ЗК-2026-00001', proposalNumber: 'КП-2026-00001',
    startDate: '15.12.2026', ...side('seller'), ...side('client'),
    services: [{ position: '1', description: 'Сервер', kind: 'выделенный сервер', site: 'ЦОД', tech: 'ОЗУ, ГБ: 64', quantity: '1', unitNet: '1,00 ₽', monthly: '1,00 ₽', setup: '0,00 ₽' }],
    monthlyTotal: '', setupTotal: '', netTotal: '', vatLabel: '', vatRate: '', vatTotal: '', grossTotal: '', grossTotalWords: '', sla: '', today: '',
  };
}
