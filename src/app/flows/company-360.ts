import { dateInZone } from '../../domain/dates.ts';
import { AppError } from '../../domain/errors.ts';
import type { Permission } from '../../domain/parties/permissions.ts';
import { can } from '../../domain/parties/permissions.ts';
import { listServices } from '../billing/services.ts';
import { listInvoices } from '../billing/invoices.ts';
import { clientLedger } from '../billing/receivables.ts';
import { listDeals } from '../crm/deals.ts';
import { listFeasibilityRequests } from '../feasibility/requests.ts';
import { listProposals } from '../quoting/proposals.ts';
import { requirePermission, type Ctx } from '../context.ts';

/**
 * One block of the company card (C-360): what the company has in one context. A context adds its block
 * with `addCompanySection` (orders add theirs the same way); the card shows the blocks the user may read.
 */
export interface CompanySection {
  key: string;
  permission: Permission;
  load(ctx: Ctx, companyId: string): Promise<unknown>;
}

/** How many newest records a block shows; the block's `total` says how many there are, its list link shows all. */
export const SECTION_ROWS = 50;

const newest = <T>(items: T[]) => ({ total: items.length, items: items.slice(0, SECTION_ROWS) });

const sections: CompanySection[] = [
  {
    key: 'deals', permission: 'crm.read',
    load: async (ctx, companyId) => newest((await listDeals(ctx, { companyId, outcome: 'all', limit: 1000 })).map((d) => ({
      id: d.id, title: d.title, stage: d.stage, outcome: d.outcome, ownerName: d.ownerName, expectedMonthlyRevenue: d.expectedMonthlyRevenue,
      nextStep: d.nextStep, nextStepDue: d.nextStepDue, updatedAt: d.updatedAt,
    }))),
  },
  { key: 'proposals', permission: 'proposal.read', load: async (ctx, companyId) => newest(await listProposals(ctx, { companyId })) },
  {
    key: 'feasibility', permission: 'inventory.read',
    load: async (ctx, companyId) => newest((await listFeasibilityRequests(ctx, { companyId, limit: 1000 })).map((r) => ({
      id: r.id, serviceKind: r.serviceKind, siteId: r.siteId, address: r.address, params: r.params, quantity: r.quantity, status: r.status,
      createdAt: r.createdAt, answer: r.answer ? { outcome: r.answer.outcome, validUntil: r.answer.validUntil } : null,
    }))),
  },
  { key: 'services', permission: 'billing.read', load: async (ctx, companyId) => newest(await listServices(ctx, { clientId: companyId })) },
  {
    key: 'invoices', permission: 'billing.read',
    load: async (ctx, companyId) => {
      const today = dateInZone(ctx.now(), ctx.timeZone);
      const invoices = (await listInvoices(ctx, { clientId: companyId, limit: 100_000 })).map((i) => ({
        ...i, outstanding: i.total - i.paid, overdue: i.total > i.paid && i.dueDate < today,
      }));
      return newest(invoices);
    },
  },
  {
    key: 'balance', permission: 'billing.read',
    load: async (ctx, companyId) => {
      const today = dateInZone(ctx.now(), ctx.timeZone);
      const [ledger, invoices] = await Promise.all([clientLedger(ctx, companyId), listInvoices(ctx, { clientId: companyId, limit: 100_000 })]);
      const open = invoices.filter((i) => i.total > i.paid);
      const overdue = open.filter((i) => i.dueDate < today);
      const sum = (xs: typeof open) => xs.reduce((s, i) => s + i.total - i.paid, 0n);
      return { balance: ledger.balance, onAccount: ledger.onAccount, debt: sum(open), overdueDebt: sum(overdue), overdueInvoices: overdue.length, oldestDue: overdue.map((i) => i.dueDate).sort()[0] ?? null };
    },
  },
  {
    key: 'documents', permission: 'billing.read',
    load: async (ctx, companyId) => {
      const [invoices, proposals] = await Promise.all([listInvoices(ctx, { clientId: companyId, limit: 100_000 }), listProposals(ctx, { companyId })]);
      const docs = [
        ...invoices.flatMap((i) => {
          const base = { number: `${i.number}`, year: i.year, date: i.issueDate, invoiceId: i.id };
          return [
            { ...base, kind: 'invoice', href: `/billing/invoices/${i.id}/invoice.pdf` },
            { ...base, kind: 'act', href: `/billing/invoices/${i.id}/act.pdf` },
            ...(i.vatTotal > 0n ? [{ ...base, kind: 'factura', href: `/billing/invoices/${i.id}/factura.pdf` }] : []),
          ];
        }),
        ...proposals.filter((p) => p.status !== 'draft').map((p) => ({
          kind: 'proposal', number: p.number, year: null, date: dateInZone(p.createdAt, ctx.timeZone), proposalId: p.id, href: `/proposals/${p.id}/pdf`,
        })),
      ].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
      return newest(docs);
    },
  },
];

/** Adds a block to the company card (e.g. orders); a key already taken is a programming error. */
export function addCompanySection(section: CompanySection): void {
  if (sections.some((s) => s.key === section.key)) throw new Error(`company section ${section.key} already exists`);
  sections.push(section);
}

/** Everything a company has, block by block: only the blocks the user may read, optionally only those asked for. */
export async function companyOverview(ctx: Ctx, companyId: string, only?: readonly string[]): Promise<Record<string, unknown>> {
  requirePermission(ctx, 'company.read');
  const company = await ctx.db.selectFrom('company').select('id').where('id', '=', companyId).executeTakeFirst();
  if (!company) throw new AppError('not_found', 'e.notFound', { entity: 'company', id: companyId });
  const wanted = sections.filter((s) => can(ctx.actor.role, s.permission) && (!only?.length || only.includes(s.key)));
  const loaded = await Promise.all(wanted.map(async (s) => [s.key, await s.load(ctx, companyId)] as const));
  return Object.fromEntries(loaded);
}
