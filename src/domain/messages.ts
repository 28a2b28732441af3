import * as core from './core.messages.ts';
import * as quoting from './quoting/quoting.messages.ts';
import * as crm from './crm/crm.messages.ts';
import * as inventory from './inventory/inventory.messages.ts';
import * as billing from './billing/billing.messages.ts';
import * as permissionNames from './parties/permissions.messages.ts';
import * as compensation from './compensation/compensation.messages.ts';
import * as params from './catalog/params.messages.ts';
import * as banks from './banks/banks.messages.ts';
import * as sales from './sales/sales.messages.ts';
import * as trust from './trust.messages.ts';
import * as orders from './orders/orders.messages.ts';
import * as installments from './installments/installments.messages.ts';
import * as marketing from './marketing/marketing.messages.ts';
import * as ads from './marketing/ads.messages.ts';

/** Message catalogs (validation and error texts), Russian first. The web UI loads them too. */
export type Locale = 'ru' | 'en';

/** Every context's catalog: `{ ru, en }` with the same keys. A context adds its file here. */
const catalogs: { ru: Record<string, string>; en: Record<string, string> }[] = [core, quoting, crm, inventory, billing, compensation, params, banks, sales, trust, orders, installments, marketing, ads, permissionNames];

const merge = (locale: Locale): Record<string, string> => Object.assign({}, ...catalogs.map((c) => c[locale]));

export const messages: Record<Locale, Record<string, string>> = { ru: merge('ru'), en: merge('en') };

/** Renders a catalog message; unknown keys come back as-is so nothing is silently lost. */
export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const template = (messages[locale] as Record<string, string>)[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) return `{${name}}`;
    const s = String(v);
    return (messages[locale] as Record<string, string>)[s] ?? s;
  });
}

/**
 * Where in an imported file a field error is, from its path: every import names a bad line `line 3`, a bad
 * cell `line 3.billing` (or `line 3: tariffId`, `line 3.params.kw`). Null for any other path.
 */
export function importLocation(path: string): { line: number; column: string | null } | null {
  const m = /^line (\d+)(?:(?:\.|: )(.+))?$/.exec(path);
  return m ? { line: Number(m[1]), column: m[2] ?? null } : null;
}

/**
 * The text of one field error as a person reads it: for a line of an imported file, «Строка 3, столбец
 * «billing»: <message>» (never the raw path); for any other field, the message alone. The API's problem
 * documents and the CLI both say it this way.
 */
export function fieldErrorText(locale: Locale, e: { path: string; key: string; params?: Record<string, string | number> }): string {
  const message = translate(locale, e.key, e.params);
  const at = importLocation(e.path);
  if (!at) return message;
  const where = at.column === null ? translate(locale, 'import.at.line', { line: at.line }) : translate(locale, 'import.at.cell', { line: at.line, column: at.column });
  return `${where}: ${message}`;
}

export const pickLocale = (header: string | undefined | null): Locale =>
  header && /^\s*en\b/i.test(header) ? 'en' : 'ru';
