import { addDays } from '../../../domain/billing/billing.ts';
import { dateInZone } from '../../../domain/dates.ts';
import type { Role } from '../../../domain/parties/permissions.ts';
import type { Ctx } from '../../context.ts';

/** What the demo steps share: who acts, which companies and sites exist, and what earlier steps created. */
export interface DemoWorld {
  /** The context that started seeding (system actor); its clock, time zone and services are kept for everyone. */
  base: Ctx;
  /** A context per demo user, keyed by the e-mail's local part (manager, manager2, tech, accounting, director…). */
  as: Record<string, Ctx & { actor: { id: string; role: Role } }>;
  /** Company ids by name, with the ids of their contacts. */
  companies: Record<string, { id: string; contactIds: string[] }>;
  ownId: string;
  /** Site ids by code. */
  sites: Record<string, string>;
  offers: Record<string, { id: string; params: Record<string, unknown> }>;
  deals: Record<string, string>;
  /** Local "today" in the business time zone. */
  today: string;
}

export const todayIn = (ctx: Ctx): string => dateInZone(ctx.now(), ctx.timeZone);
/** `n` days from the world's today (negative: in the past). */
export const day = (w: DemoWorld, n: number): string => addDays(w.today, n);
/** An instant `n` days from today at a local Moscow time (UTC+3). */
export const at = (w: DemoWorld, n: number, hhmm: string): string => `${day(w, n)}T${hhmm}:00+03:00`;

export function company(w: DemoWorld, name: string): { id: string; contactIds: string[] } {
  const c = w.companies[name];
  if (!c) throw new Error(`demo: no company ${name}`);
  return c;
}

export function actor(w: DemoWorld, key: string): Ctx {
  const c = w.as[key];
  if (!c) throw new Error(`demo: no user ${key}`);
  return c;
}
