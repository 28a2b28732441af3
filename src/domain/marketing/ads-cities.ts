/**
 * Cities an ad's text names (C15, rule 5: an ad never states a place we do not offer). A small matcher that
 * tolerates Russian case endings: each word of a city's name is cut to its stem (a final vowel, «ь» or «й»
 * dropped; an adjective's «-ий/-ый/-ой/-ая» dropped) and matched with one case ending, so «Москва», «в Москве»,
 * «Москвы», «Санкт-Петербурге», «Нижнем Новгороде», «Казани» are found. Limits (README): only the cities we
 * know — our sites' cities and the short list below, with a few aliases («Петербург», «СПб», «Питер»); no
 * adjectives of a city («московский»), no Latin spellings, no districts or regions («Подмосковье»).
 */

/** Large Russian cities an ad might name although no site of ours is there. */
export const KNOWN_CITIES: readonly string[] = [
  'Москва', 'Санкт-Петербург', 'Новосибирск', 'Екатеринбург', 'Казань', 'Нижний Новгород', 'Челябинск', 'Красноярск',
  'Самара', 'Уфа', 'Ростов-на-Дону', 'Омск', 'Краснодар', 'Воронеж', 'Пермь', 'Волгоград', 'Калининград', 'Владивосток', 'Тюмень',
];

/** Other names of a city, each matched like the city's own name. */
const ALIASES: Record<string, readonly string[]> = { 'санкт петербург': ['Петербург', 'СПб', 'Питер'] };

const ENDINGS = 'ого|его|ому|ему|ой|ей|ом|ем|ью|ым|им|ий|ый|ая|ую|а|я|е|ы|и|у|ю|ь|й';

/** A city name compared as a name: lower case, «ё» as «е», hyphens and spaces as one space. */
export const cityKey = (name: string): string => name.trim().toLowerCase().replace(/ё/g, 'е').replace(/[\s\u00a0-]+/g, ' ');

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One word of a name as a pattern: its stem and a case ending (required when the stem lost a letter). */
function wordPattern(word: string): string {
  const w = word.toLowerCase().replace(/ё/g, 'е');
  if (w.length <= 3 && !/[аяь]$/.test(w)) return escape(w);
  const cut = /(ий|ый|ой|ая)$/.test(w) && w.length > 4 ? 2 : /[аяеыиуюоьй]$/.test(w) ? 1 : 0;
  const stem = escape(w.slice(0, w.length - cut));
  return cut > 0 ? `${stem}(?:${ENDINGS})` : `${stem}(?:${ENDINGS})?`;
}

/** A case-tolerant pattern of a city name, whole words only («Москве», not «Москвич» nor «Подмосковье»). */
export function cityPattern(name: string): RegExp {
  const words = name.trim().split(/[\s\u00a0-]+/).filter(Boolean).map(wordPattern);
  return new RegExp(`(?<![\\p{L}\\d])${words.join('[\\s\\u00a0-]+')}(?![\\p{L}\\d])`, 'giu');
}

export interface CityMention { city: string; stated: string }

/**
 * Every city of `cities` (plus KNOWN_CITIES and their aliases) the text names, with the words as written.
 * A city is reported once per text, by the first words that named it.
 */
export function citiesIn(text: string, cities: readonly string[] = []): CityMention[] {
  const t = text.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
  const byKey = new Map<string, string>();
  for (const c of [...cities, ...KNOWN_CITIES]) if (c.trim() && !byKey.has(cityKey(c))) byKey.set(cityKey(c), c.trim());
  const out: CityMention[] = [];
  for (const [key, city] of byKey) {
    const names = [city, ...(ALIASES[key] ?? [])];
    const found = names.map((n) => cityPattern(n).exec(t)).filter((m): m is RegExpExecArray => m !== null).sort((a, b) => a.index - b.index)[0];
    if (found) out.push({ city, stated: text.slice(found.index, found.index + found[0].length) });
  }
  return out;
}
