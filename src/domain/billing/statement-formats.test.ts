import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { translate } from '../messages.ts';
import { decodeStatement, isOwnBankOperation, parseStatement } from './statement.ts';

const file = (enc: string, docs: string) => `1CClientBankExchange\nВерсияФормата=1.03\nКодировка=${enc}\nСекцияРасчСчет\nРасчСчет=40702810000000000001\nКонецРасчСчет\n${docs}КонецФайла\n`;
const doc = (over: Record<string, string> = {}) => Object.entries({
  Номер: '17', Дата: '02.12.2026', Сумма: '1500.50', ПлательщикСчет: '40702810100000000002', ПлательщикИНН: '7707083893', Плательщик1: 'ООО Ромашка',
  ПлательщикБИК: '044525225', ПолучательСчет: '40702810000000000001', НазначениеПлатежа: 'Оплата по счету № 12 от 01.12.2026', ...over,
}).map(([k, v]) => `${k}=${v}`).join('\n');
const section = (body: string, type = 'Платежное поручение') => `СекцияДокумент=${type}\n${body}\nКонецДокумента\n`;

/** cp866 by hand, as a DOS-era 1C would write it. */
const cp866 = (text: string) => Buffer.from([...text].map((ch) => {
  const c = ch.codePointAt(0)!;
  if (c < 0x80) return c;
  if (c >= 0x410 && c <= 0x43f) return c - 0x410 + 0x80;
  if (c >= 0x440 && c <= 0x44f) return c - 0x440 + 0xe0;
  if (c === 0x2116) return 0xfc;
  throw new Error(ch);
}));

describe('statements as banks really send them', () => {
  it('an empty ПолучательСчет= / ПлательщикСчет= falls back to the РасчСчет field (|| not ??)', () => {
    const s = parseStatement(file('UTF8', section(doc({ ПолучательСчет: '', ПолучательРасчСчет: '40702810000000000001', ПлательщикСчет: '', ПлательщикРасчСчет: '40702810100000000002' }))));
    expect(s.documents[0]).toMatchObject({ payeeAccount: '40702810000000000001', payerAccount: '40702810100000000002' });
  });

  it('reads Кодировка=DOS (cp866)', () => {
    const bytes = cp866(file('DOS', section(doc())));
    const dec = decodeStatement(bytes);
    expect(dec.encoding).toBe('ibm866');
    const s = parseStatement(dec.text, dec.encoding);
    expect(s.documents[0]).toMatchObject({ payerName: 'ООО Ромашка', invoiceRefs: [{ number: 12, date: '2026-12-01' }] });
  });

  it('a cut-off file names the line where the unfinished document starts and says it is unfinished', () => {
    const text = file('UTF8', section(doc())).replace('КонецФайла\n', '') + 'СекцияДокумент=Платежное поручение\nНомер=18\nДата=02.12.2026\nСумма=10';
    try { parseStatement(text); } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.params.line).toBe(18);
      expect(translate('ru', err.key, err.params)).toBe('Файл выписки отклонён целиком: строка 18 — документ, начатый в этой строке, не закончен (нет строки КонецДокумента) — файл, похоже, обрезан');
      expect(translate('en', err.key, err.params)).toContain('line 18 — the document that starts on this line is unfinished');
      return;
    }
    throw new Error('not refused');
  });

  it('orders of our own bank are bank operations, a client of that bank paying from its account is not', () => {
    const banks = [{ bik: '044525225', corrAccount: '30101810400000000225' }];
    expect(isOwnBankOperation({ payerBik: '044525225', payerAccount: '70606810000000012345', payerInn: '7707083893' }, banks)).toBe(true);
    expect(isOwnBankOperation({ payerBik: '044525225', payerAccount: '47426810000000000001', payerInn: '7707083893' }, banks)).toBe(true);
    expect(isOwnBankOperation({ payerBik: '044525225', payerAccount: '30101810400000000225', payerInn: null }, banks)).toBe(true);
    expect(isOwnBankOperation({ payerBik: '044525225', payerAccount: '40702810100000000002', payerInn: '7707083893' }, banks)).toBe(false);
    expect(isOwnBankOperation({ payerBik: '044525974', payerAccount: '70606810000000012345', payerInn: '7710140679' }, banks)).toBe(false);
  });
});
