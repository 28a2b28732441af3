/**
 * Every cell of the permission matrix, generated from it: for each permission one use case that
 * demands it is called by a user of every role, with input it would refuse anyway (so nothing
 * changes). A role the matrix allows must get past the permission check; any other must be refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/app/audit/list-audit.ts';
import { runBilling } from '../../src/app/billing/billing-run.ts';
import { recordPayment } from '../../src/app/billing/payments.ts';
import { clientLedger, decideSuspension, setBillingSettings } from '../../src/app/billing/receivables.ts';
import { createOption, listOptions } from '../../src/app/catalog/catalog.ts';
import type { Ctx } from '../../src/app/context.ts';
import { createDeal, updateDeal } from '../../src/app/crm/deals.ts';
import { createPartnerAgreement } from '../../src/app/crm/partners.ts';
import { listStages, saveStage } from '../../src/app/crm/settings.ts';
import { createTask } from '../../src/app/crm/tasks.ts';
import { answerFeasibilityRequest, createFeasibilityRequest } from '../../src/app/feasibility/requests.ts';
import { holdResource, startRelease } from '../../src/app/inventory/allocations.ts';
import { createRoom, getSettings } from '../../src/app/inventory/resources.ts';
import { createApiToken } from '../../src/app/parties/auth.ts';
import { recordConsent } from '../../src/app/parties/consents.ts';
import { createContact } from '../../src/app/parties/contacts.ts';
import { createCompany } from '../../src/app/parties/create-company.ts';
import { getCompany } from '../../src/app/parties/get-company.ts';
import { importCompanies } from '../../src/app/parties/import-companies.ts';
import { createUser, listUsers, updateUser } from '../../src/app/parties/users.ts';
import { setFormula } from '../../src/app/flows/cost-changed.ts';
import { approveStatement } from '../../src/app/compensation/approve.ts';
import { listPlans } from '../../src/app/compensation/plans.ts';
import { viewStatement } from '../../src/app/compensation/reports.ts';
import { importBikDirectory } from '../../src/app/banks/bik-directory.ts';
import { createOrder } from '../../src/app/orders/orders.ts';
import { cancelHandedOffOrder } from '../../src/app/flows/order-cancel.ts';
import { createAgreement, listAgreements } from '../../src/app/installments/agreements.ts';
import { addSpend, listSpend } from '../../src/app/marketing/spend.ts';
import { uploadContractTemplate } from '../../src/app/contracts/templates.ts';
import { approveDeferral, startProvisioning } from '../../src/app/provisioning/provisioning.ts';
import { approveProposal, submitForApproval } from '../../src/app/quoting/transitions.ts';
import { createSite } from '../../src/app/reference/sites.ts';
import { previewPriceList } from '../../src/app/suppliers/price-lists.ts';
import { exportData } from '../../src/app/system/dump.ts';
import type { Database } from '../../src/db/connect.ts';
import { can, permissions, roles, type Permission, type Role } from '../../src/domain/parties/permissions.ts';
import { freshDatabase } from '../helpers/db.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';

const BAD = { probe: 'not a valid input' };

describe('the permission matrix, cell by cell', () => {
  let d: Database;
  const as: Partial<Record<Role, Ctx & { userId: string }>> = {};
  let othersDeal: string;
  beforeAll(async () => {
    // Its own database: allowed probes reach validation or lookups only, but settings must stay untouched for others.
    d = await freshDatabase();
    for (const r of roles) as[r] = await ctxAs(d.db, r);
    const owner = await ctxAs(d.db, 'manager');
    const co = await aCompany(owner);
    othersDeal = (await createDeal(owner, { title: 'Сделка коллеги', source: 'ad_campaign', companyId: co.id, nextStep: 'Позвонить', nextStepDue: '2026-12-01' })).id;
  });
  afterAll(async () => { await d?.close(); });

  const probes: Record<Permission, (c: Ctx) => Promise<unknown>> = {
    'company.read': (c) => getCompany(c, 'co_none'),
    'company.write': (c) => createCompany(c, BAD),
    'contact.write': (c) => createContact(c, 'co_none', BAD),
    'consent.write': (c) => recordConsent(c, 'co_none', 'ct_none', BAD),
    'audit.read': (c) => listAudit(c, { entityId: 'none' }),
    'user.read': (c) => listUsers(c),
    'user.manage': (c) => createUser(c, BAD),
    'import.run': (c) => importCompanies(c, ''),
    'data.export': (c) => exportData(c, 'probe', () => { throw new Error('probe: stop after the permission check'); }),
    'reference.manage': (c) => createSite(c, BAD),
    'catalog.write': (c) => createOption(c, BAD),
    'pricelist.import': (c) => previewPriceList(c, BAD, ''),
    'pricing.formula': (c) => setFormula(c, BAD),
    'proposal.read': (c) => listOptions(c),
    'proposal.write': (c) => submitForApproval(c, 'pr_none'),
    'proposal.approve': (c) => approveProposal(c, 'pr_none', BAD),
    'crm.read': (c) => listStages(c),
    'crm.write': (c) => createTask(c, BAD),
    'crm.team': (c) => updateDeal(c, othersDeal, { title: 'Сделка коллеги' }),
    'crm.configure': (c) => saveStage(c, BAD),
    'partner.manage': (c) => createPartnerAgreement(c, 'co_none', BAD),
    'inventory.read': (c) => getSettings(c),
    'inventory.manage': (c) => createRoom(c, { siteId: 'st_none', name: 'Зал' }),
    'inventory.allocate': (c) => holdResource(c, BAD),
    'inventory.release': (c) => startRelease(c, { assignedKind: 'service', assignedRef: 'svc_none', reason: 'probe' }),
    'feasibility.request': (c) => createFeasibilityRequest(c, BAD),
    'feasibility.answer': (c) => answerFeasibilityRequest(c, 'fr_none', BAD),
    'billing.read': (c) => clientLedger(c, 'co_none'),
    'billing.write': (c) => setBillingSettings(c, BAD),
    'billing.run': (c) => runBilling(c, BAD),
    'payment.write': (c) => recordPayment(c, BAD),
    'billing.suspend': (c) => decideSuspension(c, 'sp_none', BAD),
    // A manager may open their own statement only: probed on their own id (no plan → a rule refusal, not 403).
    'payroll.own': (c) => viewStatement(c, c.actor.id ?? 'us_none', '2026-11'),
    'payroll.read': (c) => listPlans(c),
    'payroll.manage': (c) => approveStatement(c, 'us_none', '2026-11'),
    'bik.import': (c) => importBikDirectory(c, Buffer.from('not xml')),
    'order.write': (c) => createOrder(c, BAD),
    'order.cancel': (c) => cancelHandedOffOrder(c, 'or_none', BAD),
    'contract.template': (c) => uploadContractTemplate(c, Buffer.from('not docx'), 'x.docx'),
    'provisioning.work': (c) => startProvisioning(c, 'or_none'),
    'payment.defer': (c) => approveDeferral(c, 'or_none', BAD),
    'installment.read': (c) => listAgreements(c),
    'installment.write': (c) => createAgreement(c, BAD),
    'marketing.read': (c) => listSpend(c, { from: '2026-01', to: '2026-12' }),
    'marketing.write': (c) => addSpend(c, BAD),
  };

  it('has a probe for every permission', () => {
    expect(Object.keys(probes).sort()).toEqual([...permissions].sort());
  });

  for (const permission of permissions) {
    it(`${permission}: ${roles.map((r) => `${r} ${can(r, permission) ? 'allowed' : 'refused'}`).join(', ')}`, async () => {
      for (const role of roles) {
        const outcome = await probes[permission](as[role]!).then(() => 'ok', (e: { code?: string }) => e.code ?? 'error');
        if (can(role, permission)) expect(outcome, `${role} should pass the ${permission} check`).not.toBe('forbidden');
        else expect(outcome, `${role} should be refused ${permission}`).toBe('forbidden');
      }
    });
  }

  it('the last active admin can be neither demoted nor disabled', async () => {
    const admins = await d.db.selectFrom('app_user').select('id').where('role', '=', 'admin').where('active', '=', true).execute();
    for (const a of admins.slice(1)) await updateUser(as.admin!, a.id, { active: false }).catch(() => undefined);
    const last = (await d.db.selectFrom('app_user').select('id').where('role', '=', 'admin').where('active', '=', true).execute());
    expect(last).toHaveLength(1);
    await expect(updateUser(as.admin!, last[0]!.id, { role: 'manager' })).rejects.toMatchObject({ key: 'e.lastAdmin' });
    await expect(updateUser(as.admin!, last[0]!.id, { active: false })).rejects.toMatchObject({ key: 'e.lastAdmin' });
  });

  it('API tokens: a user issues their own; someone else\'s needs user.manage', async () => {
    await expect(createApiToken(as.facilities!, as.manager!.userId, 'probe')).rejects.toMatchObject({ code: 'forbidden' });
    expect((await createApiToken(as.admin!, as.manager!.userId, 'probe')).token).toMatch(/^rdk_/);
  });
});
