import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('detects ; as delimiter, handles quotes, BOM, CRLF, and reports the starting line of each record', () => {
    const text = '\ufeffname;inn\r\n"ООО ""Ромашка""";7707083893\r\n\r\n"multi\nline";1\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['name', 'inn'] },
      { line: 2, cells: ['ООО "Ромашка"', '7707083893'] },
      { line: 4, cells: ['multi\nline', '1'] },
    ]);
  });
  it('uses , when the header has more commas', () => {
    expect(parseCsv('a,b\n1,2')[1]!.cells).toEqual(['1', '2']);
  });
  it('names the line of an unclosed quote', () => {
    expect(() => parseCsv('a;b\n1;2\n"oops;3\n')).toThrow(/line 3/);
  });
});
