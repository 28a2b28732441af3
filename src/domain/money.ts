/** Money is an integer number of kopecks (bigint) everywhere; never a float. */
export type Kopecks = bigint;

const NBSP = '\u00a0';

/** Divides with rounding half away from zero — the one rounding rule of Rackdesk money. */
export function roundDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) return roundDiv(-numerator, -denominator);
  const q = numerator / denominator;
  const r = numerator % denominator;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= denominator) return numerator < 0n ? q - 1n : q + 1n;
  return q;
}

/** Parses a decimal string ("22", "12.5", "0,075") into an exact fraction. */
export function parseDecimal(text: string): { num: bigint; den: bigint } {
  const m = /^(-)?(\d+)(?:[.,](\d+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a decimal: ${text}`);
  const frac = m[3] ?? '';
  const num = BigInt((m[2] ?? '0') + frac) * (m[1] ? -1n : 1n);
  return { num, den: 10n ** BigInt(frac.length) };
}

/** amount × percent / 100, rounded once. */
export function percentOf(amount: Kopecks, percent: string): Kopecks {
  const { num, den } = parseDecimal(percent);
  return roundDiv(amount * num, den * 100n);
}

/** Parses user money input ("1 234,56", "1234.5", "-10") into kopecks; null when it is not money. */
export function parseRubles(text: string): Kopecks | null {
  const clean = text.replace(/[\s\u00a0\u202f₽]/g, '').replace(/руб\.?$/i, '');
  const m = /^(-)?(\d+)(?:[.,](\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  const kop = BigInt(m[2] ?? '0') * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -kop : kop;
}

/** Formats kopecks for people: `1 234,56 ₽` (ru) or `₽1,234.56` (en). */
export function formatRubles(amount: Kopecks, locale: 'ru' | 'en' = 'ru'): string {
  const neg = amount < 0n;
  const abs = neg ? -amount : amount;
  const rub = (abs / 100n).toString();
  const kop = (abs % 100n).toString().padStart(2, '0');
  const sep = locale === 'ru' ? NBSP : ',';
  const grouped = rub.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const sign = neg ? '-' : '';
  return locale === 'ru' ? `${sign}${grouped},${kop}${NBSP}₽` : `${sign}₽${grouped}.${kop}`;
}
