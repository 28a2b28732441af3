import { completeInn10, completeInn12, completeOgrn, completeSettlementAccount } from '../../../domain/parties/requisites.ts';
import type { Role } from '../../../domain/parties/permissions.ts';
import { makeCtx, type Ctx } from '../../context.ts';
import { createCompany } from '../../parties/create-company.ts';
import { createContact } from '../../parties/contacts.ts';
import { recordConsent } from '../../parties/consents.ts';
import { createUser } from '../../parties/users.ts';
import { createSite } from '../../reference/sites.ts';
import { setOwnEntity } from '../../reference/own-entities.ts';
import { todayIn, type DemoWorld } from './world.ts';

export const DEMO_USERS: { email: string; fullName: string; role: Role }[] = [
  { email: 'manager@rackdesk.local', fullName: 'Ирина Соколова', role: 'manager' },
  { email: 'manager2@rackdesk.local', fullName: 'Павел Орлов', role: 'manager' },
  { email: 'assistant@rackdesk.local', fullName: 'Мария Кузнецова', role: 'assistant' },
  { email: 'tech@rackdesk.local', fullName: 'Алексей Морозов', role: 'tech' },
  { email: 'accounting@rackdesk.local', fullName: 'Светлана Волкова', role: 'accounting' },
  { email: 'facilities@rackdesk.local', fullName: 'Николай Зайцев', role: 'facilities' },
  { email: 'director@rackdesk.local', fullName: 'Андрей Лебедев', role: 'management' },
];

const BANKS = [
  { bik: '044525225', bankName: 'ПАО Сбербанк', corr: '30101810400000000225' },
  { bik: '044525593', bankName: 'АО «Альфа-Банк»', corr: '30101810200000000593' },
  { bik: '044525974', bankName: 'АО «Тинькофф Банк»', corr: '30101810145250000974' },
];

const COMPANIES = [
  { legalForm: 'ООО', name: 'Ракдеск Телеком', roles: ['own'], city: 'Москва, ул. Шарикоподшипниковская, д. 11' },
  { legalForm: 'ООО', name: 'Северный ветер', roles: ['client'], city: 'Москва, ул. Тверская, д. 7' },
  { legalForm: 'АО', name: 'ГеоСофт', roles: ['client'], city: 'Москва, Ленинградский пр-т, д. 39' },
  { legalForm: 'ООО', name: 'Медиа Плюс', roles: ['client'], city: 'Москва, ул. Новый Арбат, д. 21' },
  { legalForm: 'ООО', name: 'Логистик Онлайн', roles: ['client'], city: 'Химки, ул. Ленинградская, д. 1' },
  { legalForm: 'ПАО', name: 'Промсвязьинвест', roles: ['client'], city: 'Москва, ул. Большая Ордынка, д. 40' },
  { legalForm: 'ООО', name: 'Игровые сервера', roles: ['client'], city: 'Москва, ул. Профсоюзная, д. 65' },
  { legalForm: 'ООО', name: 'ВебСтудия Пиксель', roles: ['client', 'partner'], city: 'Москва, ул. Бауманская, д. 6' },
  { legalForm: 'ООО', name: 'Серверные решения', roles: ['supplier'], city: 'Москва, ул. Дубининская, д. 53' },
  { legalForm: 'АО', name: 'МагистральТелеком', roles: ['supplier'], city: 'Москва, ул. Сущёвский Вал, д. 16' },
  { legalForm: 'ООО', name: 'ЦОД Восток', roles: ['supplier', 'client'], city: 'Москва, ул. Электродная, д. 2' },
  { legalForm: 'ООО', name: 'Облачный склад', roles: ['client'], city: 'Москва, Варшавское ш., д. 125' },
];

const CONTACTS = [
  ['Дмитрий Петров', 'Технический директор'], ['Елена Смирнова', 'Генеральный директор'], ['Олег Васильев', 'Системный администратор'],
  ['Анна Михайлова', 'Главный бухгалтер'], ['Сергей Фёдоров', 'Руководитель отдела ИТ'], ['Татьяна Новикова', 'Менеджер по закупкам'],
];

/**
 * Users of every role, a dozen companies with valid requisites, contacts, consents, our own entity and
 * three sites; every demo user gets `password`. Returns the world the later demo steps build on, with a context for each demo user.
 */
export async function seedParties(ctx: Ctx, password: string): Promise<DemoWorld> {
  const w: DemoWorld = { base: ctx, as: {}, companies: {}, ownId: '', sites: {}, offers: {}, deals: {}, today: todayIn(ctx) };
  for (const u of DEMO_USERS) {
    const { user } = await createUser(ctx, { ...u, password });
    const userCtx = makeCtx(ctx.db, { id: user.id, name: user.fullName, role: u.role }, ctx.timeZone, ctx.services);
    w.as[u.email.split('@')[0]!] = { ...userCtx, now: ctx.now, actor: { id: user.id, name: user.fullName, role: u.role } };
  }
  for (const [i, c] of COMPANIES.entries()) {
    const bank = BANKS[i % BANKS.length]!;
    const region = String(77 + (i % 3) * 0).padStart(2, '0');
    const inn = completeInn10(`${region}${String(1_402_000 + i * 7919).padStart(7, '0')}`);
    const company = await createCompany(ctx, {
      kind: 'legal', legalForm: c.legalForm, name: c.name, inn, kpp: `${inn.slice(0, 4)}01001`,
      ogrn: completeOgrn(`1${String(1577_4600_000 + i * 104_729).padStart(11, '0')}`.slice(0, 12)),
      bik: bank.bik, bankName: bank.bankName, corrAccount: bank.corr,
      settlementAccount: completeSettlementAccount(bank.bik, `40702810${String(38_000_000_000 + i * 1_234_567).padStart(12, '0')}`),
      legalAddress: `${c.city}`, postalAddress: `${c.city}`, phone: `+7 495 ${String(100 + i * 37).padStart(3, '0')}-${String(10 + i).padStart(2, '0')}-${String(20 + i).padStart(2, '0')}`,
      email: `info@company${i + 1}.example`, roles: c.roles,
    });
    w.companies[c.name] = { id: company.id, contactIds: [] };
    if (c.roles.includes('own')) {
      w.ownId = company.id;
      await setOwnEntity(ctx, { companyId: company.id, taxMode: 'osn', isDefault: true });
      continue;
    }
    for (let k = 0; k < 2; k++) {
      const [fullName, position] = CONTACTS[(i + k) % CONTACTS.length]!;
      const contact = await createContact(ctx, company.id, {
        fullName, position, phones: [`+7 916 ${String(200 + i * 11 + k).padStart(3, '0')}-${String(30 + i).padStart(2, '0')}-${String(40 + k).padStart(2, '0')}`],
        emails: [`contact${k + 1}@company${i + 1}.example`],
      });
      w.companies[c.name]!.contactIds.push(contact.id);
      await recordConsent(ctx, company.id, contact.id, { channel: 'email', purpose: 'pd_processing', status: 'granted', source: 'Договор, п. 9.1', textVersion: 'ПДн-2026-01' });
      if ((i + k) % 2 === 0) {
        await recordConsent(ctx, company.id, contact.id, { channel: 'email', purpose: 'advertising', status: 'granted', source: 'Анкета на конференции', textVersion: 'РЕК-2026-01' });
      }
    }
  }
  // A sole proprietor too, since they are common small clients.
  const ipInn = completeInn12('7712345678');
  const ip = await createCompany(ctx, {
    kind: 'sole_proprietor', legalForm: 'ИП', name: 'Григорьев Максим Андреевич', inn: ipInn, ogrn: completeOgrn('30477000001234'),
    legalAddress: 'Москва, ул. Пятницкая, д. 3', roles: ['client'], email: 'grigoriev@example.ru',
  });
  w.companies['Григорьев Максим Андреевич'] = { id: ip.id, contactIds: [] };
  for (const s of SITES) w.sites[s.code] = (await createSite(ctx, s)).id;
  return w;
}

const SITES = [
  { code: 'MSK-DC1', name: 'ЦОД Москва-1 (Шарикоподшипниковская)', kind: 'data_center', address: 'Москва, ул. Шарикоподшипниковская, д. 11, стр. 9' },
  { code: 'MSK-DC2', name: 'ЦОД Москва-2 (Электродная)', kind: 'data_center', address: 'Москва, ул. Электродная, д. 2' },
  { code: 'MSK-POP-M9', name: 'Узел связи М9', kind: 'pop', address: 'Москва, ул. Бутлерова, д. 7' },
];
