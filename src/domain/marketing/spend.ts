import { z } from 'zod';
import type { FieldError } from '../errors.ts';
import { parseRubles, roundDiv, type Kopecks } from '../money.ts';

/**
 * Ad spend per UTM campaign and month, and what each campaign brought: leads (deals with that `utm_campaign`),
 * clients (won deals), their expected monthly revenue, cost per lead and per client.
 */

export const monthField = z.string({ error: 'v.mkt.month' }).trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'v.mkt.month' });
/** A UTM campaign as it arrives in links: letters, digits, `_ - . +`, no spaces; compared case-insensitively. */
export const campaignField = z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(120, { error: 'v.tooLong' })
  .regex(/^[\p{L}\p{N}_.+-]+$/u, { error: 'v.mkt.campaign' }).transform((s) => s.toLowerCase());

export const SpendSchema = z.object({
  campaign: campaignField,
  month: monthField,
  amount: z.union([z.string(), z.number()], { error: 'v.money' }).transform((v, c) => {
    const k = parseRubles(String(v));
    if (k === null || k <= 0n) { c.addIssue({ code: 'custom', message: 'v.money' }); return z.NEVER; }
    return k;
  }),
  channel: z.string().trim().max(60, { error: 'v.tooLong' }).nullish().transform((v) => v || null),
  note: z.string().trim().max(300, { error: 'v.tooLong' }).nullish().transform((v) => v || null),
}).strict();
export type SpendInput = z.output<typeof SpendSchema>;

/** The manager who chose to use a spend (and the client it was for): it comes out of their acquisition bonus. */
export const SpendUseSchema = z.object({
  userId: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(64),
  companyId: z.string().trim().max(64).nullish().transform((v) => v || null),
}).strict();

const columns: Record<string, string[]> = {
  campaign: ['campaign', 'utm_campaign', 'кампания'],
  month: ['month', 'месяц'],
  amount: ['amount', 'spend', 'сумма', 'расход'],
  channel: ['channel', 'канал', 'source', 'площадка'],
  note: ['note', 'комментарий', 'примечание'],
};

/** Checks every row of a spend file (campaign, month, amount[, channel, note]): all rows or all errors by line. */
export function parseSpendRows(header: string[], rows: { line: number; cells: string[] }[]): { rows: (SpendInput & { line: number })[]; errors: FieldError[] } {
  const norm = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const idx: Record<string, number> = {};
  for (const [key, names] of Object.entries(columns)) {
    const i = norm.findIndex((h) => names.includes(h));
    if (i >= 0) idx[key] = i;
  }
  const errors: FieldError[] = [];
  for (const r of ['campaign', 'month', 'amount']) if (idx[r] === undefined) errors.push({ path: 'header', key: 'e.importHeader', params: { column: r } });
  if (errors.length) return { rows: [], errors };
  const out: (SpendInput & { line: number })[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    const get = (k: string) => (idx[k] === undefined ? '' : (cells[idx[k]!] ?? '').trim());
    const p = SpendSchema.safeParse({ campaign: get('campaign'), month: get('month'), amount: get('amount'), channel: get('channel'), note: get('note') });
    if (!p.success) { for (const i of p.error.issues) errors.push({ path: `line ${line}.${i.path.map(String).join('.')}`, key: i.message }); continue; }
    const key = `${p.data.campaign}:${p.data.month}`;
    const prev = seen.get(key);
    if (prev !== undefined) { errors.push({ path: `line ${line}.campaign`, key: 'v.mkt.duplicateSpend', params: { line: prev } }); continue; }
    seen.set(key, line);
    out.push({ ...p.data, line });
  }
  return { rows: errors.length ? [] : out, errors };
}

export interface LeadFact { campaign: string | null; month: string; outcome: 'open' | 'won' | 'lost'; monthlyRevenue: Kopecks; companyId?: string | null }
export interface SpendFact { campaign: string; month: string; amount: Kopecks }
/** Net (without VAT) a client was invoiced for a month: its invoices of that month and their corrections (deltas, in the original's month). */
export interface InvoicedFact { companyId: string; month: string; net: Kopecks }

export interface AttributionRow {
  campaign: string; spend: Kopecks; leads: number; won: number; lost: number;
  /** Expected monthly revenue of the won deals («ожидаемая»). */
  revenue: Kopecks;
  /** What billing invoiced the campaign's clients, net of corrections («выставлено»), in total and by month. */
  invoiced: Kopecks;
  invoicedByMonth: { month: string; net: Kopecks }[];
  /** Invoiced per month: each client's invoiced net ÷ the months it was invoiced, summed over the clients. */
  invoicedMonthly: Kopecks;
  /** Clients of won deals that billing has invoiced (net > 0): the real clients. */
  clients: number;
  costPerLead: Kopecks | null;
  /** Spend ÷ clients actually invoiced. */
  costPerClient: Kopecks | null;
}

/** A campaign name as deals and spend rows are matched: trimmed, lower case; none for a lead without UTM. */
export const campaignKey = (c: string | null | undefined): string | null => (c && c.trim() ? c.trim().toLowerCase() : null);

/**
 * Attribution by UTM campaign over a range of months: each lead counts in the month it came (the deal's
 * creation), a won lead is a client with its expected monthly revenue; spend is summed over the same months.
 * What the won clients were really invoiced (`invoiced`, the facts the caller read) is summed per campaign;
 * a client won by two campaigns counts for the first (earliest month, then order given). Cost per lead =
 * spend / leads, per client = spend / clients invoiced, rounded once; none when there were none. Leads
 * without a campaign are one row with `campaign` '' and no spend.
 */
export function attribute(spend: readonly SpendFact[], leads: readonly LeadFact[], from: string, to: string, invoiced: readonly InvoicedFact[] = []): AttributionRow[] {
  const rows = new Map<string, AttributionRow>();
  const row = (c: string) => {
    let r = rows.get(c);
    if (!r) { r = { campaign: c, spend: 0n, leads: 0, won: 0, lost: 0, revenue: 0n, invoiced: 0n, invoicedByMonth: [], invoicedMonthly: 0n, clients: 0, costPerLead: null, costPerClient: null }; rows.set(c, r); }
    return r;
  };
  for (const s of spend) if (s.month >= from && s.month <= to) row(campaignKey(s.campaign)!).spend += s.amount;
  const campaignOf = new Map<string, string>();
  const inRange = leads.filter((l) => l.month >= from && l.month <= to);
  for (const l of inRange) {
    const r = row(campaignKey(l.campaign) ?? '');
    r.leads++;
    if (l.outcome === 'won') { r.won++; r.revenue += l.monthlyRevenue; }
    if (l.outcome === 'lost') r.lost++;
  }
  for (const l of [...inRange].sort((a, b) => a.month.localeCompare(b.month))) {
    if (l.outcome === 'won' && l.companyId && !campaignOf.has(l.companyId)) campaignOf.set(l.companyId, campaignKey(l.campaign) ?? '');
  }
  const byClient = new Map<string, Map<string, Kopecks>>();
  for (const f of invoiced) {
    if (!campaignOf.has(f.companyId)) continue;
    const m = byClient.get(f.companyId) ?? byClient.set(f.companyId, new Map()).get(f.companyId)!;
    m.set(f.month, (m.get(f.month) ?? 0n) + f.net);
  }
  for (const [companyId, months] of byClient) {
    const r = row(campaignOf.get(companyId)!);
    const total = [...months.values()].reduce((a, x) => a + x, 0n);
    const billed = [...months.values()].filter((x) => x !== 0n).length;
    r.invoiced += total;
    if (total > 0n) r.clients++;
    if (billed > 0) r.invoicedMonthly += roundDiv(total, BigInt(billed));
    for (const [month, net] of months) {
      const e = r.invoicedByMonth.find((x) => x.month === month);
      if (e) e.net += net; else r.invoicedByMonth.push({ month, net });
    }
  }
  for (const r of rows.values()) {
    r.invoicedByMonth.sort((a, b) => a.month.localeCompare(b.month));
    r.costPerLead = r.leads > 0 && r.spend > 0n ? roundDiv(r.spend, BigInt(r.leads)) : null;
    r.costPerClient = r.clients > 0 && r.spend > 0n ? roundDiv(r.spend, BigInt(r.clients)) : null;
  }
  return [...rows.values()].sort((a, b) => (a.campaign === '' ? 1 : b.campaign === '' ? -1 : b.spend > a.spend ? 1 : b.spend < a.spend ? -1 : a.campaign.localeCompare(b.campaign)));
}
