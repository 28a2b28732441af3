import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { pageAudit } from '../../app/audit/list-audit.ts';
import { createCompany } from '../../app/parties/create-company.ts';
import { getCompany, listCompanies } from '../../app/parties/get-company.ts';
import { updateCompany } from '../../app/parties/update-company.ts';
import { createContact, listContacts, updateContact } from '../../app/parties/contacts.ts';
import { listConsents, recordConsent } from '../../app/parties/consents.ts';
import { companyOverview } from '../../app/flows/company-360.ts';
import { importCompanies } from '../../app/parties/import-companies.ts';
import { createUser, pageUsers, updateUser } from '../../app/parties/users.ts';
import { CompanyCreateSchema, CompanyPatchSchema, companyRoles } from '../../domain/parties/company.schemas.ts';
import { ContactCreateSchema, ContactPatchSchema } from '../../domain/parties/contact.schemas.ts';
import { ConsentRecordSchema } from '../../domain/parties/consent.ts';
import { UserCreateSchema, UserPatchSchema } from '../../domain/parties/user.schemas.ts';
import { listQuery, ListQueryShape } from '../../domain/lists/list-query.ts';
import { numberInput } from '../../domain/input-schemas.ts';
import { ctxOf } from '../auth.ts';
import type { RouteDeps } from '../deps.ts';

const idParams = z.object({ id: z.string().max(64) });
const contactParams = z.object({ id: z.string().max(64), contactId: z.string().max(64) });

export const partiesRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  const ctx = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req, deps);

  app.get('/companies', {
    schema: {
      tags: ['companies'], summary: 'List companies: search by name, ИНН or ОГРН; sort (name, inn, createdAt, updatedAt; -desc) with limit/offset and total, or cursor pagination',
      querystring: z.object({ q: z.string().max(200).optional(), role: z.enum(companyRoles).optional(), limit: numberInput(z.number().int().min(1).max(500)).optional(), cursor: z.string().max(500).optional(),
        sort: ListQueryShape.sort, offset: ListQueryShape.offset }),
    },
  }, async (req) => listCompanies(ctx(req), req.query as never));

  app.post('/companies', { schema: { tags: ['companies'], summary: 'Register a company with validated requisites', body: CompanyCreateSchema } },
    async (req, reply) => reply.code(201).send(await createCompany(ctx(req), req.body)));

  app.post('/companies/import', {
    schema: { tags: ['companies'], summary: 'Import companies from CSV (text/csv body), all or nothing, line-numbered errors' },
  }, async (req) => importCompanies(ctx(req), String(req.body ?? '')));

  app.get('/companies/:id', { schema: { tags: ['companies'], summary: 'One company', params: idParams } },
    async (req) => getCompany(ctx(req), (req.params as { id: string }).id));

  app.patch('/companies/:id', { schema: { tags: ['companies'], summary: 'Change a company (send `version` to guard against lost updates)', params: idParams, body: CompanyPatchSchema } },
    async (req) => updateCompany(ctx(req), (req.params as { id: string }).id, req.body));

  app.get('/companies/:id/overview', {
    schema: {
      tags: ['companies'], summary: 'The company card: deals, proposals, feasibility requests, services, invoices, balance and debts, documents (blocks the user may read)',
      params: idParams, querystring: z.object({ sections: z.string().max(500).optional() }),
    },
  }, async (req) => companyOverview(ctx(req), (req.params as { id: string }).id, (req.query as { sections?: string }).sections?.split(',').filter(Boolean)));

  app.get('/companies/:id/contacts', { schema: { tags: ['contacts'], summary: 'Contacts of a company', params: idParams } },
    async (req) => ({ items: await listContacts(ctx(req), (req.params as { id: string }).id) }));

  app.post('/companies/:id/contacts', { schema: { tags: ['contacts'], summary: 'Add a contact', params: idParams, body: ContactCreateSchema } },
    async (req, reply) => reply.code(201).send(await createContact(ctx(req), (req.params as { id: string }).id, req.body)));

  app.patch('/companies/:id/contacts/:contactId', { schema: { tags: ['contacts'], summary: 'Change a contact', params: contactParams, body: ContactPatchSchema } },
    async (req) => {
      const p = req.params as { id: string; contactId: string };
      return updateContact(ctx(req), p.id, p.contactId, req.body);
    });

  app.get('/companies/:id/consents', { schema: { tags: ['consents'], summary: 'Consent in force per contact × channel × purpose', params: idParams } },
    async (req) => ({ items: await listConsents(ctx(req), (req.params as { id: string }).id) }));

  app.post('/companies/:id/contacts/:contactId/consents', {
    schema: { tags: ['consents'], summary: 'Record a grant or withdrawal of consent', params: contactParams, body: ConsentRecordSchema },
  }, async (req, reply) => {
    const p = req.params as { id: string; contactId: string };
    return reply.code(201).send(await recordConsent(ctx(req), p.id, p.contactId, req.body));
  });

  app.get('/audit', { schema: { tags: ['audit'], summary: 'History of an entity and what belongs to it (or the whole log): filters, sort (at; -at newest first, the default), limit/offset',
    querystring: listQuery({ entityId: z.string().max(64).optional(), entityType: z.string().max(40).optional(), actorId: z.string().max(64).optional() }) } },
  async (req) => pageAudit(ctx(req), req.query as never));

  app.get('/users', { schema: { tags: ['users'], summary: 'Users: q (name, e-mail), role (comma-separated), active, sort (fullName, email, role, createdAt; -desc), limit/offset',
    querystring: listQuery({ role: z.string().max(200).regex(/^[a-z_,]+$/).optional(), active: z.enum(['true', 'false']).optional() }) } },
  async (req) => pageUsers(ctx(req), req.query as never));

  app.post('/users', { schema: { tags: ['users'], summary: 'Create a user (admin); without a password one is generated and returned once', body: UserCreateSchema } },
    async (req, reply) => {
      const r = await createUser(ctx(req), req.body);
      return reply.code(201).send({ ...r.user, ...(r.generatedPassword ? { generatedPassword: r.generatedPassword } : {}) });
    });

  app.patch('/users/:id', { schema: { tags: ['users'], summary: 'Change a user (admin), or one’s own name, locale, password', params: idParams, body: UserPatchSchema } },
    async (req) => updateUser(ctx(req), (req.params as { id: string }).id, req.body));
};
