import { AppError } from '../errors.ts';
import { parseRubles, type Kopecks } from '../money.ts';
import { invoiceRefsIn, type InvoiceRef } from './billing.ts';

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
  payerBik: string | null;
  payeeAccount: string;
  payeeInn: string | null;
  payeeKpp: string | null;
  payeeName: string;
  /** When the money left the payer's account (outgoing documents carry it instead of ДатаПоступило). */
  writtenOffDate: string | null;
  purpose: string;
  receivedDate: string | null;
  invoiceNumbers: number[];
  /** The invoices the purpose names, each with its date when given. */
  invoiceRefs: InvoiceRef[];
  fields: Record<string, string>;
}

export interface Statement {
  encoding: StatementEncoding;
  header: Record<string, string>;
  accounts: { line: number; fields: Record<string, string> }[];
  documents: StatementDocument[];
}

/** Document types we take as money movements; others are reported and skipped. */
export const knownDocumentTypes = ['Платежное поручение', 'Платёжное поручение', 'Банковский ордер', 'Мемориальный ордер', 'Платежное требование', 'Инкассовое поручение', 'Платежный ордер'];

export type StatementEncoding = 'windows-1251' | 'utf-8' | 'ibm866';

/**
 * Decodes the file: the header says `Кодировка=Windows` (cp1251), `Кодировка=DOS` (cp866) or
 * `Кодировка=UTF8`; without it valid UTF-8 wins, else Windows-1251.
 */
export function decodeStatement(bytes: Uint8Array): { text: string; encoding: StatementEncoding } {
  const ascii = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  // "Кодировка" in either encoding; we look at the value, which is Latin.
  const m = /=(Windows|UTF-?8|DOS)\s*$/im.exec(ascii.split(/\r?\n/).slice(0, 10).find((l) => /=(Windows|UTF-?8|DOS)\s*$/i.test(l)) ?? '');
  let encoding: StatementEncoding;
  if (m?.[1] && /^utf/i.test(m[1])) encoding = 'utf-8';
  else if (m?.[1] && /^windows$/i.test(m[1])) encoding = 'windows-1251';
  else if (m?.[1] && /^dos$/i.test(m[1])) encoding = 'ibm866';
  else {
    try { new TextDecoder('utf-8', { fatal: true }).decode(bytes); encoding = 'utf-8'; } catch { encoding = 'windows-1251'; }
  }
  let text = new TextDecoder(encoding).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding };
}

const bad = (line: number, reason: string): AppError =>
  new AppError('validation', 'e.statement.malformed', { line, reason: `malformed.${reason}` }, [{ path: `line ${line}`, key: 'e.statement.malformed', params: { line, reason: `malformed.${reason}` } }]);

/** A section that never got its end line: the error names the line where it starts (a cut-off file, usually). */
const unfinished = (s: { kind: 'account' | 'document'; line: number }): AppError => bad(s.line, s.kind === 'document' ? 'unfinishedDocument' : 'unfinishedAccount');

/** Empty values count as absent: banks write `ПолучательСчет=` and put the account in `ПолучательРасчСчет`. */
const firstFilled = (...values: (string | undefined)[]): string => values.map((v) => v?.trim() ?? '').find((v) => v !== '') ?? '';

const isoOf = (d: string | undefined): string | null => {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(d?.trim() ?? '');
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
};

/**
 * Parses a 1CClientBankExchange text (already decoded). A malformed file is refused whole with the
 * line number of the first problem; nothing is half-read.
 */
export function parseStatement(text: string, encoding: StatementEncoding = 'utf-8'): Statement {
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
      if (section) throw unfinished(section);
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
      if (section) throw unfinished(section);
      section = { kind: 'account', line: n, type: '', fields: {}, at: {} };
      continue;
    }
    const eq = raw.indexOf('=');
    if (eq <= 0) throw bad(n, 'notKeyValue');
    const key = raw.slice(0, eq).trim();
    const value = raw.slice(eq + 1).trim();
    if (key === 'СекцияДокумент') {
      if (section) throw unfinished(section);
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
  if (section) throw unfinished(section);
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
    if (!firstFilled(f['ПолучательСчет'], f['ПолучательРасчСчет'])) throw bad(line, 'noPayeeAccount');
  }
  const purpose = f['НазначениеПлатежа'] ?? '';
  const refs = invoiceRefsIn(purpose);
  return {
    line, type,
    number: f['Номер'] ?? '', date: date ?? '', amount: amount ?? 0n,
    payerAccount: firstFilled(f['ПлательщикСчет'], f['ПлательщикРасчСчет']),
    payerInn: f['ПлательщикИНН']?.trim() || null,
    payerKpp: f['ПлательщикКПП']?.trim() && f['ПлательщикКПП'] !== '0' ? f['ПлательщикКПП'].trim() : null,
    payerName: firstFilled(f['Плательщик1'], f['Плательщик']),
    payerBik: f['ПлательщикБИК']?.trim() || null,
    payeeAccount: firstFilled(f['ПолучательСчет'], f['ПолучательРасчСчет']),
    payeeInn: f['ПолучательИНН']?.trim() || null,
    payeeKpp: f['ПолучательКПП']?.trim() && f['ПолучательКПП'] !== '0' ? f['ПолучательКПП'].trim() : null,
    payeeName: f['Получатель1'] ?? f['Получатель'] ?? '',
    writtenOffDate: isoOf(f['ДатаСписано']),
    purpose,
    receivedDate: isoOf(f['ДатаПоступило']),
    invoiceNumbers: [...new Set(refs.map((r) => r.number))],
    invoiceRefs: refs,
    fields: f,
  };
}

/**
 * A document from our own bank about our account (interest, fees, a bank order): the payer is the bank
 * itself — our bank's БИК with one of the bank's own balance accounts (correspondent 301…, settlements 474…,
 * income/expense 706…, anything that is not a customer's 405–408/423 account), or our bank's ИНН. Such
 * money is a bank operation, never a client's payment, even when that bank is also our client.
 */
export function isOwnBankOperation(doc: Pick<StatementDocument, 'payerBik' | 'payerAccount' | 'payerInn'>, banks: { bik: string | null; inn?: string | null; corrAccount: string | null }[]): boolean {
  return banks.some((b) => {
    if (b.inn && doc.payerInn === b.inn && doc.payerBik === b.bik) return true;
    if (!b.bik || doc.payerBik !== b.bik) return false;
    if (doc.payerAccount === '' || doc.payerAccount === b.corrAccount) return true;
    return !/^(40[5-8]|423)/.test(doc.payerAccount);
  });
}
