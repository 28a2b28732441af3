import { Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import { AppError } from '../../domain/errors.ts';
import { isXlsxUpload, parseTable, type Table } from './table-parse.ts';

export type { Table } from './table-parse.ts';

/**
 * Files from this size on are parsed in a worker thread, so the server keeps answering meanwhile: a CSV
 * from 512 KB, an XLSX (compressed about tenfold) from 64 KB.
 */
export const OFF_THREAD_BYTES = { csv: 512 * 1024, xlsx: 64 * 1024 };
/** A worker parsing one table never takes more heap than this; past it the file is refused as too large. */
const WORKER_HEAP_MB = 1024;

function parseInWorker(data: Buffer | string, fileName: string): Promise<Table> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./table-worker.mjs', import.meta.url), {
      workerData: { data, isBuffer: Buffer.isBuffer(data), fileName },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    let settled = false;
    const settle = (fn: () => void) => { if (!settled) { settled = true; fn(); void worker.terminate(); } };
    worker.once('message', (m: { ok: true; table: Table } | { ok: false; appError?: AppError; message?: string }) => settle(() => {
      if (m.ok) resolve(m.table);
      else if (m.appError) { const e = m.appError; reject(new AppError(e.code, e.key, e.params, e.fieldErrors, e.extra)); }
      else reject(new Error(m.message ?? 'table worker failed'));
    }));
    worker.once('error', (e: Error & { code?: string }) => settle(() => reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new AppError('too_large', 'e.upload.tooLargeToRead', {}, [{ path: 'file', key: 'e.upload.tooLargeToRead' }])
      : e)));
    worker.once('exit', (code) => settle(() => reject(new Error(`table worker exited with code ${code}`))));
  });
}

/**
 * Reads a CSV or XLSX file (chosen by name or content) into header + rows with line numbers,
 * so importers can report "line N" the way the user sees it. Throws AppError('validation') on junk and
 * AppError('too_large') on an XLSX that unpacks beyond the limits (zip-limits.ts). Files from
 * `offThreadBytes` on are parsed in a worker thread, off the event loop.
 */
export async function readTable(data: Buffer | string, fileName = '', opts: { offThreadBytes?: number } = {}): Promise<Table> {
  const from = opts.offThreadBytes ?? OFF_THREAD_BYTES[isXlsxUpload(data, fileName) ? 'xlsx' : 'csv'];
  return data.length >= from ? parseInWorker(data, fileName) : parseTable(data, fileName);
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
