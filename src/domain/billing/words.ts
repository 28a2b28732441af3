import type { Kopecks } from '../money.ts';

const ONES_M = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const ONES_F = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const TEENS = ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'];
const TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];

/** The form of a noun after a number: 1 рубль, 2 рубля, 5 рублей. */
export function plural(n: bigint, one: string, few: string, many: string): string {
  const m100 = Number(n % 100n);
  const m10 = m100 % 10;
  if (m100 >= 11 && m100 <= 14) return many;
  if (m10 === 1) return one;
  if (m10 >= 2 && m10 <= 4) return few;
  return many;
}

function triple(n: number, feminine: boolean): string[] {
  const out: string[] = [];
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const o = n % 10;
  if (h) out.push(HUNDREDS[h]!);
  if (t === 1) out.push(TEENS[o]!);
  else {
    if (t) out.push(TENS[t]!);
    if (o) out.push((feminine ? ONES_F : ONES_M)[o]!);
  }
  return out;
}

const SCALES: [string, string, string, boolean][] = [
  ['', '', '', false], ['тысяча', 'тысячи', 'тысяч', true], ['миллион', 'миллиона', 'миллионов', false], ['миллиард', 'миллиарда', 'миллиардов', false],
];

/** «Одна тысяча двести двадцать рублей 00 копеек» — the amount in words for Russian invoices and acts. */
export function rublesInWords(amount: Kopecks): string {
  const neg = amount < 0n;
  const abs = neg ? -amount : amount;
  const rub = abs / 100n;
  const kop = abs % 100n;
  const words: string[] = [];
  if (rub === 0n) words.push('ноль');
  let rest = rub;
  const groups: number[] = [];
  while (rest > 0n) { groups.push(Number(rest % 1000n)); rest /= 1000n; }
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (!g) continue;
    const [one, few, many, fem] = SCALES[i] ?? SCALES[0]!;
    words.push(...triple(g, fem));
    if (i > 0) words.push(plural(BigInt(g), one, few, many));
  }
  const text = `${neg ? 'минус ' : ''}${words.join(' ')} ${plural(rub, 'рубль', 'рубля', 'рублей')} ${String(kop).padStart(2, '0')} ${plural(kop, 'копейка', 'копейки', 'копеек')}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
