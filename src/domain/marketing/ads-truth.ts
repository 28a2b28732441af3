import type { ServiceKind } from '../catalog/service-kinds.ts';
import type { Kopecks } from '../money.ts';
import { citiesIn, cityKey } from './ads-cities.ts';
import { configSummary } from './pricelist.ts';
import { isGoogleText, type AdText, type Network } from './ads-limits.ts';

/**
 * Rule 5 for ads (C15): an ad states only what a published offer with capacity offers now. An ad records
 * what it claims when it is made (the offer, its site and parameters, the catalog price and the price it
 * states); `untrueReasons` compares the claim and the ad's own words with the catalog of now. Export and the
 * list of untrue ads ask it; the export guard `ad_export_line_truth` (migration 0019) refuses the same.
 */

/** What an ad claims about an offer. */
export interface AdClaim {
  offerId: string;
  siteId: string;
  params: Record<string, unknown>;
  /** Catalog (net) monthly price and setup fee when the ad was made. */
  net: Kopecks;
  setupNet: Kopecks;
  /** The prices the ad states (with VAT as the client pays). */
  gross: Kopecks;
  setupGross: Kopecks;
}

/** The offer as it is now, with its public price and whether its site has room for it. */
export interface OfferNow {
  id: string;
  serviceKind: ServiceKind;
  published: boolean;
  siteId: string;
  /** The city of the offer's site (`locationOf`). */
  location: string;
  params: Record<string, unknown>;
  net: Kopecks;
  setupNet: Kopecks;
  gross: Kopecks;
  setupGross: Kopecks;
  available: boolean;
}

export interface Untrue { key: string; params: Record<string, string> }

/** Kopecks as an ad writes them: «5 000 ₽», «5 000,50 ₽» (plain spaces, the networks refuse exotic ones). */
export function adRubles(k: Kopecks): string {
  const rub = (k / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const kop = k % 100n;
  return kop === 0n ? `${rub} ₽` : `${rub},${kop.toString().padStart(2, '0')} ₽`;
}

const PRICE_RE = /(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:,(\d{1,2}))?[ \u00a0]?(?:₽|руб)/g;

/** Prices an ad's text states («5 000 ₽», «5000 руб.», «5 000,50 ₽»), in kopecks. */
export function statedPrices(text: string): Kopecks[] {
  return [...text.matchAll(PRICE_RE)].map((m) => BigInt(m[1]!.replace(/[ \u00a0]/g, '')) * 100n + BigInt((m[2] ?? '0').padEnd(2, '0')));
}

/** Figures a text states with a unit that names a parameter: «32 ГБ», «8 ядер», «4 vCPU», «100 Мбит/с», «2 кВт», «1U». */
const PARAM_RE = /(\d+(?:,\d+)?)[ \u00a0]?(ГБ|ядер|ядра|ядро|vCPU|Мбит\/с|кВт|U)(?![\p{L}])/gu;
const PARAM_KEYS: Record<string, string[]> = { 'ГБ': ['ramGb', 'diskGb'], 'ядер': ['cores'], 'ядра': ['cores'], 'ядро': ['cores'], vCPU: ['vcpu'], 'Мбит/с': ['mbps', 'uplinkMbps'], 'кВт': ['kw'], U: ['units'] };

/** Parameter figures an ad's text states that the offer's parameters do not have. */
export function statedParamMismatches(text: string, params: Record<string, unknown>): string[] {
  const out: string[] = [];
  const words = Object.values(params).filter((v): v is string => typeof v === 'string').map((v) => v.replace(/\u00a0/g, ' '));
  for (const m of text.matchAll(PARAM_RE)) {
    const value = Number(m[1]!.replace(',', '.'));
    const keys = PARAM_KEYS[m[2]!] ?? [];
    // «2×960 ГБ SSD» in a text parameter (disks) states its own figures.
    if (!keys.some((k) => Number(params[k]) === value) && !words.some((v) => v.includes(m[0].replace(/\u00a0/g, ' ')))) out.push(m[0]);
  }
  return out;
}

/** Every text of an ad (titles, texts, headlines, descriptions). */
export function adTexts(t: AdText): string[] {
  return isGoogleText(t) ? [...t.headlines, ...t.descriptions, t.path1, t.path2] : [t.title, t.title2, t.text];
}

const same = (a: Record<string, unknown>, b: Record<string, unknown>): boolean => {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && JSON.stringify(a[k]) === JSON.stringify(b[k]));
};

/**
 * Why an ad is untrue now (empty: every price, configuration and place it states is offered). `cities` are
 * our sites' cities; a city the text names (`citiesIn`, case endings tolerated) other than the offer's own is
 * a place the ad does not offer.
 */
export function untrueReasons(claim: AdClaim, offer: OfferNow | null, text: AdText, cities: readonly string[] = []): Untrue[] {
  if (!offer) return [{ key: 'ads.untrue.offerGone', params: {} }];
  const out: Untrue[] = [];
  if (!offer.published) out.push({ key: 'ads.untrue.unpublished', params: {} });
  if (!offer.available) out.push({ key: 'ads.untrue.noCapacity', params: {} });
  if (offer.net !== claim.net || offer.gross !== claim.gross) out.push({ key: 'ads.untrue.price', params: { claimed: adRubles(claim.gross), now: adRubles(offer.gross) } });
  if (offer.setupNet !== claim.setupNet || offer.setupGross !== claim.setupGross) out.push({ key: 'ads.untrue.setup', params: { claimed: adRubles(claim.setupGross), now: adRubles(offer.setupGross) } });
  if (offer.siteId !== claim.siteId) out.push({ key: 'ads.untrue.site', params: {} });
  if (!same(offer.params, claim.params)) out.push({ key: 'ads.untrue.params', params: { claimed: configSummary(offer.serviceKind, claim.params), now: configSummary(offer.serviceKind, offer.params) } });
  const all = adTexts(text).join('\n');
  const allowed = new Set([claim.gross, claim.setupGross]);
  for (const p of statedPrices(all)) if (!allowed.has(p)) out.push({ key: 'ads.untrue.statedPrice', params: { stated: adRubles(p), now: adRubles(offer.gross) } });
  for (const s of statedParamMismatches(all, offer.params)) out.push({ key: 'ads.untrue.statedParam', params: { stated: s } });
  for (const m of citiesIn(all, [...cities, offer.location])) {
    if (cityKey(m.city) !== cityKey(offer.location)) out.push({ key: 'ads.untrue.city', params: { stated: m.stated, now: offer.location } });
  }
  return out;
}

/** The network an ad text belongs to. */
export const networkOf = (t: AdText): Network => (isGoogleText(t) ? 'google' : 'yandex');
