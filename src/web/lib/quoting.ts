/** Types and money helpers of the catalog / pricing / proposals screens. Money comes from the API as kopeck strings. */
import { formatRubles, parseRubles } from '../../domain/money.ts';
import type { Lang } from '../i18n/index.ts';
import { findParam, paramTitle, serviceParams } from '../../domain/catalog/service-params.ts';

export const serviceKinds = ['dedicated', 'colocation', 'vps', 'internet'] as const;
export type ServiceKind = (typeof serviceKinds)[number];

/** Parameter fields of each kind, which are text (the rest are numbers) and which optional — from the one vocabulary. */
export const paramFields = Object.fromEntries(serviceKinds.map((k) => [k, serviceParams[k].map((p) => p.key)])) as Record<ServiceKind, string[]>;
export const textParams = new Set(serviceKinds.flatMap((k) => serviceParams[k].filter((p) => p.type === 'text').map((p) => p.key)));
export const optionalParams = new Set(serviceKinds.flatMap((k) => serviceParams[k].filter((p) => p.optional).map((p) => p.key)));

/** "Мощность, кВт" for a parameter of a kind; an unknown key (old data) shows as it is. */
export function paramLabel(kind: ServiceKind, key: string, lang: Lang): string {
  const p = findParam(kind, key);
  return p ? paramTitle(p, lang) : key;
}

/** Parameters for people: "Юнитов, U: 2 · Мощность, кВт: 0,5", in the vocabulary's order, decimals with a comma in Russian. */
export function paramsText(kind: ServiceKind, params: Record<string, unknown>, lang: Lang): string {
  const known = serviceParams[kind]?.map((p) => p.key) ?? [];
  const keys = [...known.filter((k) => k in params), ...Object.keys(params).filter((k) => !known.includes(k))];
  const show = (v: unknown) => (typeof v === 'number' && lang === 'ru' ? String(v).replace('.', ',') : String(v));
  return keys.filter((k) => params[k] !== null && params[k] !== '').map((k) => `${paramLabel(kind, k, lang)}: ${show(params[k])}`).join(' · ');
}

/** Kopecks (string from the API) for people. */
export const rub = (k: string | number | bigint | null | undefined, lang: Lang): string =>
  k === null || k === undefined || k === '' ? '—' : formatRubles(BigInt(k), lang);

/** Rubles typed by a person → kopecks as a string for the API, or null when it is not money. */
export function toKopecks(text: string): string | null {
  const k = parseRubles(text);
  return k === null || k < 0n ? null : k.toString();
}

/** Kopecks → the rubles text an input shows ("25000,00"). */
export const toRublesInput = (k: string | null | undefined): string =>
  !k ? '' : `${BigInt(k) / 100n},${(BigInt(k) % 100n).toString().padStart(2, '0')}`;

export interface Offer {
  id: string; code: string; name: string; serviceKind: ServiceKind; siteId: string; params: Record<string, unknown>;
  components: { sku: string; quantity: number }[]; monthlyPrice: string; setupFee: string; published: boolean; version: number;
  unitCost: string | null; unitFloor: string | null; marginPct: string | null; belowFloor: boolean; missingSkus: string[];
}

export interface Site { id: string; code: string; name: string }

export interface ProposalLine {
  id: string; position: number; offerId: string | null; siteId: string; serviceKind: ServiceKind; description: string; quantity: number; params?: Record<string, unknown>;
  unitPrice: string; discountPct: string; unitNet: string; setupFee: string; unitCost: string; unitFloor: string; monthly: string; setup: string;
  margin: string; marginPct: string | null; belowFloor: boolean;
}

export interface Proposal {
  id: string; number: string; title: string | null; companyId: string; companyName: string; sellerName: string; currentVersion: number;
  version: {
    id: string; version: number; status: string; serviceDate: string; validUntil: string; vatRate: string | null;
    monthlyTotal: string; setupTotal: string; netTotal: string; vatTotal: string; grossTotal: string;
  };
  contentHash: string; lines: ProposalLine[]; needsApproval: boolean;
  approvals: { id: string; approverName: string; reason: string; approvedAt: string; valid: boolean }[];
  blockers: { key: string; params: Record<string, string | number> }[];
  versions: { version: number; status: string }[];
}

export interface ProposalRow { id: string; number: string; companyName: string; version: number; status: string; validUntil: string; grossTotal: string }

export const statusClass = (s: string): string =>
  s === 'accepted' || s === 'approved' || s === 'sent' ? 'status-granted' : s === 'declined' || s === 'expired' || s === 'pending_approval' ? 'status-withdrawn' : 'status-none';

/** Adds a line; resolves to whether it worked. */
export type AddLine = (body: Record<string, unknown>) => Promise<boolean>;
