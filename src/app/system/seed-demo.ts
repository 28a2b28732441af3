import type { Ctx } from '../context.ts';
import { seedBilling } from './demo/billing.ts';
import { seedCatalog } from './demo/catalog.ts';
import { seedCompensation } from './demo/compensation.ts';
import { seedCrm } from './demo/crm.ts';
import { seedInventory } from './demo/inventory.ts';
import { seedInstallments } from './demo/installments.ts';
import { DEMO_USERS, seedParties } from './demo/parties.ts';
import { seedQuoting } from './demo/quoting.ts';
import { seedOrders } from './demo/orders.ts';
import { seedSurveys } from './demo/surveys.ts';
import { seedMarketing } from './demo/marketing.ts';

/**
 * Loads a small realistic provider on the first start, every step through the use cases (rules and audit
 * apply) acting as the demo user whose job it is: parties and sites, the priced catalog, the inventory
 * and feasibility answers, the CRM pipeline, proposals (one sent, one awaiting approval), billing, orders
 * in five states (contract prepared, waiting for payment, in provisioning, in service, cancelled with the
 * reason) and the clients' satisfaction answers (one low score, a task for the manager).
 */
export async function seedDemo(ctx: Ctx, password: string): Promise<{ users: number; companies: number }> {
  const w = await seedParties(ctx, password);
  await seedCatalog(w);
  await seedInventory(w);
  await seedCrm(w);
  await seedQuoting(w);
  await seedBilling(w);
  await seedCompensation(w);
  await seedOrders(w);
  await seedSurveys(w);
  await seedInstallments(w);
  await seedMarketing(w);
  return { users: DEMO_USERS.length, companies: Object.keys(w.companies).length };
}
