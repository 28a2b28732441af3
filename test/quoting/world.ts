import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { createSite } from '../../src/app/reference/sites.ts';
import { setOwnEntity } from '../../src/app/reference/own-entities.ts';
import { importPriceList } from '../../src/app/flows/cost-changed.ts';
import { createOffer } from '../../src/app/catalog/catalog.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { answerFeasibilityRequest, createFeasibilityRequest } from '../../src/app/feasibility/requests.ts';
import type { Ctx } from '../../src/app/context.ts';

/**
 * A small priced world with unique SKUs: server 360 000 ₽ one-time (÷36 = 10 000 ₽/month), rack 5 000 ₽,
 * IPv4 150 ₽. With the initial formula (overhead 10 %, margin 20 %, step 1 ₽) the configuration
 * SRV×1 + RACK×1 + IP×2 costs 16 830 ₽ and its floor is 21 038 ₽.
 */
export async function pricingWorld(db: Kysely<DB>) {
  const tag = randomBytes(4).toString('hex').toUpperCase();
  const [admin, management, manager] = await Promise.all([ctxAs(db, 'admin'), ctxAs(db, 'management'), ctxAs(db, 'manager')]);
  const site = await createSite(admin, { code: `T${tag}`, name: `ЦОД ${tag}`, kind: 'data_center' });
  const own = await aCompany(admin, { roles: ['own'], name: `Хостер ${tag}` });
  await setOwnEntity(admin, { companyId: own.id, taxMode: 'osn' });
  const usnOwn = await aCompany(admin, { roles: ['own'], name: `Хостер УСН ${tag}` });
  await setOwnEntity(admin, { companyId: usnOwn.id, taxMode: 'usn' });
  const client = await aCompany(manager, { name: `Клиент ${tag}` });
  const supplier = await aCompany(admin, { roles: ['supplier'], name: `Поставщик ${tag}` });
  const sku = { srv: `${tag}-SRV`, rack: `${tag}-RACK`, ip: `${tag}-IP` };
  const csv = `sku;component;description;billing;price;installment_months\n${sku.srv};hardware;Сервер;one_time;360000;\n${sku.rack};rack;Юнит;monthly;5000,00;\n${sku.ip};ip;IPv4;monthly;150;\n`;
  await importPriceList(management, { supplierId: supplier.id, effectiveFrom: '2026-01-01', fileName: 'p.csv' }, csv);
  const components = [{ sku: sku.srv, quantity: 1 }, { sku: sku.rack, quantity: 1 }, { sku: sku.ip, quantity: 2 }];
  const params = { cpuModel: 'Xeon E-2388G', cores: 8, ramGb: 64, disks: '2×960 ГБ SSD', raid: 'RAID1', uplinkMbps: 1000, ipv4: 2, trafficTb: 30 };
  const offer = await createOffer(management, {
    code: `DS-${tag}`, name: `Сервер ${tag}`, serviceKind: 'dedicated', siteId: site.id, params, components, monthlyPrice: 2_500_000, setupFee: 500_000, published: true,
  });
  // The tech department has confirmed this client's servers at the site (feasibility gate, C5).
  const tech = await ctxAs(db, 'tech');
  const feasibility = await confirmFeasibility(manager, tech, { companyId: client.id, siteId: site.id, serviceKind: 'dedicated', params, quantity: 50 });
  return { tag, admin, management, manager, tech, site, own, usnOwn, client, supplier, sku, components, params, offer, feasibility };
}

/** A manager asks, the tech department answers (feasible by default, valid through 2027). Returns the answer id. */
export async function confirmFeasibility(
  manager: Ctx, tech: Ctx,
  ask: { companyId: string; siteId: string; serviceKind: string; params: Record<string, unknown>; quantity: number },
  answer: Record<string, unknown> = {},
): Promise<string> {
  const r = await createFeasibilityRequest(manager, ask);
  const answered = await answerFeasibilityRequest(tech, r.id, { outcome: 'feasible', leadDays: 5, validUntil: '2027-12-31', ...answer });
  return answered.answers.at(-1)!.id;
}
export type World = Awaited<ReturnType<typeof pricingWorld>>;

/** A proposal for the world's client: one offer line at `unitPrice` kopecks. */
export function proposalInput(w: World, unitPrice: number, over: Record<string, unknown> = {}) {
  return { companyId: w.client.id, sellerCompanyId: w.own.id, serviceDate: '2026-12-01', validUntil: '2026-12-31', lines: [{ offerId: w.offer.id, quantity: 2, unitPrice }], ...over };
}
