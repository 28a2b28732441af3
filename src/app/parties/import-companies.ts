import { refuseReplacementChars } from '../../domain/text-encoding.ts';
import { AppError, type FieldError } from '../../domain/errors.ts';
import { parseCsv } from '../../domain/csv.ts';
import type { CompanyInput } from '../../domain/parties/company.schemas.ts';
import { inTransaction, requirePermission, type Ctx } from '../context.ts';
import { createCompany, validateCompany } from './create-company.ts';

/** CSV header names (Russian or English) → company field. */
const COLUMNS: Record<string, keyof CompanyInput> = {
  kind: 'kind', 'тип': 'kind',
  legalform: 'legalForm', 'опф': 'legalForm',
  name: 'name', 'наименование': 'name', 'название': 'name',
  inn: 'inn', 'инн': 'inn',
  kpp: 'kpp', 'кпп': 'kpp',
  ogrn: 'ogrn', 'огрн': 'ogrn', 'огрнип': 'ogrn',
  bik: 'bik', 'бик': 'bik',
  bankname: 'bankName', 'банк': 'bankName',
  settlementaccount: 'settlementAccount', 'р/с': 'settlementAccount', 'расчетныйсчет': 'settlementAccount', 'расчётныйсчёт': 'settlementAccount',
  corraccount: 'corrAccount', 'к/с': 'corrAccount', 'корсчет': 'corrAccount', 'корсчёт': 'corrAccount',
  legaladdress: 'legalAddress', 'юридическийадрес': 'legalAddress',
  postaladdress: 'postalAddress', 'почтовыйадрес': 'postalAddress',
  phone: 'phone', 'телефон': 'phone',
  email: 'email', 'e-mail': 'email', 'почта': 'email',
  website: 'website', 'сайт': 'website',
  roles: 'roles', 'роли': 'roles',
  notes: 'notes', 'примечание': 'notes',
};
const KIND_WORDS: Record<string, string> = { 'юл': 'legal', 'организация': 'legal', 'ип': 'sole_proprietor', 'фл': 'individual', 'физлицо': 'individual' };
const norm = (h: string) => h.trim().toLowerCase().replace(/[\s_]/g, '');

export interface ImportResult { created: number }

/**
 * Imports companies from CSV, all or nothing: every line is validated first; any error refuses the
 * whole file with line-numbered messages, and nothing is written.
 */
export async function importCompanies(ctx: Ctx, csvText: string, onProgress?: (done: number, total: number) => void): Promise<ImportResult> {
  requirePermission(ctx, 'import.run');
  refuseReplacementChars(csvText);
  let records;
  try { records = parseCsv(csvText); } catch (e) {
    const line = Number(/line (\d+)/.exec(String(e))?.[1] ?? 1);
    throw new AppError('validation', 'e.importFailed', {}, [{ path: `line ${line}`, key: 'v.invalid' }], { lines: [line] });
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) throw new AppError('validation', 'e.importEmpty');
  const fields = header.cells.map((h) => COLUMNS[norm(h)] ?? null);
  for (const required of ['kind', 'name'] as const) {
    if (!fields.includes(required)) throw new AppError('validation', 'e.importHeader', { column: required });
  }
  const errors: FieldError[] = [];
  const inputs: CompanyInput[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const obj: Record<string, unknown> = {};
    fields.forEach((f, i) => {
      if (!f) return;
      const v = (r.cells[i] ?? '').trim();
      if (f === 'roles') obj.roles = v ? v.split(/[|,\s]+/).filter(Boolean) : undefined;
      else if (f === 'kind') obj.kind = KIND_WORDS[v.toLowerCase()] ?? v;
      else obj[f] = v;
    });
    try {
      const c = validateCompany(obj);
      const key = c.inn ? `${c.inn}/${c.kpp ?? ''}` : null;
      if (key && seen.has(key)) errors.push({ path: `line ${r.line}.inn`, key: 'e.duplicateInFile', params: { line: seen.get(key)! } });
      else if (key) seen.set(key, r.line);
      inputs.push(c);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      for (const fe of e.fieldErrors) errors.push({ ...fe, path: `line ${r.line}.${fe.path}` });
    }
  }
  if (errors.length) throw new AppError('validation', 'e.importFailed', {}, errors);
  await inTransaction(ctx, async (tx) => {
    for (const [i, c] of inputs.entries()) {
      onProgress?.(i, inputs.length);
      try { await createCompany(tx, c); } catch (e) {
        if (e instanceof AppError) throw new AppError(e.code, 'e.importFailed', {}, [{ path: `line ${rows[i]!.line}.inn`, key: e.key, params: e.params }], e.extra);
        throw e;
      }
    }
  });
  return { created: inputs.length };
}
