import { z } from 'zod';
import type { ServiceKind } from '../catalog/service-kinds.ts';
import { networks, type AdText, type Network } from './ads-limits.ts';
import { adRubles } from './ads-truth.ts';
import { configSummary } from './pricelist.ts';

/**
 * Ad templates: the texts of an ad with placeholders filled from an offer. Placeholders: {price} (monthly
 * price as the client pays it), {setup} (setup fee), {location} (the site's city), {config} (configuration),
 * {name} (offer name), {kind} (service kind). An unknown placeholder is refused when the template is saved.
 */
export const PLACEHOLDERS = ['price', 'setup', 'location', 'config', 'name', 'kind'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const text = (max: number) => z.string({ error: 'v.required' }).max(max, { error: 'v.tooLong' });
export const YandexFieldsSchema = z.object({ title: text(200), title2: text(200).default(''), text: text(300) }).strict();
export const GoogleFieldsSchema = z.object({
  headlines: z.array(text(200)).max(20, { error: 'v.tooLong' }),
  descriptions: z.array(text(300)).max(10, { error: 'v.tooLong' }),
  path1: text(100).default(''), path2: text(100).default(''),
}).strict();

export const TemplateSchema = z.object({
  name: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(200, { error: 'v.tooLong' }),
  network: z.enum(networks, { error: 'v.enum' }),
  fields: z.unknown(),
  keywords: z.array(z.string().max(500, { error: 'v.tooLong' })).max(200, { error: 'v.tooLong' }).default([]),
  finalUrl: z.string({ error: 'v.required' }).trim().regex(/^https?:\/\/\S+$/, { error: 'ads.v.url' }).max(1024, { error: 'v.tooLong' }),
}).strict();
export type TemplateInput = z.infer<typeof TemplateSchema>;

/** The fields of one network (Yandex title/title2/text; Google headlines/descriptions/paths). */
export const fieldsSchemaOf = (network: Network) => (network === 'google' ? GoogleFieldsSchema : YandexFieldsSchema);

/** Placeholders a text uses that are not known: `{prise}`. */
export function unknownPlaceholders(s: string): string[] {
  return [...s.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
}

/** The values an offer gives the placeholders. */
export interface OfferFacts { name: string; serviceKind: ServiceKind; kindName: string; params: Record<string, unknown>; location: string; gross: bigint; setupGross: bigint }

export function placeholderValues(o: OfferFacts): Record<Placeholder, string> {
  return { price: adRubles(o.gross), setup: adRubles(o.setupGross), location: o.location, config: configSummary(o.serviceKind, o.params), name: o.name, kind: o.kindName };
}

/** One text with its placeholders filled. */
export const fill = (s: string, v: Record<Placeholder, string>): string => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in v ? v[k as Placeholder] : m));

/** A template's fields filled for an offer. */
export function renderFields(fields: AdText, v: Record<Placeholder, string>): AdText {
  if ('headlines' in fields) return { headlines: fields.headlines.map((s) => fill(s, v)), descriptions: fields.descriptions.map((s) => fill(s, v)), path1: fill(fields.path1, v), path2: fill(fields.path2, v) };
  return { title: fill(fields.title, v), title2: fill(fields.title2, v), text: fill(fields.text, v) };
}

/** A site's place as an ad names it: the city (first part of the address) or the site's name. */
export const locationOf = (site: { name: string; address: string | null }): string => (site.address?.split(',')[0]?.trim() || site.name);
