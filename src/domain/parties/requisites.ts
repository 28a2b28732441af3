/**
 * Russian company requisites: ИНН, КПП, ОГРН/ОГРНИП, БИК and bank accounts.
 * Each validator returns null when the value is valid, or a message key from the catalog.
 */

const digitsOf = (s: string): number[] => [...s].map(Number);

function weightedSum(digits: number[], weights: number[]): number {
  return weights.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
}

const INN10_W = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_W1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_W2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/** ИНН of a legal entity (10 digits) or of a person / sole proprietor (12 digits). */
export function checkInn(inn: string, length?: 10 | 12): string | null {
  if (!/^\d+$/.test(inn)) return 'v.inn.digits';
  if (length !== undefined && inn.length !== length) return length === 10 ? 'v.inn.length10' : 'v.inn.length12';
  if (inn.length !== 10 && inn.length !== 12) return 'v.inn.length';
  if (/^0+$/.test(inn)) return 'v.inn.checksum';
  const d = digitsOf(inn);
  if (inn.length === 10) {
    return (weightedSum(d, INN10_W) % 11) % 10 === d[9] ? null : 'v.inn.checksum';
  }
  const c11 = (weightedSum(d, INN12_W1) % 11) % 10;
  const c12 = (weightedSum(d, INN12_W2) % 11) % 10;
  return c11 === d[10] && c12 === d[11] ? null : 'v.inn.checksum';
}

/** КПП: 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits. */
export function checkKpp(kpp: string): string | null {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp) ? null : 'v.kpp.format';
}

/** ОГРН (13 digits, legal entity) or ОГРНИП (15 digits, sole proprietor). */
export function checkOgrn(ogrn: string, length?: 13 | 15): string | null {
  if (!/^\d+$/.test(ogrn)) return 'v.ogrn.digits';
  if (length !== undefined && ogrn.length !== length) return length === 13 ? 'v.ogrn.length13' : 'v.ogrn.length15';
  if (ogrn.length !== 13 && ogrn.length !== 15) return 'v.ogrn.length';
  const body = BigInt(ogrn.slice(0, -1));
  const modulus = ogrn.length === 13 ? 11n : 13n;
  const control = Number((body % modulus) % 10n);
  return control === Number(ogrn.at(-1)) ? null : 'v.ogrn.checksum';
}

/** БИК: 9 digits of a Russian bank, starting with 04. */
export function checkBik(bik: string): string | null {
  if (!/^\d{9}$/.test(bik)) return 'v.bik.format';
  return bik.startsWith('04') ? null : 'v.bik.country';
}

const ACCOUNT_W = [7, 1, 3];

function accountKeyOk(prefix3: string, account: string): boolean {
  const d = digitsOf(prefix3 + account);
  const sum = d.reduce((acc, x, i) => acc + ((x * (ACCOUNT_W[i % 3] ?? 0)) % 10), 0);
  return sum % 10 === 0;
}

/** Settlement account (расчётный счёт): 20 digits whose control key agrees with the БИК. */
export function checkSettlementAccount(account: string, bik: string | null | undefined): string | null {
  if (!/^\d{20}$/.test(account)) return 'v.account.format';
  if (!bik || checkBik(bik)) return 'v.account.needBik';
  return accountKeyOk(bik.slice(-3), account) ? null : 'v.account.key';
}

/** Correspondent account (к/с): 20 digits starting with 301; key checked with "0" + БИК digits 5–6. */
export function checkCorrAccount(account: string, bik: string | null | undefined): string | null {
  if (!/^\d{20}$/.test(account)) return 'v.corr.format';
  if (!account.startsWith('301')) return 'v.corr.prefix';
  if (!bik || checkBik(bik)) return 'v.account.needBik';
  return accountKeyOk(`0${bik.slice(4, 6)}`, account) ? null : 'v.corr.key';
}

/** Completes 9 digits into a valid 10-digit ИНН (demo data and test factories). */
export function completeInn10(first9: string): string {
  const c = (weightedSum(digitsOf(first9), INN10_W) % 11) % 10;
  return first9 + c;
}

/** Completes 10 digits into a valid 12-digit ИНН. */
export function completeInn12(first10: string): string {
  const c11 = (weightedSum(digitsOf(first10), INN12_W1) % 11) % 10;
  const c12 = (weightedSum(digitsOf(first10 + c11), INN12_W2) % 11) % 10;
  return `${first10}${c11}${c12}`;
}

/** Completes 12 (ОГРН) or 14 (ОГРНИП) digits with the control digit. */
export function completeOgrn(body: string): string {
  const modulus = body.length === 12 ? 11n : 13n;
  return body + String((BigInt(body) % modulus) % 10n);
}

/** Sets the control key (9th digit) of a 20-digit settlement account for the given БИК. */
export function completeSettlementAccount(bik: string, account: string): string {
  for (let k = 0; k < 10; k++) {
    const candidate = account.slice(0, 8) + k + account.slice(9);
    if (accountKeyOk(bik.slice(-3), candidate)) return candidate;
  }
  throw new RangeError('no control key fits');
}
