/**
 * The audit log as people read it: one sentence per entry in the user's language, changed fields with their
 * labels, money in rubles, dates as 29.11.2026, instants in Moscow time, a link to the record — never raw
 * keys, ids, hashes or JSON (those stay in the raw record, shown to admins only).
 */
import { formatRubles } from '../../domain/money.ts';
import { formatDate, formatInstant, formatPeriod } from '../../domain/dates.ts';
import { paramsText, type ServiceKind } from './quoting.ts';
import { serviceParams } from '../../domain/catalog/service-params.ts';
import type { AuditRow } from './api.ts';
import type { Lang } from '../i18n/index.ts';

/** `t` with a fallback: returns '' when the key is unknown, so nothing raw slips through. */
export type Lookup = (key: string, params?: Record<string, unknown>) => string;

export interface AuditNames { contacts?: Record<string, string>; stages?: Record<string, string> }
export interface AuditChange { field: string; label: string; before: string | null; after: string }
export interface AuditText { sentence: string; link: string | null; changes: AuditChange[] }

/** Amounts stored in kopecks under these names. */
const moneyFields = new Set([
  'expectedMonthlyRevenue', 'monthlyTotal', 'setupTotal', 'netTotal', 'vatTotal', 'grossTotal', 'unitPrice', 'unitNet', 'setupFee',
  'unitCost', 'unitFloor', 'monthlyPrice', 'amount', 'total', 'paid', 'outstanding', 'agentFeeFixed',
]);
/** Bookkeeping that says nothing to a person (ids are resolved to names or left out). */
const hidden = new Set(['id', 'version', 'createdAt', 'updatedAt', 'passwordHash', 'recordedBy', 'statusUpdatedAt', 'stageChangedAt',
  'contentHash', 'sentHash', 'snapshot', 'costTrace', 'components', 'formulaVersion', 'closedAt', 'emailMessageId', 'body', 'currentVersion']);
/** Enumerations shown with their catalog labels: field → key prefix (per entity where it differs). */
const valuePrefix = (entity: string, field: string): string | null => {
  if (field === 'status') return entity === 'consent' ? 'consentStatus' : entity === 'proposal' ? 'status' : entity === 'feasibility_request' ? 'fstatus' : null;
  if (field === 'source') return entity === 'deal' ? 'crm.source' : null;
  return ({ kind: entity === 'activity' ? 'crm.kind' : 'kind', roles: 'companyRole', role: 'role', channel: 'channel', purpose: entity === 'activity' ? 'crm.purpose' : 'purpose',
    serviceKind: 'kind', direction: 'crm.direction', outcome: entity === 'feasibility_request' ? 'outcome' : null } as Record<string, string | null>)[field] ?? null;
};

// Fields in the order of the forms, so every entry reads the same way.
const fieldOrder = [
  'kind', 'legalForm', 'name', 'inn', 'kpp', 'ogrn', 'bik', 'bankName', 'settlementAccount', 'corrAccount', 'legalAddress', 'postalAddress',
  'phone', 'email', 'website', 'roles', 'notes', 'fullName', 'position', 'phones', 'emails', 'contactId', 'channel', 'purpose', 'status', 'at',
  'source', 'textVersion', 'role', 'active', 'locale', 'title', 'stage', 'description', 'serviceKind', 'params', 'quantity', 'unitPrice',
  'discountPct', 'expectedMonthlyRevenue', 'probability', 'nextStep', 'nextStepDue', 'blockedReason', 'lostReason', 'lostComment',
];
const rank = (k: string) => { const i = fieldOrder.indexOf(k); return i < 0 ? fieldOrder.length : i; };

const routes: Record<string, (id: string, r: AuditRow) => string | null> = {
  company: (id) => `#/companies/${id}`,
  deal: (id) => `#/deals/${id}`,
  proposal: (id) => `#/proposals/${id}`,
  activity: (_id, r) => (typeof (r.after ?? {}).dealId === 'string' ? `#/deals/${String(r.after!.dealId)}` : null),
  invoice: (_id, r) => (typeof (r.after ?? {}).clientId === 'string' ? `#/billing/clients/${String(r.after!.clientId)}` : null),
};

function value(x: unknown, entity: string, field: string, t: Lookup, lang: Lang, names: AuditNames, row: AuditRow): string | null {
  if (x === null || x === undefined || x === '') return '—';
  if (Array.isArray(x)) {
    const parts = x.map((i) => value(i, entity, field, t, lang, names, row)).filter((v): v is string => v !== null);
    return parts.length === x.length ? (parts.join(', ') || '—') : null;
  }
  if (field === 'params' && typeof x === 'object') {
    const kind = String((row.after ?? row.before ?? {}).serviceKind ?? '') as ServiceKind;
    // Without the kind the vocabulary cannot label the keys, and raw keys are not shown.
    return serviceParams[kind] ? paramsText(kind, x as Record<string, unknown>, lang) || '—' : null;
  }
  if (typeof x === 'object') return null;
  if (typeof x === 'boolean') return x ? t('common.yes') : t('common.no');
  const s = String(x);
  if (field === 'contactId') return names.contacts?.[s] ?? null;
  if (field === 'stage') return names.stages?.[s] ?? null;
  if (moneyFields.has(field) && /^-?\d+$/.test(s)) return formatRubles(BigInt(s), lang);
  const prefix = valuePrefix(entity, field);
  if (prefix) return t(`${prefix}.${s}`) || s;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return formatDate(s, lang);
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(s)) return formatPeriod(s, lang);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) { const d = new Date(s); return Number.isNaN(d.getTime()) ? s : formatInstant(d, lang); }
  if (typeof x === 'number' && lang === 'ru') return s.replace('.', ',');
  // An id of another record without a name to show is left out rather than shown raw.
  if (/Id$/.test(field) || /^[a-z]{2}_[0-9a-z]{16,}$/.test(s)) return null;
  return s;
}

/** The sentence, the link and the changed fields of one audit entry. */
export function describeAudit(r: AuditRow, t: Lookup, lang: Lang, names: AuditNames = {}): AuditText {
  const before = r.before ?? {};
  const after = r.after ?? {};
  const subject = { ...before, ...after } as Record<string, unknown>;
  const stageCode = r.action.startsWith('stage:') ? r.action.slice(6) : null;
  const action = stageCode ? 'stage' : r.action.replace(/[^a-z_.+-]/gi, '');
  const params = {
    title: String(subject.title ?? subject.name ?? subject.fullName ?? ''), number: String(subject.number ?? ''), subject: String(subject.subject ?? ''),
    stage: stageCode ? names.stages?.[stageCode] ?? '' : '', kind: t(`crm.kind.${String(subject.kind ?? '')}`),
    description: String(subject.description ?? ''),
    contact: names.contacts?.[String(subject.contactId ?? '')] ?? '',
  };
  const sentence = t(`audit.${r.entityType}.${r.action}`)
    || t(`history.s.${r.entityType}.${action}`, params)
    || [t(`entity.${r.entityType}`) || t('history.s.record'), t(`auditVerb.${action.split('.').pop()}`) || t('history.s.changed')].join(': ');
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => !hidden.has(k) && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .sort((a, b) => rank(a) - rank(b));
  const changes: AuditChange[] = [];
  for (const k of keys) {
    const label = t(`field.${k}`);
    const a = value(after[k], r.entityType, k, t, lang, names, r);
    const b = r.before ? value(before[k], r.entityType, k, t, lang, names, r) : null;
    if (!label || a === null || (r.before && b === null)) continue;
    changes.push({ field: k, label, before: r.before ? b : null, after: a });
  }
  return { sentence, link: routes[r.entityType]?.(r.entityId, r) ?? null, changes };
}
