import { addMonth } from '../../../domain/compensation/pay.ts';
import { approveStatement } from '../../compensation/approve.ts';
import { acceptReport, addDeduction, setAttribution, setManagementBonus } from '../../compensation/inputs.ts';
import { assignPlan, createPlan } from '../../compensation/plans.ts';
import { actor, company, type DemoWorld } from './world.ts';

/**
 * Pay: the company's plan (the figures of its own text), both managers on it from two months ago, who brought
 * which billed client, the director's inputs for this month and last month's statements approved — so the
 * screens show an approved month, a draft month with retention, a waiting bonus and a carried deduction.
 */
export async function seedCompensation(w: DemoWorld): Promise<void> {
  const director = actor(w, 'director');
  const month = w.today.slice(0, 7);
  const prev = addMonth(month, -1);
  const from = `${addMonth(month, -2)}-01`;
  const plan = await createPlan(director, {
    name: 'Менеджер по привлечению и поддержке клиентов',
    version: { validFrom: '2026-01-01', baseSalary: '50 000', managementBonusCap: '10 000', acquisitionRate: '50', handlingRate: '20', retentionRate: '5', firstPartNum: 1, firstPartDen: 3, deferralMonths: 3, revenueBasis: 'invoiced' },
  });
  const irina = w.as.manager!.actor.id;
  const pavel = w.as.manager2!.actor.id;
  for (const userId of [irina, pavel]) await assignPlan(director, { userId, planId: plan.id, validFrom: from });
  const attribution: [string, 'manager' | 'other', string, string][] = [
    ['Промсвязьинвест', 'manager', pavel, 'Нашёл на конференции «ЦОД-2025»'],
    ['Медиа Плюс', 'other', irina, 'Пришли по рекомендации, завела Ирина'],
    ['ГеоСофт', 'other', pavel, 'Входящее письмо'],
    ['Логистик Онлайн', 'other', irina, 'Заявка с сайта'],
    ['Григорьев Максим Андреевич', 'manager', irina, 'Через партнёра «ВебСтудия Пиксель»'],
  ];
  for (const [name, broughtBy, userId, note] of attribution) {
    await setAttribution(director, company(w, name).id, broughtBy === 'manager' ? { broughtBy, acquiredBy: userId, handledBy: userId, note } : { broughtBy, handledBy: userId, note });
  }
  await acceptReport(director, { userId: irina, month: '2026-09' });
  await setManagementBonus(director, { userId: irina, month: prev, amount: '8 000', comment: 'Вовремя сдала отчёты, без ошибок в договорах' });
  await setManagementBonus(director, { userId: pavel, month: prev, amount: '6 000', comment: 'Два срыва сроков ответа клиенту' });
  for (const userId of [irina, pavel]) await approveStatement(director, userId, prev);
  await addDeduction(director, { userId: irina, month, kind: 'ad_spend', amount: '3 500', note: 'Яндекс Директ, кампания «VPS для магазинов»' });
}
