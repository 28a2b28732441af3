import { z } from 'zod';
import { serviceKinds } from './service-kinds.ts';
import { paramsSchemaOf } from './service-params.ts';

/** Units of options and add-ons (шт, U, кВт, Мбит/с, ТБ, IPv4). */
export const optionUnits = ['pcs', 'U', 'kW', 'mbps', 'TB', 'ipv4'] as const;
export type OptionUnit = (typeof optionUnits)[number];
export const unitLabelsRu: Record<OptionUnit, string> = { pcs: 'шт', U: 'U', kW: 'кВт', mbps: 'Мбит/с', TB: 'ТБ', ipv4: 'IPv4' };

/** Kopecks in JSON: a non-negative integer or a string of digits (bigint-safe). */
export const KopecksSchema = z.union([
  z.string().regex(/^\d{1,15}$/, { error: 'v.money' }),
  z.number({ error: 'v.money' }).int({ error: 'v.money' }).nonnegative({ error: 'v.money' }).max(Number.MAX_SAFE_INTEGER, { error: 'v.money' }),
  z.bigint().nonnegative({ error: 'v.money' }),
], { error: 'v.money' }).transform((v) => BigInt(v));

const text = (max = 200) => z.string().trim().max(max, { error: 'v.tooLong' });

/** Typed parameters of each service kind (C1), from the one vocabulary. */
export const serviceParamSchemas = {
  dedicated: paramsSchemaOf('dedicated'), colocation: paramsSchemaOf('colocation'), vps: paramsSchemaOf('vps'), internet: paramsSchemaOf('internet'),
} as const;

export const ServiceKindSchema = z.enum(serviceKinds, { error: 'v.enum' });

/** One cost component of a configuration: a supplier SKU and how many of it. */
export const ComponentSchema = z.object({
  sku: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(80, { error: 'v.tooLong' }),
  quantity: z.number({ error: 'v.required' }).int({ error: 'v.invalid' }).min(1, { error: 'v.invalid' }).max(100_000, { error: 'v.invalid' }),
}).strict();
export type Component = z.infer<typeof ComponentSchema>;

const code = z.string({ error: 'v.required' }).trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, { error: 'v.catalog.code' });

export const OptionCreateSchema = z.object({
  code, name: text().min(1, { error: 'v.required' }),
  serviceKind: ServiceKindSchema.nullish().transform((v) => v ?? null),
  unit: z.enum(optionUnits, { error: 'v.enum' }),
  monthlyPrice: KopecksSchema, setupFee: KopecksSchema.default(0n),
  sku: text(80).nullish().transform((v) => v || null),
  active: z.boolean().default(true),
}).strict();

const offerFields = {
  code, name: text().min(1, { error: 'v.required' }), serviceKind: ServiceKindSchema,
  siteId: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }).max(64),
  params: z.record(z.string(), z.unknown()),
  components: z.array(ComponentSchema).min(1, { error: 'v.catalog.components' }).max(100),
  monthlyPrice: KopecksSchema, setupFee: KopecksSchema, published: z.boolean(),
};

/** An offer: a ready configuration at a site with list price; parameters are checked against its kind. */
export const OfferCreateSchema = z.object({
  ...offerFields, params: offerFields.params.default({}), setupFee: offerFields.setupFee.default(0n), published: offerFields.published.default(false),
}).strict();

/** A change of an offer: only the given fields change (no defaults); `version` guards against lost updates. */
export const OfferPatchSchema = z.object(offerFields).partial().extend({ version: z.number().int().optional() }).strict();

/** Validates `params` with the schema of `kind`; returns field errors under `params.`. */
export function checkParams(kind: (typeof serviceKinds)[number], params: unknown) {
  return serviceParamSchemas[kind].safeParse(params);
}
