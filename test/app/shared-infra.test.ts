import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../src/app/documents/pdf.ts';
import { readTable, writeXlsx } from '../../src/app/documents/tabular.ts';
import { AppError } from '../../src/domain/errors.ts';
import { startTestSmtp } from '../helpers/smtp.ts';
import { pdfText } from '../helpers/pdf.ts';

describe('shared document and mail infrastructure', () => {
  it('renders Russian PDF text that can be read back', async () => {
    const pdf = await renderPdf({ content: [{ text: 'Счёт на оплату № 7', style: 'h1' }, 'Итого: 1 234,56 ₽'] });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('Счёт на оплату № 7');
    expect(text).toContain('1 234,56 ₽');
  });

  it('writes XLSX and reads it back with row numbers; CSV too', async () => {
    const xlsx = await writeXlsx([{ name: 'Лист', columns: [{ header: 'ИНН', key: 'inn' }, { header: 'Сумма', key: 'sum', numFmt: '#,##0.00' }], rows: [{ inn: '7707083893', sum: 1234.56 }, { inn: '', sum: null }, { inn: '7736207543', sum: 5 }] }]);
    const t = await readTable(xlsx, 'x.xlsx');
    expect(t.header).toEqual(['ИНН', 'Сумма']);
    expect(t.rows).toEqual([{ line: 2, cells: ['7707083893', '1234.56'] }, { line: 4, cells: ['7736207543', '5'] }]);
    const c = await readTable('a;b\n1;2\n', 'x.csv');
    expect(c.rows).toEqual([{ line: 2, cells: ['1', '2'] }]);
    await expect(readTable(Buffer.from('PK\u0003\u0004garbage'), 'x.xlsx')).rejects.toBeInstanceOf(AppError);
  });

  it('delivers e-mail over real SMTP to a local server', async () => {
    const smtp = await startTestSmtp();
    try {
      await smtp.mailer.send({ to: 'client@example.ru', subject: 'Счёт за ноябрь', text: 'Добрый день!', attachments: [{ filename: 'счёт.pdf', content: Buffer.from('%PDF-1.4') }] });
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.subject).toBe('Счёт за ноябрь');
      expect(smtp.received[0]!.text?.trim()).toBe('Добрый день!');
      expect(smtp.received[0]!.attachments[0]!.filename).toBe('счёт.pdf');
    } finally { await smtp.close(); }
  });
});
