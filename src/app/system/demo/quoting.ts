import { createProposal } from '../../quoting/proposals.ts';
import { sendProposal, submitForApproval } from '../../quoting/transitions.ts';
import { actor, company, day, type DemoWorld } from './world.ts';

const firstOfNextMonth = (today: string): string => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};
/** The 1st of next month, unless that is sooner than two weeks away (the tech department's lead time must fit). */
const startDate = (w: DemoWorld): string => { const a = firstOfNextMonth(w.today); const b = day(w, 14); return a > b ? a : b; };

/**
 * Proposals: «Северный ветер» gets two servers at list price — sent, each line resting on the tech
 * department's feasible answer; «Игровые сервера» asks for a discount below floor, so that draft waits
 * in the director's approvals inbox.
 */
export async function seedQuoting(w: DemoWorld): Promise<void> {
  const manager = actor(w, 'manager');
  const sent = await createProposal(manager, {
    companyId: company(w, 'Северный ветер').id, sellerCompanyId: w.ownId, dealId: w.deals.northwind, title: 'Выделенные серверы для бэкенда приложения',
    serviceDate: startDate(w), validUntil: day(w, 28),
    lines: [{ offerId: w.offers['DS-E2388-DC1']!.id, quantity: 2 }],
  });
  await sendProposal(manager, sent.id);

  const manager2 = actor(w, 'manager2');
  const pending = await createProposal(manager2, {
    companyId: company(w, 'Игровые сервера').id, sellerCompanyId: w.ownId, dealId: w.deals.games, title: 'Кластер игровых серверов, контракт на 12 месяцев',
    serviceDate: startDate(w), validUntil: day(w, 21),
    lines: [{ offerId: w.offers['DS-GOLD-DC2']!.id, quantity: 3, unitPrice: 6_000_000, setupFee: 0 }],
  });
  await submitForApproval(manager2, pending.id);
}
