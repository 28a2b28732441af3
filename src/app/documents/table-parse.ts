import ExcelJS from 'exceljs';
import { parseCsv, type CsvRecord } from '../../domain/csv.ts';
import { AppError } from '../../domain/errors.ts';
import { decodeText, refuseReplacementChars } from '../../domain/text-encoding.ts';
import { checkZip, XLSX_LIMITS } from './zip-limits.ts';

export interface Table {
  header: string[];
  /** Data rows with the 1-based line (CSV) or row number (XLSX) a person sees. */
  rows: CsvRecord[];
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
}

export const isXlsxUpload = (data: Buffer | string, fileName: string) =>
  /\.xlsx$/i.test(fileName) || (Buffer.isBuffer(data) && data.subarray(0, 2).toString('latin1') === 'PK');

/**
 * Parses a CSV or XLSX file into header + rows on the calling thread. `readTable` (tabular.ts) calls it
 * directly for small files and in a worker thread (table-worker.mjs) for large ones. An XLSX passes the
 * zip limits before ExcelJS opens it.
 */
export async function parseTable(data: Buffer | string, fileName = ''): Promise<Table> {
  if (!isXlsxUpload(data, fileName)) {
    // UTF-8 or Russian Excel's Windows-1251, never a silent «����».
    const text = Buffer.isBuffer(data) ? decodeText(data).text : data;
    if (!Buffer.isBuffer(data)) refuseReplacementChars(text);
    let records: CsvRecord[];
    try { records = parseCsv(text); } catch (e) {
      const line = Number(/line (\d+)/.exec(String(e))?.[1] ?? 1);
      throw new AppError('validation', 'e.importFailed', {}, [{ path: `line ${line}`, key: 'v.invalid' }]);
    }
    const [head, ...rows] = records;
    if (!head || rows.length === 0) throw new AppError('validation', 'e.importEmpty');
    return { header: head.cells.map((h) => h.trim()), rows };
  }
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
  checkZip(bytes, XLSX_LIMITS, () => new AppError('validation', 'e.importFailed', {}, [{ path: 'line 1', key: 'v.invalid' }]));
  const wb = new ExcelJS.Workbook();
  try { await wb.xlsx.load(bytes as never); } catch {
    throw new AppError('validation', 'e.importFailed', {}, [{ path: 'line 1', key: 'v.invalid' }]);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('validation', 'e.importEmpty');
  const all: CsvRecord[] = [];
  // ExcelJS computes `columnCount` by walking every row: asked once, not for each cell (30 000 rows took minutes).
  const columns = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= columns; c++) cells.push(cellText(row.getCell(c).value).trim());
    if (cells.some((x) => x !== '')) all.push({ line: n, cells });
  });
  const [head, ...rows] = all;
  if (!head || rows.length === 0) throw new AppError('validation', 'e.importEmpty');
  return { header: head.cells, rows };
}
