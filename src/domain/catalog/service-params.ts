import { z } from 'zod';
import { serviceKinds, type ServiceKind } from './service-kinds.ts';

/**
 * The parameter vocabulary of each service kind (C1): the one place that says which parameters a kind has,
 * how they are typed, labelled and measured. The catalog offer, the feasibility request and its answer,
 * the capacity forecast and the proposal line all speak these keys, so an answer written from the request
 * form covers exactly what a proposal line asks (see `answerCovers`).
 */
export interface ServiceParam {
  key: string;
  /** Numbers are limits (an answer confirming more covers less); text must match. */
  type: 'int' | 'decimal' | 'text';
  max?: number;
  optional?: boolean;
  label: { ru: string; en: string };
  unit?: { ru: string; en: string };
  /** What one unit of this parameter takes from a site's capacity: `resource` × value × `factor`. */
  demand?: { resource: string; factor: number; fallback: number };
}

const mbit = { ru: 'Мбит/с', en: 'Mbit/s' };
const gb = { ru: 'ГБ', en: 'GB' };
const pcs = { ru: 'шт', en: 'pcs' };
const ipv4: ServiceParam = { key: 'ipv4', type: 'int', max: 1024, label: { ru: 'IPv4-адресов', en: 'IPv4 addresses' }, unit: pcs, demand: { resource: 'ipv4', factor: 1, fallback: 1 } };
const uplink: ServiceParam = { key: 'uplinkMbps', type: 'int', max: 400_000, label: { ru: 'Порт', en: 'Uplink' }, unit: mbit };

export const serviceParams: Record<ServiceKind, readonly ServiceParam[]> = {
  dedicated: [
    { key: 'cpuModel', type: 'text', max: 200, label: { ru: 'Процессор', en: 'CPU' } },
    { key: 'cores', type: 'int', max: 1024, label: { ru: 'Ядер', en: 'Cores' } },
    { key: 'ramGb', type: 'int', max: 65_536, label: { ru: 'ОЗУ', en: 'RAM' }, unit: gb },
    { key: 'disks', type: 'text', max: 200, label: { ru: 'Диски', en: 'Disks' } },
    { key: 'raid', type: 'text', max: 50, optional: true, label: { ru: 'RAID', en: 'RAID' } },
    uplink,
    ipv4,
    { key: 'trafficTb', type: 'int', max: 100_000, optional: true, label: { ru: 'Трафик', en: 'Traffic' }, unit: { ru: 'ТБ', en: 'TB' } },
  ],
  colocation: [
    { key: 'units', type: 'int', max: 48, label: { ru: 'Юнитов', en: 'Rack units' }, unit: { ru: 'U', en: 'U' }, demand: { resource: 'rack_units', factor: 1, fallback: 1 } },
    { key: 'kw', type: 'decimal', max: 100, label: { ru: 'Мощность', en: 'Power' }, unit: { ru: 'кВт', en: 'kW' }, demand: { resource: 'power_w', factor: 1000, fallback: 0.3 } },
    { key: 'ports', type: 'int', max: 96, label: { ru: 'Портов', en: 'Ports' }, unit: pcs },
    uplink,
    ipv4,
  ],
  vps: [
    { key: 'vcpu', type: 'int', max: 256, label: { ru: 'vCPU', en: 'vCPU' }, demand: { resource: 'vcpu', factor: 1, fallback: 1 } },
    { key: 'ramGb', type: 'int', max: 4096, label: { ru: 'ОЗУ', en: 'RAM' }, unit: gb, demand: { resource: 'ram_gb', factor: 1, fallback: 1 } },
    { key: 'diskGb', type: 'int', max: 100_000, label: { ru: 'Диск', en: 'Disk' }, unit: gb },
    { ...ipv4, max: 256 },
  ],
  internet: [
    { key: 'mbps', type: 'int', max: 400_000, label: { ru: 'Канал', en: 'Bandwidth' }, unit: mbit, demand: { resource: 'mbps', factor: 1, fallback: 100 } },
    ipv4,
  ],
};

/** What one unit of a kind takes whatever its parameters say (a dedicated server is one server). */
const fixedDemand: Record<ServiceKind, { resource: string; amount: number }[]> = {
  dedicated: [{ resource: 'servers', amount: 1 }],
  colocation: [],
  vps: [],
  internet: [{ resource: 'ports', amount: 1 }],
};

export type ParamLocale = 'ru' | 'en';

/** "Мощность, кВт" / "Power, kW": the label people see next to a value. */
export function paramTitle(p: ServiceParam, locale: ParamLocale): string {
  return p.unit ? `${p.label[locale]}, ${p.unit[locale]}` : p.label[locale];
}

export const findParam = (kind: ServiceKind, key: string): ServiceParam | undefined => serviceParams[kind]?.find((p) => p.key === key);

/** Message key of a parameter's title in the catalogs (`param.colocation.kw`), for errors that name it. */
export const paramMessageKey = (kind: ServiceKind, key: string): string => `param.${kind}.${key}`;

/** Catalog entries `param.<kind>.<key>` → title in one language, for the server and web message catalogs. */
export function paramMessages(locale: ParamLocale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of serviceKinds) for (const p of serviceParams[kind]) out[paramMessageKey(kind, p.key)] = paramTitle(p, locale);
  return out;
}

const posInt = (max: number) => z.number({ error: 'v.required' }).int({ error: 'v.invalid' }).min(0, { error: 'v.invalid' }).max(max, { error: 'v.invalid' });

function paramSchema(p: ServiceParam): z.ZodType {
  const base = p.type === 'text'
    ? z.string({ error: 'v.required' }).trim().max(p.max ?? 200, { error: 'v.tooLong' }).min(p.optional ? 0 : 1, { error: 'v.required' })
    : p.type === 'int' ? posInt(p.max ?? Number.MAX_SAFE_INTEGER)
      : z.number({ error: 'v.required' }).nonnegative({ error: 'v.invalid' }).max(p.max ?? Number.MAX_SAFE_INTEGER, { error: 'v.invalid' });
  return p.optional ? base.optional() : base;
}

/** A strict Zod object of a kind's parameters (unknown keys are refused, so no hidden key creeps in). */
export function paramsSchemaOf(kind: ServiceKind) {
  return z.object(Object.fromEntries(serviceParams[kind].map((p) => [p.key, paramSchema(p)]))).strict();
}

/**
 * Checks parameters named in a feasibility request or answer: any subset of the kind's vocabulary, each
 * typed as the vocabulary says; a key outside it (`cpuCores`, `powerW`) is refused, since no offer could match it.
 */
export function checkAskedParams(kind: ServiceKind, params: unknown) {
  return paramsSchemaOf(kind).partial().safeParse(params);
}

/**
 * Parameters as typed in a form (strings) → typed values of the vocabulary; blanks are dropped, a decimal
 * comma is accepted. Unknown keys are dropped too: a form generated from the vocabulary has none.
 */
export function paramsFromText(kind: ServiceKind, text: Record<string, string>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const p of serviceParams[kind]) {
    const v = (text[p.key] ?? '').trim();
    if (!v) continue;
    const n = Number(v.replace(/\s/g, '').replace(',', '.'));
    out[p.key] = p.type === 'text' || !Number.isFinite(n) ? v : n;
  }
  return out;
}

/**
 * `demandOfParams` as rows for its SQL twin `offer_demand()` (migration 0030): per kind, in the same order,
 * a fixed amount (`key` null) or a parameter's value (else `amount` as the fallback) times `factor`.
 */
export function demandRules(): { kind: ServiceKind; ord: number; resource: string; key: string | null; amount: number; factor: number }[] {
  return (Object.keys(fixedDemand) as ServiceKind[]).flatMap((kind) => [
    ...fixedDemand[kind].map((d) => ({ resource: d.resource, key: null, amount: d.amount, factor: 1 })),
    ...serviceParams[kind].flatMap((p) => (p.demand ? [{ resource: p.demand.resource, key: p.key, amount: p.demand.fallback, factor: p.demand.factor }] : [])),
  ].map((r, ord) => ({ kind, ord, ...r })));
}

/** What a request of a kind consumes per unit of quantity, for the capacity forecast. */
export function demandOfParams(kind: ServiceKind, params: Record<string, unknown>): { resource: string; amount: number }[] {
  const out = [...fixedDemand[kind]];
  for (const p of serviceParams[kind]) {
    if (!p.demand) continue;
    const v = Number(params[p.key]);
    out.push({ resource: p.demand.resource, amount: (Number.isFinite(v) && v > 0 ? v : p.demand.fallback) * p.demand.factor });
  }
  return out;
}
