import { addMonth } from '../../../domain/compensation/pay.ts';
import { createDeal, moveDealStage } from '../../crm/deals.ts';
import { answerFeasibilityRequest, createFeasibilityRequest } from '../../feasibility/requests.ts';
import { useSpendForPayroll } from '../../flows/ad-spend-payroll.ts';
import { createCompetitorOffer } from '../../marketing/competitors.ts';
import { addSpend } from '../../marketing/spend.ts';
import { generateAds, saveTemplate } from '../../marketing/ads.ts';
import { updateOffer } from '../../catalog/catalog.ts';
import { actor, at, company, day, type DemoWorld } from './world.ts';

const ds = { cores: 8, ramGb: 64, uplinkMbps: 1000, ipv4: 2, trafficTb: 30 };
const vps = { vcpu: 2, ramGb: 4, diskGb: 40, ipv4: 1 };
const colo = { units: 1, kw: 0.3, ports: 1, uplinkMbps: 100, ipv4: 1 };

/** Competitor offers seen over the last months: most fresh, some older than the 30-day stale limit. */
const OFFERS: { competitor: string; daysAgo: number; url: string; kind: string; site: string; params: Record<string, string | number>; monthly: string; setup?: string; vat?: boolean; where?: string }[] = [
  { competitor: 'ДатаЛайн-М', daysAgo: 6, url: 'https://datalain-m.example/dedicated', kind: 'dedicated', site: 'MSK-DC1', params: { ...ds, cpuModel: 'Xeon E-2388G' }, monthly: '26 900', setup: '0', where: 'Москва, Коровинское ш.' },
  { competitor: 'Сервер-Про', daysAgo: 12, url: 'https://server-pro.example/e2388', kind: 'dedicated', site: 'MSK-DC1', params: { ...ds, ramGb: 64, cpuModel: 'Xeon E-2388G' }, monthly: '21 500', setup: '3 000', vat: false },
  { competitor: 'Облако-24', daysAgo: 20, url: 'https://oblako24.example/servers', kind: 'dedicated', site: 'MSK-DC1', params: { ...ds, cores: 8, ramGb: 72, cpuModel: 'Ryzen 7 7700' }, monthly: '29 890', setup: '0' },
  { competitor: 'Сервер-Про', daysAgo: 75, url: 'https://server-pro.example/e2388', kind: 'dedicated', site: 'MSK-DC1', params: { ...ds, cpuModel: 'Xeon E-2388G' }, monthly: '19 900', setup: '3 000', vat: false },
  { competitor: 'ДатаЛайн-М', daysAgo: 4, url: 'https://datalain-m.example/vps', kind: 'vps', site: 'MSK-DC1', params: vps, monthly: '1 590' },
  { competitor: 'Облако-24', daysAgo: 9, url: 'https://oblako24.example/vps', kind: 'vps', site: 'MSK-DC1', params: { ...vps, diskGb: 50 }, monthly: '1 390' },
  { competitor: 'ВПС-Маркет', daysAgo: 15, url: 'https://vps-market.example/tariffs', kind: 'vps', site: 'MSK-DC1', params: vps, monthly: '990', vat: false },
  { competitor: 'ВПС-Маркет', daysAgo: 95, url: 'https://vps-market.example/tariffs', kind: 'vps', site: 'MSK-DC1', params: vps, monthly: '890', vat: false },
  { competitor: 'ДатаЛайн-М', daysAgo: 10, url: 'https://datalain-m.example/colocation', kind: 'colocation', site: 'MSK-DC1', params: colo, monthly: '9 900', setup: '5 000' },
  { competitor: 'ЦОД Север', daysAgo: 45, url: 'https://cod-sever.example/colo', kind: 'colocation', site: 'MSK-DC1', params: { ...colo, kw: 0.35 }, monthly: '8 500' },
];

/** Leads that came by advertising links (UTM), spread over the last three months. */
const LEADS: { campaign: string; source: string; monthsAgo: number; dayOfMonth: number; company: string; title: string; kind: string; site: string; rubles: string; lost?: boolean }[] = [
  { campaign: 'yd-vps-shops', source: 'yandex', monthsAgo: 2, dayOfMonth: 8, company: 'ГеоСофт', title: 'VPS под интернет-магазин', kind: 'vps', site: 'MSK-DC1', rubles: '2380' },
  { campaign: 'yd-vps-shops', source: 'yandex', monthsAgo: 1, dayOfMonth: 12, company: 'Логистик Онлайн', title: 'Пять VPS для складского учёта', kind: 'vps', site: 'MSK-DC1', rubles: '5950', lost: true },
  { campaign: 'yd-vps-shops', source: 'yandex', monthsAgo: 1, dayOfMonth: 20, company: 'Медиа Плюс', title: 'VPS для тестового стенда', kind: 'vps', site: 'MSK-DC1', rubles: '1190' },
  { campaign: 'yd-vps-shops', source: 'yandex', monthsAgo: 0, dayOfMonth: 3, company: 'Облачный склад', title: 'VPS для бухгалтерии', kind: 'vps', site: 'MSK-DC1', rubles: '1190' },
  { campaign: 'ga-dedicated', source: 'google', monthsAgo: 2, dayOfMonth: 17, company: 'Игровые сервера', title: 'Выделенный сервер под игровой шард', kind: 'dedicated', site: 'MSK-DC1', rubles: '22900' },
  { campaign: 'ga-dedicated', source: 'google', monthsAgo: 0, dayOfMonth: 5, company: 'Промсвязьинвест', title: 'Два сервера E-2388G для резерва', kind: 'dedicated', site: 'MSK-DC1', rubles: '45800' },
  { campaign: 'yd-colocation', source: 'yandex', monthsAgo: 1, dayOfMonth: 6, company: 'Северный ветер', title: 'Колокация 2U с 1 кВт', kind: 'colocation', site: 'MSK-DC2', rubles: '24000', lost: true },
];

/**
 * Marketing: competitor offers (some stale), leads with UTM campaigns over three months, spend per campaign
 * and month, one refused feasibility request, and a spend the director put on a manager's payroll.
 */
export async function seedMarketing(w: DemoWorld): Promise<void> {
  const director = actor(w, 'director');
  for (const o of OFFERS) {
    await createCompetitorOffer(director, {
      competitor: o.competitor, observedOn: day(w, -o.daysAgo), sourceUrl: o.url, serviceKind: o.kind, siteCode: o.site, locationNote: o.where ?? null,
      params: o.params, monthlyPrice: o.monthly, setupFee: o.setup ?? '0', vatIncluded: o.vat ?? true,
    });
  }
  const month = w.today.slice(0, 7);
  for (const l of LEADS) {
    const m = addMonth(month, -l.monthsAgo);
    const dd = Math.min(l.dayOfMonth, Number(w.today.slice(8, 10)) || 1);
    const when = `${m}-${String(l.monthsAgo === 0 ? dd : l.dayOfMonth).padStart(2, '0')}T11:00:00+03:00`;
    const ctx = { ...actor(w, l.monthsAgo % 2 ? 'manager' : 'manager2'), now: () => new Date(when) };
    const c = company(w, l.company);
    const deal = await createDeal(ctx, {
      title: l.title, source: 'ad_campaign', utmSource: l.source, utmMedium: 'cpc', utmCampaign: l.campaign, companyId: c.id, contactId: c.contactIds[0] ?? null,
      serviceKind: l.kind, siteId: w.sites[l.site], expectedMonthlyRevenue: l.rubles,
    });
    if (l.lost) await moveDealStage(ctx, deal.id, { stage: 'lost', lostReason: 'price', lostComment: 'Нашли дешевле у конкурента' });
  }
  const spend: [string, number, string, string][] = [
    ['yd-vps-shops', 2, '18 000', 'Яндекс Директ'], ['yd-vps-shops', 1, '24 000', 'Яндекс Директ'], ['yd-vps-shops', 0, '12 500', 'Яндекс Директ'],
    ['ga-dedicated', 2, '30 000', 'Google Ads'], ['ga-dedicated', 0, '15 000', 'Google Ads'], ['yd-colocation', 1, '9 000', 'Яндекс Директ'],
    ['yd-colocation', 0, '6 000', 'Яндекс Директ'], ['ga-internet', 1, '8 000', 'Google Ads'], ['ga-internet', 0, '7 500', 'Google Ads'],
  ];
  for (const [campaign, back, amount, channel] of spend) await addSpend(director, { campaign, month: addMonth(month, -back), amount, channel });
  // A manager's own promotion for one client, paid from her acquisition bonus through the payroll.
  const own = await addSpend(director, { campaign: 'yd-pixel-shop', month, amount: '2 000', channel: 'Яндекс Директ', note: 'Кампания под клиента партнёра' });
  await useSpendForPayroll(director, own.id, { userId: w.as.manager!.actor.id, companyId: company(w, 'Григорьев Максим Андреевич').id });

  await seedAds(w);

  const tech = actor(w, 'tech');
  const req = await createFeasibilityRequest({ ...actor(w, 'manager'), now: () => new Date(at(w, -9, '10:00')) }, {
    companyId: company(w, 'Медиа Плюс').id, siteId: w.sites['MSK-DC1'], serviceKind: 'colocation', params: { units: 42, kw: 15 }, quantity: 2,
  });
  await answerFeasibilityRequest(tech, req.id, { outcome: 'not_feasible', limits: 'Нет двух стоек по 15 кВт в MSK-DC1 до лета', validUntil: day(w, 60) });
}

/**
 * Ads made from the demo catalog through templates: Yandex campaigns for VPS and colocation, a Google one for
 * internet access (named like the UTM campaigns their links carry). Then colocation gets dearer, so its ad
 * claims the old price: «Объявления» lists it as untrue and the export refuses it until it is regenerated.
 */
async function seedAds(w: DemoWorld): Promise<void> {
  const director = actor(w, 'director');
  const offer = (code: string) => {
    const o = w.offers[code];
    if (!o) throw new Error(`demo: no offer ${code}`);
    return o.id;
  };
  const vps = await saveTemplate(director, {
    name: 'VPS для магазинов', network: 'yandex', finalUrl: 'https://hoster.example/prices/{name}?utm_source=yandex&utm_medium=cpc&utm_campaign=yd-vps-shops',
    fields: { title: 'VPS в {location} для интернет-магазина', title2: 'от {price} в месяц', text: '{config}. Без платы за подключение. Запуск за 15 минут.' },
    keywords: ['vps для интернет-магазина {location}', 'аренда vps {location}'],
  });
  const colo = await saveTemplate(director, {
    name: 'Колокация', network: 'yandex', finalUrl: 'https://hoster.example/prices?utm_source=yandex&utm_medium=cpc&utm_campaign=yd-colocation',
    fields: { title: 'Колокация {config} в {location}', title2: '{price} в месяц', text: 'Размещение сервера в ЦОД: канал 100 Мбит/с и адрес IPv4. Подключение {setup}.' },
    keywords: ['колокация {location}', 'размещение сервера в цод {location}'],
  });
  const inet = await saveTemplate(director, {
    name: 'Интернет для офиса', network: 'google', finalUrl: 'https://hoster.example/prices?utm_source=google&utm_medium=cpc&utm_campaign=ga-internet',
    fields: { headlines: ['Интернет в {location}', '{price} в месяц', 'Подключение за 3 дня'], descriptions: ['Канал {config} и 4 адреса IPv4.', 'Подключение {setup}, цена с НДС.'], path1: 'интернет', path2: 'москва' },
    keywords: ['интернет для офиса {location}'],
  });
  await generateAds(director, { templateId: vps.id, offerIds: [offer('VPS-2-4-DC1')], campaign: 'yd-vps-shops' });
  await generateAds(director, { templateId: colo.id, offerIds: [offer('COLO-1U-DC1')], campaign: 'yd-colocation' });
  await generateAds(director, { templateId: inet.id, offerIds: [offer('INET-100-DC1')], campaign: 'ga-internet' });
  // Power got dearer: 8 900 ₽ → 9 400 ₽ a month. The colocation ad still says the old price.
  await updateOffer(director, offer('COLO-1U-DC1'), { monthlyPrice: 940_000 });
}
