/**
 * The advertising networks' text limits (C15), as pure functions: the ad editor's counters («42/56»), the
 * generator, the API and the export ask these; the database guard `ad_limits_guard` (migration 0019) says
 * the same in SQL, and `test/marketing/ads-agreement.test.ts` feeds both the same generated texts.
 *
 * Characters are counted as Unicode code points (`[...s].length`, PostgreSQL's `char_length`), never bytes:
 * «Сервер» is 6, not 12. A code point count is never below a grapheme count, so an emoji made of several code
 * points counts as several — stricter than the networks, never looser (both refuse emoji anyway).
 */

/** Yandex Direct's «узкие символы»: counted apart from the other characters and limited on their own. */
export const NARROW_CHARS = ['.', ',', '!', ':', ';', '"'] as const;
const NARROW = new Set<string>(NARROW_CHARS);

/** What separates words: space, tab, line breaks and the no-break space (the same class as the SQL twin). */
export const WORD_SEPARATOR = /[ \t\n\r\u00a0]+/;

export interface TextLimit { chars: number; narrow?: number; word?: number; required?: boolean }

/**
 * Yandex Direct text-and-image ad (API `TextAd`): title up to 56 characters and text up to 81, narrow
 * characters not counted in those figures but limited to 15 per field; a word of a title up to 22
 * characters, of the text up to 23 (the help pages say 22 for titles and 23 for the text).
 */
export const yandexLimits = {
  title: { chars: 56, narrow: 15, word: 22, required: true },
  title2: { chars: 30, narrow: 15, word: 22 },
  text: { chars: 81, narrow: 15, word: 23, required: true },
} as const satisfies Record<string, TextLimit>;
export const YANDEX_KEYWORD_WORDS = 7;
export const YANDEX_KEYWORD_CHARS = 4096;

/** Google Ads responsive search ad: 3–15 headlines of 30, 2–4 descriptions of 90, two paths of 15. */
export const googleLimits = {
  headline: { chars: 30, required: true },
  description: { chars: 90, required: true },
  path: { chars: 15 },
  headlines: { min: 3, max: 15 },
  descriptions: { min: 2, max: 4 },
} as const;
export const GOOGLE_KEYWORD_WORDS = 10;
export const GOOGLE_KEYWORD_CHARS = 80;

export const networks = ['yandex', 'google'] as const;
export type Network = (typeof networks)[number];

export interface YandexAdText { title: string; title2: string; text: string }
export interface GoogleAdText { headlines: string[]; descriptions: string[]; path1: string; path2: string }
export type AdText = YandexAdText | GoogleAdText;

/** Whether a text has nothing but word separators (the SQL twin asks the same class). */
export const isBlank = (s: string): boolean => !/[^ \t\n\r\u00a0]/.test(s);

/** Code points of a text. */
export const charCount = (s: string): number => [...s].length;

/** A text as Yandex counts it: characters without narrow ones, narrow ones, the longest word (narrow ones left out). */
export function yandexCount(s: string): { chars: number; narrow: number; longestWord: number } {
  let narrow = 0;
  let chars = 0;
  for (const c of s) {
    if (NARROW.has(c)) narrow++;
    else chars++;
  }
  let longestWord = 0;
  for (const w of s.split(WORD_SEPARATOR)) {
    let n = 0;
    for (const c of w) if (!NARROW.has(c)) n++;
    if (n > longestWord) longestWord = n;
  }
  return { chars, narrow, longestWord };
}

/** One broken limit: the field path, the message key and its figures. */
export interface LimitProblem { path: string; key: string; params: Record<string, number> }

/** Counter of one field as the networks show it: used of allowed (and narrow used of allowed). */
export interface FieldCounter { path: string; used: number; max: number; narrowUsed?: number; narrowMax?: number; over: boolean }

function checkText(path: string, s: string, limit: TextLimit, yandex: boolean): LimitProblem[] {
  const out: LimitProblem[] = [];
  if (limit.required && isBlank(s)) return [{ path, key: 'ads.v.required', params: {} }];
  if (yandex) {
    const c = yandexCount(s);
    if (c.chars > limit.chars) out.push({ path, key: 'ads.v.tooLong', params: { count: c.chars, max: limit.chars } });
    if (limit.narrow !== undefined && c.narrow > limit.narrow) out.push({ path, key: 'ads.v.narrow', params: { count: c.narrow, max: limit.narrow } });
    if (limit.word !== undefined && c.longestWord > limit.word) out.push({ path, key: 'ads.v.word', params: { count: c.longestWord, max: limit.word } });
  } else {
    const n = charCount(s);
    if (n > limit.chars) out.push({ path, key: 'ads.v.tooLong', params: { count: n, max: limit.chars } });
  }
  return out;
}

/** Every limit a Yandex Direct text-and-image ad breaks (empty: it fits). */
export function checkYandexAd(ad: YandexAdText): LimitProblem[] {
  return [
    ...checkText('title', ad.title, yandexLimits.title, true),
    ...checkText('title2', ad.title2, yandexLimits.title2, true),
    ...checkText('text', ad.text, yandexLimits.text, true),
  ];
}

/** Every limit a Google Ads responsive search ad breaks (empty: it fits). */
export function checkGoogleAd(ad: GoogleAdText): LimitProblem[] {
  const out: LimitProblem[] = [];
  const { headlines: h, descriptions: d } = googleLimits;
  if (ad.headlines.length < h.min || ad.headlines.length > h.max) out.push({ path: 'headlines', key: 'ads.v.count', params: { count: ad.headlines.length, min: h.min, max: h.max } });
  if (ad.descriptions.length < d.min || ad.descriptions.length > d.max) out.push({ path: 'descriptions', key: 'ads.v.count', params: { count: ad.descriptions.length, min: d.min, max: d.max } });
  ad.headlines.forEach((s, i) => out.push(...checkText(`headlines.${i}`, s, googleLimits.headline, false)));
  ad.descriptions.forEach((s, i) => out.push(...checkText(`descriptions.${i}`, s, googleLimits.description, false)));
  out.push(...checkText('path1', ad.path1, googleLimits.path, false), ...checkText('path2', ad.path2, googleLimits.path, false));
  return out;
}

export const isGoogleText = (t: AdText): t is GoogleAdText => Array.isArray((t as GoogleAdText).headlines);

export const checkAd = (network: Network, t: AdText): LimitProblem[] =>
  network === 'google' ? (isGoogleText(t) ? checkGoogleAd(t) : [{ path: 'fields', key: 'ads.v.shape', params: {} }])
    : (!isGoogleText(t) ? checkYandexAd(t) : [{ path: 'fields', key: 'ads.v.shape', params: {} }]);

/** Words of a keyword phrase (Yandex operators `+ ! " [ ]` are not words; a minus-word is). */
export const keywordWords = (phrase: string): string[] => phrase.replace(/[\]["]/g, ' ').split(WORD_SEPARATOR).filter((w) => w !== '' && w !== '+' && w !== '!');

/** Every limit a keyword phrase breaks on a network. */
export function checkKeyword(network: Network, phrase: string, path = 'keyword'): LimitProblem[] {
  if (isBlank(phrase)) return [{ path, key: 'ads.v.required', params: {} }];
  const words = keywordWords(phrase).length;
  const maxWords = network === 'yandex' ? YANDEX_KEYWORD_WORDS : GOOGLE_KEYWORD_WORDS;
  const maxChars = network === 'yandex' ? YANDEX_KEYWORD_CHARS : GOOGLE_KEYWORD_CHARS;
  const out: LimitProblem[] = [];
  if (words > maxWords) out.push({ path, key: 'ads.v.words', params: { count: words, max: maxWords } });
  if (charCount(phrase) > maxChars) out.push({ path, key: 'ads.v.tooLong', params: { count: charCount(phrase), max: maxChars } });
  return out;
}

/** The counters the editor shows beside each field, like the networks' own editors. */
export function countersOf(network: Network, t: AdText): FieldCounter[] {
  if (network === 'google' && isGoogleText(t)) {
    const one = (path: string, s: string, max: number): FieldCounter => ({ path, used: charCount(s), max, over: charCount(s) > max });
    return [
      ...t.headlines.map((s, i) => one(`headlines.${i}`, s, googleLimits.headline.chars)),
      ...t.descriptions.map((s, i) => one(`descriptions.${i}`, s, googleLimits.description.chars)),
      one('path1', t.path1, googleLimits.path.chars), one('path2', t.path2, googleLimits.path.chars),
    ];
  }
  const y = t as YandexAdText;
  return (['title', 'title2', 'text'] as const).map((k) => {
    const c = yandexCount(y[k] ?? '');
    const l: TextLimit = yandexLimits[k];
    return { path: k, used: c.chars, max: l.chars, narrowUsed: c.narrow, narrowMax: l.narrow, over: c.chars > l.chars || c.narrow > (l.narrow ?? Infinity) || c.longestWord > (l.word ?? Infinity) };
  });
}
