import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charCount, checkGoogleAd, checkKeyword, checkYandexAd, countersOf, NARROW_CHARS, yandexCount, type GoogleAdText } from './ads-limits.ts';
import { adRubles, statedParamMismatches, statedPrices, untrueReasons, type AdClaim, type OfferNow } from './ads-truth.ts';
import { fill, placeholderValues, renderFields, unknownPlaceholders } from './ads-templates.ts';
import { capacityShortfall, publicPriceOf, schemaPrice } from './pricelist.ts';

const cyr = fc.constantFrom(...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ'.split(''));
const narrowChar = fc.constantFrom(...NARROW_CHARS);
const astral = fc.constantFrom('😀', '𝔸', '🚀', '𠀀');
const anyChar = fc.oneof(cyr, narrowChar, astral, fc.constantFrom(' ', 'a', 'Z', '7', '-', '₽'));
const textOf = (arb: fc.Arbitrary<string>, max: number) => fc.array(arb, { maxLength: max }).map((a) => a.join(''));

describe('counting characters (code points, not bytes or UTF-16 units)', () => {
  it('Cyrillic counts one per letter although UTF-8 takes two bytes', () => {
    fc.assert(fc.property(textOf(cyr, 80), (s) => {
      expect(charCount(s)).toBe(s.length);
      expect(Buffer.byteLength(s)).toBe(2 * s.length);
    }));
  });
  it('an astral character (emoji, 𝔸) counts once although JavaScript stores two units', () => {
    fc.assert(fc.property(fc.array(astral, { maxLength: 30 }), (a) => {
      expect(charCount(a.join(''))).toBe(a.length);
      expect(a.join('').length).toBe(2 * a.length);
    }));
  });
  it('Yandex: narrow characters are counted apart, the two counts add up to all characters', () => {
    fc.assert(fc.property(fc.array(fc.tuple(anyChar, fc.boolean())), (parts) => {
      const s = parts.map(([c]) => c).join('');
      const narrow = parts.filter(([c]) => (NARROW_CHARS as readonly string[]).includes(c)).length;
      const c = yandexCount(s);
      expect(c.narrow).toBe(narrow);
      expect(c.chars + c.narrow).toBe(charCount(s));
    }));
  });
  it('Yandex: adding a narrow character never changes the main count; adding a letter adds one', () => {
    fc.assert(fc.property(textOf(anyChar, 60), narrowChar, cyr, (s, n, l) => {
      expect(yandexCount(s + n).chars).toBe(yandexCount(s).chars);
      expect(yandexCount(s + n).narrow).toBe(yandexCount(s).narrow + 1);
      expect(yandexCount(s + l).chars).toBe(yandexCount(s).chars + 1);
    }));
  });
  it('the longest word leaves narrow characters out and never exceeds the main count', () => {
    expect(yandexCount('Сервер, «Москва»!').longestWord).toBe(8);
    expect(yandexCount('Сервер, Москва!!!').longestWord).toBe(6);
    fc.assert(fc.property(textOf(anyChar, 80), (s) => { expect(yandexCount(s).longestWord).toBeLessThanOrEqual(yandexCount(s).chars); }));
  });
});

describe('Yandex Direct text-and-image ad limits', () => {
  const ok = { title: 'Выделенный сервер в Москве', title2: 'от 9 900 ₽ в месяц', text: 'Intel Xeon, 64 ГБ ОЗУ, NVMe. Подключим за день!' };
  it('a normal ad fits', () => { expect(checkYandexAd(ok)).toEqual([]); });
  it('title: 56 characters pass, 57 do not; narrow ones do not count towards 56', () => {
    expect(checkYandexAd({ ...ok, title: 'жжжжж '.repeat(9) + 'жж' })).toEqual([]);
    expect(checkYandexAd({ ...ok, title: 'жжжжж '.repeat(9) + 'жжж' })[0]).toMatchObject({ path: 'title', key: 'ads.v.tooLong', params: { count: 57, max: 56 } });
    expect(checkYandexAd({ ...ok, title: `${'жжжжж '.repeat(9)}жж${'.'.repeat(15)}` })).toEqual([]);
    expect(checkYandexAd({ ...ok, title: `${'ж, '.repeat(16)}` })).toContainEqual({ path: 'title', key: 'ads.v.narrow', params: { count: 16, max: 15 } });
  });
  it('title2 ≤ 30, text ≤ 81, each with at most 15 narrow characters', () => {
    expect(checkYandexAd({ ...ok, title2: 'ж'.repeat(10) + ' ' + 'ж'.repeat(19) })).toEqual([]);
    expect(checkYandexAd({ ...ok, title2: 'ж'.repeat(10) + ' ' + 'ж'.repeat(20) })[0]).toMatchObject({ path: 'title2', params: { count: 31, max: 30 } });
    const words81 = `${'слово '.repeat(13)}ааа`; // 13×6 + 3 = 81
    expect(charCount(words81)).toBe(81);
    expect(checkYandexAd({ ...ok, text: words81 })).toEqual([]);
    expect(checkYandexAd({ ...ok, text: `${words81}а` })[0]).toMatchObject({ path: 'text', params: { count: 82, max: 81 } });
    expect(checkYandexAd({ ...ok, text: `Да${'!'.repeat(16)}` })[0]).toMatchObject({ path: 'text', key: 'ads.v.narrow' });
  });
  it('a word is at most 22 characters in titles and 23 in the text', () => {
    const w22 = 'ж'.repeat(22);
    expect(checkYandexAd({ ...ok, title: w22 })).toEqual([]);
    expect(checkYandexAd({ ...ok, title: `${w22}ж` })[0]).toMatchObject({ path: 'title', key: 'ads.v.word', params: { count: 23, max: 22 } });
    expect(checkYandexAd({ ...ok, text: `${w22}ж` })).toEqual([]);
    expect(checkYandexAd({ ...ok, text: `${w22}жж` })[0]).toMatchObject({ path: 'text', key: 'ads.v.word', params: { count: 24, max: 23 } });
    expect(checkYandexAd({ ...ok, title: `${w22}!!!` })).toEqual([]);
  });
  it('title and text are required, title2 is not', () => {
    expect(checkYandexAd({ title: ' ', title2: '', text: '\u00a0' }).map((p) => p.path)).toEqual(['title', 'text']);
  });
  it('property: the check passes exactly when every counter is within its limit', () => {
    fc.assert(fc.property(textOf(anyChar, 70), textOf(anyChar, 40), textOf(anyChar, 100), (title, title2, text) => {
      const ad = { title: `а${title}`, title2, text: `а${text}` };
      const within = countersOf('yandex', ad).every((c) => !c.over);
      expect(checkYandexAd(ad).length === 0).toBe(within);
    }));
  });
  it('keywords: up to 7 words; operators are not words', () => {
    expect(checkKeyword('yandex', 'аренда выделенного сервера в москве недорого посуточно')).toEqual([]);
    expect(checkKeyword('yandex', 'аренда выделенного сервера в москве недорого посуточно сейчас')[0]).toMatchObject({ key: 'ads.v.words', params: { count: 8, max: 7 } });
    expect(checkKeyword('yandex', '"аренда !сервера" + [в москве] + ! ')).toEqual([]);
    fc.assert(fc.property(fc.array(textOf(cyr, 8).filter((w) => w.length > 0), { minLength: 1, maxLength: 12 }), (words) => {
      expect(checkKeyword('yandex', words.join(' ')).some((p) => p.key === 'ads.v.words')).toBe(words.length > 7);
    }));
  });
});

describe('Google Ads responsive search ad limits', () => {
  const ok: GoogleAdText = { headlines: ['Аренда сервера', 'Сервер в Москве', 'от 9 900 ₽/мес'], descriptions: ['Intel Xeon, 64 ГБ ОЗУ, NVMe.', 'Подключим за день.'], path1: 'серверы', path2: 'москва' };
  it('3–15 headlines, 2–4 descriptions', () => {
    expect(checkGoogleAd(ok)).toEqual([]);
    expect(checkGoogleAd({ ...ok, headlines: ok.headlines.slice(0, 2) })[0]).toMatchObject({ path: 'headlines', key: 'ads.v.count', params: { count: 2, min: 3, max: 15 } });
    expect(checkGoogleAd({ ...ok, headlines: Array.from({ length: 16 }, (_, i) => `Заголовок ${i}`) })[0]).toMatchObject({ path: 'headlines', params: { count: 16 } });
    expect(checkGoogleAd({ ...ok, descriptions: ['один'] })[0]).toMatchObject({ path: 'descriptions' });
    expect(checkGoogleAd({ ...ok, descriptions: ['1', '2', '3', '4', '5'] })[0]).toMatchObject({ path: 'descriptions', params: { count: 5, max: 4 } });
  });
  it('headline ≤ 30, description ≤ 90, paths ≤ 15 — Cyrillic as characters', () => {
    expect(checkGoogleAd({ ...ok, headlines: [...ok.headlines, 'ж'.repeat(30)] })).toEqual([]);
    expect(checkGoogleAd({ ...ok, headlines: [...ok.headlines, 'ж'.repeat(31)] })).toEqual([{ path: 'headlines.3', key: 'ads.v.tooLong', params: { count: 31, max: 30 } }]);
    expect(checkGoogleAd({ ...ok, descriptions: [...ok.descriptions, 'ж'.repeat(90)] })).toEqual([]);
    expect(checkGoogleAd({ ...ok, descriptions: [...ok.descriptions, 'ж'.repeat(91)] })[0]).toMatchObject({ path: 'descriptions.2' });
    expect(checkGoogleAd({ ...ok, path1: 'ж'.repeat(15), path2: 'ж'.repeat(16) })).toEqual([{ path: 'path2', key: 'ads.v.tooLong', params: { count: 16, max: 15 } }]);
    expect(checkGoogleAd({ ...ok, headlines: [...ok.headlines, '🚀'.repeat(30)] })).toEqual([]);
  });
  it('property: a headline passes exactly when it has at most 30 code points', () => {
    fc.assert(fc.property(textOf(anyChar, 40).filter((s) => s.trim() !== ''), (h) => {
      expect(checkGoogleAd({ ...ok, headlines: [...ok.headlines, h] }).length === 0).toBe([...h].length <= 30);
    }));
  });
});

describe('templates, prices and truth', () => {
  const facts = { name: 'DS-1', serviceKind: 'dedicated' as const, kindName: 'выделенный сервер', params: { cores: 8, ramGb: 32, disks: '2×960 ГБ SSD' }, location: 'Москва', gross: 1_220_000n, setupGross: 0n };
  it('placeholders fill from the offer; unknown ones are found', () => {
    const v = placeholderValues(facts);
    expect(fill('Сервер {config} в {location} за {price}', v)).toBe('Сервер 8 ядер, 32 ГБ ОЗУ, 2×960 ГБ SSD в Москва за 12 200 ₽');
    expect(unknownPlaceholders('{price} {prise} {location}')).toEqual(['prise']);
    expect(renderFields({ title: '{name}', title2: '', text: '{price}' }, v)).toEqual({ title: 'DS-1', title2: '', text: '12 200 ₽' });
  });
  it('stated prices and parameters are read back from the text', () => {
    expect(statedPrices('от 12 200 ₽ в месяц, подключение 1 500,50 руб.')).toEqual([1_220_000n, 150_050n]);
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 11n }), (k) => { expect(statedPrices(`цена ${adRubles(k)}!`)).toEqual([k]); }));
    expect(statedParamMismatches('8 ядер, 64 ГБ', { cores: 8, ramGb: 32 })).toEqual(['64 ГБ']);
  });
  it('VAT by the seller tax mode and the date; schema.org price format', () => {
    expect(publicPriceOf(1_000_000n, 'osn', '2026-11-27')).toEqual({ net: 1_000_000n, vatRate: '22', vat: 220_000n, gross: 1_220_000n });
    expect(publicPriceOf(1_000_000n, 'osn', '2025-12-31').gross).toBe(1_200_000n);
    expect(publicPriceOf(1_000_000n, 'usn', '2026-11-27')).toEqual({ net: 1_000_000n, vatRate: null, vat: 0n, gross: 1_000_000n });
    expect(schemaPrice(1_220_005n)).toBe('12200.05');
  });
  it('capacity: every resource an offer takes must be free', () => {
    expect(capacityShortfall('vps', { vcpu: 4, ramGb: 8 }, new Map([['vcpu', 4], ['ram_gb', 8], ['ipv4', 1]]))).toEqual([]);
    expect(capacityShortfall('vps', { vcpu: 4, ramGb: 8 }, new Map([['vcpu', 3], ['ram_gb', 8], ['ipv4', 1]]))).toEqual(['vcpu']);
    expect(capacityShortfall('dedicated', { cores: 8 }, new Map([['ipv4', 5]]))).toEqual(['servers']);
  });
  it('an ad is untrue when the price, publication, capacity, parameters or its own words differ from the catalog', () => {
    const claim: AdClaim = { offerId: 'of_1', siteId: 'st_1', params: { cores: 8, ramGb: 32 }, net: 1_000_000n, setupNet: 0n, gross: 1_220_000n, setupGross: 0n };
    const now: OfferNow = { id: 'of_1', serviceKind: 'dedicated', published: true, siteId: 'st_1', location: 'Москва', params: { ramGb: 32, cores: 8 }, net: 1_000_000n, setupNet: 0n, gross: 1_220_000n, setupGross: 0n, available: true };
    const text = { title: 'Сервер 8 ядер', title2: '', text: 'Всего 12 200 ₽ в месяц' };
    expect(untrueReasons(claim, now, text)).toEqual([]);
    expect(untrueReasons(claim, { ...now, net: 1_100_000n, gross: 1_342_000n }, text).map((u) => u.key)).toEqual(['ads.untrue.price']);
    expect(untrueReasons(claim, { ...now, available: false }, text).map((u) => u.key)).toEqual(['ads.untrue.noCapacity']);
    expect(untrueReasons(claim, { ...now, published: false }, text).map((u) => u.key)).toEqual(['ads.untrue.unpublished']);
    expect(untrueReasons(claim, { ...now, params: { cores: 16, ramGb: 32 } }, text).map((u) => u.key)).toEqual(['ads.untrue.params', 'ads.untrue.statedParam']);
    expect(untrueReasons(claim, now, { ...text, text: 'Всего 9 900 ₽' }).map((u) => u.key)).toEqual(['ads.untrue.statedPrice']);
    expect(untrueReasons(claim, null, text).map((u) => u.key)).toEqual(['ads.untrue.offerGone']);
  });
});
