import { z } from 'zod';
import { isoDateSchema } from '../date-schema.ts';
import type { FieldError } from '../errors.ts';
import { parseRubles, roundDiv, type Kopecks } from '../money.ts';
import { serviceKinds, type ServiceKind } from '../catalog/service-kinds.ts';
import { checkAskedParams, paramsFromText, serviceParams } from '../catalog/service-params.ts';
import { vatRateOn } from '../tax.ts';

/**
 * Competitors' offers (C15) and how they compare with ours. Parameters speak the catalog's vocabulary
 * (`serviceParams`), the location is one of our sites (the market the offer competes in), money is kopecks.
 */

/** Defaults of the marketing settings: a price older than this many days is stale; numeric parameters may differ by this percentage. */
export const DEFAULT_STALE_DAYS = 30;
export const DEFAULT_TOLERANCE_PCT = 25;

export interface CompetitorOfferInput {
  competitor: string;
  observedOn: string;
  sourceUrl: string;
  serviceKind: ServiceKind;
  siteCode: string;
  locationNote: string | null;
  params: Record<string, string | number>;
  monthlyPrice: Kopecks;
  setupFee: Kopecks;
  vatIncluded: boolean;
}

const reqText = (max: number) => z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' });
const rubles = (positive: boolean) => z.union([z.string(), z.number()], { error: 'v.money' }).transform((v, c) => {
  const k = parseRubles(String(v));
  if (k === null || k < 0n || (positive && k === 0n)) { c.addIssue({ code: 'custom', message: 'v.money' }); return z.NEVER; }
  return k;
});
/** A web address the price was seen at: http(s) only, so a link in the UI never runs script. */
export const sourceUrlSchema = reqText(500).refine((s) => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(s), { error: 'v.mkt.url' });

export const CompetitorOfferSchema = z.object({
  competitor: reqText(200),
  observedOn: isoDateSchema,
  sourceUrl: sourceUrlSchema,
  serviceKind: z.enum(serviceKinds, { error: 'v.enum' }),
  siteCode: reqText(40),
  locationNote: z.string().trim().max(200, { error: 'v.tooLong' }).nullish().transform((v) => v || null),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  monthlyPrice: rubles(true),
  setupFee: rubles(false).default(0n),
  vatIncluded: z.boolean({ error: 'v.invalid' }).default(true),
}).strict().superRefine((v, c) => {
  const typed = paramsFromText(v.serviceKind, Object.fromEntries(Object.entries(v.params).map(([k, x]) => [k, String(x)])));
  const unknown = Object.keys(v.params).filter((k) => !serviceParams[v.serviceKind].some((p) => p.key === k));
  for (const k of unknown) c.addIssue({ code: 'custom', path: ['params', k], message: 'v.mkt.unknownParam' });
  const checked = checkAskedParams(v.serviceKind, typed);
  if (!checked.success) for (const i of checked.error.issues) c.addIssue({ code: 'custom', path: ['params', ...i.path.map(String)], message: i.message });
}).transform((v): CompetitorOfferInput => ({
  ...v, params: paramsFromText(v.serviceKind, Object.fromEntries(Object.entries(v.params).map(([k, x]) => [k, String(x)]))),
}));

export const MarketingSettingsSchema = z.object({
  staleDays: z.number({ error: 'v.int' }).int({ error: 'v.int' }).min(1, { error: 'v.int' }).max(3650, { error: 'v.int' }),
  tolerancePct: z.number({ error: 'v.int' }).int({ error: 'v.int' }).min(0, { error: 'v.int' }).max(100, { error: 'v.int' }),
}).strict();

/** Parameter keys outside a kind's vocabulary (the SQL guard `mkt_params_known` is the twin). */
export function unknownParams(kind: ServiceKind, params: Record<string, unknown>): string[] {
  const known = new Set(serviceParams[kind].map((p) => p.key));
  return Object.keys(params).filter((k) => !known.has(k)).sort();
}

/** Days between two ISO dates (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A competitor's price is stale when it was seen more than `staleDays` days before today. */
export const isStale = (observedOn: string, today: string, staleDays: number): boolean => daysBetween(observedOn, today) > staleDays;

/**
 * A competitor's monthly price without VAT, comparable with our catalog prices (which are without VAT): a price
 * published with VAT is divided by 1 + the rate in force on the day it was seen, rounded once.
 */
export function netOf(price: Kopecks, vatIncluded: boolean, observedOn: string): Kopecks {
  if (!vatIncluded) return price;
  const rate = BigInt(vatRateOn(observedOn));
  return roundDiv(price * 100n, 100n + rate);
}

/** The median of amounts (the mean of the two middle ones for an even count, rounded once); null when empty. */
export function median(values: readonly Kopecks[]): Kopecks | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : roundDiv(s[mid - 1]! + s[mid]!, 2n);
}

export interface Configuration { serviceKind: string; siteId: string; params: Record<string, unknown> }

/**
 * Comparable means: the same service kind, the same location (our site), and every numeric parameter our offer
 * states (cores, RAM, units, kW, Mbit/s, IPv4…) stated by the competitor too and within ±`tolerancePct` % of ours.
 * Text parameters (CPU model, disks, RAID) are not compared: competitors name them differently.
 */
export function comparable(ours: Configuration, theirs: Configuration, tolerancePct: number): boolean {
  if (ours.serviceKind !== theirs.serviceKind || ours.siteId !== theirs.siteId) return false;
  const vocab = serviceParams[ours.serviceKind as ServiceKind] ?? [];
  for (const p of vocab) {
    if (p.type === 'text') continue;
    const o = Number(ours.params[p.key]);
    if (ours.params[p.key] === undefined || !Number.isFinite(o)) continue;
    const t = Number(theirs.params[p.key]);
    if (theirs.params[p.key] === undefined || !Number.isFinite(t)) return false;
    // |t − o| ≤ o × tol / 100, in integers of hundredths so 0.3 kW compares exactly
    const oo = Math.round(o * 1000);
    const tt = Math.round(t * 1000);
    if (Math.abs(tt - oo) * 100 > oo * tolerancePct) return false;
  }
  return true;
}

export interface CompetitorPrice extends Configuration { id: string; competitor: string; observedOn: string; monthlyNet: Kopecks; setupFee: Kopecks }
export interface OurOffer extends Configuration { id: string; code: string; name: string; monthlyPrice: Kopecks }

export interface ComparisonRow {
  offerId: string; code: string; name: string; serviceKind: string; siteId: string; ours: Kopecks;
  min: Kopecks | null; median: Kopecks | null; count: number; stale: number;
  /** Our price against the median, in whole percent (positive: we are dearer); null without a median. */
  diffPct: number | null;
  competitorIds: string[];
}

/** Our price vs min/median of the fresh comparable competitor offers; stale comparable ones are counted apart, not used. */
export function compareOffers(ours: readonly OurOffer[], theirs: readonly CompetitorPrice[], today: string, s: { staleDays: number; tolerancePct: number }): ComparisonRow[] {
  return ours.map((o) => {
    const matches = theirs.filter((t) => comparable(o, t, s.tolerancePct));
    const fresh = matches.filter((t) => !isStale(t.observedOn, today, s.staleDays));
    const prices = fresh.map((t) => t.monthlyNet);
    const min = prices.length ? prices.reduce((a, b) => (b < a ? b : a)) : null;
    const med = median(prices);
    return {
      offerId: o.id, code: o.code, name: o.name, serviceKind: o.serviceKind, siteId: o.siteId, ours: o.monthlyPrice,
      min, median: med, count: fresh.length, stale: matches.length - fresh.length,
      diffPct: med === null || med === 0n ? null : Number(roundDiv((o.monthlyPrice - med) * 100n, med)),
      competitorIds: fresh.map((t) => t.id),
    };
  });
}

/** Header names accepted in a competitor-offer file (English and Russian); `param.<key>` columns carry parameters. */
const columns: Record<string, string[]> = {
  observedOn: ['date', 'observed_on', 'дата'],
  sourceUrl: ['source_url', 'url', 'источник', 'ссылка'],
  competitor: ['competitor', 'конкурент'],
  serviceKind: ['kind', 'service_kind', 'вид', 'вид_услуги'],
  siteCode: ['location', 'site', 'площадка', 'локация'],
  locationNote: ['location_note', 'примечание', 'место'],
  params: ['params', 'parameters', 'параметры'],
  monthlyPrice: ['monthly_price', 'price', 'цена', 'цена_в_месяц'],
  setupFee: ['setup_fee', 'setup', 'подключение', 'установка'],
  vatIncluded: ['vat_included', 'с_ндс', 'ндс'],
};
const required = ['observedOn', 'sourceUrl', 'competitor', 'serviceKind', 'siteCode', 'monthlyPrice'];
const yes = new Set(['', 'да', 'yes', 'true', '1', 'с ндс']);
const no = new Set(['нет', 'no', 'false', '0', 'без ндс']);

/** `ramGb=32; cores=8` → { ramGb: '32', cores: '8' }; null when a piece has no `=`. */
export function splitParams(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const piece of text.split(/[;|]/).map((s) => s.trim()).filter(Boolean)) {
    const at = piece.indexOf('=');
    if (at <= 0) return null;
    out[piece.slice(0, at).trim()] = piece.slice(at + 1).trim();
  }
  return out;
}

/**
 * Checks every row of a competitor-offer table: the good rows and every error, each on `line N.<column>`
 * (the caller imports nothing when there is any error).
 * Parameters come from a `params` column (`key=value; …`) and/or `param.<key>` columns.
 */
export function parseCompetitorRows(header: string[], rows: { line: number; cells: string[] }[]): { rows: (CompetitorOfferInput & { line: number })[]; errors: FieldError[] } {
  const norm = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const idx: Record<string, number> = {};
  for (const [key, names] of Object.entries(columns)) {
    const i = norm.findIndex((h) => names.includes(h));
    if (i >= 0) idx[key] = i;
  }
  const paramCols = norm.map((h, i) => ({ h, i })).filter((x) => x.h.startsWith('param.')).map((x) => ({ key: header[x.i]!.trim().slice(6), i: x.i }));
  const errors: FieldError[] = [];
  for (const r of required) if (idx[r] === undefined) errors.push({ path: 'header', key: 'e.importHeader', params: { column: columns[r]![0]! } });
  if (errors.length) return { rows: [], errors };
  const out: (CompetitorOfferInput & { line: number })[] = [];
  for (const { line, cells } of rows) {
    const get = (k: string) => (idx[k] === undefined ? '' : (cells[idx[k]!] ?? '').trim());
    const params: Record<string, string> = {};
    const ptext = get('params');
    if (ptext) {
      const p = splitParams(ptext);
      if (!p) { errors.push({ path: `line ${line}.params`, key: 'v.mkt.paramsText' }); continue; }
      Object.assign(params, p);
    }
    for (const c of paramCols) { const v = (cells[c.i] ?? '').trim(); if (v) params[c.key] = v; }
    const vat = get('vatIncluded').toLowerCase();
    if (!yes.has(vat) && !no.has(vat)) { errors.push({ path: `line ${line}.vat_included`, key: 'v.mkt.yesNo' }); continue; }
    const kindRaw = get('serviceKind').toLowerCase();
    const parsed = CompetitorOfferSchema.safeParse({
      competitor: get('competitor'), observedOn: get('observedOn'), sourceUrl: get('sourceUrl'), serviceKind: kindAliases[kindRaw] ?? kindRaw,
      siteCode: get('siteCode'), locationNote: get('locationNote') || null, params, monthlyPrice: get('monthlyPrice'), setupFee: get('setupFee') || '0',
      vatIncluded: !no.has(vat),
    });
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        errors.push({ path: `line ${line}.${i.path.map(String).join('.')}`, key: i.message, ...(i.path[0] === 'serviceKind' ? { params: { options: serviceKinds.join(', ') } } : {}) });
      }
      continue;
    }
    out.push({ ...parsed.data, line });
  }
  return { rows: out, errors };
}

const kindAliases: Record<string, ServiceKind> = {
  'выделенный сервер': 'dedicated', сервер: 'dedicated', 'аренда сервера': 'dedicated', колокация: 'colocation', 'размещение': 'colocation',
  'размещение оборудования': 'colocation', впс: 'vps', 'vds': 'vps', интернет: 'internet', канал: 'internet',
};
