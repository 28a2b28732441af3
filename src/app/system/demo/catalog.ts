import { createOffer, createOption } from '../../catalog/catalog.ts';
import { importPriceList } from '../../flows/cost-changed.ts';
import { actor, company, type DemoWorld } from './world.ts';

/** Supplier price lists in force since January (rubles; one-time hardware is amortized over the formula's months). */
const PRICE_LISTS: { supplier: string; file: string; csv: string }[] = [
  {
    supplier: 'Серверные решения', file: 'server-solutions-2026.csv',
    csv: `артикул;компонент;наименование;ед;оплата;цена;рассрочка_мес
SRV-E2388G-64;сервер;Сервер 1U Xeon E-2388G, 64 ГБ, 2×960 ГБ SSD;шт;разово;360000;
SRV-2X6338-256;сервер;Сервер 2U 2×Xeon Gold 6338, 256 ГБ, 4×3,84 ТБ NVMe;шт;разово;1440000;
VPS-2C4G40;оборудование;Доля хоста виртуализации: 2 vCPU, 4 ГБ, 40 ГБ NVMe;шт;разово;18000;
`,
  },
  {
    supplier: 'ЦОД Восток', file: 'dc-vostok-2026.csv',
    csv: `sku;component;description;unit;billing;price
RACK-1U;rack;Размещение 1U в стойке;U;monthly;2500
RACK-42U;rack;Стойка 42U целиком;шт;monthly;60000
PWR-1KW;power;Электропитание 1 кВт (гарантированное);кВт;monthly;9000
`,
  },
  {
    supplier: 'МагистральТелеком', file: 'magistral-2026.csv',
    csv: `sku;component;description;unit;billing;price
CH-100M;channel;Интернет-канал 100 Мбит/с;шт;monthly;3000
CH-1G;channel;Интернет-канал 1 Гбит/с;шт;monthly;15000
IPV4-1;ip;Адрес IPv4;шт;monthly;150
`,
  },
];

/** Ready configurations with list prices above their floor (formula v1: overhead 10 %, margin 20 %). */
const OFFERS = [
  {
    code: 'DS-E2388-DC1', name: 'Выделенный сервер Xeon E-2388G / 64 ГБ (MSK-DC1)', serviceKind: 'dedicated', site: 'MSK-DC1',
    params: { cpuModel: 'Xeon E-2388G', cores: 8, ramGb: 64, disks: '2×960 ГБ SSD', raid: 'RAID1', uplinkMbps: 1000, ipv4: 2, trafficTb: 30 },
    components: [{ sku: 'SRV-E2388G-64', quantity: 1 }, { sku: 'RACK-1U', quantity: 1 }, { sku: 'IPV4-1', quantity: 2 }],
    monthlyPrice: 2_290_000, setupFee: 500_000,
  },
  {
    code: 'DS-GOLD-DC2', name: 'Выделенный сервер 2×Xeon Gold 6338 / 256 ГБ (MSK-DC2)', serviceKind: 'dedicated', site: 'MSK-DC2',
    params: { cpuModel: '2×Xeon Gold 6338', cores: 64, ramGb: 256, disks: '4×3,84 ТБ NVMe', raid: 'RAID10', uplinkMbps: 10000, ipv4: 4, trafficTb: 100 },
    components: [{ sku: 'SRV-2X6338-256', quantity: 1 }, { sku: 'RACK-1U', quantity: 2 }, { sku: 'IPV4-1', quantity: 4 }],
    monthlyPrice: 7_990_000, setupFee: 1_000_000,
  },
  {
    code: 'COLO-1U-DC1', name: 'Колокация 1U, 100 Мбит/с (MSK-DC1)', serviceKind: 'colocation', site: 'MSK-DC1',
    params: { units: 1, kw: 0.3, ports: 1, uplinkMbps: 100, ipv4: 1 },
    components: [{ sku: 'RACK-1U', quantity: 1 }, { sku: 'CH-100M', quantity: 1 }, { sku: 'IPV4-1', quantity: 1 }],
    monthlyPrice: 890_000, setupFee: 0,
  },
  {
    code: 'COLO-42U-DC2', name: 'Стойка 42U, 5 кВт, 1 Гбит/с (MSK-DC2)', serviceKind: 'colocation', site: 'MSK-DC2',
    params: { units: 42, kw: 5, ports: 2, uplinkMbps: 1000, ipv4: 8 },
    components: [{ sku: 'RACK-42U', quantity: 1 }, { sku: 'PWR-1KW', quantity: 5 }, { sku: 'CH-1G', quantity: 1 }, { sku: 'IPV4-1', quantity: 8 }],
    monthlyPrice: 19_900_000, setupFee: 2_000_000,
  },
  {
    code: 'VPS-2-4-DC1', name: 'VPS 2 vCPU / 4 ГБ / 40 ГБ NVMe (MSK-DC1)', serviceKind: 'vps', site: 'MSK-DC1',
    params: { vcpu: 2, ramGb: 4, diskGb: 40, ipv4: 1 },
    components: [{ sku: 'VPS-2C4G40', quantity: 1 }, { sku: 'IPV4-1', quantity: 1 }],
    monthlyPrice: 119_000, setupFee: 0,
  },
  {
    code: 'INET-100-DC1', name: 'Интернет 100 Мбит/с + 4 IPv4 (MSK-DC1)', serviceKind: 'internet', site: 'MSK-DC1',
    params: { mbps: 100, ipv4: 4 },
    components: [{ sku: 'CH-100M', quantity: 1 }, { sku: 'IPV4-1', quantity: 4 }],
    monthlyPrice: 650_000, setupFee: 300_000,
  },
];

/** Accounting imports the suppliers' price lists; management builds and publishes the catalog on them. */
export async function seedCatalog(w: DemoWorld): Promise<void> {
  const accounting = actor(w, 'accounting');
  for (const p of PRICE_LISTS) {
    await importPriceList(accounting, { supplierId: company(w, p.supplier).id, effectiveFrom: '2026-01-01', fileName: p.file }, p.csv);
  }
  const director = actor(w, 'director');
  await createOption(director, { code: 'IPV4-EXTRA', name: 'Дополнительный адрес IPv4', unit: 'ipv4', monthlyPrice: 25_000, sku: 'IPV4-1' });
  await createOption(director, { code: 'PWR-EXTRA-1KW', name: 'Дополнительное электропитание 1 кВт', serviceKind: 'colocation', unit: 'kW', monthlyPrice: 1_250_000, sku: 'PWR-1KW' });
  for (const o of OFFERS) {
    const { site, ...rest } = o;
    const offer = await createOffer(director, { ...rest, siteId: w.sites[site]!, published: true });
    w.offers[o.code] = { id: offer.id, params: offer.params };
  }
}
