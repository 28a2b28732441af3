import { z } from 'zod';
import type { FieldError } from '../errors.ts';
import { parseRubles, type Kopecks } from '../money.ts';
import { billings, costComponents, type Billing, type CostComponent } from '../pricing/pricing.ts';
import { isoDateSchema } from '../date-schema.ts';

/** A validated price-list line from a file, with the line number the person sees. */
export interface PriceListRow {
  lineNo: number;
  sku: string;
  component: CostComponent;
  description: string | null;
  unit: string | null;
  billing: Billing;
  price: Kopecks;
  installmentMonths: number | null;
}

/** Header names accepted for each column (English and Russian). */
const columns: Record<string, string[]> = {
  sku: ['sku', 'артикул', 'код'],
  component: ['component', 'компонент', 'тип'],
  description: ['description', 'описание', 'наименование'],
  unit: ['unit', 'ед', 'единица'],
  billing: ['billing', 'оплата'],
  price: ['price', 'цена'],
  installmentMonths: ['installment_months', 'months', 'месяцев', 'рассрочка_мес'],
};
const required = ['sku', 'component', 'billing', 'price'];

const componentAliases: Record<string, CostComponent> = {
  сервер: 'hardware', оборудование: 'hardware', комплектующие: 'part', стойка: 'rack', электропитание: 'power', питание: 'power',
  канал: 'channel', ip: 'ip', лицензия: 'licence', license: 'licence', рассрочка: 'installment',
};
const billingAliases: Record<string, Billing> = { ежемесячно: 'monthly', разово: 'one_time', 'one-time': 'one_time', рассрочка: 'installment' };

export const PriceListImportSchema = z.object({
  supplierId: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }).max(64),
  effectiveFrom: isoDateSchema,
  fileName: z.string().max(300).default('price-list.csv'),
}).strict();

/**
 * Checks every row of a price-list table; returns rows or all errors with line numbers
 * (all or nothing: one bad line rejects the file).
 */
export function parsePriceListRows(header: string[], rows: { line: number; cells: string[] }[]): { rows: PriceListRow[]; errors: FieldError[] } {
  const idx: Record<string, number> = {};
  const norm = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  for (const [key, names] of Object.entries(columns)) {
    const i = norm.findIndex((h) => names.includes(h));
    if (i >= 0) idx[key] = i;
  }
  const errors: FieldError[] = [];
  for (const r of required) if (idx[r] === undefined) errors.push({ path: 'header', key: 'e.importHeader', params: { column: r } });
  if (errors.length) return { rows: [], errors };
  const out: PriceListRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    const get = (k: string) => (idx[k] === undefined ? '' : (cells[idx[k]!] ?? '').trim());
    const at = (col: string, key: string, params?: Record<string, string | number>) => errors.push({ path: `line ${line}.${col}`, key, ...(params ? { params } : {}) });
    const sku = get('sku');
    if (!sku) at('sku', 'v.required'); else if (sku.length > 80) at('sku', 'v.tooLong', { max: 80 });
    const compRaw = get('component').toLowerCase();
    const component = (costComponents as readonly string[]).includes(compRaw) ? compRaw as CostComponent : componentAliases[compRaw];
    if (!component) at('component', 'v.enum', { options: costComponents.join(', ') });
    const billRaw = get('billing').toLowerCase();
    const billing = (billings as readonly string[]).includes(billRaw) ? billRaw as Billing : billingAliases[billRaw];
    if (!billing) at('billing', 'v.enum', { options: billings.join(', ') });
    const price = parseRubles(get('price'));
    if (price === null || price < 0n) at('price', 'v.money');
    const monthsRaw = get('installmentMonths');
    let installmentMonths: number | null = null;
    if (monthsRaw) {
      if (!/^\d{1,3}$/.test(monthsRaw) || Number(monthsRaw) < 1 || Number(monthsRaw) > 120) at('installment_months', 'v.invalid');
      else installmentMonths = Number(monthsRaw);
    }
    if (billing === 'installment' && installmentMonths === null && !(monthsRaw && errors.length)) at('installment_months', 'v.required');
    if (billing && billing !== 'installment' && installmentMonths !== null) at('installment_months', 'v.suppliers.monthsOnlyInstallment');
    if (sku) {
      const prev = seen.get(sku);
      if (prev !== undefined) at('sku', 'v.suppliers.duplicateSku', { line: prev }); else seen.set(sku, line);
    }
    if (sku && component && billing && price !== null && price >= 0n) {
      out.push({ lineNo: line, sku, component, description: get('description') || null, unit: get('unit') || null, billing, price, installmentMonths: billing === 'installment' ? installmentMonths : null });
    }
  }
  return { rows: errors.length ? [] : out, errors };
}
