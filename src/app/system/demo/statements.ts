import { sql } from 'kysely';
import { completeInn10, completeSettlementAccount } from '../../../domain/parties/requisites.ts';
import { encodeCp1251 } from '../../billing/edo-xml.ts';
import { getInvoice, listInvoices } from '../../billing/invoices.ts';
import { importStatement } from '../../flows/statement-import.ts';
import { actor, company, type DemoWorld } from './world.ts';

/** ИНН of the banks the demo companies keep their accounts in, for the bank's own orders (interest). */
const BANK_INN: Record<string, string> = { '044525225': '7707083893', '044525593': '7728168971', '044525974': '7710140679' };

interface Doc { type: string; number: string; amount: bigint; payer: { name: string; inn: string; kpp: string; account: string; bik: string }; purpose: string }

const ruDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const rub = (k: bigint) => `${k / 100n}.${String(k % 100n).padStart(2, '0')}`;

/** A 1CClientBankExchange file of our account for one day, as the bank's client exports it (Windows-1251). */
function statementFile(ourAccount: string, onDay: string, docs: Doc[]): Uint8Array {
  const d = ruDate(onDay);
  const out = ['1CClientBankExchange', 'ВерсияФормата=1.03', 'Кодировка=Windows', 'Отправитель=Бухгалтерия предприятия', `ДатаСоздания=${d}`,
    `ДатаНачала=${d}`, `ДатаКонца=${d}`, `РасчСчет=${ourAccount}`, 'СекцияРасчСчет', `ДатаНачала=${d}`, `ДатаКонца=${d}`, `РасчСчет=${ourAccount}`, 'КонецРасчСчет'];
  for (const x of docs) {
    out.push(`СекцияДокумент=${x.type}`, `Номер=${x.number}`, `Дата=${d}`, `Сумма=${rub(x.amount)}`, `ПлательщикСчет=${x.payer.account}`, `ПлательщикИНН=${x.payer.inn}`,
      `ПлательщикКПП=${x.payer.kpp}`, `Плательщик1=${x.payer.name}`, `ПлательщикБИК=${x.payer.bik}`, `ПолучательСчет=${ourAccount}`, `ДатаПоступило=${d}`,
      `НазначениеПлатежа=${x.purpose}`, 'КонецДокумента');
  }
  out.push('КонецФайла');
  return encodeCp1251(`${out.join('\r\n')}\r\n`);
}

/**
 * The history of bank statements over last month, imported by accounting on the day each came: clients paying
 * last month's invoices by number and date (matched; Промсвязьинвест pays what its corrected invoice asks), an advance without an invoice and a payer who is no
 * client (both wait in the manual queue), and our bank's interest orders (bank operations, not payments).
 */
export async function seedStatementHistory(w: DemoWorld, lastMonth: string): Promise<void> {
  const accounting = actor(w, 'accounting');
  const party = async (id: string) => {
    const c = await sql<{ name: string; legal_form: string | null; inn: string; kpp: string | null; settlement_account: string; bik: string; bank_name: string | null }>`
      SELECT name, legal_form, inn, kpp, settlement_account, bik, bank_name FROM company WHERE id = ${id}`.execute(accounting.db);
    const r = c.rows[0]!;
    return { name: r.legal_form && r.legal_form !== 'ИП' ? `${r.legal_form} «${r.name}»` : `ИП ${r.name}`, inn: r.inn, kpp: r.kpp ?? '', account: r.settlement_account, bik: r.bik, bankName: r.bank_name ?? 'Банк' };
  };
  const own = await party(w.ownId);
  const bank = { name: own.bankName, inn: BANK_INN[own.bik] ?? '', kpp: '', account: completeSettlementAccount(own.bik, '47427810000000000001'), bik: own.bik };
  const paysInvoice = async (client: string, number: string): Promise<Doc> => {
    const found = (await listInvoices(accounting, { clientId: company(w, client).id, period: lastMonth })).find((i) => i.kind === 'period')!;
    // A client who returned a server mid-month pays only what the corrected invoice asks.
    const inv = await getInvoice(accounting, found.id);
    return { type: 'Платежное поручение', number, amount: inv.correctedTotal, payer: await party(company(w, client).id),
      purpose: `Оплата по счету № ${inv.number} от ${ruDate(inv.issueDate)} за услуги, в т.ч. НДС` };
  };
  const interest = (number: string, amount: bigint): Doc => ({ type: 'Банковский ордер', number, amount, payer: bank,
    purpose: `Выплата процентов на остаток денежных средств на счете, НДС не облагается` });
  const days = [`${lastMonth}-06`, `${lastMonth}-20`];
  const first: Doc[] = [
    await paysInvoice('Медиа Плюс', '1184'),
    await paysInvoice('Промсвязьинвест', '3310'),
    { ...(await paysInvoice('Логистик Онлайн', '702')), amount: 300_000_00n, purpose: 'Аванс по договору Д-2026/027 за услуги связи, НДС не облагается' },
    interest('5501', 1_843_17n),
  ];
  const second: Doc[] = [
    await paysInvoice('Григорьев Максим Андреевич', '37'),
    await paysInvoice('ГеоСофт', '264'),
    { type: 'Платежное поручение', number: '911', amount: 45_000_00n, purpose: 'Оплата по счету № 15 за аренду стойки',
      payer: { name: 'ООО «Северный Ветер»', inn: completeInn10('780438654'), kpp: '780401001', account: completeSettlementAccount('044525593', '40702810900000004217'), bik: '044525593' } },
    interest('5544', 2_015_40n),
  ];
  for (const [i, docs] of [first, second].entries()) {
    const onDay = days[i]!;
    const ctx = { ...accounting, now: () => new Date(`${onDay}T10:30:00+03:00`) };
    await importStatement(ctx, statementFile(own.account, onDay, docs), `kl_to_1c_${onDay.replaceAll('-', '')}.txt`);
  }
}
