/** Builds 1CClientBankExchange files the way banks/1C export them (written by hand from the format description). */
export interface Doc {
  type?: string; number: string; date: string; amount: string;
  payerAccount: string; payerInn?: string; payerKpp?: string; payerName: string;
  payeeAccount: string; payeeInn?: string; payeeName?: string; purpose: string; received?: string; payerBik?: string;
}

export function statementText(ourAccounts: string[], docs: Doc[], encoding: 'Windows' | 'UTF8' | 'DOS' = 'Windows'): string {
  const L: string[] = [
    '1CClientBankExchange', 'ВерсияФормата=1.03', `Кодировка=${encoding}`, 'Отправитель=Бухгалтерия предприятия', 'Получатель=',
    'ДатаСоздания=01.12.2026', 'ВремяСоздания=10:15:00', 'ДатаНачала=01.12.2026', 'ДатаКонца=05.12.2026',
  ];
  for (const a of ourAccounts) L.push(`РасчСчет=${a}`);
  L.push('Документ=Платежное поручение', 'Документ=Банковский ордер');
  for (const a of ourAccounts) {
    L.push('СекцияРасчСчет', 'ДатаНачала=01.12.2026', 'ДатаКонца=05.12.2026', `РасчСчет=${a}`, 'НачальныйОстаток=100000.00', 'ВсегоПоступило=0.00', 'ВсегоСписано=0.00', 'КонечныйОстаток=100000.00', 'КонецРасчСчет');
  }
  for (const d of docs) {
    L.push(`СекцияДокумент=${d.type ?? 'Платежное поручение'}`, `Номер=${d.number}`, `Дата=${d.date}`, `Сумма=${d.amount}`,
      `ПлательщикСчет=${d.payerAccount}`, `ДатаСписано=${d.date}`, `Плательщик=ИНН ${d.payerInn ?? ''} ${d.payerName}`, `ПлательщикИНН=${d.payerInn ?? ''}`,
      `Плательщик1=${d.payerName}`, `ПлательщикКПП=${d.payerKpp ?? ''}`, 'ПлательщикБанк1=ПАО СБЕРБАНК', `ПлательщикБИК=${d.payerBik ?? '044525225'}`, 'ПлательщикКорсчет=30101810400000000225',
      `ПолучательСчет=${d.payeeAccount}`, `ДатаПоступило=${d.received ?? d.date}`, `Получатель=${d.payeeName ?? 'ООО Рэкдеск'}`, `ПолучательИНН=${d.payeeInn ?? ''}`,
      `Получатель1=${d.payeeName ?? 'ООО Рэкдеск'}`, 'ПолучательКПП=', 'ВидОплаты=01', 'Очередность=5', `НазначениеПлатежа=${d.purpose}`, 'КонецДокумента');
  }
  L.push('КонецФайла');
  return `${L.join('\r\n')}\r\n`;
}

/** Encodes text as Windows-1251 (only the characters a statement uses: ASCII, Cyrillic, №). */
export function toCp1251(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c >= 0x410 && c <= 0x44f) out.push(c - 0x410 + 0xc0);
    else if (c === 0x401) out.push(0xa8);
    else if (c === 0x451) out.push(0xb8);
    else if (c === 0x2116) out.push(0xb9);
    else if (c === 0xab) out.push(0xab);
    else if (c === 0xbb) out.push(0xbb);
    else if (c === 0x2013) out.push(0x96);
    else throw new Error(`no cp1251 for ${ch}`);
  }
  return Buffer.from(out);
}

/** Encodes text as DOS cp866 (`Кодировка=DOS`): ASCII, Cyrillic, Ё/ё and №. */
export function toCp866(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c >= 0x410 && c <= 0x43f) out.push(c - 0x410 + 0x80);
    else if (c >= 0x440 && c <= 0x44f) out.push(c - 0x440 + 0xe0);
    else if (c === 0x401) out.push(0xf0);
    else if (c === 0x451) out.push(0xf1);
    else if (c === 0x2116) out.push(0xfc);
    else throw new Error(`no cp866 for ${ch}`);
  }
  return Buffer.from(out);
}
