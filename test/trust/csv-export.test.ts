import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/app/crm/reports.ts';
import { csvCell } from '../../src/domain/csv.ts';

describe('CSV exports cannot carry formulas into a spreadsheet', () => {
  it('text starting with = + - @ tab or CR is neutralised; numbers stay numbers', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","Отчёт")')).toBe('"\'=HYPERLINK(""http://evil.example"",""Отчёт"")"');
    for (const bad of ['+7 (495) 123', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1:A9)', '\t=1', '\r=1']) expect(csvCell(bad).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('-1 234,56')).toBe('-1 234,56');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('Ирина Соколова')).toBe('Ирина Соколова');
  });

  it('the report export goes through it', () => {
    const csv = toCsv({ columns: ['manager', 'calls'], rows: [['=1+1', 3], ['@me', -1]] });
    expect(csv).toBe('\ufeffmanager;calls\r\n\'=1+1;3\r\n\'@me;-1\r\n');
  });
});
