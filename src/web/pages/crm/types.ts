import { dateInZone } from '../../../domain/dates.ts';

/** Shapes of the CRM API as the UI reads them (JSON: bigint kopecks arrive as strings, instants as ISO). */
export interface Stage { code: string; nameRu: string; nameEn: string; position: number; outcome: 'open' | 'won' | 'lost'; probability: number; active: boolean }
export interface Reason { code: string; nameRu: string; nameEn: string; active: boolean }
export interface DealItem {
  id: string; title: string; source: string; ownerId: string; companyId: string; contactId: string | null; partnerId?: string | null; serviceKind: string | null;
  expectedMonthlyRevenue: string; stage: string; outcome: string; probability: number; nextStep: string | null; nextStepDue: string | null;
  blockedReason: string | null; lostReason: string | null; lostComment: string | null; version: number;
  companyName?: string; ownerName?: string; lastActivityAt?: string | null;
}
export interface Activity { id: string; kind: string; direction: string; purpose: string; subject: string | null; outcome: string | null; body: string | null; emailTo: string | null; at: string }
export type TimelineEntry =
  | { type: 'activity'; at: string; activity: Activity; ownerName: string | null; contactName: string | null }
  | { type: 'stage'; at: string; fromStage: string | null; toStage: string; actorName: string | null };
export interface Task { id: string; title: string; dealId: string | null; dueDate: string; remindAt: string | null; doneAt: string | null; dealTitle?: string | null; companyName?: string | null; overdue?: boolean; reminderDue?: boolean }
export interface DealCard {
  deal: DealItem; company: { id: string; name: string }; contact: { id: string; fullName: string; emails: string[]; phones: string[] } | null;
  ownerName: string | null; timeline: TimelineEntry[]; tasks: Task[];
}
/** An end-of-day item: a deal without today's status, or a client in a manager's care without one. */
export interface MissingItem {
  kind: 'deal' | 'client'; dealId: string | null; companyId: string; title: string; companyName: string; ownerName: string;
  stage: string | null; nextStep: string | null; nextStepDue: string | null; lastActivityAt: string | null;
}

export const dealSources = ['ad_campaign', 'partner', 'conference', 'cold_call', 'office_visit', 'inbound_call', 'inbound_email', 'website_form', 'referral'] as const;
export const activityKinds = ['call', 'email', 'visit', 'meeting', 'conference', 'note'] as const;
export const serviceKinds = ['dedicated', 'colocation', 'vps', 'internet'] as const;

/** Kopecks (as a decimal string) for people: `85 000 ₽`. */
export function rubles(kopecks: string | null | undefined, lang: 'ru' | 'en'): string {
  if (!kopecks) return '—';
  const k = BigInt(kopecks);
  const r = (k / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'ru' ? '\u00a0' : ',');
  const c = k % 100n;
  const tail = c === 0n ? '' : `${lang === 'ru' ? ',' : '.'}${c.toString().padStart(2, '0')}`;
  return lang === 'ru' ? `${r}${tail}\u00a0₽` : `₽${r}${tail}`;
}

export const stageName = (stages: Stage[], code: string | null, lang: 'ru' | 'en'): string => {
  if (!code) return '—';
  const s = stages.find((x) => x.code === code);
  return s ? (lang === 'ru' ? s.nameRu : s.nameEn) : code;
};

export { fmtDate } from '../../lib/format.ts';

/** Today in the business time zone as YYYY-MM-DD. */
export const todayIso = (): string => dateInZone(new Date());
