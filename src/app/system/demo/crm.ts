import { logActivity } from '../../crm/activities.ts';
import { createDeal, moveDealStage } from '../../crm/deals.ts';
import { createPartnerAgreement } from '../../crm/partners.ts';
import { createTask } from '../../crm/tasks.ts';
import { actor, at, company, day, type DemoWorld } from './world.ts';

interface DemoDeal {
  key: string; owner: 'manager' | 'manager2'; company: string; title: string; source: string; serviceKind: string; site?: string;
  rubles: string; stage: string[]; parameters?: string; partner?: string; nextStep?: [string, number];
  /** The ad campaign (UTM) that brought the deal, for marketing's attribution. */
  utm?: { source: string; campaign: string };
}

/** The pipeline of the two managers: every open stage, one lost deal. */
const DEALS: DemoDeal[] = [
  { key: 'northwind', owner: 'manager', company: 'Северный ветер', title: 'Два выделенных сервера под бэкенд приложения', source: 'ad_campaign', utm: { source: 'google', campaign: 'ga-dedicated' }, serviceKind: 'dedicated', site: 'MSK-DC1', rubles: '45800', stage: ['qualified', 'feasibility', 'proposal'], parameters: '2× Xeon E-2388G, 64 ГБ, RAID1, 1 Гбит/с', nextStep: ['Созвониться по КП с техдиректором', 2] },
  { key: 'games', owner: 'manager2', company: 'Игровые сервера', title: 'Кластер игровых серверов 3×Gold в MSK-DC2', source: 'conference', serviceKind: 'dedicated', site: 'MSK-DC2', rubles: '180000', stage: ['qualified', 'negotiation'], parameters: '3 сервера 2×Gold 6338, 10 Гбит/с', nextStep: ['Дождаться согласования скидки руководством', 1] },
  { key: 'media', owner: 'manager', company: 'Медиа Плюс', title: 'Стойка 42U под узел CDN', source: 'referral', serviceKind: 'colocation', site: 'MSK-DC2', rubles: '199000', stage: ['qualified', 'feasibility'], nextStep: ['Получить ответ техотдела по стойке', 3] },
  { key: 'geosoft', owner: 'manager2', company: 'ГеоСофт', title: 'VPS для тестовых стендов', source: 'inbound_email', serviceKind: 'vps', site: 'MSK-DC1', rubles: '12000', stage: ['qualified'], nextStep: ['Отправить тестовый доступ', 1] },
  { key: 'logistic', owner: 'manager', company: 'Логистик Онлайн', title: 'Второй интернет-канал для склада в Химках', source: 'website_form', serviceKind: 'internet', rubles: '6500', stage: [], nextStep: ['Уточнить адрес подключения', 0] },
  { key: 'prom', owner: 'manager2', company: 'Промсвязьинвест', title: 'Резервная площадка: две стойки', source: 'conference', serviceKind: 'colocation', site: 'MSK-DC1', rubles: '400000', stage: [], nextStep: ['Встреча с ИТ-директором', 5] },
  { key: 'pixel', owner: 'manager', company: 'Григорьев Максим Андреевич', title: 'VPS для интернет-магазина (через партнёра)', source: 'partner', partner: 'ВебСтудия Пиксель', serviceKind: 'vps', site: 'MSK-DC1', rubles: '2380', stage: ['qualified'], nextStep: ['Согласовать конфигурацию с веб-студией', 4] },
  { key: 'cloudstore', owner: 'manager2', company: 'Облачный склад', title: 'Колокация 4U', source: 'cold_call', serviceKind: 'colocation', site: 'MSK-DC1', rubles: '35600', stage: ['qualified', 'proposal'] },
];

/**
 * CRM: a partner agreement for the partner studio, eight deals across the pipeline with calls, meetings
 * and next steps, one deal lost on price, and tasks (one overdue).
 */
export async function seedCrm(w: DemoWorld): Promise<void> {
  await createPartnerAgreement(actor(w, 'director'), company(w, 'ВебСтудия Пиксель').id, {
    number: 'АГ-2026/07', agentFeePercent: '10', validFrom: '2026-03-01', conditions: 'Вознаграждение 10 % от оплаченных услуг приведённых клиентов в течение 12 месяцев.',
  });
  for (const d of DEALS) {
    const ctx = actor(w, d.owner);
    const c = company(w, d.company);
    const deal = await createDeal(ctx, {
      title: d.title, source: d.source, companyId: c.id, contactId: c.contactIds[0] ?? null, serviceKind: d.serviceKind,
      siteId: d.site ? w.sites[d.site] : null, parameters: d.parameters ?? null, expectedMonthlyRevenue: d.rubles,
      partnerId: d.partner ? company(w, d.partner).id : null,
      ...(d.utm ? { utmSource: d.utm.source, utmMedium: 'cpc', utmCampaign: d.utm.campaign } : {}),
      ...(d.nextStep ? { nextStep: d.nextStep[0], nextStepDue: day(w, d.nextStep[1]) } : {}),
    });
    w.deals[d.key] = deal.id;
    for (const stage of d.stage) await moveDealStage(ctx, deal.id, { stage });
  }

  const m1 = actor(w, 'manager');
  const m2 = actor(w, 'manager2');
  const nw = company(w, 'Северный ветер');
  await logActivity(m1, { kind: 'call', direction: 'inbound', purpose: 'reply', dealId: w.deals.northwind, contactId: nw.contactIds[0], at: at(w, -12, '10:15'), subject: 'Входящий звонок: перенос из облака', outcome: 'Нужны 2 сервера в Москве, запуск в декабре.' });
  await logActivity(m1, { kind: 'meeting', direction: 'outbound', purpose: 'reply', dealId: w.deals.northwind, contactId: nw.contactIds[0], at: at(w, -8, '15:00'), subject: 'Встреча в офисе клиента', outcome: 'Согласовали конфигурацию E-2388G/64 ГБ, RAID1.' });
  await logActivity(m1, { kind: 'call', direction: 'outbound', purpose: 'reply', dealId: w.deals.northwind, contactId: nw.contactIds[0], at: at(w, -1, '12:30'), subject: 'КП отправлено', outcome: 'Клиент получил КП, обсудит с директором.', nextStep: 'Созвониться по КП с техдиректором', nextStepDue: day(w, 2) });
  const games = company(w, 'Игровые сервера');
  await logActivity(m2, { kind: 'conference', direction: 'outbound', purpose: 'advertising', dealId: w.deals.games, contactId: games.contactIds[0], at: at(w, -30, '13:00'), subject: 'Знакомство на Highload++', outcome: 'Интерес к серверам с 10 Гбит/с.' });
  await logActivity(m2, { kind: 'meeting', direction: 'outbound', purpose: 'advertising', dealId: w.deals.games, contactId: games.contactIds[1], at: at(w, -4, '11:00'), subject: 'Переговоры о цене', outcome: 'Просят 60 000 ₽ за сервер при контракте на год.' });
  await logActivity(m1, { kind: 'call', direction: 'inbound', purpose: 'reply', dealId: w.deals.media, contactId: company(w, 'Медиа Плюс').contactIds[0], at: at(w, -6, '16:40'), subject: 'Запрос на стойку', outcome: 'Нужна стойка 5 кВт в MSK-DC2, запрос в техотдел отправлен.' });
  await logActivity(m2, { kind: 'email', direction: 'inbound', purpose: 'reply', dealId: w.deals.geosoft, contactId: company(w, 'ГеоСофт').contactIds[0], at: at(w, -3, '09:20'), subject: 'Запрос VPS под тестовые стенды', outcome: '10 VPS на 3 месяца.' });
  await logActivity(m2, { kind: 'visit', direction: 'outbound', purpose: 'advertising', dealId: w.deals.prom, contactId: company(w, 'Промсвязьинвест').contactIds[0], at: at(w, -2, '14:00'), subject: 'Визит: резервная площадка', outcome: 'Требования к резервированию питания 2N.' });
  const cs = company(w, 'Облачный склад');
  await logActivity(m2, { kind: 'meeting', direction: 'outbound', purpose: 'advertising', dealId: w.deals.cloudstore, contactId: cs.contactIds[0], at: at(w, -15, '10:00'), subject: 'Презентация колокации', outcome: 'Отправили КП на 4U.' });
  await moveDealStage(m2, w.deals.cloudstore!, { stage: 'lost', lostReason: 'price', lostComment: 'Ушли к конкуренту на 15 % дешевле; вернуться к разговору в марте.' });

  await createTask(m1, { title: 'Подготовить договор для «Северного ветра»', dealId: w.deals.northwind, dueDate: day(w, 3) });
  await createTask(m1, { title: 'Перезвонить «Логистик Онлайн» по адресу подключения', dealId: w.deals.logistic, dueDate: day(w, -2) });
  await createTask(m1, { title: 'Напомнить техотделу о запросе по стойке для «Медиа Плюс»', dealId: w.deals.media, dueDate: w.today });
  await createTask(m2, { title: 'Выставить тестовые VPS для ГеоСофт', dealId: w.deals.geosoft, dueDate: day(w, 1) });
  await createTask(m2, { title: 'Пригласить ИТ-директора Промсвязьинвеста на экскурсию в ЦОД', dealId: w.deals.prom, dueDate: day(w, 5), remindAt: at(w, 4, '10:00') });
}
