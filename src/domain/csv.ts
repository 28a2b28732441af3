/** One parsed CSV record with the 1-based line of the file it starts on. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Parses CSV (RFC 4180 quoting, `;` or `,` as delimiter — whichever the header uses, BOM ignored,
 * CRLF or LF). Blank lines are skipped. Throws a RangeError naming the line of an unclosed quote.
 */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.startsWith('\ufeff') ? text.slice(1) : text;
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteStart = 0;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === '')) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') { cell += '"'; i++; } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') { inQuotes = true; quoteStart = line; cell = ''; }
    else if (ch === delimiter) { cells.push(cell); cell = ''; }
    else if (ch === '\r' && src[i + 1] === '\n') continue;
    else if (ch === '\n') { endRecord(); line++; recordLine = line; }
    else cell += ch;
  }
  if (inQuotes) throw new RangeError(`unclosed quote starting on line ${quoteStart}`);
  if (cell !== '' || cells.length) endRecord();
  return records;
}

/**
 * One cell of a CSV file a person will open in a spreadsheet. Text starting with `=`, `+`, `-`, `@`
 * (or a tab / carriage return) would run there as a formula, so it gets a leading apostrophe; plain
 * numbers such as `-1 234,56` stay numbers.
 */
export function csvCell(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !/^[-+]?\d[\d\s.,]*$/.test(s)) s = `'${s}`;
  return /[;"\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
