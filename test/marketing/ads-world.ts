import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../src/app/context.ts';
import { createOffer } from '../../src/app/catalog/catalog.ts';
import { saveTemplate } from '../../src/app/marketing/ads.ts';
import { setOwnEntity } from '../../src/app/reference/own-entities.ts';
import type { DB } from '../../src/db/types.ts';
import { aCompany, ctxAs } from '../helpers/factories.ts';
import { aStockedSite } from '../inventory/fixtures.ts';

/**
 * A site with one free server and a /28 of IPv4 (aStockedSite), our default seller on ОСН, a published
 * dedicated-server offer there (12 000 ₽ net a month, 3 000 ₽ setup) and one template per network.
 * Business today is 27.11.2026 (VAT 22 %).
 */
export async function adsWorld(db: Kysely<DB>) {
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const now = () => new Date('2026-11-27T09:00:00Z');
  const [admin, tech, mkt, manager] = await Promise.all([ctxAs(db, 'admin'), ctxAs(db, 'tech'), ctxAs(db, 'management'), ctxAs(db, 'manager')]);
  const at = <C extends Ctx>(c: C): C => ({ ...c, now });
  const stock = await aStockedSite(db, tech);
  const own = await aCompany(admin, { roles: ['own'], name: `Хостинг ${tag}` });
  await setOwnEntity(admin, { companyId: own.id, taxMode: 'osn', isDefault: true });
  const client = await aCompany(admin, { name: `Клиент ${tag}` });
  const offer = await createOffer(mkt, {
    code: `DS-${tag}`, name: `Сервер ${tag}`, serviceKind: 'dedicated', siteId: stock.site.id,
    params: { cpuModel: 'Xeon Silver', cores: 16, ramGb: 64, disks: '2×960 ГБ SSD', uplinkMbps: 1000, ipv4: 1 },
    components: [{ sku: `${tag}-SRV`, quantity: 1 }], monthlyPrice: 1_200_000, setupFee: 300_000, published: true,
  });
  const yandex = await saveTemplate(mkt, {
    name: `Сервер ${tag}`, network: 'yandex', finalUrl: 'https://example.ru/prices/{name}',
    fields: { title: 'Выделенный сервер в {location}', title2: 'за {price} в месяц', text: '{config}. Подключение {setup}. Звоните!' },
    keywords: ['аренда выделенного сервера {location}', 'выделенный сервер 16 ядер'],
  });
  const google = await saveTemplate(mkt, {
    name: `Сервер ${tag}`, network: 'google', finalUrl: 'https://example.ru/prices',
    fields: { headlines: ['Сервер в {location}', '{price} в месяц', 'Подключим за день'], descriptions: ['{config}.', 'Подключение {setup}, цена с НДС.'], path1: 'серверы', path2: 'москва' },
    keywords: ['аренда сервера {location}'],
  });
  return { tag, admin: at(admin), tech: at(tech), mkt: at(mkt), manager: at(manager), stock, own, client, offer, yandex, google };
}
export type AdsWorld = Awaited<ReturnType<typeof adsWorld>>;
