import { createProposal } from '../../quoting/proposals.ts';
import { decideProposal, sendProposal } from '../../quoting/transitions.ts';
import { createOrder } from '../../orders/orders.ts';
import { cancelOrder } from '../../flows/order-cancel.ts';
import { handOffOrder } from '../../flows/order-handoff.ts';
import { agreeStartDate } from '../../flows/order-start.ts';
import { advanceSigning } from '../../contracts/contracts.ts';
import { approveDeferral, checkItem, completeProvisioning, recordDelay, startProvisioning } from '../../provisioning/provisioning.ts';
import { actor, at, company, day, type DemoWorld } from './world.ts';

/**
 * Orders of «Северный ветер» in five states, so every screen of the chain has something real: one just
 * taken (contract prepared), one signed and handed off waiting for the initial payment, one the director
 * let start before payment and the tech department is working on (with a recorded delay), one
 * provisioned and in service from the agreed date, and one the client withdrew while the contract was
 * with the courier, cancelled by the manager with the reason.
 */
export async function seedOrders(w: DemoWorld): Promise<void> {
  const manager = actor(w, 'manager');
  const tech = actor(w, 'tech');
  const director = actor(w, 'director');
  const client = company(w, 'Северный ветер').id;
  // Three weeks ahead: later than the tech department's lead time allows (rule 3), as a manager would promise.
  const accepted = async (title: string) => {
    const p = await createProposal(manager, {
      companyId: client, sellerCompanyId: w.ownId, dealId: w.deals.northwind, title, serviceDate: day(w, 21), validUntil: day(w, 28),
      lines: [{ offerId: w.offers['DS-E2388-DC1']!.id, quantity: 1 }],
    });
    await sendProposal(manager, p.id);
    return decideProposal(manager, p.id, 'accepted');
  };
  const signed = async (title: string, priority: 'normal' | 'high' | 'urgent') => {
    const o = await createOrder(manager, { proposalId: (await accepted(title)).id, priority });
    await advanceSigning(manager, o.id, 'sent', { channel: 'courier', tracking: 'СДЭК 10022345871', at: at(w, -6, '11:00') });
    await advanceSigning(manager, o.id, 'client_signed', { at: at(w, -4, '15:30') });
    await advanceSigning(manager, o.id, 'signed', { at: at(w, -3, '10:00') });
    return handOffOrder(manager, o.id);
  };

  await createOrder(manager, { proposalId: (await accepted('Резервный сервер для тестовой среды')).id, priority: 'normal' });
  await signed('Сервер под базу данных', 'high');

  const working = await signed('Сервер для CI-сборок', 'urgent');
  await approveDeferral(director, working.id, { reason: 'Постоянный клиент, оплата гарантирована письмом', dueDate: day(w, 10) });
  await startProvisioning(tech, working.id);
  await checkItem(tech, working.id, 1, true);
  await recordDelay(tech, working.id, { responsible: 'supplier', reason: 'Поставщик задерживает поставку SSD на 3 дня' });

  const done = await signed('Сервер для аналитики', 'normal');
  await approveDeferral(director, done.id, { reason: 'Оплата по договору в течение 5 дней', dueDate: day(w, 5) });
  await startProvisioning(tech, done.id);
  for (const item of done.provisioning!.checklist) await checkItem(tech, done.id, item.position, true);
  const completed = await completeProvisioning(tech, done.id);
  // The client keeps the date the proposal promised (provisioning finished before it).
  await agreeStartDate(manager, done.id, { startDate: completed.plannedStart });

  // Taken last, so the numbers of the orders above stay as they were.
  const withdrawn = await createOrder(manager, { proposalId: (await accepted('Сервер для резервного копирования')).id, priority: 'normal' });
  await advanceSigning(manager, withdrawn.id, 'sent', { channel: 'courier', tracking: 'СДЭК 10022351190', at: at(w, -2, '12:00') });
  await cancelOrder(manager, withdrawn.id, { reason: 'Клиент отложил резервное копирование до следующего года: бюджет не утвердили' });
}
