import ExcelJS from 'exceljs';
import { parseCsv, type CsvRecord } from '../../domain/csv.ts';
import { AppError } from '../../domain/errors.ts';
import { decodeText, refuseReplacementChars } from '../../domain/text-encoding.ts';

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

/**
 * Reads a CSV or XLSX file (chosen by name or content) into header + rows with line numbers,
 * so importers can report "line N" the way the user sees it. Throws AppError('validation') on junk.
 */
export async function readTable(data: Buffer | string, fileName = ''): Promise<Table> {
  const isXlsx = /\.xlsx$/i.test(fileName) || (Buffer.isBuffer(data) && data.subarray(0, 2).toString('latin1') === 'PK');
  if (!isXlsx) {
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
  const wb = new ExcelJS.Workbook();
  try { await wb.xlsx.load((Buffer.isBuffer(data) ? data : Buffer.from(data)) as never); } catch {
    throw new AppError('validation', 'e.importFailed', {}, [{ path: 'line 1', key: 'v.invalid' }]);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('validation', 'e.importEmpty');
  const all: CsvRecord[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value).trim());
    if (cells.some((x) => x !== '')) all.push({ line: n, cells });
  });
  const [head, ...rows] = all;
  if (!head || rows.length === 0) throw new AppError('validation', 'e.importEmpty');
  return { header: head.cells, rows };
}

export interface SheetSpec {
  name: string;
  columns: { header: string; key: string; width?: number; numFmt?: string }[];
  rows: Record<string, string | number | Date | null>[];
}

/** Writes sheets to XLSX bytes; money should be passed as rubles (number) with numFmt '#,##0.00'. */
export async function writeXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Rackdesk';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31));
    ws.columns = s.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 18, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
