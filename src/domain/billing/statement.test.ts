import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { decodeStatement, parseStatement } from './statement.ts';

const body = (docs: string) => `1CClientBankExchange\nВерсияФормата=1.03\nКодировка=UTF8\nСекцияРасчСчет\nРасчСчет=40702810000000000001\nКонецРасчСчет\n${docs}КонецФайла\n`;
const doc = 'СекцияДокумент=Платежное поручение\nНомер=17\nДата=02.12.2026\nСумма=1500.50\nПлательщикСчет=40702810100000000002\nПлательщикИНН=7707083893\nПлательщикКПП=773601001\nПлательщик1=ООО Ромашка\nПолучательСчет=40702810000000000001\nНазначениеПлатежа=Оплата по счету № 12 от 01.12.2026\nКонецДокумента\n';

describe('1CClientBankExchange parser', () => {
  it('reads header, account sections and documents with kopecks, ИНН/КПП and the invoice number', () => {
    const s = parseStatement(body(doc));
    expect(s.header['ВерсияФормата']).toBe('1.03');
    expect(s.accounts).toHaveLength(1);
    expect(s.documents[0]).toMatchObject({ number: '17', date: '2026-12-02', amount: 150_050n, payerInn: '7707083893', payerKpp: '773601001', invoiceNumbers: [12], line: 7 });
  });

  const refused = (text: string, line: number) => {
    try { parseStatement(text); } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).params.line).toBe(line);
      return;
    }
    throw new Error('not refused');
  };

  it('refuses a malformed file whole, naming the line', () => {
    refused('1CClientBankExchange\nКодировка=UTF8\nСекцияДокумент=Платежное поручение\nНомер=1\n', 3); // never closed
    refused(body(doc.replace('Сумма=1500.50', 'Сумма=пятьсот')), 10);
    refused(body(doc.replace('Дата=02.12.2026', 'Дата=2026-12-02')), 9);
    refused(body(doc.replace('КонецДокумента\n', '')), 7); // the line where the unfinished document starts
    refused(body(`${doc}мусор без знака равно\n`), 18);
    refused('ClientBankExchange\n', 1);
    refused(body(doc).replace('КонецФайла\n', ''), 18);
  });

  it('detects Windows-1251 and UTF-8 from the header or the bytes', () => {
    const utf = new TextEncoder().encode(body(doc));
    expect(decodeStatement(utf).encoding).toBe('utf-8');
    const cp = Buffer.from(body(doc).replace('Кодировка=UTF8', 'Кодировка=Windows').replace(/[А-яЁё№]/g, (ch) => {
      const c = ch.codePointAt(0)!;
      return String.fromCharCode(c === 0x401 ? 0xa8 : c === 0x451 ? 0xb8 : c === 0x2116 ? 0xb9 : c - 0x410 + 0xc0);
    }), 'latin1');
    const dec = decodeStatement(cp);
    expect(dec.encoding).toBe('windows-1251');
    expect(parseStatement(dec.text).documents[0]!.payerName).toBe('ООО Ромашка');
  });
});
