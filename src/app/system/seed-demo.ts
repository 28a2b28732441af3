import type { Ctx } from '../context.ts';
import { seedBilling } from './demo/billing.ts';
import { seedCatalog } from './demo/catalog.ts';
import { seedCompensation } from './demo/compensation.ts';
import { seedCrm } from './demo/crm.ts';
import { seedInventory } from './demo/inventory.ts';
import { DEMO_USERS, seedParties } from './demo/parties.ts';
import { seedQuoting } from './demo/quoting.ts';

export { DEMO_PASSWORD } from './demo/parties.ts';

/**
 * Loads a small realistic provider on the first start, every step through the use cases (rules and audit
 * apply) acting as the demo user whose job it is: parties and sites, the priced catalog, the inventory
 * and feasibility answers, the CRM pipeline, proposals (one sent, one awaiting approval), billing.
 */
export async function seedDemo(ctx: Ctx): Promise<{ users: number; companies: number }> {
  const w = await seedParties(ctx);
  await seedCatalog(w);
  await seedInventory(w);
  await seedCrm(w);
  await seedQuoting(w);
  await seedBilling(w);
  await seedCompensation(w);
  return { users: DEMO_USERS.length, companies: Object.keys(w.companies).length };
}
