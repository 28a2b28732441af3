import { AppError } from '../errors.ts';
import { parseRubles, type Kopecks } from '../money.ts';
import { invoiceNumbersIn } from './billing.ts';

/** One document (СекцияДокумент … КонецДокумента) of a 1CClientBankExchange file. */
export interface StatementDocument {
  line: number;
  type: string;
  number: string;
  date: string;
  amount: Kopecks;
  payerAccount: string;
  payerInn: string | null;
  payerKpp: string | null;
  payerName: string;
  payeeAccount: string;
  payeeInn: string | null;
  payeeKpp: string | null;
  payeeName: string;
  /** When the money left the payer's account (outgoing documents carry it instead of ДатаПоступило). */
  writtenOffDate: string | null;
  purpose: string;
  receivedDate: string | null;
  invoiceNumbers: number[];
  fields: Record<string, string>;
}

export interface Statement {
  encoding: 'windows-1251' | 'utf-8';
  header: Record<string, string>;
  accounts: { line: number; fields: Record<string, string> }[];
  documents: StatementDocument[];
}

/** Document types we take as money movements; others are reported and skipped. */
export const knownDocumentTypes = ['Платежное поручение', 'Платёжное поручение', 'Банковский ордер', 'Мемориальный ордер', 'Платежное требование', 'Инкассовое поручение', 'Платежный ордер'];

/** Decodes the file: the header says `Кодировка=Windows` or `Кодировка=UTF8`; otherwise valid UTF-8 wins, else Windows-1251. */
export function decodeStatement(bytes: Uint8Array): { text: string; encoding: 'windows-1251' | 'utf-8' } {
  const ascii = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  // "Кодировка" in either encoding; we look at the value, which is Latin.
  const m = /=(Windows|UTF-?8|DOS)\s*$/im.exec(ascii.split(/\r?\n/).slice(0, 10).find((l) => /=(Windows|UTF-?8|DOS)\s*$/i.test(l)) ?? '');
  let encoding: 'windows-1251' | 'utf-8';
  if (m?.[1] && /^utf/i.test(m[1])) encoding = 'utf-8';
  else if (m?.[1] && /^windows$/i.test(m[1])) encoding = 'windows-1251';
  else {
    try { new TextDecoder('utf-8', { fatal: true }).decode(bytes); encoding = 'utf-8'; } catch { encoding = 'windows-1251'; }
  }
  let text = new TextDecoder(encoding).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding };
}

const bad = (line: number, reason: string): AppError =>
  new AppError('validation', 'e.statement.malformed', { line, reason: `malformed.${reason}` }, [{ path: `line ${line}`, key: 'e.statement.malformed', params: { line, reason: `malformed.${reason}` } }]);

const isoOf = (d: string | undefined): string | null => {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(d?.trim() ?? '');
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
};

/**
 * Parses a 1CClientBankExchange text (already decoded). A malformed file is refused whole with the
 * line number of the first problem; nothing is half-read.
 */
export function parseStatement(text: string, encoding: 'windows-1251' | 'utf-8' = 'utf-8'): Statement {
  const lines = text.split(/\r\n|\n|\r/);
  if ((lines[0] ?? '').trim() !== '1CClientBankExchange') throw bad(1, 'signature');
  const header: Record<string, string> = {};
  const accounts: Statement['accounts'] = [];
  const documents: StatementDocument[] = [];
  let section: { kind: 'account' | 'document'; line: number; type: string; fields: Record<string, string>; at: Record<string, number> } | null = null;
  let ended = false;
  for (let i = 1; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    if (ended) throw bad(n, 'afterEnd');
    if (raw === 'КонецФайла') {
      if (section) throw bad(n, 'unclosedSection');
      ended = true;
      continue;
    }
    if (raw === 'КонецРасчСчет') {
      if (section?.kind !== 'account') throw bad(n, 'unexpectedEnd');
      accounts.push({ line: section.line, fields: section.fields });
      section = null;
      continue;
    }
    if (raw === 'КонецДокумента') {
      if (section?.kind !== 'document') throw bad(n, 'unexpectedEnd');
      documents.push(toDocument(section.line, section.type, section.fields, section.at));
      section = null;
      continue;
    }
    if (raw === 'СекцияРасчСчет') {
      if (section) throw bad(n, 'unclosedSection');
      section = { kind: 'account', line: n, type: '', fields: {}, at: {} };
      continue;
    }
    const eq = raw.indexOf('=');
    if (eq <= 0) throw bad(n, 'notKeyValue');
    const key = raw.slice(0, eq).trim();
    const value = raw.slice(eq + 1).trim();
    if (key === 'СекцияДокумент') {
      if (section) throw bad(n, 'unclosedSection');
      if (!value) throw bad(n, 'noType');
      section = { kind: 'document', line: n, type: value, fields: {}, at: {} };
      continue;
    }
    if (section) {
      // Multi-line purposes come as repeated keys in some banks' exports; keep them joined.
      section.at[key] ??= n;
      section.fields[key] = section.fields[key] && key === 'НазначениеПлатежа' ? `${section.fields[key]} ${value}` : value;
    } else header[key] = value;
  }
  if (section) throw bad(section.line, 'unclosedSection');
  if (!ended) throw bad(lines.length, 'noEnd');
  return { encoding, header, accounts, documents };
}

function toDocument(line: number, type: string, f: Record<string, string>, at: Record<string, number>): StatementDocument {
  const known = knownDocumentTypes.includes(type);
  const amount = parseRubles(f['Сумма'] ?? '');
  const date = isoOf(f['Дата']);
  if (known) {
    if (!f['Номер']) throw bad(line, 'noNumber');
    if (!date) throw bad(at['Дата'] ?? line, 'badDate');
    if (amount === null || amount <= 0n) throw bad(at['Сумма'] ?? line, 'badAmount');
    if (!(f['ПолучательСчет'] ?? f['ПолучательРасчСчет'])) throw bad(line, 'noPayeeAccount');
  }
  const purpose = f['НазначениеПлатежа'] ?? '';
  return {
    line, type,
    number: f['Номер'] ?? '', date: date ?? '', amount: amount ?? 0n,
    payerAccount: f['ПлательщикСчет'] ?? f['ПлательщикРасчСчет'] ?? '',
    payerInn: f['ПлательщикИНН']?.trim() || null,
    payerKpp: f['ПлательщикКПП']?.trim() && f['ПлательщикКПП'] !== '0' ? f['ПлательщикКПП'].trim() : null,
    payerName: f['Плательщик1'] ?? f['Плательщик'] ?? '',
    payeeAccount: f['ПолучательСчет'] ?? f['ПолучательРасчСчет'] ?? '',
    payeeInn: f['ПолучательИНН']?.trim() || null,
    payeeKpp: f['ПолучательКПП']?.trim() && f['ПолучательКПП'] !== '0' ? f['ПолучательКПП'].trim() : null,
    payeeName: f['Получатель1'] ?? f['Получатель'] ?? '',
    writtenOffDate: isoOf(f['ДатаСписано']),
    purpose,
    receivedDate: isoOf(f['ДатаПоступило']),
    invoiceNumbers: invoiceNumbersIn(purpose),
    fields: f,
  };
}
