import { AppError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { Contact } from '../../domain/parties/company.ts';
import { ContactCreateSchema, ContactPatchSchema } from '../../domain/parties/contact.schemas.ts';
import { contactFromRow, contactToRow, findCompany, findContact } from '../../db/queries/parties.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, requirePermission, type Ctx } from '../context.ts';

async function requireCompany(ctx: Ctx, companyId: string): Promise<void> {
  if (!(await findCompany(ctx.db, companyId))) throw new AppError('not_found', 'e.notFound', { entity: 'company', id: companyId });
}

/** Adds a contact person to a company. */
export async function createContact(ctx: Ctx, companyId: string, input: unknown): Promise<Contact> {
  requirePermission(ctx, 'contact.write');
  const data = parseInput(ContactCreateSchema, input);
  return inTransaction(ctx, async (tx) => {
    await requireCompany(tx, companyId);
    const row = await tx.db.insertInto('contact')
      .values({ id: newId('ct'), company_id: companyId, ...contactToRow(data), updated_at: tx.now() })
      .returningAll().executeTakeFirstOrThrow();
    const contact = contactFromRow(row);
    await writeAudit(tx, { entityType: 'contact', entityId: contact.id, scopeId: companyId, action: 'create', after: contact });
    return contact;
  });
}

/** Changes a contact's name, position, phones or e-mails. */
export async function updateContact(ctx: Ctx, companyId: string, contactId: string, input: unknown): Promise<Contact> {
  requirePermission(ctx, 'contact.write');
  const patch = parseInput(ContactPatchSchema, input);
  return inTransaction(ctx, async (tx) => {
    const before = await findContact(tx.db, companyId, contactId);
    if (!before) throw new AppError('not_found', 'e.notFound', { entity: 'contact', id: contactId });
    const set: Record<string, unknown> = { updated_at: tx.now() };
    if (patch.fullName !== undefined) set.full_name = patch.fullName;
    if (patch.position !== undefined) set.position = patch.position;
    if (patch.phones !== undefined) set.phones = patch.phones;
    if (patch.emails !== undefined) set.emails = patch.emails;
    if (patch.notes !== undefined) set.notes = patch.notes;
    const row = await tx.db.updateTable('contact').set(set).where('id', '=', contactId).returningAll().executeTakeFirstOrThrow();
    const after = contactFromRow(row);
    await writeAudit(tx, { entityType: 'contact', entityId: contactId, scopeId: companyId, action: 'update', before, after });
    return after;
  });
}

/** A company's contacts, by name. */
export async function listContacts(ctx: Ctx, companyId: string): Promise<Contact[]> {
  requirePermission(ctx, 'company.read');
  await requireCompany(ctx, companyId);
  const rows = await ctx.db.selectFrom('contact').selectAll().where('company_id', '=', companyId).orderBy('full_name').orderBy('id').execute();
  return rows.map(contactFromRow);
}
