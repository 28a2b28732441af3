import { sql } from 'kysely';
import { runPage } from '../../db/queries/list.ts';
import { contactFromRow } from '../../db/queries/parties.ts';
import type { Contact } from '../../domain/parties/company.ts';
import { can } from '../../domain/parties/permissions.ts';
import { containsPattern, type ListQuery, type Page } from '../../domain/lists/list-query.ts';
import { requirePermission, type Ctx } from '../context.ts';

/** One hit of the global search: what it is, a title, a second line, and the id the UI links to. */
export interface SearchHit { kind: 'company' | 'contact' | 'deal' | 'proposal' | 'invoice'; id: string; title: string; subtitle: string | null; companyId: string | null }

const PER_KIND = 6;

/**
 * The top bar's search: companies by name or ИНН, contacts by name, e-mail or phone, deals by title,
 * proposals by number («КП-2026-00042», «42»), invoices by number («123», «123/2026»). Each kind only when
 * the actor may read it; a few hits per kind, best matches (prefix) first.
 */
export async function globalSearch(ctx: Ctx, rawTerm: string): Promise<{ q: string; hits: SearchHit[] }> {
  requirePermission(ctx, 'company.read');
  const term = rawTerm.trim();
  if (term.length < 2) return { q: term, hits: [] };
  const like = containsPattern(term);
  const prefix = `${like.slice(1)}`;
  const digits = term.replace(/[\s-]/g, '');
  const isDigits = /^\d+$/.test(digits);
  const role = ctx.actor.role;
  const jobs: Promise<SearchHit[]>[] = [];

  jobs.push(ctx.db.selectFrom('company').select(['id', 'name', 'inn'])
    .where((eb) => eb.or([eb(eb.fn('lower', ['name']), 'like', like), ...(isDigits ? [eb('inn', 'like', `${digits}%`)] : [])]))
    .orderBy(sql`(lower(name) LIKE ${prefix}) DESC`).orderBy(sql`lower(name)`).limit(PER_KIND).execute()
    .then((rows) => rows.map((r) => ({ kind: 'company' as const, id: r.id, title: r.name, subtitle: r.inn ? `ИНН ${r.inn}` : null, companyId: r.id }))));

  const phone = term.replace(/\D/g, '');
  jobs.push(ctx.db.selectFrom('contact as k').innerJoin('company as c', 'c.id', 'k.company_id').select(['k.id', 'k.full_name', 'k.company_id', 'c.name'])
    .where((eb) => eb.or([
      eb(eb.fn('lower', ['k.full_name']), 'like', like),
      eb(sql<string>`lower(array_to_string(k.emails, ' '))`, 'like', like),
      ...(phone.length >= 5 ? [eb(sql<string>`regexp_replace(array_to_string(k.phones, ' '), '\\D', '', 'g')`, 'like', `%${phone}%`)] : []),
    ]))
    .orderBy(sql`lower(k.full_name)`).limit(PER_KIND).execute()
    .then((rows) => rows.map((r) => ({ kind: 'contact' as const, id: r.id, title: r.full_name, subtitle: r.name, companyId: r.company_id }))));

  if (can(role, 'crm.read')) {
    jobs.push(ctx.db.selectFrom('deal as d').innerJoin('company as c', 'c.id', 'd.company_id').select(['d.id', 'd.title', 'd.company_id', 'c.name'])
      .where((eb) => eb(eb.fn('lower', ['d.title']), 'like', like))
      .orderBy('d.updated_at', 'desc').limit(PER_KIND).execute()
      .then((rows) => rows.map((r) => ({ kind: 'deal' as const, id: r.id, title: r.title, subtitle: r.name, companyId: r.company_id }))));
  }
  if (can(role, 'proposal.read')) {
    jobs.push(ctx.db.selectFrom('proposal as p').innerJoin('company as c', 'c.id', 'p.company_id').select(['p.id', 'p.number', 'p.title', 'p.company_id', 'c.name'])
      .where((eb) => eb.or([eb(eb.fn('lower', ['p.number']), 'like', like), ...(isDigits ? [eb('p.seq', '=', BigInt(digits.slice(-12)))] : [])]))
      .orderBy('p.seq', 'desc').limit(PER_KIND).execute()
      .then((rows) => rows.map((r) => ({ kind: 'proposal' as const, id: r.id, title: r.number, subtitle: [r.name, r.title].filter(Boolean).join(' · '), companyId: r.company_id }))));
  }
  const invoiceNo = /^№?\s*(\d{1,9})(?:\s*\/\s*(\d{4}))?$/.exec(term);
  if (can(role, 'billing.read') && invoiceNo) {
    let q = ctx.db.selectFrom('invoice as i').innerJoin('company as c', 'c.id', 'i.client_id').select(['i.id', 'i.number', 'i.year', 'i.issue_date', 'i.client_id', 'c.name'])
      .where('i.number', '=', Number(invoiceNo[1]));
    if (invoiceNo[2]) q = q.where('i.year', '=', Number(invoiceNo[2]));
    jobs.push(q.orderBy('i.issue_date', 'desc').limit(PER_KIND).execute()
      .then((rows) => rows.map((r) => ({ kind: 'invoice' as const, id: r.id, title: `№ ${r.number}/${r.year}`, subtitle: r.name, companyId: r.client_id }))));
  }
  return { q: term, hits: (await Promise.all(jobs)).flat() };
}

export interface ContactRow extends Contact { companyName: string }

/** Contacts across companies for pickers: search by name, e-mail or phone; optionally one company's. */
export async function pageContacts(ctx: Ctx, f: ListQuery & { companyId?: string }): Promise<Page<ContactRow>> {
  requirePermission(ctx, 'company.read');
  let q = ctx.db.selectFrom('contact as k').innerJoin('company as c', 'c.id', 'k.company_id').selectAll('k').select('c.name as company_name');
  const term = f.q?.trim();
  if (term) {
    const like = containsPattern(term);
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['k.full_name']), 'like', like), eb(sql<string>`lower(array_to_string(k.emails, ' '))`, 'like', like)]));
  }
  if (f.companyId) q = q.where('k.company_id', '=', f.companyId);
  return runPage(q, f, { columns: { name: sql`lower(k.full_name)`, company: sql`lower(c.name)`, updatedAt: 'k.updated_at' }, default: 'name', tieBreaker: 'k.id' },
    (r) => ({ ...contactFromRow(r), companyName: r.company_name }));
}
