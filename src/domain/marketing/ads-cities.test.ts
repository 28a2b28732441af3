import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { citiesIn, cityKey, KNOWN_CITIES } from './ads-cities.ts';
import { untrueReasons, type AdClaim, type OfferNow } from './ads-truth.ts';

/** Case forms a Russian text uses for a city, generated from the nominative by the usual endings. */
const FORMS: Record<string, string[]> = {
  'Москва': ['Москва', 'Москвы', 'Москве', 'Москву', 'Москвой'],
  'Санкт-Петербург': ['Санкт-Петербург', 'Санкт-Петербурга', 'Санкт-Петербурге', 'Санкт-Петербургу', 'Санкт-Петербургом', 'Петербурге', 'СПб'],
  'Нижний Новгород': ['Нижний Новгород', 'Нижнего Новгорода', 'Нижнем Новгороде', 'Нижнему Новгороду'],
  'Казань': ['Казань', 'Казани', 'Казанью'],
  'Екатеринбург': ['Екатеринбург', 'Екатеринбурге', 'Екатеринбурга'],
  'Новосибирск': ['Новосибирск', 'Новосибирске'],
  'Пермь': ['Пермь', 'Перми'],
  'Ростов-на-Дону': ['Ростов-на-Дону', 'Ростове-на-Дону'],
  'Тверь': ['Тверь', 'Твери', 'Тверью'],
};

describe('cities an ad names (case endings tolerated)', () => {
  it('finds every case form of a known city or a site city, and names the words as written', () => {
    for (const [city, forms] of Object.entries(FORMS)) {
      for (const f of forms) expect(citiesIn(`Серверы в ${f} со скидкой`, ['Тверь'])).toEqual([{ city, stated: f }]);
    }
  });
  it('is whole-word: residents, adjectives and regions of a city are not a city', () => {
    for (const t of ['Москвичам скидка', 'Московский регион', 'Подмосковье рядом', 'пермский край', 'уфология', 'Казанский собор']) expect(citiesIn(t)).toEqual([]);
  });
  it('property: a city in any of its forms, anywhere among unrelated words, is found exactly once', () => {
    const filler = fc.constantFrom('сервер', 'аренда', 'VPS', '16 ядер', 'за 14 640 ₽', 'звоните!', '—', 'в', 'ЦОД');
    const entry = fc.constantFrom(...Object.entries(FORMS));
    fc.assert(fc.property(fc.array(filler, { maxLength: 6 }), fc.array(filler, { maxLength: 6 }), entry, fc.nat(), fc.boolean(), (before, after, [city, forms], i, upper) => {
      const form = forms[i % forms.length]!;
      const written = upper ? form.toUpperCase() : form;
      const found = citiesIn([...before, written, ...after].join(' '), ['Тверь']);
      expect(found).toEqual([{ city, stated: written }]);
    }), { numRuns: 300 });
  });
  it('«ё» and «е» are one letter; every known city is found in its own nominative', () => {
    expect(citiesIn('в Королёве', ['Королёв'])).toEqual([{ city: 'Королёв', stated: 'Королёве' }]);
    for (const c of KNOWN_CITIES) expect(citiesIn(`город ${c}`).map((m) => m.city)).toEqual([c]);
    expect(cityKey('Санкт Петербург')).toBe(cityKey('санкт-петербург'));
  });
  it('an ad naming another city than its offer\'s is untrue; its own city in any form is fine', () => {
    const claim: AdClaim = { offerId: 'of_1', siteId: 'st_1', params: { cores: 8 }, net: 100n, setupNet: 0n, gross: 122n, setupGross: 0n };
    const offer: OfferNow = { id: 'of_1', serviceKind: 'dedicated', published: true, siteId: 'st_1', location: 'Москва', params: { cores: 8 }, net: 100n, setupNet: 0n, gross: 122n, setupGross: 0n, available: true };
    const ad = (title: string) => ({ title, title2: '', text: 'Звоните!' });
    expect(untrueReasons(claim, offer, ad('Сервер в Москве'), ['Москва', 'Тверь'])).toEqual([]);
    expect(untrueReasons(claim, offer, ad('Сервер в Санкт-Петербурге'), ['Москва'])).toEqual([{ key: 'ads.untrue.city', params: { stated: 'Санкт-Петербурге', now: 'Москва' } }]);
    expect(untrueReasons(claim, offer, ad('Сервер в Твери и Москве'), ['Москва', 'Тверь'])).toEqual([{ key: 'ads.untrue.city', params: { stated: 'Твери', now: 'Москва' } }]);
    // a Tver offer may name Tver (a site city not on the built-in list)
    expect(untrueReasons({ ...claim }, { ...offer, location: 'Тверь' }, ad('Сервер в Твери'), ['Москва', 'Тверь'])).toEqual([]);
  });
});
